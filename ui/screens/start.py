"""The start screen (`wargame` with no arguments): replay the record, play, load a saved game, quit.

Play takes the side and the computer's opponent chosen here. When the autosave holds a game that
was not finished (the window was closed, or the program stopped), the screen offers to resume it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pygame

from engine import load_scenario
from engine.game import Game
from engine.policies import POLICIES
from engine.records import RecordError

from .. import colours as C
from .. import saves
from ..kit.hitmap import HitMap
from ..kit.keys import KeyTable, Row, bind, keys
from ..kit.metrics import px
from ..kit.screen import IDLE, Transition
from ..kit.sheet import Sheet
from ..kit.text import line_height, wrap
from ..kit.widgets import BACKDROP, help_overlay, modal
from .transitions import Quit, ToPlay, ToReplay

OPPONENT_TEXT = {
    "historical": "follows the record as a plan",
    "greedy": "attacks wherever the odds are good",
    "hold": "digs in and holds",
    "adaptive": "weighs attacks by short rollouts",
}
INTRO = (
    "A turn-based operational wargame of the northwestern Syria offensive, one day a turn, from the record "
    "of one document. About a million people were displaced; the game shows civilian harm as a "
    "consequence of the fighting."
)


def new_seed() -> int:
    """A seed for a new game, so each game differs (the seed is saved with the game)."""
    return random.SystemRandom().randrange(1, 1_000_000)


@dataclass(frozen=True)
class Load:
    index: int  # a row of the load list


class StartScreen:
    def __init__(self, scenario_path: str | Path, size: tuple[int, int] = (1366, 768), message: str = ""):
        self.scenario_path = Path(scenario_path)
        self.scenario = load_scenario(self.scenario_path)
        self.size = size
        self.side = self.scenario.playable[0]
        self.opponents = list(POLICIES)
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
                    "S / O",
                    "the side you command / the computer's opponent",
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
    def do_play(self, seed: int | None = None) -> None:
        game = Game.new(self.scenario_path, self.side, self.opponent, seed or new_seed())
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
        self.next = ToPlay(game, saves.Autosaver(self.resume.path, owned=True))

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
        self.next = ToPlay(game, saves.Autosaver(owned=owned))

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
        if isinstance(target, Load):
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
        col = min(px(560), w - px(40))
        x = (w - col) // 2
        y = px(28)
        sheet.text("idlib-wargame", (w // 2, y), 30, C.TEXT, True, anchor="midtop")
        y += line_height(30, True) + px(4)
        sheet.text(self.scenario.name, (w // 2, y), 15, C.TEXT_DIM, anchor="midtop", room=w - px(40))
        y += line_height(15) + px(10)
        for line in wrap(INTRO, 13, min(px(760), w - px(40))):
            sheet.text(line, (w // 2, y), 13, C.TEXT_DIM, anchor="midtop")
            y += line_height(13)
        y += px(18)
        bh, gap = px(38), px(10)
        if self.resume is not None:
            r = self.resume
            sheet.lines(f"The autosave holds an unfinished game: {r.text}", (x, y, col, px(34)), 12, C.TEXT_ACCENT)
            y += px(36)
            sheet.button((x, y, col, bh), f"Resume: {r.side}, {r.days} day(s) played (C)", self.do_resume)
            y += bh + gap
        sheet.button((x, y, col, bh), "Play (P or Enter)", self.do_play)
        y += bh + px(8)
        sheet.text("Command (S):", (x, y), 13, C.TEXT_DIM)
        y += line_height(13) + px(4)
        y = self._choices(sheet, x, y, col, self.scenario.playable, self.side, "side")
        text = f"Against the computer (O): {self.opponent} — {OPPONENT_TEXT.get(self.opponent, '')}"
        sheet.text(text, (x, y), 13, C.TEXT_DIM, room=col)
        y += line_height(13) + px(4)
        y = self._choices(sheet, x, y, col, self.opponents, self.opponent, "opponent")
        y += px(10)
        for label, action in (
            ("Replay the record (R)", self.do_replay),
            ("Load a saved game (L)", self.open_load),
            ("Quit (Q)", self.do_quit),
        ):
            sheet.button((x, y, col, bh), label, action)
            y += bh + gap
        if self.message:
            room = min(px(900), w - px(40))
            lines = wrap(self.message, 13, room, max_lines=3)
            top = max(y, h - px(30) - len(lines) * line_height(13))
            for i, line in enumerate(lines):
                sheet.text(line, (w // 2, top + i * line_height(13)), 13, C.TEXT_ACCENT, anchor="midtop")
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
            label = name.capitalize() if what == "side" else name
            sheet.button(
                (x + i * (bw + px(6)), y, bw, px(30)),
                label,
                lambda name=name: setattr(self, what, name),
                active=name == chosen,
            )
        return y + px(30) + px(12)

    def _compose_load(self, sheet: Sheet) -> None:
        window = pygame.Rect(0, 0, *self.size)
        row_h = px(24)
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
        first = max(0, min(self.load_index - shown + 1, len(self.loading) - shown))
        y = rect.y + px(50)
        name_w = (rect.w - px(28)) * 2 // 5
        for i in range(first, first + shown):
            info = self.loading[i]
            row = pygame.Rect(rect.x + px(14), y, rect.w - px(28), row_h - px(2))
            if i == self.load_index:
                sheet.box(row, C.BUTTON_ACTIVE, None, 255, 3)
            else:
                sheet.hover(row)
            sheet.text(
                info.path.name,
                (row.x + px(6), row.centery),
                12,
                C.TEXT if info.ok else C.TEXT_DIM,
                True,
                anchor="midleft",
                room=name_w - px(12),
            )
            text = info.text if info.ok else "cannot be loaded: " + info.text
            sheet.text(
                text,
                (row.x + name_w, row.centery),
                11,
                C.TEXT if info.ok else C.TEXT_ACCENT,
                anchor="midleft",
                room=row.w - name_w - px(6),
            )
            sheet.hit(row, Load(i))
            y += row_h
