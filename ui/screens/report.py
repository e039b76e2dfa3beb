"""After the game: the player's campaign against the record, on a screen and as a PNG.

The report shows the score (each side's objectives and points against the record's on the same day
and against the computer's games from the same start, with civilian harm beside it, never counted),
the dates on which places changed hands in this game against the record's dates,
the displaced day by day against the UN figures, the losses of each side, and the player's final
map with the record's front line of the same date drawn over it. The figures come from
``Game.after_action``; the same pixels go to the screen and to the PNG.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import numpy as np
import pygame

from engine.game import Game

from .. import colours as C
from ..kit.gamemap import GHOST, RecordFront, game_map_state
from ..kit.hitmap import HitMap
from ..kit.keys import KeyTable, Row, bind
from ..kit.mapshell import LegendItem, MapShell, OnMapShell
from ..kit.mapview import MapView
from ..kit.metrics import px, scaled
from ..kit.score import compose_score
from ..kit.screen import IDLE, REDRAW, Transition
from ..kit.sheet import Sheet
from ..kit.text import line_height, width
from .transitions import ToMenu

PNG_SIZE = (1280, 800)


class ReportScreen(OnMapShell):
    """The report of a finished game; Enter, Esc or Q goes on to the start screen."""

    def __init__(self, game: Game, size=(1366, 768), png: Path | None = None):
        self.game, self.png = game, png
        self.report = game.after_action()
        self.sides = game.board.scenario.playable if game.hot_seat else (game.side,)
        if game.setup.objectives:
            for side in self.sides:
                game.computer(side)  # run once (a few seconds), then cached
        b = game.board
        view = MapView(b.scenario, b.grid, (0, 0, 100, 100), terrain=b.terrain.astype(np.int8))
        view.set_state(game_map_state(game, ("report", game.day)))
        legend = [
            LegendItem(
                "your front line", lambda s, p: pygame.draw.line(s, C.FRONT, (p[0] - 9, p[1]), (p[0] + 9, p[1]), 3)
            ),
            LegendItem(
                "the record's front line on that date",
                lambda s, p: pygame.draw.line(s, GHOST, (p[0] - 9, p[1]), (p[0] + 9, p[1]), 3),
            ),
        ]
        self.shell = MapShell(view, size, panel=0.52, bottom=52, legend=legend, banner_lines=1)
        self.layers = [RecordFront(lambda: self.game)]
        self.next: Transition | None = None
        self.keys = KeyTable(
            "Report: keys",
            [
                Row(
                    "Enter, Esc, Q",
                    "go on to the start screen",
                    bind(self.done, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_q, pygame.K_SPACE),
                ),
                *self.shell.navigation_rows(lambda: None),
                Row("F11", "full screen on / off"),
                Row("H, F1", "this help", bind(self.shell.toggle_help, pygame.K_h, pygame.K_F1)),
            ],
        )
        self.frame = Sheet()  # the frame on screen

    def done(self) -> None:
        self.next = ToMenu()

    # -- the protocol --------------------------------------------------------------------------------------
    def handle(self, event) -> None:
        if self.shell.show_help and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.shell.show_help = False
        elif event.type == pygame.KEYDOWN:
            self.keys.press(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            target = self.compose().hits.top(event.pos)
            if callable(target):
                target()
            else:
                self.shell.pointer(event)
        else:
            self.shell.pointer(event)

    def update(self, seconds: float) -> Transition:
        if self.next is not None:
            return self.next
        return REDRAW if not self.shell.show_help and self.keys.hold(seconds) else IDLE

    def draw(self, surface: pygame.Surface) -> HitMap:
        sheet = self.compose()
        surface.fill(C.PANEL)
        self.shell.paint_map(surface, self.layers)
        self.frame = sheet
        return sheet.draw(surface, self.shell.mouse)

    def leave(self) -> None:
        pass

    def caption(self) -> str:
        return f"idlib-wargame: after-action report, {self.game.side}, {self.game.date:%d %b %Y}"

    # -- the frame ----------------------------------------------------------------------------------------
    def compose(self, controls: bool = True) -> Sheet:
        shell, lay, r = self.shell, self.shell.layout, self.report
        sheet = Sheet("report")
        date = self.game.date
        banner = f"Your map on {date:%d %b %Y}, with the record's front line of that date in purple"
        shell.compose_bars(sheet, "After-action report", r.title, "H for help" if controls else "", banner)
        shell.compose_legend(sheet)
        p = lay.panel
        sheet.fill(p, C.PANEL)
        sheet.fill((p.x, p.y, 1, p.h), C.PANEL_EDGE)
        inner = p.inflate(-px(32), -px(16))
        y = inner.y
        for side in self.sides:
            room = inner.h * (22 if len(self.sides) > 1 else 36) // 100
            y += compose_score(sheet, pygame.Rect(inner.x, y, inner.w, room), self.game, side, len(self.sides) == 1)
            y += px(6)
        y = self._captures(sheet, pygame.Rect(inner.x, y, inner.w, inner.bottom - y - px(170)))
        chart_h = min(px(190), (inner.bottom - y) * 55 // 100)
        self._displaced(sheet, pygame.Rect(inner.x, y + px(8), inner.w, chart_h))
        self._losses(sheet, pygame.Rect(inner.x, y + chart_h + px(20), inner.w, inner.bottom - y - chart_h - px(20)))
        b = lay.bottom
        sheet.fill(b, C.PANEL_LIGHT)
        if controls:
            sheet.button((b.x + px(14), b.y + px(10), px(170), b.h - px(20)), "Continue (Enter)", self.done)
            if self.png:
                sheet.text(
                    f"report saved as {self.png}",
                    (b.x + px(200), b.centery),
                    12,
                    C.TEXT_DIM,
                    anchor="midleft",
                    room=b.w - px(214),
                )
        shell.compose_help(sheet, self.keys)
        return sheet

    def _captures(self, sheet: Sheet, rect: pygame.Rect) -> int:
        r = self.report
        x, y = rect.x, rect.y
        sheet.text("Places that changed hands: your date against the record's", (x, y), 14, C.TEXT, True, room=rect.w)
        y += px(22)
        date_w = max(width("not taken", 12), width("30 Dec 2020", 12)) + px(14)
        diff_w = width("99 day(s) earlier", 12) + px(4)
        cols = (x, rect.right - diff_w - 2 * date_w, rect.right - diff_w - date_w, rect.right - diff_w)
        for text, cx in zip(("place", "this game", "the record", "difference"), cols):
            sheet.text(text, (cx, y), 11, C.TEXT_DIM)
        y += px(16)
        step = line_height(12) + px(1)
        shown = max(1, (rect.bottom - y - px(20)) // step)
        rows = r.captures[:shown]
        for name, mine, real in rows:
            sheet.text(name, (cols[0], y), 12, C.TEXT, room=cols[1] - cols[0] - px(8))
            sheet.text(_short(mine) if mine else "not taken", (cols[1], y), 12, C.TEXT if mine else C.TEXT_DIM)
            sheet.text(_short(real), (cols[2], y), 12, C.TEXT)
            if mine:
                diff = (dt.date.fromisoformat(mine) - dt.date.fromisoformat(real)).days
                text = "same day" if diff == 0 else f"{abs(diff)} day(s) {'later' if diff > 0 else 'earlier'}"
                sheet.text(text, (cols[3], y), 12, C.TEXT_ACCENT if diff else C.TEXT, room=diff_w)
            y += step
        taken = sum(1 for _, mine, _ in r.captures if mine)
        more = f" ({len(r.captures) - len(rows)} not listed)" if len(r.captures) > len(rows) else ""
        text = (
            f"{taken} of the {len(r.captures)} changes of hands in the record up to this date "
            f"happened in this game{more}."
        )
        return y + px(4) + sheet.lines(text, (x, y + px(2), rect.w, px(40)), 11, C.TEXT_DIM)

    def _displaced(self, sheet: Sheet, rect: pygame.Rect) -> None:
        r = self.report
        sheet.box(rect, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
        sheet.text(
            "Displaced since the start: this game (line) against the UN figures (dots)",
            (rect.x + px(8), rect.y + px(5)),
            12,
            C.TEXT,
            room=rect.w - px(16),
        )
        plot = pygame.Rect(rect.x + px(60), rect.y + px(40), rect.w - px(76), rect.h - px(62))
        first = self.game.start_day
        days = max(self.game.end_day - first, 1)
        top = max([1] + r.displaced + [v for _, v, _ in r.un]) * 1.1

        def xy(day, value):  # day counted from the game's first day
            return plot.x + day / days * plot.w, plot.bottom - value / top * plot.h

        sheet.fill((plot.x, plot.bottom, plot.w, 1), C.PANEL_EDGE)
        sheet.fill((plot.x, plot.y, 1, plot.h), C.PANEL_EDGE)
        for frac in (0.5, 1.0):
            v = top / 1.1 * frac
            sheet.text(_people(v), (plot.x - px(4), xy(0, v)[1]), 10, C.TEXT_DIM, anchor="midright")
        start = self.game.setup.start_date
        for k in range(1, days):
            d = start + dt.timedelta(days=k)
            if d.day == 1:
                xx = round(xy(k, 0)[0])
                sheet.fill((xx, plot.y, 1, plot.h), C.PANEL_EDGE)
                sheet.text(f"{d:%b}", (xx + px(2), plot.bottom + px(2)), 10, C.TEXT_DIM)

        def paint(surface, _):
            if r.displaced:
                points = [xy(0, self.game.harm_at_start[1])] + [xy(d + 1, v) for d, v in enumerate(r.displaced)]
                pygame.draw.lines(surface, C.CHART_DISPLACED, False, points, 2)
            for day, value, _ in r.un:
                if day >= first:
                    pygame.draw.circle(surface, C.CHART_UN, xy(day - first, value), 4)

        sheet.paint(plot, paint)
        last = r.displaced[-1] if r.displaced else 0
        sheet.text(f"this game: {last:,}", (plot.right, rect.y + px(22)), 11, C.CHART_DISPLACED, anchor="topright")
        if r.un:
            sheet.text(f"UN, {_short(r.un[-1][2])}: {r.un[-1][1]:,}", (plot.x, rect.y + px(22)), 11, C.CHART_UN)

    def _losses(self, sheet: Sheet, rect: pygame.Rect) -> None:
        r = self.report
        x, y = rect.x, rect.y
        sheet.text("Losses and consequences (this game)", (x, y), 14, C.TEXT, True, room=rect.w)
        y += px(22)
        lines = [
            f"{camp} side: {loss['fighters']:,} fighters lost in combat, {loss['aircraft']} aircraft lost"
            for camp, loss in r.losses.items()
        ]
        lines.append(f"Civilians killed or injured: {r.civilians:,} · Turkish soldiers killed: {r.turkish_deaths:,}")
        held = ", ".join(f"{c} {n}" for c, n in r.places_held.items())
        rec = ", ".join(f"{c} {n}" for c, n in r.record_held.items())
        lines.append(f"Places held at the end: {held} (the record: {rec})")
        for line in lines:
            y += sheet.lines(line, (x, y, rect.w, rect.bottom - y), 12, C.TEXT) + px(3)
        sheet.lines(
            "Losses count every cause (combat, air, being cut off); figures are the model's, not the record's.",
            (x, y + px(4), rect.w, rect.bottom - y - px(4)),
            11,
            C.TEXT_DIM,
        )


def _short(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def _people(v: float) -> str:
    return f"{v / 1e6:.1f} M" if v >= 1e6 else f"{v / 1e3:.0f} k" if v >= 1e3 else f"{v:.0f}"


def write_png(game: Game, path: str | os.PathLike, size: tuple[int, int] = PNG_SIZE) -> Path:
    """Draw the report off screen (at scale 1, without its controls) and write it atomically as a PNG."""
    path = Path(path)
    with scaled(1.0):
        screen = ReportScreen(game, size)
        surface = pygame.Surface(size)
        surface.fill(C.PANEL)
        screen.shell.paint_map(surface, screen.layers)
        screen.compose(controls=False).draw(surface)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        pygame.image.save(surface, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
