"""The historical replay: the record applied day by day on the map, with its events, sources and figures.

:class:`ReplayScreen` lays out and draws one frame onto any Surface and turns input events into
actions; :func:`run_window` drives it in a pygame window and :func:`render_png` /
:func:`render_frames` write the same pixels without one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pygame

from engine.scenario import Entry, Scenario

from . import colours as C
from .mapview import MapState, MapView
from .replaydata import DateError, ReplayData
from .widgets import Button, Ink, Scrubber, draw_box, font, help_overlay, tooltip, wrap

SIZE = (1280, 800)
TOP = 46
BOTTOM = 84
PANEL_W = 460
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)  # days per second
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

KEYS = (
    ("Space", "play / pause"),
    ("Left / Right", "one day back / forward"),
    ("PgUp / PgDn", "one week back / forward"),
    ("P / N", "previous / next day with events"),
    ("Home / End", "start of the offensive / end of the record"),
    ("Up / Down  or  ] / [", "faster / slower"),
    ("J", "jump to a date (type it, Enter)"),
    ("Wheel, + / -, 0", "zoom in / out, whole map"),
    ("Drag, W A S D", "pan the map"),
    ("Hover / click a place", "its name, controller, population, events"),
    ("Wheel over events", "scroll the day's events"),
    ("L", "legend on / off"),
    ("H, F1 or ?", "this help"),
    ("Esc", "close help / tooltip;  Q quits"),
)

TYPE_TEXT = {
    "capture": "capture by {side}",
    "withdrawal": "withdrawal by {side}",
    "attack_repelled": "attack by {side} repelled",
    "encirclement": "encirclement by {side}",
    "encirclement_lifted": "encirclement lifted by {side}",
    "airstrike": "air strikes by {side}",
    "shelling": "shelling by {side}",
    "aircraft_downed": "aircraft lost by {side}",
    "casualties": "casualties: {side}",
    "civilian_harm": "civilian harm (reported responsible: {side})",
    "displacement": "displacement of civilians",
    "ceasefire": "ceasefire",
    "ceasefire_violation": "ceasefire violation attributed to {side}",
    "offensive": "offensive by {side}",
    "escalation": "escalation by {side}",
    "reinforcement": "reinforcement of {side}",
    "observation_post": "Turkish observation post ({side})",
    "weather": "weather",
    "diplomacy": "diplomacy ({side})",
    "humanitarian": "humanitarian situation",
}


def describe(entry: Entry) -> str:
    """Neutral one-line description of an entry's type and actor."""
    text = TYPE_TEXT.get(entry.type, entry.type.replace("_", " "))
    if entry.side is None:
        text = re.sub(r"\s*\(?[^()]*\{side\}\)?", "", text).strip() or entry.type.replace("_", " ")
    else:
        text = text.format(side=entry.side)
    if entry.places:
        text += ": " + ", ".join(p.name for p in entry.places[:4]) + (" …" if len(entry.places) > 4 else "")
    return text


def figures_text(entry: Entry) -> str:
    parts = []
    for f in entry.figures:
        value = f"{f.value[0]:,.0f}–{f.value[1]:,.0f}" if isinstance(f.value, tuple) else f"{f.value:,.0f}"
        qual = {"at_least": "at least ", "about": "about ", "up_to": "up to ", "over": "over "}.get(
            f.qualifier or "", ""
        )
        who = f" ({f.side})" if f.side else ""
        parts.append(f"{f.what.replace('_', ' ')}{who}: {qual}{value}")
    return "; ".join(parts)


def long_date(d: dt.date) -> str:
    return f"{d.strftime('%a')} {d.day} {d.strftime('%B %Y')}"


def parse_user_date(text: str, data: ReplayData) -> dt.date:
    """A date typed by the user: ISO (2020-02-05) or day and month (5 feb, feb 5, 5 february 2020)."""
    text = text.strip().casefold()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})\s*([a-z]{3})[a-z]*\.?\s*(\d{4})?|([a-z]{3})[a-z]*\.?\s*(\d{1,2}),?\s*(\d{4})?", text)
    if not m:
        raise DateError(f"not a date: '{text}' (try 2020-02-05 or 5 feb)")
    day, mon, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    if mon not in MONTHS:
        raise DateError(f"not a month: '{mon}'")
    month = MONTHS.index(mon) + 1
    if year is None:
        candidates = [dt.date(y, month, 1) for y in range(data.first.year, data.last.year + 1)]
        inside = [c for c in candidates if data.first.replace(day=1) <= c <= data.last]
        year = (inside or candidates)[0].year
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        raise DateError(f"not a date: '{text}'") from None


