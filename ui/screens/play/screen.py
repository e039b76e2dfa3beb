"""The play screen: one side's command against the computer, a day a turn, on the hex map.

A façade over the parts: the controller holds what the player chose and asked, the input turns
events into its actions, the map layers and panels draw it, the map shell frames it. Everything
it shows about what an order will do comes from :class:`engine.game.Game`, so the screen shows
what the rules will do; civilian harm is shown as a consequence of a mission, never as an aim.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame

from engine.game import Game

from ... import colours as C
from ... import saves
from ...kit.gamemap import RecordFront, game_map_state
from ...kit.hitmap import HitMap
from ...kit.mapshell import MapShell, OnMapShell
from ...kit.mapview import ZOOMS, MapView
from ...kit.markers import MarkerLayer
from ...kit.metrics import px
from ...kit.screen import IDLE, REDRAW, Stay, Transition
from ...kit.sheet import Sheet
from .controller import PlayController
from .dialogs import compose_dialog
from .input import PlayInput
from .panels import compose_bottom, compose_panel
from .targets import Counter
from .view import READABLE_HEX, Counters, Marks, Orders, Reach, Results, hex_point, hover, legend

HINT = "Click a formation (or press Tab) to see where it may move and attack; Enter ends the turn; H lists the keys."


class PlayScreen(OnMapShell):
    def __init__(self, game: Game, size=(1366, 768), autosaver: saves.Autosaver | None = None, scenario_path=None):
        c = self.controller = PlayController(game, autosaver, Path(scenario_path) if scenario_path else None)
        b = game.board
        view = MapView(b.scenario, b.grid, (0, 0, 100, 100), terrain=b.terrain.astype(np.int8))
        self.shell = MapShell(view, size, legend=legend(c))
        self.layers = [
            RecordFront(lambda: c.game, lambda: c.ghost),
            Results(c),
            MarkerLayer(c.markers),
            Reach(c),
            Orders(c),
            Counters(c),
            Marks(c, lambda: self.shell.mouse),
        ]
        self.input = PlayInput(c, self.shell, self.focus_point, lambda: self.compose().hits)
        self.keys = self.input.keys
        self._shown: tuple | None = None  # the game state the map shows
        self.frame = Sheet()  # the frame on screen
        self._resolving_drawn = False
        self._kernels_ready = False  # known compiled: no need to ask again

    @property
    def game(self) -> Game:
        return self.controller.game

    @property
    def autosaver(self) -> saves.Autosaver:
        return self.controller.autosaver

    # -- the protocol ---------------------------------------------------------------------------------
    def handle(self, event) -> None:
        self.input.handle(event)
        self._take_focus()

    def update(self, seconds: float) -> Transition:
        c = self.controller
        if c.turn_requested:
            if not self._resolving_drawn:
                return REDRAW  # show "Resolving …" before the wait
            c.end_turn()
            self._resolving_drawn = False
            self._kernels_ready = True
            return c.next or REDRAW
        if c.next is not None:
            return c.next
        if not self.input.modal and self.keys.hold(seconds):
            return REDRAW
        done = c.computer_done()
        if done is not None:  # the computer's games for the score: look again soon, redraw when played
            return REDRAW if done else Stay(False, wake=0.25)
        return IDLE

    def draw(self, surface: pygame.Surface) -> HitMap:
        sheet = self.compose()
        surface.fill(C.PANEL)
        self.shell.paint_map(surface, self.layers)
        self.frame = sheet
        self._resolving_drawn = self.controller.turn_requested
        return sheet.draw(surface, self.shell.mouse)

    def leave(self) -> None:
        self.controller.leave()

    def caption(self) -> str:
        g = self.game
        return f"idlib-wargame: {g.side}, day {g.turn} of {g.setup.turns} ({g.date:%d %b %Y})"

    # -- the frame -------------------------------------------------------------------------------------
    def compose(self) -> Sheet:
        c, shell, g = self.controller, self.shell, self.controller.game
        lay = shell.layout
        key = (c.version, g.day)
        if self._shown != key:
            self._shown = key
            shell.map.set_state(game_map_state(g, ("play", *key)))
        sheet = Sheet("screen")
        shell.compose_layers(sheet, self.layers)
        d = g.date
        against = "hot-seat: the other side is a second player" if g.hot_seat else f"against the {g.opponent} opponent"
        phase = (f"day {g.turn} of {g.setup.turns}" if not g.over else "the game is over") + (
            f" · {g.setup.name} · you command the {g.side} side, {against}"
        )
        banner, colour = (
            (c.message, C.TEXT_ACCENT) if c.message else (c.banner, C.TEXT) if c.banner else (HINT, C.TEXT_DIM)
        )
        shell.compose_bars(
            sheet, f"{d:%a} {d.day} {d:%B %Y}", phase, f"orders today: {len(g.pending)} · H for help", banner, colour
        )
        shell.compose_legend(sheet)
        compose_panel(sheet, lay.panel, c)
        compose_bottom(sheet, lay.bottom, c, shell)
        if not (c.dialog or shell.show_help or shell.dragging) and lay.map.collidepoint(shell.mouse):
            counter = sheet.hits.top(shell.mouse, Counter)
            hover(sheet, c, shell.map, counter, self._hex_at(shell.mouse), shell.mouse)
        if c.turn_requested:
            compiling = self._compiling()
            box = pygame.Rect(0, 0, px(560 if compiling else 420), px(96 if compiling else 60))
            box.center = lay.map.center
            sheet.box(box, C.PANEL, C.TEXT_ACCENT, 240, 8)
            title_at = (box.centerx, box.centery - px(16)) if compiling else box.center
            sheet.text(f"Resolving {d:%d %B %Y}…", title_at, 18, C.TEXT, True, anchor="center")
            if compiling:
                line = "first day after an install: the rules are being compiled, about a minute"
                sheet.text(line, (box.centerx, box.centery + px(18)), 13, C.TEXT_DIM, anchor="center")
        compose_dialog(sheet, lay.window, lay.map, c)
        shell.compose_help(sheet, self.keys)
        return sheet

    def _compiling(self) -> bool:
        """Whether this day's wait includes compiling the rules' kernels (asked until a day has resolved)."""
        if self._kernels_ready:
            return False
        self._kernels_ready = not Game.compiles_the_rules()
        return not self._kernels_ready

    def _hex_at(self, pos) -> int:
        h = self.shell.map.hex_at_screen(pos)
        return h if 0 <= h < self.game.board.hexes and self.game.board.inside[h] else -1

    # -- the map follows the player's attention ----------------------------------------------------------
    def focus_point(self) -> tuple[float, float] | None:
        """Where + and - zoom: the selected formation."""
        c = self.controller
        return hex_point(self.shell.map, c.hex_of(c.selected)) if c.selected is not None else None

    def _take_focus(self) -> None:
        """Show the hex the controller asks for: zoomed in until readable, centred if out of view."""
        focus, view = self.controller.focus, self.shell.map
        self.controller.focus = None
        if focus is None or focus.hex < 0:
            return
        if focus.readable:
            while view.hex_px < px(READABLE_HEX) and view.zoom_index < len(ZOOMS) - 1:
                point = hex_point(view, focus.hex)
                view.zoom_by(1, point if view.rect.collidepoint(point) else None)
        if focus.always or not view.rect.inflate(-px(60), -px(60)).collidepoint(hex_point(view, focus.hex)):
            view.centre_on_km(view.cx[focus.hex], view.cy[focus.hex])
