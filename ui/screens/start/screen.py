"""The start screen (`wargame` alone): choose a game, replay the record, play, load a saved game, quit.

The games are the scenario's playable scenarios (the whole campaign and shorter battles); the one
chosen shows its briefing for the chosen side, its objectives and its victory condition. Play takes
the game, the side and the opponent chosen here: the computer, or a second player (hot-seat). When
the autosave holds a game that was not finished (the window was closed, or the program stopped), the
screen offers to resume it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pygame

from engine import load_scenario
from engine.game import HUMAN, Game
from engine.policies import POLICIES
from engine.records import RecordError

from ... import colours as C
from ... import saves
from ...kit.hitmap import HitMap
from ...kit.keys import KeyTable, Row, bind, keys
from ...kit.metrics import px
from ...kit.screen import IDLE, Transition
from ...kit.sheet import Sheet
from ...kit.text import line_height, wrap
from ...kit.widgets import BACKDROP, SAVE_ROW, ListRow, help_overlay, modal, save_list
from ..transitions import Quit, ToPlay, ToReplay, to_game
from .briefing import compose_briefing

OPPONENT_TEXT = {
    "historical": "follows the record as a plan",
    "greedy": "attacks wherever the odds are good",
    "hold": "digs in and holds",
    "adaptive": "weighs attacks by short rollouts",
    HUMAN: "a second player at this screen (hot-seat): the game is handed over between turns",
}
OPPONENT_LABEL = {HUMAN: "hot-seat"}
INTRO = (
    "A turn-based operational wargame of the northwestern Syria offensive, one day a turn, from the record "
    "of one document. About a million people were displaced; the game shows civilian harm as a "
    "consequence of the fighting."
)


def new_seed() -> int:
    """A seed for a new game, so each game differs (the seed is saved with the game)."""
    return random.SystemRandom().randrange(1, 1_000_000)


class StartScreen:
    def __init__(self, scenario_path: str | Path, size: tuple[int, int] = (1366, 768), message: str = ""):
        self.scenario_path = Path(scenario_path)
        self.scenario = load_scenario(self.scenario_path)
        self.size = size
        self.side = self.scenario.playable[0]
        self.opponents = [*POLICIES, HUMAN]
        self.games = list(self.scenario.playable_scenarios)
        self.game_index = 0
        self.opponent = "historical" if "historical" in self.opponents else self.opponents[0]
        self.message = message
        self.mouse = (-1, -1)
        self.next: Transition | None = None
        self.loading: list[saves.SaveInfo] | None = None  # the load list, while open
        self.load_index = 0
        self.show_help = False
        self._days: dict[str, int | None] = {self.scenario.id: self.scenario.days}
        self.resume = saves.resume_offer(self._scenario_days)
        if self.resume is not None and not self.resume.ok:
            self.message = (
                f"The autosave ({self.resume.path}) cannot be resumed: {self.resume.text}. It is kept as it is."
            )
            self.resume = None
        self.keys = KeyTable(
            "Start: keys",
            [
                Row("P, Enter", "play a new game", bind(self.do_play, pygame.K_p, pygame.K_RETURN, pygame.K_KP_ENTER)),
                Row(
                    "Up / Down, G",
                    "choose the game (its briefing shows on the right)",
                    bind(lambda: self.choose_game(-1), pygame.K_UP)
                    | bind(lambda: self.choose_game(1), pygame.K_DOWN, pygame.K_g),
                ),
                Row(
                    "S / O",
                    "the side you command / the opponent: the computer's policy, or hot-seat (two players)",
                    bind(self.cycle_side, pygame.K_s) | bind(self.cycle_opponent, pygame.K_o),
                ),
                Row("C", "resume the unfinished game", bind(self.do_resume, pygame.K_c)),
                Row("R", "replay the record", bind(self.do_replay, pygame.K_r)),
                Row("L", "load a saved game", bind(self.open_load, pygame.K_l)),
                Row("F11", "full screen on / off"),
                Row("H, F1", "this help", bind(self.toggle_help, keys(pygame.K_h, pygame.K_F1))),
                Row("Q, Esc", "quit", bind(self.do_quit, pygame.K_q, pygame.K_ESCAPE)),
            ],
        )
        self.frame = Sheet()  # the frame on screen

    def _scenario_days(self, scenario_id: str) -> int | None:
        if scenario_id not in self._days:
            try:
                self._days[scenario_id] = load_scenario(saves.scenario_folder(scenario_id, self.scenario_path)).days
            except Exception:  # noqa: BLE001 - a scenario that will not load: the offer says so on loading
                self._days[scenario_id] = None
        return self._days[scenario_id]

    # -- actions -------------------------------------------------------------------------------------
    @property
    def game(self):
        """The playable scenario chosen."""
        return self.games[self.game_index]

    def choose_game(self, step: int) -> None:
        self.game_index = (self.game_index + step) % len(self.games)

    def do_play(self, seed: int | None = None) -> None:
        game = Game.new(self.scenario_path, self.side, self.opponent, seed or new_seed(), playable=self.game.id)
        self.next = ToPlay(game, saves.Autosaver())

    def do_resume(self) -> None:
        if self.resume is None:
            return
        try:
            game = saves.load_game(self.resume.path, self.scenario_path)
        except RecordError as exc:
            self.message = f"cannot resume: {exc}"
            self.resume = None
            return
        self.next = to_game(game, saves.Autosaver(self.resume.path, owned=True))

    def do_replay(self) -> None:
        self.next = ToReplay()

    def do_quit(self) -> None:
        self.next = Quit()

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    def open_load(self) -> None:
        self.loading = saves.list_saves()
        self.load_index = 0
        if not self.loading:
            self.message = f"no saved games in {saves.home()} yet"
            self.loading = None

    def load(self, info: saves.SaveInfo) -> None:
        try:
            game = saves.load_game(info.path, self.scenario_path)
        except RecordError as exc:
            self.message = str(exc)  # the file is refused, and left as it is
            return
        owned = info.path.resolve() == saves.autosave_path().resolve()
        self.loading = None
        self.next = to_game(game, saves.Autosaver(owned=owned))

    def cycle_side(self) -> None:
        sides = list(self.scenario.playable)
        self.side = sides[(sides.index(self.side) + 1) % len(sides)]

    def cycle_opponent(self) -> None:
        self.opponent = self.opponents[(self.opponents.index(self.opponent) + 1) % len(self.opponents)]

    # -- input ---------------------------------------------------------------------------------------
    def handle(self, event) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if self.show_help:
                self.show_help = False
            elif event.button == 1:
                self._click(self.compose().hits, event.pos)
            elif event.button == 3:
                self.loading = None
        elif event.type == pygame.KEYDOWN:
            if self.show_help:
                self.show_help = False
            elif self.loading is not None:
                self._load_key(event.key)
            else:
                self.keys.press(event)

    def _click(self, hits: HitMap, pos) -> None:
        target = hits.top(pos)
        if isinstance(target, ListRow):
            self.load(self.loading[target.index])
        elif target is BACKDROP:
            self.loading = None  # a click beside the list closes it
        elif callable(target):
            target()

    def _load_key(self, k: int) -> None:
        if k == pygame.K_ESCAPE:
            self.loading = None
        elif k == pygame.K_DOWN:
            self.load_index = min(len(self.loading) - 1, self.load_index + 1)
        elif k == pygame.K_UP:
            self.load_index = max(0, self.load_index - 1)
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.load(self.loading[self.load_index])

    def update(self, seconds: float) -> Transition:
        return self.next or IDLE

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size

    def caption(self) -> str:
        return "idlib-wargame"

    def leave(self) -> None:
        pass

    def texts(self) -> list[str]:
        return self.frame.texts()

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> HitMap:
        surface.fill(C.PANEL)
        self.frame = self.compose()
        return self.frame.draw(surface, self.mouse)

    def compose(self) -> Sheet:
        sheet = Sheet("start")
        w, h = self.size
        margin = px(24)
        col = min(px(520), (w - 3 * margin) * 45 // 100)
        x = margin
        y = px(18)
        sheet.text("idlib-wargame", (x, y), 28, C.TEXT, True)
        y += line_height(28, True)
        sheet.text(self.scenario.name, (x, y), 13, C.TEXT_DIM, room=col)
        y += line_height(13) + px(4)
        for line in wrap(INTRO, 11, col, max_lines=4):
            sheet.text(line, (x, y), 11, C.TEXT_DIM)
            y += line_height(11)
        y += px(10)
        bh, gap = px(34), px(8)
        if self.resume is not None:
            r = self.resume
            sheet.lines(f"The autosave holds an unfinished game: {r.text}", (x, y, col, px(32)), 11, C.TEXT_ACCENT)
            y += px(32)
            sheet.button((x, y, col, bh), f"Resume: {r.side}, {r.days} day(s) played (C)", self.do_resume)
            y += bh + gap
        sheet.text("Game (Up / Down):", (x, y), 13, C.TEXT_DIM)
        y += line_height(13) + px(4)
        for i, setup in enumerate(self.games):
            label = f"{setup.name} ({setup.turns} turns)"
            sheet.button(
                (x, y, col, px(30)),
                label,
                lambda i=i: setattr(self, "game_index", i),
                active=i == self.game_index,
                size=12,
            )
            y += px(30) + px(4)
        y += px(6)
        sheet.text("Command (S):", (x, y), 13, C.TEXT_DIM)
        y += line_height(13) + px(4)
        y = self._choices(sheet, x, y, col, self.scenario.playable, self.side, "side")
        text = (
            f"Opponent (O): {OPPONENT_LABEL.get(self.opponent, self.opponent)} — {OPPONENT_TEXT.get(self.opponent, '')}"
        )
        sheet.lines(text, (x, y, col, px(32)), 12, C.TEXT_DIM)
        y += px(32)
        y = self._choices(sheet, x, y, col, self.opponents, self.opponent, "opponent")
        sheet.button((x, y, col, bh + px(4)), "Play (P or Enter)", self.do_play, size=15)
        y += bh + px(4) + gap
        third = (col - 2 * px(6)) // 3
        for k, (label, action) in enumerate(
            (
                ("Replay the record (R)", self.do_replay),
                ("Load a saved game (L)", self.open_load),
                ("Quit (Q)", self.do_quit),
            )
        ):
            sheet.button((x + k * (third + px(6)), y, third, bh), label, action, size=12)
        y += bh + gap
        right = pygame.Rect(x + col + margin, px(18), w - col - 3 * margin, h - px(18) - px(30))
        compose_briefing(sheet, right, self.scenario, self.game, self.side)
        if self.message:
            lines = wrap(self.message, 12, col, max_lines=3)
            top = max(y, h - px(30) - len(lines) * line_height(12))
            for i, line in enumerate(lines):
                sheet.text(line, (x, top + i * line_height(12)), 12, C.TEXT_ACCENT)
        sheet.text(
            f"saves: {saves.home()} · F11 full screen · H help",
            (px(14), h - px(8)),
            11,
            C.TEXT_DIM,
            anchor="bottomleft",
            room=w - px(28),
        )
        if self.loading is not None:
            self._compose_load(sheet)
        if self.show_help:
            help_overlay(sheet, pygame.Rect(0, 0, w, h), self.keys)
        return sheet

    def _choices(self, sheet: Sheet, x: int, y: int, col: int, names, chosen: str, what: str) -> int:
        n = max(1, len(names))
        bw = (col - px(6) * (n - 1)) // n
        for i, name in enumerate(names):
            label = name.capitalize() if what == "side" else OPPONENT_LABEL.get(name, name)
            sheet.button(
                (x + i * (bw + px(6)), y, bw, px(30)),
                label,
                lambda name=name: setattr(self, what, name),
                active=name == chosen,
            )
        return y + px(30) + px(12)

    def _compose_load(self, sheet: Sheet) -> None:
        window = pygame.Rect(0, 0, *self.size)
        row_h = px(SAVE_ROW)
        shown = max(1, min(len(self.loading), (window.h - px(160)) // row_h))
        rect = modal(sheet, window, (px(760), px(70) + row_h * shown), shade=110)
        sheet.text(
            "Load a saved game (click, or Up/Down and Enter; Esc closes)",
            (rect.x + px(18), rect.y + px(14)),
            15,
            C.TEXT_ACCENT,
            True,
            room=rect.w - px(36),
        )
        save_list(
            sheet,
            pygame.Rect(rect.x + px(14), rect.y + px(50), rect.w - px(28), row_h * shown),
            self.loading,
            self.load_index,
        )
