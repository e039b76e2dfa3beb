"""The event log of the play screen: what the player may know, newest first, filtered by typed words (no pygame)."""

from __future__ import annotations

from engine.game import Game, KnownEvent


class EventLog:
    def __init__(self) -> None:
        self.filter = ""
        self.typing = False
        self.scroll = 0
        self._swallow = ""  # the key that opened the filter also arrives as text
        self._rows: tuple[tuple, list[KnownEvent]] | None = None

    def rows(self, game: Game, fog: bool, version: int) -> list[KnownEvent]:
        """Every event the player may know (cached per game, day and fog)."""
        key = (version, game.day, fog)
        if self._rows is None or self._rows[0] != key:
            self._rows = (key, game.known_events(fog))
        return self._rows[1]

    def filtered(self, game: Game, fog: bool, version: int) -> list[KnownEvent]:
        """The rows whose date or sentence contains every word typed in the filter."""
        rows = self.rows(game, fog, version)
        words = self.filter.casefold().split()
        if not words:
            return rows
        b = game.board

        def text(e: KnownEvent) -> str:
            d = b.date(e.day)
            return f"{d:%d %b %Y} {d:%B} {e.text}".casefold()

        return [e for e in rows if all(w in text(e) for w in words)]

    def start_typing(self, opened_by: str = "") -> None:
        self.typing = True
        self._swallow = opened_by

    def type(self, text: str) -> None:
        if self._swallow and text == self._swallow:
            self._swallow = ""
            return
        self._swallow = ""
        self.filter = (self.filter + text)[:60]
        self.scroll = 0

    def backspace(self) -> None:
        self.filter = self.filter[:-1]
        self.scroll = 0

    def scroll_by(self, rows: int) -> None:
        self.scroll = max(0, self.scroll + rows)
