"""The replay screen: the record day by day on the map, with the day's claims, sources and figures.

A façade over the controller (the day, playback, the date being typed), the panel and bottom bar
(``view``) and the map shell. :func:`render_png` draws the same pixels without a window.
"""

from __future__ import annotations

import datetime as dt

import pygame

from engine.scenario import Scenario

from ... import colours as C
from ...kit.hitmap import HitMap
from ...kit.keys import KeyTable, Row, bind, keys
from ...kit.mapshell import MapClick, MapShell, OnMapShell
from ...kit.mapview import MapState, MapView
from ...kit.markers import MarkerLayer
from ...kit.screen import IDLE, REDRAW, Stay, Transition
from ...kit.sheet import Sheet
from ...kit.widgets import BACKDROP, INSIDE, Scrubber
from ...replaydata import ReplayData
from .card import compose_card
from .controller import ReplayController
from .describe import day_month, long_date
from .view import EventCards, Scrub, compose_bottom, compose_panel, legend, place_tooltip

CLOSE_HELP = (pygame.K_ESCAPE, pygame.K_h, pygame.K_F1, pygame.K_SLASH, pygame.K_QUESTION, pygame.K_RETURN)


class ReplayScreen(OnMapShell):
    def __init__(self, scenario: Scenario, data: ReplayData | None = None, date=None, size=(1280, 800)):
        c = self.controller = ReplayController(scenario, data, date)
        self.shell = MapShell(MapView(scenario, c.data.grid, (0, 0, 100, 100)), size, 460, 84, legend(c), 1)
        self.events = EventCards()
        self.layers = [MarkerLayer(lambda: c.data.markers(c.date))]
        span = (c.data.index(c.data.start), c.data.index(min(scenario.end_date, c.data.last)), (120, 60, 60))
        marks = sorted({c.data.index(d) for d in c.data.event_dates})
        self.scrubber = Scrubber(pygame.Rect(0, 0, 1, 1), len(c.data.dates), marks, [span])
        self.keys = self._key_table()
        self._scrubbing = False
        self._shown: dt.date | None = None
        self.frame = Sheet()  # the frame on screen

    def _key_table(self) -> KeyTable:
        c, shell = self.controller, self.shell
        k = pygame
        return KeyTable(
            "Replay: keys and mouse",
            [
                Row("Space", "play / pause", bind(c.toggle_play, k.K_SPACE)),
                Row(
                    "Left / Right",
                    "one day back / forward",
                    bind(lambda: c.step(-1), k.K_LEFT) | bind(lambda: c.step(1), k.K_RIGHT),
                ),
                Row(
                    "PgUp / PgDn",
                    "one week back / forward",
                    bind(lambda: c.step(-7), k.K_PAGEUP) | bind(lambda: c.step(7), k.K_PAGEDOWN),
                ),
                Row(
                    "P / N",
                    "previous / next day with events",
                    bind(lambda: c.next_event_day(-1), k.K_p) | bind(lambda: c.next_event_day(1), k.K_n),
                ),
                Row(
                    "Home / End",
                    "start of the offensive / end of the record",
                    bind(lambda: c.go(c.data.start), k.K_HOME) | bind(lambda: c.go(c.data.last), k.K_END),
                ),
                Row(
                    "Up / Down, ] / [",
                    "faster / slower",
                    bind(lambda: c.faster(1), k.K_UP, k.K_RIGHTBRACKET)
                    | bind(lambda: c.faster(-1), k.K_DOWN, k.K_LEFTBRACKET),
                ),
                Row(
                    "J, G",
                    "jump to a date (type it, Enter)",
                    bind(lambda: c.open_jump("j"), k.K_j) | bind(lambda: c.open_jump("g"), k.K_g),
                ),
                *shell.navigation_rows(self._focus, pan_keys="wasd"),
                Row("Hover / click a place", "its name, controller, population, events"),
                Row("Wheel over events", "scroll the day's events"),
                Row("L", "legend on / off", bind(shell.toggle_legend, k.K_l)),
                Row("F11", "full screen on / off"),
                Row("H, F1, ?", "this help", bind(shell.toggle_help, keys(k.K_h, k.K_F1, k.K_QUESTION, k.K_SLASH))),
                Row("Click an event card", "open it whole: the full quote, its sources, show its places"),
                Row("Esc", "close the date box, the event card or the place's card", bind(c.cancel, k.K_ESCAPE)),
                Row("Q", "back to the start screen (or close the replay)", bind(c.leave, k.K_q)),
            ],
            "Control of places follows the record day by day; each hex takes the controller of its nearest place.",
        )

    def _focus(self):
        c = self.controller
        return self.shell.map.place_position(c.selected) if c.selected else None

    # -- the protocol --------------------------------------------------------------------------------------
    def handle(self, event) -> None:
        c, shell = self.controller, self.shell
        if event.type == pygame.KEYDOWN:
            if shell.show_help:
                shell.show_help = event.key not in CLOSE_HELP
            elif c.typing is not None:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    c.finish_jump()
                elif event.key == pygame.K_ESCAPE:
                    c.cancel()
                elif event.key == pygame.K_BACKSPACE:
                    c.backspace()
            else:
                self.keys.press(event)
        elif event.type == pygame.TEXTINPUT:
            c.type(event.text)
        elif event.type == pygame.MOUSEBUTTONDOWN and shell.show_help:
            shell.show_help = False
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            shell.mouse = event.pos
            target = self.compose().hits.top(event.pos)
            if isinstance(target, Scrub):
                self._scrubbing = True
                c.go(c.data.dates[self.scrubber.index_at(event.pos[0])])
            elif callable(target):
                target()
            elif target is BACKDROP:
                c.cancel()  # a click beside the opened card closes it
            elif target is not INSIDE:
                shell.pointer(event)
        elif event.type == pygame.MOUSEMOTION and self._scrubbing:
            shell.mouse = event.pos
            c.go(c.data.dates[self.scrubber.index_at(event.pos[0])])
        elif event.type == pygame.MOUSEBUTTONUP and self._scrubbing:
            self._scrubbing = False
        elif event.type == pygame.MOUSEWHEEL and shell.layout.panel.collidepoint(shell.mouse):
            c.scroll = max(0, c.scroll - event.y * 40)
        else:
            result = shell.pointer(event)
            if isinstance(result, MapClick):
                place = shell.map.place_at(result.pos)
                c.click_place(place.id if place else None)
            if event.type == pygame.MOUSEMOTION:
                place = shell.map.place_at(event.pos)
                c.hovered = place.id if place else None

    def update(self, seconds: float) -> Transition:
        c = self.controller
        if c.next is not None:
            return c.next
        changed = c.update(seconds)
        held = c.typing is None and not self.shell.show_help and self.keys.hold(seconds)
        if held:
            return REDRAW
        if c.playing:
            return Stay(changed, wake=1.0 / c.speed / 4)
        return REDRAW if changed else IDLE

    def draw(self, surface: pygame.Surface) -> HitMap:
        sheet = self.compose()
        surface.fill(C.PANEL)
        self.shell.paint_map(surface, self.layers)
        self.frame = sheet
        return sheet.draw(surface, self.shell.mouse)

    def items(self):
        """The strings of the last frame with where they are (``where``: "events" for the day's claims)."""
        return self.frame.items

    def leave(self) -> None:
        pass

    def caption(self) -> str:
        return f"idlib-wargame: replay, {self.controller.date:%d %b %Y}"

    # -- the frame ----------------------------------------------------------------------------------------
    def compose(self) -> Sheet:
        c, shell = self.controller, self.shell
        view, d = shell.map, c.date
        if self._shown != d:
            self._shown = d
            data = c.data
            view.set_state(
                MapState(d, data.hex_families(d), data.families(d), data.post_marks(d), frozenset(data.changes_on(d)))
            )
        view.selected, view.hovered = c.selected, c.hovered
        sheet = Sheet("screen")
        end = day_month(c.scenario.end_date)
        if d < c.data.start:
            phase = f"prelude: control shown as on {c.data.start.day} {c.data.start:%B %Y}"
        elif d <= c.scenario.end_date:
            phase = f"day {(d - c.data.start).days + 1} of the offensive (to the {end} ceasefire)"
        else:
            phase = f"aftermath: {(d - c.scenario.end_date).days} days after the {end} ceasefire"
        info = f"{'playing' if c.playing else 'paused'} · {c.speed:g} day/s · H for help"
        banner = f"Go to date (Enter; Esc closes): {c.typing}_" if c.typing is not None else c.message
        shell.compose_bars(sheet, long_date(d), phase, info, banner, C.TEXT_ACCENT if c.typing is None else C.TEXT)
        shell.compose_legend(sheet)
        compose_panel(sheet, shell.layout.panel, c, self.events)
        buttons = [
            ("|<", lambda: c.go(c.data.start)),
            ("<", lambda: c.step(-1)),
            ("Pause" if c.playing else "Play", c.toggle_play),
            (">", lambda: c.step(1)),
            ("-", lambda: c.faster(-1)),
            ("+", lambda: c.faster(1)),
            ("Go to", c.open_jump),
            ("?", shell.toggle_help),
        ]
        compose_bottom(sheet, shell.layout.bottom, c, buttons, self.scrubber)
        place = c.hovered or c.selected
        if c.focus is not None:  # a card's place: zoomed in enough to tell it from its neighbours, centred
            view.set_zoom(max(view.zoom_index, 3))
            view.centre_on(c.focus)
            c.focus = None
        if place and not shell.show_help and c.card is None:
            place_tooltip(sheet, c, view, place)
        compose_card(sheet, shell.layout.window, c)
        shell.compose_help(sheet, self.keys)
        return sheet


def render_png(screen: ReplayScreen, date: dt.date, path) -> None:
    """Draw ``date`` off screen and save it as a PNG."""
    screen.controller.go(screen.controller.data.check(date))
    surface = pygame.Surface(screen.size)
    screen.draw(surface)
    pygame.image.save(surface, str(path))