@dataclass
class Card:
    """One claim laid out in the event panel."""

    entry: Entry
    lines: list[tuple[str, int, bool, tuple]]  # text, size, bold, colour
    height: int


class ReplayScreen:
    """Everything of the replay except the window: layout, state, drawing and input handling."""

    def __init__(
        self,
        scenario: Scenario,
        data: ReplayData | None = None,
        date: dt.date | None = None,
        size: tuple[int, int] = SIZE,
    ):
        if not pygame.font.get_init():
            pygame.font.init()
        self.scenario = scenario
        self.data = data or ReplayData(scenario)
        self.size = size
        w, h = size
        self.map_rect = pygame.Rect(0, TOP, w - PANEL_W, h - TOP - BOTTOM)
        self.panel_rect = pygame.Rect(w - PANEL_W, TOP, PANEL_W, h - TOP - BOTTOM)
        self.bottom_rect = pygame.Rect(0, h - BOTTOM, w, BOTTOM)
        self.map = MapView(scenario, self.data.grid, self.map_rect)
        self.date = self.data.check(date or self.data.start)
        self.playing = False
        self.speed_index = 2
        self.show_help = False
        self.show_legend = True
        self.typing: str | None = None  # text of the jump-to-date box while it is open
        self._opened_by = ""
        self.message = ""
        self.scroll = 0
        self.mouse = (-1, -1)
        self.dragging: tuple[int, int] | None = None
        self.drag_moved = False
        self.ink = Ink("screen")
        self._panel_cache: dict[dt.date, tuple[pygame.Surface, list]] = {}
        self._events_cache: dict[dt.date, tuple[pygame.Surface, Ink]] = {}
        self._elapsed = 0.0
        self.quit = False
        self._build_controls()
        self._set_map_state()

    # -- state ------------------------------------------------------------------------------------
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def go(self, date: dt.date) -> None:
        """Show ``date`` (clamped to the record)."""
        date = self.data.clamp(date)
        if date != self.date:
            self.date = date
            self.scroll = 0
            self._set_map_state()
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

    def _set_map_state(self) -> None:
        d = self.date
        self.map.set_state(
            MapState(
                d,
                self.data.hex_families(d),
                self.data.families(d),
                self.data.posts(d),
                frozenset(self.data.changes_on(d)),
            )
        )

    def update(self, seconds: float) -> None:
        """Advance the playback clock by ``seconds`` of wall time."""
        if not self.playing:
            return
        self._elapsed += seconds
        period = 1.0 / self.speed
        while self._elapsed >= period and self.playing:
            self._elapsed -= period
            self.step(1)

    # -- controls ---------------------------------------------------------------------------------
    def _build_controls(self) -> None:
        b = self.bottom_rect
        y = b.y + 44
        specs = [
            ("|<", lambda: self.go(self.data.start), "Home"),
            ("<", lambda: self.step(-1), "Left"),
            ("Play", self.toggle_play, "Space"),
            (">", lambda: self.step(1), "Right"),
            ("-", lambda: self.faster(-1), "Down"),
            ("+", lambda: self.faster(1), "Up"),
            ("Go to", self.open_jump, "J"),
            ("?", self.toggle_help, "H"),
        ]
        widths = {"Play": 64, "Go to": 64}
        x = b.x + 12
        self.buttons: list[Button] = []
        for label, action, hint in specs:
            w = widths.get(label, 34)
            self.buttons.append(Button(pygame.Rect(x, y, w, 30), label, action, hint))
            x += w + 6
        self.play_button = self.buttons[2]
        count = len(self.data.dates)
        marks = sorted({self.data.index(d) for d in self.data.event_dates})
        band = (
            self.data.index(self.data.start),
            self.data.index(min(self.scenario.end_date, self.data.last)),
            (120, 60, 60),
        )
        self.scrubber = Scrubber(pygame.Rect(b.x + 12, b.y + 8, b.w - 24, 26), count, marks, [band])

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    def open_jump(self) -> None:
        self.typing = ""
        self.message = ""

    # -- input ------------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Turn one pygame event into an action."""
        if event.type == pygame.QUIT:
            self.quit = True
        elif event.type == pygame.KEYDOWN:
            self._key(event)
        elif event.type == pygame.TEXTINPUT and self.typing is not None:
            if self._opened_by and self.typing == "" and event.text == self._opened_by:
                self._opened_by = ""  # the key that opened the box also arrives as text
            else:
                self.typing += event.text
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            if self.dragging is not None:
                if self.scrubber.dragging:
                    self.go(self.data.dates[self.scrubber.index_at(event.pos[0])])
                else:
                    dx, dy = event.pos[0] - self.dragging[0], event.pos[1] - self.dragging[1]
                    if abs(dx) + abs(dy) > 0:
                        self.map.pan(-dx, -dy)
                        self.drag_moved = True
                    self.dragging = event.pos
            self.map.hovered = p.id if (p := self.map.place_at(event.pos)) else None
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._press(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            if self.dragging is not None and not self.drag_moved and not self.scrubber.dragging:
                self._click_map(event.pos)
            self.dragging = None
            self.scrubber.dragging = False
        elif event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos() if self.mouse == (-1, -1) else self.mouse
            if self.panel_rect.collidepoint(pos):
                self.scroll = max(0, self.scroll - event.y * 40)
            else:
                self.map.zoom_by(1 if event.y > 0 else -1, pos if self.map_rect.collidepoint(pos) else None)

    def _press(self, pos) -> None:
        if self.show_help:
            self.show_help = False
            return
        for button in self.buttons:
            if button.click(pos):
                return
        if self.scrubber.rect.inflate(0, 10).collidepoint(pos):
            self.scrubber.dragging = True
            self.dragging = pos
            self.go(self.data.dates[self.scrubber.index_at(pos[0])])
        elif self.map_rect.collidepoint(pos):
            self.dragging = pos
            self.drag_moved = False

    def _click_map(self, pos) -> None:
        place = self.map.place_at(pos)
        self.map.selected = None if place is None or place.id == self.map.selected else place.id

    def _key(self, event) -> None:
        k, mod = event.key, event.mod
        opened = self.typing is None
        if self.typing is not None:
            self._opened_by = ""
            if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self._finish_jump()
            elif k == pygame.K_ESCAPE:
                self.typing = None
            elif k == pygame.K_BACKSPACE:
                self.typing = self.typing[:-1]
            return
        shift = mod & pygame.KMOD_SHIFT
        actions = {
            pygame.K_SPACE: self.toggle_play,
            pygame.K_LEFT: lambda: self.step(-7 if shift else -1),
            pygame.K_RIGHT: lambda: self.step(7 if shift else 1),
            pygame.K_PAGEUP: lambda: self.step(-7),
            pygame.K_PAGEDOWN: lambda: self.step(7),
            pygame.K_HOME: lambda: self.go(self.data.start),
            pygame.K_END: lambda: self.go(self.data.last),
            pygame.K_n: lambda: self.next_event_day(1),
            pygame.K_p: lambda: self.next_event_day(-1),
            pygame.K_UP: lambda: self.faster(1),
            pygame.K_RIGHTBRACKET: lambda: self.faster(1),
            pygame.K_DOWN: lambda: self.faster(-1),
            pygame.K_LEFTBRACKET: lambda: self.faster(-1),
            pygame.K_j: self.open_jump,
            pygame.K_g: self.open_jump,
            pygame.K_l: lambda: setattr(self, "show_legend", not self.show_legend),
            pygame.K_h: self.toggle_help,
            pygame.K_F1: self.toggle_help,
            pygame.K_QUESTION: self.toggle_help,
            pygame.K_SLASH: self.toggle_help,
            pygame.K_EQUALS: lambda: self.map.zoom_by(1),
            pygame.K_PLUS: lambda: self.map.zoom_by(1),
            pygame.K_KP_PLUS: lambda: self.map.zoom_by(1),
            pygame.K_MINUS: lambda: self.map.zoom_by(-1),
            pygame.K_KP_MINUS: lambda: self.map.zoom_by(-1),
            pygame.K_0: self.map.reset_view,
            pygame.K_w: lambda: self.map.pan(0, -60),
            pygame.K_s: lambda: self.map.pan(0, 60),
            pygame.K_a: lambda: self.map.pan(-60, 0),
            pygame.K_d: lambda: self.map.pan(60, 0),
            pygame.K_q: lambda: setattr(self, "quit", True),
        }
        if k == pygame.K_ESCAPE:
            if self.show_help:
                self.show_help = False
            elif self.map.selected:
                self.map.selected = None
            return
        action = actions.get(k)
        if action:
            action()
            if opened and self.typing is not None:
                self._opened_by = getattr(event, "unicode", "")

    def _finish_jump(self) -> None:
        text, self.typing = self.typing or "", None
        try:
            self.go(self.data.check(parse_user_date(text, self.data)))
            self.message = ""
        except DateError as exc:
            self.message = str(exc)

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole frame; afterwards ``texts()`` lists every string on screen."""
        self.ink.clear()
        surface.fill(C.PANEL)
        self.map.draw(surface)
        if self.show_legend:
            self._draw_legend(surface)
        self._draw_top(surface)
        self._draw_panel(surface)
        self._draw_bottom(surface)
        place_id = self.map.hovered or self.map.selected
        if place_id and not self.show_help:
            self._draw_place_tooltip(surface, place_id)
        if self.show_help:
            help_overlay(
                surface,
                self.ink,
                "Replay: keys and mouse",
                KEYS,
                "Control of places follows the record day by day; each hex takes the controller of its nearest place.",
            )

    def texts(self) -> list[str]:
        """Every string drawn in the last frame: map labels in view, panels, tooltip, overlays."""
        visible = [t for _, t, _ in self.map.visible_labels()]
        others = [i.text for i in self.map.ink.items if i.text not in {l for _, l, _ in self.map.labels}]
        return visible + others + self.ink.strings()

    def _draw_top(self, surface) -> None:
        rect = pygame.Rect(0, 0, self.size[0], TOP)
        pygame.draw.rect(surface, C.PANEL_LIGHT, rect)
        d = self.date
        date_rect = self.ink.text(surface, long_date(d), (14, 8), 22, C.TEXT, True)
        if d < self.data.start:
            phase = f"prelude - control shown as on {self.data.start.day} {self.data.start:%B %Y}"
        elif d <= self.scenario.end_date:
            ceasefire = _day_month(self.scenario.end_date)
            phase = f"day {(d - self.data.start).days + 1} of the offensive (to the {ceasefire} ceasefire)"
        else:
            ceasefire = _day_month(self.scenario.end_date)
            phase = f"aftermath: {(d - self.scenario.end_date).days} days after the {ceasefire} ceasefire"
        self.ink.text(surface, phase, (max(300, date_rect.right + 16), 15), 14, C.TEXT_DIM)
        state = "playing" if self.playing else "paused"
        self.ink.text(
            surface,
            f"{state} · {self.speed:g} day/s · H for help",
            (self.size[0] - 14, 15),
            13,
            C.TEXT_DIM,
            anchor="topright",
        )
        if self.typing is not None or self.message:
            box = pygame.Rect(self.map_rect.x + 10, TOP + 8, 420, 30)
            draw_box(surface, box, C.PANEL, C.TEXT_ACCENT, 240, 4)
            text = f"Go to date: {self.typing}_" if self.typing is not None else self.message
            self.ink.text(
                surface, text, (box.x + 10, box.y + 7), 14, C.TEXT if self.typing is not None else C.TEXT_ACCENT
            )

    def _draw_legend(self, surface) -> None:
        present = set(self.data.families(self.date).values())
        left = [(C.FAMILY_LABEL[f], "area", f) for f in C.FAMILIES if f in present]
        left += [("front line", "front", None), ("changed hands today", "changed", None)]
        right = [
            ("M4 / M5 highway", "highway", None),
            ("road", "road", None),
            ("Turkish border", "border", None),
            ("Turkish observation post", "post", False),
            ("post encircled", "post", True),
            ("dot size: population", "dot", None),
        ]
        line, col_w = 15, (226, 168)
        rows = max(len(left), len(right))
        box = pygame.Rect(
            self.map_rect.x + 6, self.map_rect.bottom - 6 - line * rows - 10, sum(col_w) + 8, line * rows + 10
        )
        draw_box(surface, box, (250, 248, 240), (120, 120, 120), 215, 5)
        for column, x0 in ((left, box.x + 4), (right, box.x + 4 + col_w[0])):
            y = box.y + 5
            for text, kind, arg in column:
                self._legend_symbol(surface, kind, arg, x0 + 12, y + line // 2)
                self.ink.text(surface, text, (x0 + 26, y + 1), 11, C.TOOLTIP_TEXT)
                y += line

    @staticmethod
    def _legend_symbol(surface, kind, arg, cx, cy) -> None:
        if kind == "area":
            pygame.draw.rect(surface, C.AREA[arg], (cx - 9, cy - 5, 18, 11))
            pygame.draw.circle(surface, C.MARKER[arg], (cx, cy), 3)
        elif kind == "front":
            pygame.draw.line(surface, C.FRONT, (cx - 9, cy), (cx + 9, cy), 3)
        elif kind in ("highway", "road"):
            casing, fill, w = (C.HIGHWAY_CASING, C.HIGHWAY, 4) if kind == "highway" else (C.ROAD_CASING, C.ROAD, 3)
            pygame.draw.line(surface, casing, (cx - 9, cy), (cx + 9, cy), w + 2)
            pygame.draw.line(surface, fill, (cx - 9, cy), (cx + 9, cy), w)
        elif kind == "border":
            for x in range(cx - 9, cx + 9, 6):
                pygame.draw.line(surface, C.BORDER, (x, cy), (x + 3, cy), 3)
        elif kind == "post":
            pygame.draw.polygon(surface, C.MARKER["turkey"], [(cx, cy - 4), (cx + 4, cy), (cx, cy + 4), (cx - 4, cy)])
            if arg:
                pygame.draw.circle(surface, C.POST_ENCIRCLED, (cx, cy), 7, 2)
        elif kind == "changed":
            pygame.draw.circle(surface, C.TEXT_ACCENT, (cx, cy), 6, 2)
        elif kind == "dot":
            for dx, r in ((-7, 2), (-1, 3), (7, 5)):
                pygame.draw.circle(surface, (90, 90, 90), (cx + dx, cy), r)

    # -- right panel: counters, charts, events ----------------------------------------------------
    def _draw_panel(self, surface) -> None:
        r = self.panel_rect
        pygame.draw.rect(surface, C.PANEL, r)
        pygame.draw.line(surface, C.PANEL_EDGE, r.topleft, r.bottomleft)
        x, y = r.x + 14, r.y + 8
        area = self.data.area_km2(self.date)
        self.ink.text(surface, "Area held (km², hexes × hex area)", (x, y), 12, C.TEXT_DIM)
        y += 18
        cx = x
        for side in self.scenario.sides:
            if area.get(side, 0) <= 0:
                continue
            fam = C.family_of_side(side)
            pygame.draw.rect(surface, C.MARKER[fam], (cx, y + 3, 10, 10))
            rect = self.ink.text(surface, f"{side} {area[side]:,.0f}", (cx + 14, y), 14, C.TEXT, True)
            cx = rect.right + 14
        y += 24
        report = self.data.displaced(self.date)
        self.ink.text(surface, "Displaced since December (latest total in the record)", (x, y), 12, C.TEXT_DIM)
        y += 18
        if report is None:
            self.ink.text(surface, "no total reported yet", (x, y), 14, C.TEXT)
        else:
            qual = {"over": "over ", "about": "about ", "at_least": "at least ", "up_to": "up to "}.get(
                report.qualifier or "", ""
            )
            rect = self.ink.text(surface, f"{qual}{report.value:,}", (x, y - 2), 18, C.CHART_DISPLACED, True)
            source = report.entry.source.name
            room = r.right - rect.right - 24
            while font(11).size(f"{source}, {report.date:%d %b %Y}")[0] > room and len(source) > 8:
                source = source[:-2].rstrip(" ,(") + "…" if not source.endswith("…") else source[:-2] + "…"
            self.ink.text(surface, f"{source}, {report.date:%d %b %Y}", (rect.right + 10, y + 3), 11, C.TEXT_DIM)
        y += 26
        chart_h = 122
        half = (r.w - 28 - 10) // 2
        self._draw_displaced_chart(surface, pygame.Rect(x, y, half, chart_h))
        self._draw_area_chart(surface, pygame.Rect(x + half + 10, y, half, chart_h))
        y += chart_h + 8
        pygame.draw.line(surface, C.PANEL_EDGE, (r.x + 8, y), (r.right - 8, y))
        self._draw_events(surface, pygame.Rect(r.x + 8, y + 4, r.w - 16, r.bottom - y - 8))

    def _chart_range(self) -> tuple[dt.date, dt.date]:
        last_report = self.data.displaced_reports[-1].date if self.data.displaced_reports else self.scenario.end_date
        return self.data.first, min(self.data.last, max(self.scenario.end_date, last_report) + dt.timedelta(days=10))

    def _chart_frame(self, surface, rect, title) -> tuple[pygame.Rect, callable]:
        draw_box(surface, rect, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
        self.ink.text(surface, title, (rect.x + 6, rect.y + 4), 11, C.TEXT_DIM)
        plot = pygame.Rect(rect.x + 8, rect.y + 22, rect.w - 16, rect.h - 40)
        first, last = self._chart_range()
        span = max(1, (last - first).days)

        def xof(d: dt.date) -> float:
            return plot.x + min(max((d - first).days, 0), span) / span * plot.w

        for month_start in (dt.date(2019, 12, 1), dt.date(2020, 1, 1), dt.date(2020, 2, 1), dt.date(2020, 3, 1)):
            if first < month_start <= last:
                mx = xof(month_start)
                pygame.draw.line(surface, C.PANEL_EDGE, (mx, plot.y), (mx, plot.bottom))
                self.ink.text(surface, month_start.strftime("%b"), (mx + 2, plot.bottom + 2), 10, C.TEXT_DIM)
        cursor = xof(self.date)
        pygame.draw.line(surface, C.TEXT, (cursor, plot.y - 2), (cursor, plot.bottom + 2))
        return plot, xof

    def _draw_displaced_chart(self, surface, rect) -> None:
        plot, xof = self._chart_frame(surface, rect, "Displaced (dots: UN figures)")
        reports = self.data.displaced_reports
        if not reports:
            return
        top = max(r.value for r in reports) * 1.08

        def yof(v: float) -> float:
            return plot.bottom - v / top * plot.h

        points = []
        for rep in reports:
            x, y = xof(rep.date), yof(rep.value)
            if points:
                points.append((x, points[-1][1]))
            points.append((x, y))
        points.append((xof(self._chart_range()[1]), points[-1][1]))
        pygame.draw.lines(surface, C.CHART_DISPLACED, False, points, 2)
        for rep in reports:
            x, y = xof(rep.date), yof(rep.value)
            if rep.is_un:
                pygame.draw.circle(surface, C.CHART_UN, (x, y), 4)
            else:
                pygame.draw.circle(surface, C.CHART_DISPLACED, (x, y), 2)
        self.ink.text(surface, f"{reports[-1].value / 1e6:.2f} M", (plot.x, plot.y - 1), 10, C.TEXT_DIM)

    def _draw_area_chart(self, surface, rect) -> None:
        plot, xof = self._chart_frame(surface, rect, "Area held, km²")
        series = self.data.area_series
        first, last = self._chart_range()
        idx = range(self.data.index(first), self.data.index(last) + 1)
        top = max(float(series[s][list(idx)].max()) for s in self.scenario.playable) * 1.08
        for side in self.scenario.playable:
            pts = [(xof(self.data.dates[i]), plot.bottom - series[side][i] / top * plot.h) for i in idx]
            pygame.draw.lines(surface, C.MARKER[C.family_of_side(side)], False, pts, 2)

    def _cards(self, width: int) -> list[list[Card]]:
        groups = []
        for group in self.data.groups(self.date):
            col_w = width if len(group) == 1 else (width - 6 * (min(len(group), 3) - 1)) // min(len(group), 3)
            cards = []
            for e in group:
                lines: list[tuple[str, int, bool, tuple]] = []
                head = f"{e.source.name}"
                for t in wrap(head, 12, col_w - 12, True):
                    lines.append((t, 12, True, C.TEXT_ACCENT))
                flags = [
                    f
                    for f, on in (("inferred", e.inferred), ("claim only", e.claim_only), (e.date_note, e.date_note))
                    if on
                ]
                for t in wrap(describe(e) + (f" [{', '.join(flags)}]" if flags else ""), 11, col_w - 12):
                    lines.append((t, 11, False, C.TEXT_DIM))
                quote = wrap(f"\u201c{e.quote}\u201d", 12, col_w - 12)
                if len(quote) > 7:
                    quote = quote[:7]
                    quote[-1] = quote[-1].rstrip() + " …"
                lines += [(t, 12, False, C.TEXT) for t in quote]
                fig = figures_text(e)
                if fig:
                    lines += [(t, 11, False, C.CHART_DISPLACED) for t in wrap(fig, 11, col_w - 12)]
                height = sum(font(s, b).get_linesize() for _, s, b, _ in lines) + 10
                cards.append(Card(e, lines, height))
            groups.append(cards)
        return groups

    def _events_surface(self, width: int) -> tuple[pygame.Surface, Ink]:
        cached = self._events_cache.get(self.date)
        if cached is not None:
            return cached
        ink = Ink("events")
        groups = self._cards(width)
        height = 30
        rows = []
        for cards in groups:
            per_row = min(len(cards), 3)
            row_heights = [max(c.height for c in cards[k : k + per_row]) for k in range(0, len(cards), per_row)]
            label = 16 if len(cards) > 1 else 0
            rows.append((cards, per_row, row_heights, label))
            height += sum(row_heights) + 6 * len(row_heights) + label + 4
        surface = pygame.Surface((width, max(height, 60)))
        surface.fill(C.PANEL)
        n = len(self.data.entries(self.date))
        title = (
            f"Events of {_day_month(self.date)} {self.date.year}: {n} " + ("entry" if n == 1 else "entries")
            if n
            else f"No events recorded on {_day_month(self.date)} {self.date.year}"
        )
        ink.text(surface, title, (4, 4), 13, C.TEXT, True)
        y = 28
        for cards, per_row, row_heights, label in rows:
            if label:
                ink.text(surface, f"{len(cards)} claims about one event, side by side:", (4, y), 11, C.TEXT_DIM)
                y += label
            col_w = width if per_row == 1 else (width - 6 * (per_row - 1)) // per_row
            for k, row_h in zip(range(0, len(cards), per_row), row_heights):
                for j, card in enumerate(cards[k : k + per_row]):
                    box = pygame.Rect(j * (col_w + 6), y, col_w, row_h)
                    draw_box(surface, box, C.PANEL_LIGHT, C.TEXT_ACCENT if per_row > 1 else C.PANEL_EDGE, 255, 4)
                    ty = box.y + 5
                    for text, size, bold, colour in card.lines:
                        ink.text(surface, text, (box.x + 6, ty), size, colour, bold)
                        ty += font(size, bold).get_linesize()
                y += row_h + 6
            y += 4
        self._events_cache[self.date] = (surface, ink)
        if len(self._events_cache) > 16:
            self._events_cache.pop(next(iter(self._events_cache)))
        return surface, ink

    def _draw_events(self, surface, rect) -> None:
        content, ink = self._events_surface(rect.w)
        self.scroll = max(0, min(self.scroll, content.get_height() - rect.h))
        surface.blit(content, rect.topleft, pygame.Rect(0, self.scroll, rect.w, rect.h))
        view = pygame.Rect(0, self.scroll, rect.w, rect.h)
        for item in ink.items:
            if view.contains(item.rect):
                self.ink.items.append(type(item)(item.text, item.rect.move(rect.x, rect.y - self.scroll), "events"))
        if content.get_height() > rect.h:
            frac = rect.h / content.get_height()
            bar_h = max(20, rect.h * frac)
            bar_y = rect.y + (rect.h - bar_h) * self.scroll / max(1, content.get_height() - rect.h)
            pygame.draw.rect(surface, C.PANEL_EDGE, (rect.right - 3, bar_y, 3, bar_h))
            if self.scroll < content.get_height() - rect.h:
                self.ink.text(
                    surface,
                    "more below - scroll",
                    (rect.right - 8, rect.bottom - 2),
                    10,
                    C.TEXT_DIM,
                    anchor="bottomright",
                )

    def _draw_bottom(self, surface) -> None:
        b = self.bottom_rect
        pygame.draw.rect(surface, C.PANEL_LIGHT, b)
        pygame.draw.line(surface, C.PANEL_EDGE, b.topleft, b.topright)
        self.play_button.label = "Pause" if self.playing else "Play"
        for button in self.buttons:
            button.draw(surface, self.ink, self.mouse)
        self.scrubber.draw(surface, self.data.index(self.date))
        x = self.buttons[-1].rect.right + 16
        first, last = self.data.first, self.data.last
        self.ink.text(surface, f"speed {self.speed:g} day/s", (x, b.y + 51), 12, C.TEXT_DIM)
        for d in self.data.dates:
            if d.day == 1:
                mx = self.scrubber.x_of(self.data.index(d))
                self.ink.text(
                    surface, d.strftime("%b"), (mx, self.scrubber.rect.bottom - 6), 10, C.TEXT_DIM, anchor="midtop"
                )
        self.ink.text(
            surface,
            f"record {first:%d %b %Y} - {last:%d %b %Y}; marks: days with events; red: the offensive",
            (b.right - 12, b.y + 52),
            11,
            C.TEXT_DIM,
            anchor="topright",
        )

    def _draw_place_tooltip(self, surface, place_id: str) -> None:
        p = self.scenario.places[place_id]
        control = self.data.control(self.date)
        lines: list[tuple[str, int, bool]] = [(p.name, 15, True)]
        if p.aliases:
            lines.append(("also: " + ", ".join(p.aliases), 11, False))
        kind = p.kind
        if p.population is not None:
            pop = p.population
            how = "estimate" if pop.is_estimate or pop.estimate else pop.source
            kind += f" · population {population_text(pop.value)} ({how})"
        lines.append((kind, 12, False))
        lines.append((f"held by {control[place_id]} on {self.date:%d %b %Y}", 12, True))
        changes = [(d, side) for d, side in _changes(self.data, place_id)]
        if changes:
            lines.append(("changed hands: " + "; ".join(f"{d:%d %b} to {s}" for d, s in changes), 11, False))
        for post, enc in self.data.posts(self.date):
            if post.place.id == place_id:
                lines.append(
                    (f"{post.name}" + (f" - encircled since {post.encircled.date:%d %b}" if enc else ""), 11, False)
                )
        entries = self.data.place_entries.get(place_id, [])
        if entries:
            lines.append((f"in the record: {len(entries)} entries", 12, True))
            near = sorted(entries, key=lambda e: (abs((e.date - self.date).days), e.date))[:6]
            for e in sorted(near, key=lambda e: e.date):
                mark = "> " if e.date == self.date else ""
                lines.append((f"{mark}{e.date:%d %b %Y}: {describe(e)} ({short_source(e)})", 11, False))
        pos = self.map.place_position(place_id)
        tooltip(surface, self.ink, lines, pos, 330, self.map_rect)


def short_source(entry: Entry) -> str:
    """The source of an entry in a few words (the article's own voice is "the article")."""
    if entry.source.id == "document":
        return "the article"
    return entry.source.name.split(" (")[0]


def _day_month(d: dt.date) -> str:
    return f"{d.day} {d:%B}"


def population_text(value) -> str:
    if isinstance(value, (tuple, list)):
        return f"{value[0]:,.0f}–{value[1]:,.0f}"
    return f"{value:,.0f}"


def _changes(data: ReplayData, place_id: str) -> list[tuple[dt.date, str]]:
    from engine.history import capture_dates

    if not hasattr(data, "_capture_dates"):
        data._capture_dates = capture_dates(data.scenario)
    return data._capture_dates.get(place_id, [])


# -- headless and window entry points -----------------------------------------------------------------
def render_png(screen: ReplayScreen, date: dt.date, path) -> None:
    """Draw ``date`` off screen and save it as a PNG."""
    screen.go(screen.data.check(date))
    surface = pygame.Surface(screen.size)
    screen.draw(surface)
    pygame.image.save(surface, str(path))


def run_window(screen: ReplayScreen, max_frames: int | None = None, fps: int = 60, autoplay: bool = True) -> int:
    """Open the replay window and run until it is closed (or ``max_frames`` frames, for tests).

    With ``autoplay`` the days start running at once (Space pauses), so the campaign unfolds.
    """
    window = pygame.display.set_mode(screen.size)
    pygame.display.set_caption(f"{screen.scenario.name} - replay")
    pygame.key.set_repeat(350, 45)
    clock = pygame.time.Clock()
    frames = 0
    if autoplay and not screen.playing:
        screen.toggle_play()
    while not screen.quit:
        for event in pygame.event.get():
            screen.handle(event)
        screen.update(clock.get_time() / 1000.0)
        screen.draw(window)
        pygame.display.flip()
        clock.tick(fps)
        frames += 1
        if max_frames is not None and frames >= max_frames:
            break
    return 0
