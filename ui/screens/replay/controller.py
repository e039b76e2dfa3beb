"""The replay's state and actions: the day shown, playback, the date being typed (no pygame)."""

from __future__ import annotations

import datetime as dt

from engine.history import capture_dates
from engine.scenario import Scenario

from ...replaydata import DateError, ReplayData
from ..transitions import ToMenu
from .describe import parse_user_date

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)  # days per second


class ReplayController:
    def __init__(self, scenario: Scenario, data: ReplayData | None = None, date: dt.date | None = None):
        self.scenario = scenario
        self.data = data or ReplayData(scenario)
        self.date = self.data.check(date or self.data.start)
        self.playing = False
        self.speed_index = 2
        self.typing: str | None = None  # the jump-to-date box, while open
        self._opened_by = ""
        self.message = ""
        self.scroll = 0  # of the day's events, in pixels
        self.selected: str | None = None  # a place
        self.hovered: str | None = None
        self._elapsed = 0.0
        self._changes: dict | None = None
        self.next: ToMenu | None = None
        self.card: tuple[int, int] | None = None  # the claim opened whole: (group, claim) of the day's claims
        self.focus: str | None = None  # a place the map should centre on (the screen takes it)

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def go(self, date: dt.date) -> None:
        """Show ``date`` (clamped to the record); playback stops at the end."""
        date = self.data.clamp(date)
        if date != self.date:
            self.date = date
            self.scroll = 0
            self.card = None
        if date == self.data.last:
            self.playing = False

    def step(self, days: int) -> None:
        self.go(self.date + dt.timedelta(days=days))

    def next_event_day(self, direction: int) -> None:
        days = self.data.event_dates
        found = [d for d in days if (d > self.date if direction > 0 else d < self.date)]
        if found:
            self.go(found[0] if direction > 0 else found[-1])

    def toggle_play(self) -> None:
        if not self.playing and self.date == self.data.last:
            self.go(self.data.start)
        self.playing = not self.playing
        self._elapsed = 0.0

    def faster(self, steps: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + steps))

    def update(self, seconds: float) -> bool:
        """Advance the playback clock by ``seconds`` of wall time; return whether the day changed."""
        if not self.playing:
            return False
        before = self.date
        self._elapsed += seconds
        period = 1.0 / self.speed
        while self._elapsed >= period and self.playing:
            self._elapsed -= period
            self.step(1)
        return self.date != before

    # -- the jump-to-date box -----------------------------------------------------------------------------
    def open_jump(self, opened_by: str = "") -> None:
        self.typing, self._opened_by, self.message = "", opened_by, ""

    def type(self, text: str) -> None:
        if self.typing is None:
            return
        if self._opened_by and self.typing == "" and text == self._opened_by:
            self._opened_by = ""  # the key that opened the box also arrives as text
        else:
            self.typing += text

    def backspace(self) -> None:
        if self.typing:
            self.typing = self.typing[:-1]

    def finish_jump(self) -> None:
        text, self.typing = self.typing or "", None
        try:
            self.go(self.data.check(parse_user_date(text, self.data)))
            self.message = ""
        except DateError as exc:
            self.message = str(exc)

    def cancel(self) -> bool:
        """Esc: close the box, or drop the selected place; return whether anything closed."""
        if self.typing is not None:
            self.typing = None
        elif self.card is not None:
            self.card = None
        elif self.selected:
            self.selected = None
        else:
            return False
        return True

    def click_place(self, place_id: str | None) -> None:
        self.selected = None if place_id is None or place_id == self.selected else place_id

    def open_card(self, group: int, index: int) -> None:
        """Open one of the day's claims whole: its full quote, every source, its places."""
        self.card = (group, index)
        self.playing = False

    def opened(self):
        """The claim opened whole, or None."""
        if self.card is None:
            return None
        groups = self.data.claims(self.date)
        g, k = self.card
        return groups[g][k] if g < len(groups) and k < len(groups[g]) else None

    def show_place(self, place_id: str) -> None:
        """Close the card and show its place on the map: selected, centred."""
        self.card = None
        self.selected = place_id
        self.focus = place_id

    def leave(self) -> None:
        self.next = ToMenu()

    def place_changes(self, place_id: str) -> list[tuple[dt.date, str]]:
        """Every change of hands of a place in the record: (date, new holder)."""
        if self._changes is None:
            self._changes = capture_dates(self.scenario)
        return self._changes.get(place_id, [])
