"""The play screen: one side's command against the computer, a day a turn, on the hex map.

:class:`PlayScreen` lays out and draws a frame onto any Surface and turns pygame events into
orders for an :class:`engine.game.Game`; everything it shows about what an order will do (the hexes
a formation can reach, the odds and chance of an attack, the sorties left, the civilians living
near an air target and the harm the model expects) comes from the game's own functions, so the
screen shows what the rules will do. Civilian harm is shown as a consequence of a mission, never
as something to aim at.

The map is :class:`ui.mapview.MapView` (one composed surface per zoom and day); counters, lit
hexes, arrows and markers are drawn over it each frame, and the panels' event log is built once
per turn, so the screen stays at interactive frame rates.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from engine import events as ev
from engine.game import Game
from engine.orders import AirMission, Attack, Ceasefire, DigIn, Move, Refit
from engine.records import RecordError
from engine.rulebook import POSTURES, WEATHER

from . import colours as C
from . import saves
from .mapview import MapState, MapView
from .widgets import Button, Ink, draw_box, font, help_overlay, render, tooltip, wrap

SIZE = (1280, 800)
TOP = 46
BOTTOM = 48
PANEL_W = 420
TABS = ("Formation", "Air", "Diplomacy", "Log")
MISSIONS = ("close_air_support", "interdiction", "strike")
MISSION_LABEL = {
    "close_air_support": "Close air support",
    "interdiction": "Interdiction",
    "strike": "Strike on a position",
}
MISSION_HELP = {
    "close_air_support": "adds to your attacks on the target hex today",
    "interdiction": "slows and disrupts enemy formations in and around the hex",
    "strike": "attacks the enemy formations in the hex",
}
TYPE_LABEL = {
    "infantry": "infantry",
    "mechanised": "mechanised infantry",
    "armour": "armour",
    "special_forces": "special forces",
    "militia": "militia",
    "turkish_forces": "Turkish forces",
    "commandos": "commandos",
    "artillery": "artillery",
}
ESCALATION = ("observation posts only", "retaliation against government forces", "open military operation")
GHOST = (120, 40, 200)
REACH = (255, 255, 255)
ATTACK_COLOUR = (225, 40, 40)
AIR_MARK = (30, 60, 160)
LOG_ROW = 18
MAP_RECT_DEFAULT = (0, TOP, SIZE[0] - PANEL_W, SIZE[1] - TOP - BOTTOM)  # where the map is in a window of SIZE

KEYS = (
    ("Click a counter, Tab", "select a formation (Shift+Tab: previous)"),
    ("Click a lit hex", "white: move there; red: attack (odds, chance)"),
    ("D / R", "dig in / refit the selected formation"),
    ("Delete", "cancel the selected formation's order"),
    ("U or Ctrl+Z", "undo the last order given this turn"),
    ("Right-click, Esc", "cancel: selection, air target, dialog"),
    ("Enter", "end the turn: the computer orders, the day resolves"),
    ("1 2 3 4", "panels: formation, air, diplomacy, event log"),
    ("A / K / [ ]", "air: next arm / mission kind / fewer, more sorties"),
    ("  then click a hex", "air target; civilian risk shown before you confirm"),
    ("P / Y", "propose a ceasefire / accept the other side's"),
    ("/ (in the log)", "type to filter the log; click an entry: go there"),
    ("F / G / L", "fog of war / the record's front line / legend"),
    ("Wheel, + - 0, drag, arrows", "zoom, whole map, pan"),
    ("Ctrl+S / Ctrl+O", "save / load a game"),
    ("F10", "finish: the report against the record"),
    ("H, F1 or ?", "this help;  Q: back to the start screen (autosaved each turn)"),
)


def family_of(side_name: str) -> str:
    return C.family_of_side(side_name)


@dataclass
class Dialog:
    """A modal box: a confirmation, a text field or a list."""

    kind: str  # "confirm_air", "save", "load", "finish", "message"
    title: str
    lines: list[str]
    text: str = ""  # the text field (save name)
    items: list = None  # the load list
    index: int = 0
    payload: object = None
    error: str = ""
    armed: bool = False  # the save name exists and Enter was pressed once


class PlayScreen:
    """A game in progress: layout, drawing and input handling (no window of its own)."""

    def __init__(
        self,
        game: Game,
        size: tuple[int, int] = SIZE,
        autosaver: saves.Autosaver | None = None,
        scenario_path: str | Path | None = None,
    ):
        if not pygame.font.get_init():
            pygame.font.init()
        self.size = size
        w, h = size
        self.map_rect = pygame.Rect(0, TOP, w - PANEL_W, h - TOP - BOTTOM)
        self.panel_rect = pygame.Rect(w - PANEL_W, TOP, PANEL_W, h - TOP - BOTTOM)
        self.bottom_rect = pygame.Rect(0, h - BOTTOM, w, BOTTOM)
        self.scenario_path = scenario_path
        self.autosaver = autosaver or saves.Autosaver()
        self.ink = Ink("screen")
        self.mouse = (-1, -1)
        self.quit = False
        self.next: tuple | None = None  # ("report", game) / ("menu",) when the screen is done
        self.show_help = False
        self.show_legend = True
        self.fog = True
        self.ghost = False
        self.tab = 0
        self.selected: int | None = None  # a formation (own or visible enemy)
        self.air_arm: str | None = None
        self.air_kind = 0
        self.air_sorties = 10
        self.log_filter = ""
        self.log_typing = False
        self._swallow_slash = False
        self.log_scroll = 0
        self.dialog: Dialog | None = None
        self.message = ""
        self.banner = ""
        self.turn_requested = False
        self._banner_drawn = False
        self.dragging: tuple[int, int] | None = None
        self.drag_moved = False
        self.flash: tuple[float, float] | None = None  # km of the last log entry jumped to
        self._counter_rects: list[tuple[pygame.Rect, int]] = []
        self._log_rects: list[tuple[pygame.Rect, int]] = []
        self._panel_buttons: list[Button] = []
        self._dialog_buttons: list[Button] = []
        self._tab_rects: list[pygame.Rect] = []
        self.set_game(game)
        self._build_buttons()

    # -- the game --------------------------------------------------------------------------------
    def set_game(self, game: Game) -> None:
        self.game = game
        b = game.board
        if getattr(self, "map", None) is None or self.map.scenario is not b.scenario:
            self.map = MapView(b.scenario, b.grid, self.map_rect, terrain=b.terrain.astype(np.int8))
        self.version = getattr(self, "version", 0) + 1
        self.selected = None
        self.air_arm = next(iter(game.sorties()), None)
        self.air_sorties = 10
        self.dialog = None
        self.cx_km, self.cy_km = (np.asarray(a, float) for a in b.grid.centre_km(np.arange(b.hexes)))
        self.formation_family = [
            family_of(f.faction.map_colour if f.faction.map_colour in C.AREA else f.faction.side)
            for f in b.scenario.formations
        ]
        self.arm_names = {a.id: a.name for a in b.scenario.air_arms}
        self._refresh()

    def _refresh(self) -> None:
        """Recompute what depends on the state (after a turn or a load): the map state, the log."""
        g = self.game
        self.map.set_state(game_map_state(g, ("play", self.version, g.day)))
        self.last_events = g.events[g.events["day"] == g.day - 1] if g.day > 0 else g.events[:0]
        self._ghost_cache = None
        self._log_rows = None
        self._reach_cache = None

    # -- layout ----------------------------------------------------------------------------------
    def _build_buttons(self) -> None:
        b = self.bottom_rect
        specs = [
            ("End turn", self.request_end_turn, "Enter", 96),
            ("Undo", self.undo, "U", 64),
            ("Save", self.open_save, "Ctrl+S", 60),
            ("Load", self.open_load, "Ctrl+O", 60),
            ("Fog", self.toggle_fog, "F", 52, lambda: self.fog),
            ("Record's front", self.toggle_ghost, "G", 130, lambda: self.ghost),
            ("Finish", self.ask_finish, "F10", 70),
            ("Help", self.toggle_help, "H", 60),
            ("Menu", self.to_menu, "Q", 64),
        ]
        x = b.x + 10
        self.buttons: list[Button] = []
        for spec in specs:
            label, action, hint, width = spec[:4]
            active = spec[4] if len(spec) > 4 else None
            self.buttons.append(Button(pygame.Rect(x, b.y + 8, width, 32), label, action, hint, active))
            x += width + 6
        w = self.panel_rect.w // len(TABS)
        self._tab_rects = [pygame.Rect(self.panel_rect.x + i * w, self.panel_rect.y, w, 30) for i in range(len(TABS))]

    # -- actions ---------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message = text

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    def toggle_fog(self) -> None:
        self.fog = not self.fog
        self.say(
            "fog of war " + ("on: enemy formations shown only near yours" if self.fog else "off: every formation shown")
        )

    def toggle_ghost(self) -> None:
        self.ghost = not self.ghost

    def to_menu(self) -> None:
        self.quit = True
        self.next = ("menu",)

    def select(self, f: int | None) -> None:
        self.selected = f
        self._reach_cache = None
        if f is not None:
            self.tab = 0

    def cycle(self, step: int) -> None:
        mine = self.game.my_formations()
        if not mine:
            return
        if self.selected in mine:
            i = (mine.index(self.selected) + step) % len(mine)
        else:
            i = 0 if step > 0 else len(mine) - 1
        self.select(mine[i])
        self.centre_on_hex(int(self.game.state.position[0, mine[i]]), only_if_hidden=True)

    def fid(self, f: int) -> str:
        return self.game.board.scenario.formations[f].id

    def is_mine(self, f: int | None) -> bool:
        return f is not None and f in self.game.my_formations()

    def give(self, order) -> bool:
        try:
            self.game.order(order)
        except ValueError as exc:
            self.say(str(exc))
            return False
        self._reach_cache = None
        self.say(self.order_text(order))
        return True

    def dig_in(self) -> None:
        if self.is_mine(self.selected):
            self.give(DigIn(self.fid(self.selected)))

    def refit(self) -> None:
        if self.is_mine(self.selected):
            self.give(Refit(self.fid(self.selected)))

    def cancel_order(self) -> None:
        if self.is_mine(self.selected):
            fid = self.fid(self.selected)
            before = len(self.game.pending)
            self.game.pending = [o for o in self.game.pending if getattr(o, "formation", None) != fid]
            if len(self.game.pending) < before:
                self._reach_cache = None
                self.say("order cancelled: the formation holds")

    def undo(self) -> None:
        order = self.game.undo()
        self._reach_cache = None
        self.say(f"taken back: {self.order_text(order)}" if order else "no order to take back this turn")

    def propose(self) -> None:
        self.give(Ceasefire(self.game.side, accept=False))

    def accept(self) -> None:
        if not self.enemy_proposed():
            self.say("the other side has no ceasefire proposal open")
            return
        self.give(Ceasefire(self.game.side, accept=True))

    def enemy_proposed(self) -> bool:
        b, s = self.game.board, self.game.state
        return bool(s.proposals[0, b.side_index(self.game.enemy_side)])

    def request_end_turn(self) -> None:
        if self.game.over:
            self.next = ("report", self.game)
            return
        self.turn_requested = True
        self._banner_drawn = False

    def end_turn(self) -> np.ndarray:
        """Resolve the day now (the computer's orders, the rules), autosave, show the results."""
        self.turn_requested = False
        day = self.game.date
        events = self.game.end_turn()
        self._refresh()
        try:
            self.autosaver.write(self.game)
            saved = ""
        except OSError as exc:
            saved = f"; autosave failed: {exc.strerror or exc}"
        self.banner = self.results_text(day, events) + saved
        if self.autosaver.message:
            self.banner += f" ({self.autosaver.message})"
            self.autosaver.message = ""
        self.message = ""
        if self.selected is not None and self.selected not in self.game.my_formations() + self.visible():
            self.selected = None
        if self.air_arm not in self.game.sorties():
            self.air_arm = next(iter(self.game.sorties()), None)
        if self.game.over:
            self.next = ("report", self.game)
        return events

    def results_text(self, day: dt.date, events: np.ndarray) -> str:
        b = self.game.board
        k = events["kind"]
        parts = []
        caps = events[k == ev.Kind.CAPTURE]
        if caps.size:
            names = [b.scenario.settlements[p].name for p in caps["place"] if p >= 0]
            parts.append(
                f"{len(names)} place(s) changed hands: " + ", ".join(names[:4]) + (" …" if len(names) > 4 else "")
            )
        attacks = events[k == ev.Kind.ATTACK]
        if attacks.size:
            parts.append(f"{attacks.size} attack(s), {int(attacks['flag'].sum())} took their hex")
        for kind, text in (
            (ev.Kind.AIR_MISSION, "{:,} sorties flown"),
            (ev.Kind.AIRCRAFT_LOST, "{:,} aircraft lost"),
            (ev.Kind.CIVILIAN_HARM, "{:,} civilians killed or injured"),
            (ev.Kind.DISPLACEMENT, "{:,} people displaced"),
        ):
            rows = events[k == kind]
            if rows.size:
                parts.append(text.format(int(rows["value"].sum())))
        return f"{day.day} {day:%b}: " + ("; ".join(parts) if parts else "a quiet day") + "."

    # -- air ---------------------------------------------------------------------------------------
    @property
    def air_mode(self) -> bool:
        return self.tab == 1 and self.air_arm is not None and self.dialog is None

    def next_arm(self) -> None:
        arms = list(self.game.sorties())
        if arms:
            self.air_arm = arms[(arms.index(self.air_arm) + 1) % len(arms)] if self.air_arm in arms else arms[0]
        self.tab = 1

    def next_kind(self) -> None:
        self.air_kind = (self.air_kind + 1) % len(MISSIONS)
        self.tab = 1

    def more_sorties(self, step: int) -> None:
        left = self.game.sorties().get(self.air_arm, 0)
        self.air_sorties = max(1, min(max(left, 1), self.air_sorties + step))
        self.tab = 1

    def target_air(self, hex_index: int) -> None:
        """Open the confirmation for a mission on ``hex_index``, with the civilian risk."""
        g = self.game
        left = g.sorties().get(self.air_arm, 0)
        if left <= 0:
            self.say(f"{self.arm_names.get(self.air_arm, self.air_arm)}: no sorties left today")
            return
        sorties = max(1, min(self.air_sorties, left))
        kind = MISSIONS[self.air_kind]
        residents, harmed = g.civilian_risk(hex_index, sorties)
        lines = [
            f"{sorties} sorties of {self.arm_names[self.air_arm]}: {MISSION_LABEL[kind].lower()} "
            f"near {self.hex_name(hex_index)}.",
            f"People living on and beside the hex: {residents:,}.",
            f"Expected civilians killed or injured (model estimate): {harmed:,}.",
            "Enter confirms; Esc cancels.",
        ]
        self.dialog = Dialog(
            "confirm_air", "Air mission", lines, payload=AirMission(self.air_arm, kind, int(hex_index), int(sorties))
        )

    # -- saving and loading --------------------------------------------------------------------------
    def open_save(self) -> None:
        try:
            name = saves.default_name(self.game)
        except OSError:
            name = "game.json"
        self.dialog = Dialog(
            "save", "Save the game", [f"in {saves.home()}", "type a name; Enter saves, Esc cancels"], text=name[:-5]
        )

    def save_to(self, name: str, replace: bool = False) -> Path | None:
        """Save under ``name`` in the saves folder; an existing file is replaced only with ``replace``."""
        try:
            file = saves.clean_name(name)
        except ValueError as exc:
            self.dialog.error = str(exc) if self.dialog else ""
            return None
        path = saves.home() / file
        if path.exists() and not replace:
            if self.dialog is not None:
                self.dialog.error = f"{file} exists: Enter again replaces it; or change the name"
                self.dialog.armed = True
            return None
        if path.exists() and saves.inspect(path).ok is False:
            if self.dialog is not None:
                self.dialog.error = f"{file} is not a readable save; it is kept. Choose another name."
                self.dialog.armed = False
            return None
        try:
            saves.ensure_home()
            self.game.save(path)
        except OSError as exc:
            if self.dialog is not None:
                self.dialog.error = f"could not save: {exc.strerror or exc}"
            return None
        self.dialog = None
        self.say(f"saved to {path}")
        return path

    def open_load(self) -> None:
        items = saves.list_saves()
        lines = [f"from {saves.home()}"] if items else [f"no saves in {saves.home()} yet"]
        self.dialog = Dialog("load", "Load a game", lines, items=items)

    def load_from(self, path: str | Path) -> bool:
        """Load a save; a corrupt or foreign one is refused with its reason, and left as it is."""
        try:
            game = saves.load_game(path, self.scenario_path)
        except RecordError as exc:
            text = str(exc)
            if self.dialog is not None and self.dialog.kind == "load":
                self.dialog.error = text
            else:
                self.say(text)
            return False
        owned = Path(path).resolve() == self.autosaver.path.resolve()
        self.autosaver = saves.Autosaver(self.autosaver.path, owned=owned)
        self.set_game(game)
        self.banner = f"loaded {Path(path).name}: {game.side}, day {game.day + 1}, {game.date:%d %b %Y}"
        self.say("")
        return True

    def ask_finish(self) -> None:
        if self.game.over:
            self.next = ("report", self.game)
            return
        self.dialog = Dialog(
            "finish",
            "Finish the game now?",
            [
                f"{self.game.date:%d %B %Y}: {self.game.board.scenario.days - self.game.day} day(s) of the "
                "scenario remain.",
                "The report compares your dates with the record's.",
                "Enter finishes; Esc goes back to the map.",
            ],
        )

    # -- geometry -----------------------------------------------------------------------------------
    def hex_screen(self, h: int) -> tuple[float, float]:
        x, y = self.map.world_to_screen(self.cx_km[h], self.cy_km[h])
        return float(x), float(y)

    def hex_poly(self, h: int) -> list[tuple[float, float]]:
        polys = self.map.geometry()["polys"]
        ox, oy = round(self.map.offset[0]) - self.map.rect.x, round(self.map.offset[1]) - self.map.rect.y
        return [(x - ox, y - oy) for x, y in polys[h]]

    def hex_at(self, pos) -> int:
        if not self.map_rect.collidepoint(pos):
            return -1
        h = self.map.hex_at_screen(pos)
        return h if 0 <= h < self.game.board.hexes and self.game.board.inside[h] else -1

    def hex_name(self, h: int) -> str:
        b = self.game.board
        if h < 0:
            return "off the map"
        place = b.hex_place[h] if b.hex_place[h] >= 0 else b.cell[h]
        name = b.scenario.settlements[place].name if place >= 0 else f"hex {h}"
        return name if b.hex_place[h] >= 0 else f"near {name}"

    def centre_on_hex(self, h: int, only_if_hidden: bool = False) -> None:
        if h < 0:
            return
        if only_if_hidden and self.map_rect.inflate(-60, -60).collidepoint(self.hex_screen(h)):
            return
        self.centre_on_km(self.cx_km[h], self.cy_km[h])

    def centre_on_km(self, x: float, y: float) -> None:
        wx, wy = self.map.world_px(x, y)
        self.map.offset = [float(wx) - self.map_rect.w / 2, float(wy) - self.map_rect.h / 2]
        self.map.pan(0, 0)  # clamps

    def visible(self) -> list[int]:
        return self.game.visible(self.fog)

    def formations_at(self, h: int) -> list[int]:
        pos = self.game.state.position[0]
        shown = set(self.game.my_formations()) | set(self.visible())
        return [int(f) for f in np.flatnonzero(pos == h) if int(f) in shown]

    def targets(self) -> tuple[list[int], list[tuple[int, float, float]]]:
        """(reachable hexes, attack options) of the selected own formation (cached until an order changes)."""
        if not self.is_mine(self.selected):
            return [], []
        key = (self.selected, self.version, self.game.day, len(self.game.pending), tuple(self.game.pending))
        if self._reach_cache is None or self._reach_cache[0] != key:
            legal = self.game.legal_orders(self.selected)
            attacks = [(a.hex, a.ratio, a.chance) for a in legal.attacks]
            self._reach_cache = (key, list(legal.moves), attacks)
        return self._reach_cache[1], self._reach_cache[2]

    # -- input -------------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit = True
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.TEXTINPUT:
            self._text(event.text)
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.dragging is not None:
                dx, dy = event.pos[0] - self.dragging[0], event.pos[1] - self.dragging[1]
                if abs(dx) + abs(dy) > 0 and (self.drag_moved or abs(dx) + abs(dy) > 3):
                    self.map.pan(-dx, -dy)
                    self.drag_moved = True
                    self.dragging = event.pos
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if event.button == 1:
                self._press(event.pos)
            elif event.button == 3:
                self.cancel()
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging is not None and not self.drag_moved:
                self._click_map(event.pos)
            self.dragging = None
        elif event.type == pygame.MOUSEWHEEL:
            pos = self.mouse if self.mouse != (-1, -1) else self.map_rect.center
            if self.panel_rect.collidepoint(pos) and self.tab == 3:
                self.log_scroll = max(0, self.log_scroll - int(event.y) * 3)
            elif self.map_rect.collidepoint(pos) and self.dialog is None:
                self.map.zoom_by(1 if event.y > 0 else -1, pos)

    def cancel(self) -> None:
        """Esc / right-click: close the innermost thing open."""
        if self.show_help:
            self.show_help = False
        elif self.dialog is not None:
            self.dialog = None
        elif self.log_typing:
            self.log_typing = False
        elif self.selected is not None:
            self.select(None)
        elif self.tab == 1:
            self.tab = 0
        else:
            self.message = ""

    def _text(self, text: str) -> None:
        if self.dialog is not None and self.dialog.kind == "save":
            self.dialog.text = (self.dialog.text + text)[:60]
            self.dialog.armed = False
            self.dialog.error = ""
        elif self.log_typing:
            if self._swallow_slash and text == "/":
                self._swallow_slash = False  # the key that opened the filter also arrives as text
                return
            self._swallow_slash = False
            self.log_filter = (self.log_filter + text)[:60]
            self.log_scroll = 0

    def _key(self, event) -> None:
        k, mod = event.key, event.mod
        ctrl = mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        shift = mod & pygame.KMOD_SHIFT
        if self.show_help:
            if k in (pygame.K_ESCAPE, pygame.K_h, pygame.K_F1, pygame.K_q, pygame.K_RETURN, pygame.K_SLASH):
                self.show_help = False
            return
        if self.dialog is not None:
            self._dialog_key(k, ctrl)
            return
        if self.log_typing:
            if k in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.log_typing = False
            elif k == pygame.K_BACKSPACE:
                self.log_filter = self.log_filter[:-1]
            return
        if ctrl:
            {
                pygame.K_z: self.undo,
                pygame.K_s: self.open_save,
                pygame.K_o: self.open_load,
                pygame.K_q: self.to_menu,
            }.get(k, lambda: None)()
            return
        if k == pygame.K_TAB:
            self.cycle(-1 if shift else 1)
            return
        actions = {
            pygame.K_RETURN: self.request_end_turn,
            pygame.K_KP_ENTER: self.request_end_turn,
            pygame.K_u: self.undo,
            pygame.K_d: self.dig_in,
            pygame.K_r: self.refit,
            pygame.K_DELETE: self.cancel_order,
            pygame.K_BACKSPACE: self.cancel_order,
            pygame.K_ESCAPE: self.cancel,
            pygame.K_1: lambda: setattr(self, "tab", 0),
            pygame.K_2: lambda: setattr(self, "tab", 1),
            pygame.K_3: lambda: setattr(self, "tab", 2),
            pygame.K_4: lambda: setattr(self, "tab", 3),
            pygame.K_a: self.next_arm,
            pygame.K_k: self.next_kind,
            pygame.K_LEFTBRACKET: lambda: self.more_sorties(-5 if shift else -1),
            pygame.K_RIGHTBRACKET: lambda: self.more_sorties(5 if shift else 1),
            pygame.K_p: self.propose,
            pygame.K_y: self.accept,
            pygame.K_SLASH: self.start_search,
            pygame.K_f: self.toggle_fog,
            pygame.K_g: self.toggle_ghost,
            pygame.K_l: lambda: setattr(self, "show_legend", not self.show_legend),
            pygame.K_h: self.toggle_help,
            pygame.K_F1: self.toggle_help,
            pygame.K_QUESTION: self.toggle_help,
            pygame.K_F10: self.ask_finish,
            pygame.K_q: self.to_menu,
            pygame.K_EQUALS: lambda: self.map.zoom_by(1),
            pygame.K_PLUS: lambda: self.map.zoom_by(1),
            pygame.K_KP_PLUS: lambda: self.map.zoom_by(1),
            pygame.K_MINUS: lambda: self.map.zoom_by(-1),
            pygame.K_KP_MINUS: lambda: self.map.zoom_by(-1),
            pygame.K_0: self.map.reset_view,
            pygame.K_LEFT: lambda: self.map.pan(-80, 0),
            pygame.K_RIGHT: lambda: self.map.pan(80, 0),
            pygame.K_UP: lambda: self.map.pan(0, -80),
            pygame.K_DOWN: lambda: self.map.pan(0, 80),
        }
        if k == pygame.K_SLASH and shift:
            self.toggle_help()
            return
        action = actions.get(k)
        if action:
            action()

    def start_search(self) -> None:
        self.tab = 3
        self.log_typing = True
        self._swallow_slash = True

    def _dialog_key(self, k, ctrl) -> None:
        d = self.dialog
        if k == pygame.K_ESCAPE:
            self.dialog = None
            return
        enter = k in (pygame.K_RETURN, pygame.K_KP_ENTER)
        if d.kind == "confirm_air" and enter:
            self.confirm_air()
        elif d.kind == "finish" and enter:
            self.dialog = None
            self.next = ("report", self.game)
        elif d.kind == "message" and enter:
            self.dialog = None
        elif d.kind == "save":
            if enter:
                self.save_to(d.text, replace=d.armed)
            elif k == pygame.K_BACKSPACE:
                d.text, d.armed, d.error = d.text[:-1], False, ""
        elif d.kind == "load" and d.items:
            if k in (pygame.K_DOWN, pygame.K_j):
                d.index = min(len(d.items) - 1, d.index + 1)
            elif k in (pygame.K_UP, pygame.K_k):
                d.index = max(0, d.index - 1)
            elif enter:
                if self.load_from(d.items[d.index].path):
                    self.dialog = None

    def confirm_air(self) -> None:
        d = self.dialog
        if d is not None and d.kind == "confirm_air":
            self.dialog = None
            self.give(d.payload)

    def _press(self, pos) -> None:
        if self.show_help:
            self.show_help = False
            return
        if self.dialog is not None:
            for button in self._dialog_buttons:
                if button.click(pos):
                    return
            if self.dialog is not None and self.dialog.kind == "load":
                for rect, i in getattr(self, "_load_rects", []):
                    if rect.collidepoint(pos):
                        self.dialog.index = i
                        if self.load_from(self.dialog.items[i].path):
                            self.dialog = None
                        return
            return
        for button in self.buttons:
            if button.click(pos):
                return
        for i, rect in enumerate(self._tab_rects):
            if rect.collidepoint(pos):
                self.tab = i
                return
        if self.panel_rect.collidepoint(pos):
            self._press_panel(pos)
            return
        if self.map_rect.collidepoint(pos):
            self.dragging = pos
            self.drag_moved = False

    def _press_panel(self, pos) -> None:
        for button in self._panel_buttons:
            if button.click(pos):
                return
        if self.tab == 0:
            for rect, f in getattr(self, "_list_rects", []):
                if rect.collidepoint(pos):
                    self.select(f)
                    self.centre_on_hex(int(self.game.state.position[0, f]), only_if_hidden=True)
                    return
        if self.tab == 1:
            for rect, arm in getattr(self, "_arm_rects", []):
                if rect.collidepoint(pos):
                    self.air_arm = arm
                    return
        if self.tab == 3:
            if getattr(self, "_search_rect", None) is not None and self._search_rect.collidepoint(pos):
                self.log_typing = True
                return
            self.log_typing = False
            for rect, row in self._log_rects:
                if rect.collidepoint(pos):
                    self.jump_to(row)
                    return

    def _click_map(self, pos) -> None:
        h = self.hex_at(pos)
        if self.air_mode:
            if h >= 0:
                self.target_air(h)
            return
        counter = self.counter_at(pos)
        if self.is_mine(self.selected) and h >= 0:
            reach, attacks = self.targets()
            fid = self.fid(self.selected)
            hit_attack = next((o for o in attacks if o[0] == h), None)
            if hit_attack is not None:
                self.give(Attack(fid, h))
                return
            if h in reach and (counter is None or counter == self.selected or not self.is_mine(counter)):
                self.give(Move(fid, h))
                return
        if counter is not None:
            stack = [
                f
                for _, f in self._counter_rects
                if self.game.state.position[0, f] == self.game.state.position[0, counter]
            ]
            if self.selected in stack and len(stack) > 1:  # a click on a stack goes through its counters
                self.select(stack[(stack.index(self.selected) - 1) % len(stack)])
            else:
                self.select(None if counter == self.selected else counter)
        elif h >= 0 and self.formations_at(h):
            self.select(self.formations_at(h)[0])
        else:
            self.select(None)

    def counter_at(self, pos) -> int | None:
        for rect, f in reversed(self._counter_rects):
            if rect.collidepoint(pos):
                return f
        return None

    # -- the event log ---------------------------------------------------------------------------------
    def log_rows(self) -> list[tuple[int, str, int, int]]:
        """(day, sentence, place, hex) of every event the player may know, newest first (cached per turn).

        With fog of war on, the other side's movements, arrivals and rejected orders are left out.
        """
        key = (self.version, self.game.day, self.fog)
        if self._log_rows is None or self._log_rows[0] != key:
            g, b = self.game, self.game.board
            camp = g.camp
            rows = []
            events = g.events[np.argsort(-g.events["day"].astype(np.int64), kind="stable")]  # newest day first
            for e in events:
                kind = int(e["kind"])
                if self.fog and kind in (ev.Kind.MOVE, ev.Kind.ARRIVAL) and b.formation_camp[e["actor"]] != camp:
                    continue
                if kind == ev.Kind.ORDER_REJECTED:
                    if e["flag"] == 1:
                        theirs = b.side_camp[b.arm_side[e["actor"]]] != camp
                    elif e["actor"] >= 0:
                        theirs = b.formation_camp[e["actor"]] != camp
                    else:
                        theirs = e["side"] >= 0 and b.side_camp[e["side"]] != camp
                    if theirs and self.fog:
                        continue
                rows.append((int(e["day"]), ev.describe(b, e), int(e["place"]), int(e["hex"])))
            self._log_rows = (key, rows)
        return self._log_rows[1]

    def filtered_log(self) -> list[tuple[int, str, int, int]]:
        """The log rows whose date or sentence contains every word typed in the filter."""
        rows = self.log_rows()
        words = self.log_filter.casefold().split()
        if not words:
            return rows
        b = self.game.board
        return [
            row
            for row in rows
            if all(w in f"{b.date(row[0]):%d %b %Y} {b.date(row[0]):%B} {row[1]}".casefold() for w in words)
        ]

    def jump_to(self, row) -> None:
        day, text, place, h = row
        b = self.game.board
        if place >= 0:
            h = int(b.place_hex[place])
        if h < 0:
            self.say("this entry has no place on the map")
            return
        self.centre_on_hex(h)
        self.flash = (float(self.cx_km[h]), float(self.cy_km[h]))
        self.say(f"{b.date(day):%d %b}: {text}")

    # -- per-frame update ----------------------------------------------------------------------------
    def update(self, seconds: float) -> None:
        if self.turn_requested and self._banner_drawn:
            self.end_turn()

    # -- drawing ---------------------------------------------------------------------------------------
    def texts(self) -> list[str]:
        """Every string drawn in the last frame (map labels in view, counters, panels, dialogs)."""
        visible = [t for _, t, _ in self.map.visible_labels()]
        others = [i.text for i in self.map.ink.items if i.text not in {l for _, l, _ in self.map.labels}]
        return visible + others + self.ink.strings()

    def draw(self, surface: pygame.Surface) -> None:
        self.ink.clear()
        surface.fill(C.PANEL)
        self.map.draw(surface)
        clip = surface.get_clip()
        surface.set_clip(self.map_rect)
        if self.ghost:
            self._draw_ghost(surface)
        self._draw_results(surface)
        self._draw_targets(surface)
        self._draw_orders(surface)
        self._draw_counters(surface)
        self._draw_air_cursor(surface)
        if self.flash is not None:
            x, y = self.map.world_to_screen(*self.flash)
            pygame.draw.circle(surface, C.TEXT_ACCENT, (x, y), 16, 3)
        if self.show_legend:
            self._draw_legend(surface)
        self._draw_hover(surface)
        surface.set_clip(clip)
        self._draw_top(surface)
        self._draw_panel(surface)
        self._draw_bottom(surface)
        if self.dialog is not None:
            self._draw_dialog(surface)
        if self.turn_requested:
            box = pygame.Rect(0, 0, 420, 60)
            box.center = self.map_rect.center
            draw_box(surface, box, C.PANEL, C.TEXT_ACCENT, 240, 8)
            self.ink.text(
                surface, f"Resolving {self.game.date:%d %B %Y}…", box.center, 18, C.TEXT, True, anchor="center"
            )
            self._banner_drawn = True
        if self.show_help:
            help_overlay(
                surface,
                self.ink,
                "Play: keys and mouse",
                KEYS,
                "Odds and chances are the rules' own; civilian harm is a model estimate shown before a mission.",
            )

    # map overlays
    def _draw_ghost(self, surface) -> None:
        if self._ghost_cache is None:
            fam = hex_families(self.game.board, self.game.ghost_front()).astype(np.int64)
            self._ghost_cache = self.map.front_edges(fam)
        w = max(2, round(self.map.scale * 0.35))
        for (x0, y0), (x1, y1) in self._ghost_cache:
            a = self.map.world_to_screen(x0, y0)
            b = self.map.world_to_screen(x1, y1)
            pygame.draw.line(surface, GHOST, a, b, w)

    def _draw_results(self, surface) -> None:
        """Yesterday's results on the map: air missions, attacks, aircraft lost (captures are ringed by the map)."""
        events = self.last_events
        if events.size == 0:
            return
        b = self.game.board
        r = max(5, round(self.map.scale * 0.9))
        for e in events[events["kind"] == ev.Kind.AIR_MISSION]:
            x, y = self.hex_screen(int(e["hex"]))
            colour = C.MARKER[family_of(b.sides[e["side"]])]
            pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 1, 3)
            pygame.draw.circle(surface, colour, (x, y), r, 2)
            pygame.draw.line(surface, colour, (x - r - 3, y), (x + r + 3, y), 1)
            pygame.draw.line(surface, colour, (x, y - r - 3), (x, y + r + 3), 1)
        for e in events[events["kind"] == ev.Kind.ATTACK]:
            x, y = self.hex_screen(int(e["hex"]))
            colour = (20, 20, 20) if not e["flag"] else ATTACK_COLOUR
            s = max(3, r // 2)
            pygame.draw.line(surface, colour, (x - s, y - s), (x + s, y + s), 2)
            pygame.draw.line(surface, colour, (x - s, y + s), (x + s, y - s), 2)
        for e in events[events["kind"] == ev.Kind.AIRCRAFT_LOST]:
            if e["hex"] < 0:
                continue
            x, y = self.hex_screen(int(e["hex"]))
            pygame.draw.polygon(surface, (255, 255, 255), [(x, y + r + 4), (x - 5, y + r + 12), (x + 5, y + r + 12)])
            pygame.draw.polygon(surface, (200, 30, 30), [(x, y + r + 5), (x - 4, y + r + 11), (x + 4, y + r + 11)])

    def _draw_targets(self, surface) -> None:
        reach, attacks = self.targets()
        if not reach and not attacks:
            return
        overlay = pygame.Surface(self.map_rect.size, pygame.SRCALPHA)
        dx, dy = -self.map_rect.x, -self.map_rect.y
        for h in reach:
            poly = [(x + dx, y + dy) for x, y in self.hex_poly(h)]
            pygame.draw.polygon(overlay, (*REACH, 120), poly)
            pygame.draw.polygon(overlay, (*REACH, 220), poly, 1)
        for h, _, _ in attacks:
            poly = [(x + dx, y + dy) for x, y in self.hex_poly(h)]
            pygame.draw.polygon(overlay, (*ATTACK_COLOUR, 80), poly)
            pygame.draw.polygon(overlay, (*ATTACK_COLOUR, 255), poly, 2)
        surface.blit(overlay, self.map_rect.topleft)
        origin = self.hex_screen(int(self.game.state.position[0, self.selected]))
        for h, ratio, chance in attacks:
            x, y = self.hex_screen(h)
            x, y = x + (x - origin[0]) * 0.45, y + (y - origin[1]) * 0.45  # away from the counter
            text = f"{ratio_text(ratio)} {chance:.0%}"
            image = render(text, 11, (255, 255, 255), True)
            box = image.get_rect(center=(round(x), round(y) - 2)).inflate(6, 2)
            pygame.draw.rect(surface, (150, 20, 20), box, border_radius=3)
            surface.blit(image, image.get_rect(center=box.center))
            self.ink.items.append(_item(text, box, "odds"))

    def _draw_orders(self, surface) -> None:
        b, s = self.game.board, self.game.state
        for o in self.game.pending:
            if isinstance(o, (Move, Attack)):
                f = b.formation_index(o.formation)
                here = int(s.position[0, f])
                if here < 0:
                    continue
                a, z = self.hex_screen(here), self.hex_screen(o.to if isinstance(o, Move) else o.target)
                colour = (255, 255, 255) if isinstance(o, Move) else ATTACK_COLOUR
                arrow(surface, a, z, colour)
            elif isinstance(o, AirMission):
                x, y = self.hex_screen(o.hex)
                pygame.draw.circle(surface, AIR_MARK, (x, y), 9, 2)
                pygame.draw.line(surface, AIR_MARK, (x - 12, y), (x + 12, y), 2)
                pygame.draw.line(surface, AIR_MARK, (x, y - 12), (x, y + 12), 2)

    def _draw_counters(self, surface) -> None:
        g, b = self.game, self.game.board
        s = g.state
        self._counter_rects = []
        z = self.map.zoom_index
        w = 20 + 3 * z
        h = round(w * 0.72)
        mine = g.my_formations()
        shown = mine + [f for f in self.visible() if f not in mine]
        by_hex: dict[int, int] = {}
        ordered = {b.formation_index(o.formation) for o in g.pending if hasattr(o, "formation")}
        for f in shown:
            here = int(s.position[0, f])
            if here < 0:
                continue
            k = by_hex.get(here, 0)
            by_hex[here] = k + 1
            x, y = self.hex_screen(here)
            rect = pygame.Rect(0, 0, w, h)
            rect.center = (round(x) + 4 * k, round(y) - 4 * k)
            if not self.map_rect.colliderect(rect):
                continue
            frac = float(s.strength[0, f]) / max(1.0, float(b.formation_strength[f]))
            draw_counter(
                surface,
                rect,
                b.scenario.formations[f].type,
                C.MARKER[self.formation_family[f]],
                frac,
                enemy=f not in mine,
            )
            if f == self.selected:
                pygame.draw.rect(surface, C.TEXT_ACCENT, rect.inflate(6, 6), 2, border_radius=3)
            elif f in ordered:
                pygame.draw.circle(surface, (255, 255, 255), rect.topright, 4)
                pygame.draw.circle(surface, (30, 30, 30), rect.topright, 4, 1)
            self._counter_rects.append((rect, f))

    def _draw_air_cursor(self, surface) -> None:
        if not self.air_mode or not self.map_rect.collidepoint(self.mouse):
            return
        h = self.hex_at(self.mouse)
        if h < 0:
            return
        pygame.draw.polygon(surface, AIR_MARK, self.hex_poly(h), 3)

    def _draw_legend(self, surface) -> None:
        rows = [("counter", "your formation (bar: strength)"), ("enemy", "enemy formation seen")]
        if self.last_events.size:
            rows += [
                ("air", "air mission yesterday"),
                ("attack", "attack yesterday (red: took the hex)"),
                ("capture", "place taken yesterday"),
            ]
        if self.ghost:
            rows.append(("ghost", "the record's front line, same date"))
        box = pygame.Rect(self.map_rect.x + 6, 0, 236, 16 * len(rows) + 10)
        box.bottom = self.map_rect.bottom - 6
        draw_box(surface, box, (250, 248, 240), (120, 120, 120), 215, 5)
        y = box.y + 5
        mine_family = family_of(self.game.side)
        enemy_family = family_of(self.game.enemy_side)
        for kind, text in rows:
            cx, cy = box.x + 16, y + 8
            if kind in ("counter", "enemy"):
                draw_counter(
                    surface,
                    pygame.Rect(cx - 10, cy - 6, 20, 13),
                    "infantry",
                    C.MARKER[mine_family if kind == "counter" else enemy_family],
                    0.7,
                    enemy=kind == "enemy",
                )
            elif kind == "air":
                pygame.draw.circle(surface, AIR_MARK, (cx, cy), 5, 2)
            elif kind == "attack":
                pygame.draw.line(surface, ATTACK_COLOUR, (cx - 4, cy - 4), (cx + 4, cy + 4), 2)
                pygame.draw.line(surface, ATTACK_COLOUR, (cx - 4, cy + 4), (cx + 4, cy - 4), 2)
            elif kind == "capture":
                pygame.draw.circle(surface, C.TEXT_ACCENT, (cx, cy), 6, 2)
            elif kind == "ghost":
                pygame.draw.line(surface, GHOST, (cx - 9, cy), (cx + 9, cy), 3)
            self.ink.text(surface, text, (cx + 16, y + 1), 11, C.TOOLTIP_TEXT)
            y += 16

    def _draw_hover(self, surface) -> None:
        if self.dialog is not None or self.show_help or not self.map_rect.collidepoint(self.mouse) or self.dragging:
            return
        f = self.counter_at(self.mouse)
        if f is not None:
            lines = self.formation_lines(f, short=True)
            tooltip(
                surface,
                self.ink,
                [(lines[0], 13, True)] + [(t, 11, False) for t in lines[1:]],
                self.mouse,
                280,
                self.map_rect,
            )
            return
        h = self.hex_at(self.mouse)
        if h < 0:
            return
        reach, attacks = self.targets()
        option = next((o for o in attacks if o[0] == h), None)
        if option is not None:
            lines = [
                (f"Attack {self.hex_name(h)}", 13, True),
                (f"force ratio {ratio_text(option[1])}, chance of taking the hex {option[2]:.0%}", 11, False),
                ("click to order the attack", 11, False),
            ]
            tooltip(surface, self.ink, lines, self.mouse, 280, self.map_rect)
        elif self.air_mode:
            sorties = max(1, min(self.air_sorties, self.game.sorties().get(self.air_arm, 0)))
            residents, harmed = self.game.civilian_risk(h, sorties)
            lines = [
                (f"{MISSION_LABEL[MISSIONS[self.air_kind]]}: {self.hex_name(h)}", 13, True),
                (
                    f"{sorties} sorties; residents on and beside the hex {residents:,}; "
                    f"expected civilians killed or injured {harmed:,}",
                    11,
                    False,
                ),
                ("click to review and confirm", 11, False),
            ]
            tooltip(surface, self.ink, lines, self.mouse, 300, self.map_rect)

    # top, bottom, panel
    def _draw_top(self, surface) -> None:
        g = self.game
        rect = pygame.Rect(0, 0, self.size[0], TOP)
        pygame.draw.rect(surface, C.PANEL_LIGHT, rect)
        d = g.date
        r = self.ink.text(surface, f"{d.strftime('%a')} {d.day} {d:%B %Y}", (14, 8), 22, C.TEXT, True)
        days = g.board.scenario.days
        phase = (
            f"day {g.day + 1} of {days}" if not g.over else "the campaign is over"
        ) + f" · you command the {g.side} side against the {g.opponent} opponent"
        self.ink.text(surface, phase, (r.right + 16, 15), 14, C.TEXT_DIM)
        self.ink.text(
            surface,
            f"orders today: {len(g.pending)} · H for help",
            (self.size[0] - 14, 15),
            13,
            C.TEXT_DIM,
            anchor="topright",
        )
        text = self.message or self.banner
        if text:
            lines = wrap(text, 13, self.map_rect.w - 40)[:2]
            box = pygame.Rect(self.map_rect.x + 8, TOP + 6, self.map_rect.w - 16, 10 + 17 * len(lines))
            draw_box(surface, box, C.PANEL, C.TEXT_ACCENT if self.message else C.PANEL_EDGE, 225, 4)
            for i, line in enumerate(lines):
                self.ink.text(surface, line, (box.x + 10, box.y + 5 + 17 * i), 13, C.TEXT)

    def _draw_bottom(self, surface) -> None:
        b = self.bottom_rect
        pygame.draw.rect(surface, C.PANEL_LIGHT, b)
        pygame.draw.line(surface, C.PANEL_EDGE, b.topleft, b.topright)
        for button in self.buttons:
            button.draw(surface, self.ink, self.mouse)
        x = self.buttons[-1].rect.right + 14
        self.ink.text(surface, f"zoom {self.map.zoom:g}× · wheel, drag", (x, b.y + 16), 12, C.TEXT_DIM)

    def _draw_panel(self, surface) -> None:
        r = self.panel_rect
        pygame.draw.rect(surface, C.PANEL, r)
        pygame.draw.line(surface, C.PANEL_EDGE, r.topleft, r.bottomleft)
        for i, (rect, name) in enumerate(zip(self._tab_rects, TABS)):
            colour = C.PANEL_LIGHT if i == self.tab else C.PANEL
            pygame.draw.rect(surface, colour, rect)
            pygame.draw.rect(surface, C.PANEL_EDGE, rect, 1)
            self.ink.text(
                surface,
                f"{i + 1} {name}",
                rect.center,
                13,
                C.TEXT_ACCENT if i == self.tab else C.TEXT_DIM,
                i == self.tab,
                anchor="center",
            )
        body = pygame.Rect(r.x + 12, r.y + 38, r.w - 24, r.h - 46)
        self._panel_buttons = []
        (self._draw_formation_tab, self._draw_air_tab, self._draw_diplomacy_tab, self._draw_log_tab)[self.tab](
            surface, body
        )

    def _button(self, surface, rect, label, action, hint="", enabled=True) -> Button:
        button = Button(pygame.Rect(rect), label, action if enabled else (lambda: None), hint)
        button.draw(surface, self.ink, self.mouse)
        if not enabled:
            shade = pygame.Surface(button.rect.size, pygame.SRCALPHA)
            shade.fill((30, 33, 40, 150))
            surface.blit(shade, button.rect)
        self._panel_buttons.append(button)
        return button

    def formation_lines(self, f: int, short: bool = False) -> list[str]:
        b, s = self.game.board, self.game.state
        sf = b.scenario.formations[f]
        here = int(s.position[0, f])
        strength, full = int(s.strength[0, f]), int(b.formation_strength[f])
        lines = [
            sf.name,
            f"{sf.faction.name} · {TYPE_LABEL.get(sf.type, sf.type)}",
            f"strength {strength:,} of {full:,} ({strength / max(full, 1):.0%})",
        ]
        if self.is_mine(f) or not short:
            lines.append(
                f"cohesion {float(s.cohesion[0, f]):.0%} · posture {POSTURES[int(s.posture[0, f])]}"
                + (f" ({int(s.dug_in_days[0, f])} days dug in)" if s.dug_in_days[0, f] else "")
            )
        lines.append(
            f"at {self.hex_name(here)} ({C.TERRAIN_LABEL.get(b.terrain_names[b.terrain[here]], '')})"
            if here >= 0
            else "not on the map"
        )
        if self.is_mine(f):
            lines.append("supplied" if s.supplied[0, f] else "cut off from supply")
        return lines

    def order_text(self, order) -> str:
        if order is None:
            return ""
        b = self.game.board
        if isinstance(order, Move):
            return (
                f"{b.scenario.formations[b.formation_index(order.formation)].name}: move to {self.hex_name(order.to)}"
            )
        if isinstance(order, Attack):
            name = b.scenario.formations[b.formation_index(order.formation)].name
            return f"{name}: attack {self.hex_name(order.target)}"
        if isinstance(order, DigIn):
            return f"{b.scenario.formations[b.formation_index(order.formation)].name}: dig in"
        if isinstance(order, Refit):
            return f"{b.scenario.formations[b.formation_index(order.formation)].name}: refit"
        if isinstance(order, AirMission):
            return (
                f"{self.arm_names.get(order.arm, order.arm)}: {order.sorties} sorties, "
                f"{MISSION_LABEL[order.kind].lower()} on {self.hex_name(order.hex)}"
            )
        if isinstance(order, Ceasefire):
            return "accept the other side's ceasefire proposal" if order.accept else "propose a ceasefire"
        return str(order)

    def _order_of(self, f: int):
        fid = self.fid(f)
        return next((o for o in self.game.pending if getattr(o, "formation", None) == fid), None)

    def _draw_formation_tab(self, surface, body) -> None:
        g = self.game
        x, y = body.x, body.y
        f = self.selected
        self._list_rects = []
        if f is None:
            mine = g.my_formations()
            self.ink.text(surface, f"Your formations ({len(mine)}) — click one, or Tab", (x, y), 14, C.TEXT, True)
            y += 24
            for m in mine:
                if y > body.bottom - 40:
                    self.ink.text(surface, "… (Tab cycles through all)", (x, y), 11, C.TEXT_DIM)
                    break
                sf = g.board.scenario.formations[m]
                order = self._order_of(m)
                frac = float(g.state.strength[0, m]) / max(1, float(g.board.formation_strength[m]))
                row = pygame.Rect(x, y, body.w, 20)
                if row.collidepoint(self.mouse):
                    pygame.draw.rect(surface, C.PANEL_LIGHT, row)
                draw_counter(surface, pygame.Rect(x, y + 3, 20, 14), sf.type, C.MARKER[self.formation_family[m]], frac)
                name = _fit(sf.name, 12, body.w - 150)
                self.ink.text(surface, name, (x + 26, y + 2), 12, C.TEXT)
                status = order_word(order) if order else "holds"
                self.ink.text(surface, f"{frac:.0%} · {status}", (body.right, y + 2), 11, C.TEXT_DIM, anchor="topright")
                self._list_rects.append((row, m))
                y += 21
            y = max(y + 8, body.bottom - 36)
            self.ink.text(surface, "A formation given no order holds its ground.", (x, y), 11, C.TEXT_DIM)
            self.ink.text(
                surface, "Enter ends the turn; the computer then gives its orders.", (x, y + 16), 11, C.TEXT_DIM
            )
            return
        lines = self.formation_lines(f)
        self.ink.text(surface, lines[0], (x, y), 15, C.TEXT_ACCENT, True)
        y += 24
        for line in lines[1:]:
            self.ink.text(surface, line, (x, y), 12, C.TEXT)
            y += 18
        if not self.is_mine(f):
            y += 8
            self.ink.text(surface, "an enemy formation seen by your units", (x, y), 12, C.TEXT_DIM)
            return
        order = self._order_of(f)
        y += 6
        self.ink.text(
            surface,
            "Order today: " + (self.order_text(order).split(": ", 1)[-1] if order else "none (holds)"),
            (x, y),
            13,
            C.TEXT,
            True,
        )
        y += 26
        bw = (body.w - 12) // 3
        self._button(surface, (x, y, bw, 28), "Dig in (D)", self.dig_in)
        self._button(surface, (x + bw + 6, y, bw, 28), "Refit (R)", self.refit)
        self._button(
            surface, (x + 2 * (bw + 6), y, bw, 28), "Cancel (Del)", self.cancel_order, enabled=order is not None
        )
        y += 40
        reach, attacks = self.targets()
        self.ink.text(surface, f"Can move to {len(reach)} hex(es) today (lit white on the map)", (x, y), 12, C.TEXT)
        y += 22
        if attacks:
            self.ink.text(
                surface, "Can attack (red on the map): force ratio, chance of taking the hex", (x, y), 12, C.TEXT
            )
            y += 18
            for h, ratio, chance in sorted(attacks, key=lambda o: -o[2]):
                self.ink.text(
                    surface, f"{self.hex_name(h)}: {ratio_text(ratio)}, {chance:.0%}", (x + 10, y), 12, C.TEXT_ACCENT
                )
                y += 17
                if y > body.bottom - 20:
                    break
        elif g.legal_orders(f).no_attack:
            self.ink.text(surface, g.legal_orders(f).no_attack, (x, y), 12, C.TEXT_ACCENT)
        else:
            self.ink.text(surface, "no enemy-held hex adjacent", (x, y), 12, C.TEXT_DIM)

    def _draw_air_tab(self, surface, body) -> None:
        g, b, s = self.game, self.game.board, self.game.state
        x, y = body.x, body.y
        yesterday = WEATHER[int(s.weather[0])]
        chances = b.rules["weather.transition"][int(s.weather[0])]
        self.ink.text(surface, f"Weather yesterday: {yesterday}", (x, y), 13, C.TEXT, True)
        y += 20
        y += (
            self.ink.wrapped(
                surface,
                "Today's is drawn at dawn: "
                + ", ".join(f"{w} {p:.0%}" for w, p in zip(WEATHER, chances))
                + " (rain cuts sorties, storms ground aircraft).",
                pygame.Rect(x, y, body.w, 40),
                11,
                C.TEXT_DIM,
            )
            + 8
        )
        sorties = g.sorties()
        self._arm_rects = []
        if not sorties:
            self.ink.text(surface, "Your side has no air arm in this scenario.", (x, y), 12, C.TEXT_DIM)
            return
        self.ink.text(surface, "Air arms (click one, or A): sorties left today", (x, y), 12, C.TEXT_DIM)
        y += 18
        for arm, left in sorties.items():
            row = pygame.Rect(x, y, body.w, 22)
            on = arm == self.air_arm
            pygame.draw.rect(surface, C.BUTTON_ACTIVE if on else C.PANEL_LIGHT, row, border_radius=3)
            self.ink.text(surface, _fit(self.arm_names[arm], 12, body.w - 90), (x + 8, y + 3), 12, C.TEXT, on)
            self.ink.text(surface, f"{left} sorties", (row.right - 8, y + 3), 12, C.TEXT, on, anchor="topright")
            self._arm_rects.append((row, arm))
            y += 25
        y += 6
        self.ink.text(surface, "Mission (K):", (x, y + 6), 12, C.TEXT_DIM)
        y += 26
        bw = (body.w - 12) // 3
        for i, kind in enumerate(MISSIONS):
            button = self._button(
                surface,
                (x + i * (bw + 6), y, bw, 28),
                ("Close support", "Interdiction", "Strike")[i],
                lambda i=i: setattr(self, "air_kind", i),
            )
            if i == self.air_kind:
                pygame.draw.rect(surface, C.TEXT_ACCENT, button.rect, 2, border_radius=4)
        y += 34
        self.ink.text(surface, MISSION_HELP[MISSIONS[self.air_kind]], (x, y), 11, C.TEXT_DIM)
        y += 22
        self._button(surface, (x, y, 34, 28), "−", lambda: self.more_sorties(-1))
        self.ink.text(surface, f"{self.air_sorties} sorties", (x + 90, y + 14), 14, C.TEXT, True, anchor="center")
        self._button(surface, (x + 146, y, 34, 28), "+", lambda: self.more_sorties(1))
        self.ink.text(surface, "[ / ] fewer, more", (x + 192, y + 7), 11, C.TEXT_DIM)
        y += 38
        y += (
            self.ink.wrapped(
                surface,
                "Click a hex on the map to choose the target. The people living there and "
                "the harm the model expects are shown before you confirm.",
                pygame.Rect(x, y, body.w, 60),
                12,
                C.TEXT_ACCENT,
            )
            + 10
        )
        missions = [o for o in g.pending if isinstance(o, AirMission)]
        self.ink.text(surface, f"Missions ordered today ({len(missions)}):", (x, y), 12, C.TEXT_DIM)
        y += 18
        for o in missions:
            residents, harmed = g.civilian_risk(o.hex, o.sorties)
            y += self.ink.wrapped(
                surface,
                f"{self.order_text(o)} — residents {residents:,}, expected harm {harmed:,}",
                pygame.Rect(x + 8, y, body.w - 8, 40),
                11,
                C.TEXT,
            )
            if y > body.bottom - 16:
                break

    def _draw_diplomacy_tab(self, surface, body) -> None:
        g, b, s = self.game, self.game.board, self.game.state
        x, y = body.x, body.y

        def line(text, size=12, colour=C.TEXT, bold=False, gap=18):
            nonlocal y
            self.ink.text(surface, text, (x, y), size, colour, bold)
            y += gap

        if s.ceasefire[0]:
            line(f"Ceasefire in force for {int(s.ceasefire_age[0])} day(s)", 14, C.TEXT_ACCENT, True, 22)
            y += (
                self.ink.wrapped(
                    surface,
                    "Terms: offensive operations halt; an attack ordered during the truce is "
                    "called off and counted as a violation, which raises the chance it collapses.",
                    pygame.Rect(x, y, body.w, 60),
                    11,
                    C.TEXT_DIM,
                )
                + 6
            )
        else:
            line("No ceasefire in force", 14, C.TEXT, True, 22)
        line(f"Violations counted so far: {int(s.violations[0])}")
        line(f"Tension between Turkey and the government: {float(s.tension[0]):.2f}")
        line(f"Turkish escalation: {ESCALATION[min(int(s.escalation[0]), 2)]}")
        scheduled = [b.date(int(d)) for d in b.ceasefire_days if int(d) >= g.day]
        if scheduled:
            line("Scheduled in the scenario: " + ", ".join(f"{d.day} {d:%b %Y}" for d in scheduled), 11, C.TEXT_DIM)
        y += 8
        line("Pressure on the sides (last 7 days · since the start)", 13, C.TEXT, True, 22)
        line(f"Turkish soldiers killed: {int(s.deaths_week[0].sum()):,} · {int(s.turkish_deaths[0]):,}")
        line(f"People displaced: {int(s.displaced_week[0].sum()):,} · {int(s.displaced_total[0]):,}")
        line(f"Civilians killed or injured (since the start): {int(s.casualties[0].sum()):,}")
        y += 8
        line("Proposals", 13, C.TEXT, True, 22)
        for side in b.scenario.playable:
            open_ = bool(s.proposals[0, b.side_index(side)])
            line(
                f"{side}: " + ("a ceasefire proposal is open" if open_ else "no proposal open"),
                12,
                C.TEXT_ACCENT if open_ else C.TEXT_DIM,
            )
        pending = next((o for o in g.pending if isinstance(o, Ceasefire)), None)
        if pending:
            line("Ordered today: " + self.order_text(pending), 12, C.TEXT, True)
        y += 8
        bw = (body.w - 8) // 2
        self._button(surface, (x, y, bw, 30), "Propose ceasefire (P)", self.propose)
        self._button(surface, (x + bw + 8, y, bw, 30), "Accept theirs (Y)", self.accept, enabled=self.enemy_proposed())
        y += 40
        self.ink.wrapped(
            surface,
            "Pressure from casualties, Turkish losses and displacement makes a negotiated truce "
            "more likely; the rules decide whether one takes effect.",
            pygame.Rect(x, y, body.w, 60),
            11,
            C.TEXT_DIM,
        )

    def _draw_log_tab(self, surface, body) -> None:
        x, y = body.x, body.y
        self._search_rect = pygame.Rect(x, y, body.w, 26)
        draw_box(surface, self._search_rect, C.PANEL_LIGHT, C.TEXT_ACCENT if self.log_typing else C.PANEL_EDGE, 255, 4)
        text = f"Filter: {self.log_filter}" + ("_" if self.log_typing else "")
        if not self.log_filter and not self.log_typing:
            text = "Filter: click or press / and type (e.g. Saraqib, taken)"
        self.ink.text(surface, text, (x + 8, y + 5), 12, C.TEXT if self.log_filter or self.log_typing else C.TEXT_DIM)
        y += 32
        rows = self.filtered_log()
        b = self.game.board
        capacity = max(1, (body.bottom - y) // LOG_ROW)
        self.log_scroll = max(0, min(self.log_scroll, max(0, len(rows) - capacity)))
        self._log_rects = []
        if not rows:
            self.ink.text(
                surface,
                "no events yet" if not self.log_filter else "no event matches the filter",
                (x, y),
                12,
                C.TEXT_DIM,
            )
            return
        last_day = None
        for row in rows[self.log_scroll : self.log_scroll + capacity]:
            day, text, place, h = row
            rect = pygame.Rect(x, y, body.w, LOG_ROW)
            if rect.collidepoint(self.mouse):
                pygame.draw.rect(surface, C.PANEL_LIGHT, rect)
            date = f"{b.date(day).day} {b.date(day):%b}" if day != last_day else ""
            last_day = day
            self.ink.text(surface, date, (x, y + 2), 11, C.TEXT_ACCENT)
            self.ink.text(
                surface,
                _fit(text, 11, body.w - 48),
                (x + 46, y + 2),
                11,
                C.TEXT if (place >= 0 or h >= 0) else C.TEXT_DIM,
            )
            self._log_rects.append((rect, row))
            y += LOG_ROW
        if len(rows) > capacity:
            self.ink.text(
                surface,
                f"{self.log_scroll + 1}–{min(len(rows), self.log_scroll + capacity)} of {len(rows)}; wheel scrolls",
                (body.right, body.bottom + 2),
                10,
                C.TEXT_DIM,
                anchor="bottomright",
            )

    def _draw_dialog(self, surface) -> None:
        d = self.dialog
        self._dialog_buttons = []
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 90))
        surface.blit(shade, (0, 0))
        width = 620 if d.kind == "load" else 520
        rows = len(d.items or []) if d.kind == "load" else 0
        height = 110 + 20 * len(d.lines) + (34 if d.kind == "save" else 0) + min(rows, 12) * 22 + (40 if d.error else 0)
        rect = pygame.Rect(0, 0, width, height)
        rect.center = self.map_rect.center
        draw_box(surface, rect, C.PANEL, C.TEXT_ACCENT, 250, 8)
        x, y = rect.x + 18, rect.y + 14
        self.ink.text(surface, d.title, (x, y), 17, C.TEXT_ACCENT, True)
        y += 30
        for text in d.lines:
            self.ink.text(surface, _fit(text, 13, width - 36), (x, y), 13, C.TEXT)
            y += 20
        if d.kind == "save":
            field = pygame.Rect(x, y + 4, width - 36, 26)
            draw_box(surface, field, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
            self.ink.text(surface, d.text + "_", (field.x + 6, field.y + 5), 13, C.TEXT)
            self.ink.text(surface, ".json", (field.right - 6, field.y + 5), 12, C.TEXT_DIM, anchor="topright")
            y += 38
        if d.kind == "load":
            self._load_rects = []
            first = max(0, min(d.index - 11, len(d.items) - 12))
            for i, info in enumerate(d.items[first : first + 12], start=first):
                row = pygame.Rect(x, y, width - 36, 21)
                if i == d.index:
                    pygame.draw.rect(surface, C.BUTTON_ACTIVE, row, border_radius=3)
                elif row.collidepoint(self.mouse):
                    pygame.draw.rect(surface, C.PANEL_LIGHT, row, border_radius=3)
                self.ink.text(
                    surface, _fit(info.path.name, 12, 180), (x + 6, y + 3), 12, C.TEXT if info.ok else C.TEXT_DIM, True
                )
                self.ink.text(
                    surface,
                    _fit(info.text if info.ok else "cannot be loaded: " + info.text, 11, width - 250),
                    (x + 196, y + 4),
                    11,
                    C.TEXT if info.ok else C.TEXT_ACCENT,
                )
                self._load_rects.append((row, i))
                y += 22
        if d.error:
            y += 4
            for line in wrap(d.error, 12, width - 36)[:2]:
                self.ink.text(surface, line, (x, y), 12, C.TEXT_ACCENT, True)
                y += 17
        y = rect.bottom - 42
        if d.kind == "confirm_air":
            self._dialog_buttons.append(Button(pygame.Rect(x, y, 160, 30), "Confirm (Enter)", self.confirm_air))
        elif d.kind == "finish":
            self._dialog_buttons.append(
                Button(
                    pygame.Rect(x, y, 160, 30), "Finish (Enter)", lambda: setattr(self, "next", ("report", self.game))
                )
            )
        elif d.kind == "save":
            self._dialog_buttons.append(
                Button(pygame.Rect(x, y, 160, 30), "Save (Enter)", lambda: self.save_to(d.text, replace=d.armed))
            )
        self._dialog_buttons.append(
            Button(pygame.Rect(rect.right - 178, y, 160, 30), "Cancel (Esc)", lambda: setattr(self, "dialog", None))
        )
        for button in self._dialog_buttons:
            button.draw(surface, self.ink, self.mouse)


def side_families(board) -> np.ndarray:
    """(S,) index into ``colours.FAMILIES`` of each side."""
    return np.array([C.FAMILIES.index(family_of(side)) for side in board.sides], dtype=np.int8)


def hex_families(board, control: np.ndarray) -> np.ndarray:
    """(H,) family index of each hex from a (H,) side index (-1 beyond the border stays -1)."""
    return np.where(control >= 0, side_families(board)[np.maximum(control, 0)], -1).astype(np.int8)


def game_map_state(game: Game, key) -> MapState:
    """What the map shows of a game today: control, observation posts, places taken yesterday ringed."""
    b, s = game.board, game.state
    fam = hex_families(b, s.control[0])
    place_family = {
        p.id: C.FAMILIES[fam[b.place_hex[i]]] if fam[b.place_hex[i]] >= 0 else "hts"
        for i, p in enumerate(b.scenario.settlements)
    }
    posts = [
        (post, bool(s.post_encircled[0, i]))
        for i, post in enumerate(b.scenario.observation_posts)
        if b.post_from_day[i] <= game.day
    ]
    last = game.events[game.events["day"] == game.day - 1] if game.day > 0 else game.events[:0]
    captured = frozenset(b.scenario.settlements[p].id for p in last["place"][last["kind"] == ev.Kind.CAPTURE] if p >= 0)
    return MapState(key, fam, place_family, posts, captured)


# -- drawing helpers -------------------------------------------------------------------------------------
def _item(text, rect, where):
    from .widgets import TextItem

    return TextItem(text, rect.copy(), where)


def ratio_text(ratio: float) -> str:
    if ratio >= 1:
        return f"{ratio:.1f}:1" if ratio < 10 else f"{ratio:.0f}:1"
    return f"1:{1 / max(ratio, 1e-9):.1f}" if ratio > 0.1 else "1:10+"


def order_word(order) -> str:
    return {Move: "moves", Attack: "attacks", DigIn: "digs in", Refit: "refits"}.get(type(order), "ordered")


def _fit(text: str, size: int, width: int, bold: bool = False) -> str:
    f = font(size, bold)
    if f.size(text)[0] <= width:
        return text
    while len(text) > 1 and f.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


def arrow(surface, a, b, colour) -> None:
    ax, ay = a
    bx, by = b
    length = math.hypot(bx - ax, by - ay)
    if length < 4:
        return
    ux, uy = (bx - ax) / length, (by - ay) / length
    tip = (bx - ux * 4, by - uy * 4)
    pygame.draw.line(surface, (20, 20, 20), a, tip, 5)
    pygame.draw.line(surface, colour, a, tip, 3)
    head = [
        tip,
        (tip[0] - ux * 10 - uy * 6, tip[1] - uy * 10 + ux * 6),
        (tip[0] - ux * 10 + uy * 6, tip[1] - uy * 10 - ux * 6),
    ]
    pygame.draw.polygon(surface, (20, 20, 20), head)
    pygame.draw.polygon(surface, colour, [(p[0] * 0.85 + tip[0] * 0.15, p[1] * 0.85 + tip[1] * 0.15) for p in head])


def draw_counter(surface, rect: pygame.Rect, kind: str, colour, strength: float, enemy: bool = False) -> None:
    """A unit counter: the side's colour, a symbol by type (NATO-like), a strength bar along the bottom."""
    pygame.draw.rect(surface, (20, 20, 20), rect.inflate(2, 2), border_radius=2)
    pygame.draw.rect(surface, colour, rect, border_radius=2)
    if enemy:
        pygame.draw.rect(surface, (255, 255, 255), rect, 1, border_radius=2)
    bar_h = max(2, rect.h // 6)
    inner = pygame.Rect(rect.x + 3, rect.y + 2, rect.w - 6, rect.h - bar_h - 5)
    ink = (255, 255, 255)
    if kind in ("infantry", "mechanised", "turkish_forces", "commandos"):
        pygame.draw.line(surface, ink, inner.topleft, inner.bottomright, 1)
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, 1)
    if kind in ("mechanised", "armour"):
        oval = inner.inflate(-inner.w // 4, -max(2, inner.h // 3))
        pygame.draw.ellipse(surface, ink, oval, 1)
    letters = {"special_forces": "SF", "militia": "M", "turkish_forces": "TR", "commandos": "C"}.get(kind)
    if kind == "artillery":
        pygame.draw.circle(surface, ink, inner.center, max(2, inner.h // 4))
    elif letters:
        size = max(8, min(12, inner.h))
        image = render(letters, size, ink, True)
        if kind in ("turkish_forces", "commandos"):
            box = image.get_rect(center=inner.center).inflate(2, 0)
            pygame.draw.rect(surface, colour, box)
        surface.blit(image, image.get_rect(center=inner.center))
    elif kind not in ("infantry", "mechanised", "armour"):
        surface.blit(render("?", 10, ink, True), inner.topleft)
    bar = pygame.Rect(rect.x + 2, rect.bottom - bar_h - 2, rect.w - 4, bar_h)
    pygame.draw.rect(surface, (40, 40, 40), bar)
    strength = max(0.0, min(1.0, strength))
    fill = (80, 200, 80) if strength > 0.66 else (240, 200, 60) if strength > 0.33 else (230, 70, 50)
    pygame.draw.rect(surface, fill, (bar.x, bar.y, max(1, round(bar.w * strength)), bar.h))


# -- headless entry point ----------------------------------------------------------------------------------
def render_png(screen: PlayScreen, path) -> None:
    surface = pygame.Surface(screen.size)
    screen.draw(surface)
    pygame.image.save(surface, str(path))
