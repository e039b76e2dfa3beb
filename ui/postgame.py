"""After the game: the player's campaign against the record, on a screen and as a PNG.

The report shows the dates on which places changed hands in this game against the record's dates
(``Game.capture_dates``), the displaced day by day against the UN figures
(``engine.fidelity.un_figures``), the losses of each side, and the player's final map with the
record's front line of the same date drawn over it (the "ghost front line"). The same pixels go to
the screen and to the PNG.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from engine.fidelity import un_figures
from engine.game import Game
from engine.history import KEY_PLACES

from . import colours as C
from .mapview import MapView
from .play import GHOST, game_map_state, hex_families
from .widgets import Button, Ink, draw_box

SIZE = (1280, 800)


def daily_displaced(game: Game) -> list[int]:
    """Cumulative displaced at the end of each day played."""
    return [day["displaced"] for day in game.daily]


@dataclass
class Report:
    title: str
    captures: list[tuple[str, str | None, str]]  # (place name, this game's date or None, the record's date)
    displaced: list[int]  # per day played
    un: list[tuple[int, int, str]]  # (day, value, date)
    losses: dict[str, dict[str, int]]  # camp -> {"fighters": .., "aircraft": ..}
    civilians: int
    turkish_deaths: int
    places_held: dict[str, int]  # camp -> places held at the end
    record_held: dict[str, int]  # camp -> places the record shows held on that date


def build_report(game: Game) -> Report:
    b, s = game.board, game.state
    sc = b.scenario
    dates = {p: d for p, d in game.capture_dates().items() if d[0] or d[1] <= game.date.isoformat()}
    key = [p for p in KEY_PLACES if p in dates]  # the record's key places first
    order = sorted(dates, key=lambda p: (p not in key, dates[p][1], p))
    captures = [(sc.settlements[b.place_index(p)].name, dates[p][0], dates[p][1]) for p in order]
    camps = {
        c: {
            "fighters": sum(day["fighters_lost"][c] for day in game.daily),
            "aircraft": sum(day["aircraft_lost"][c] for day in game.daily),
        }
        for c in b.camp_names
    }
    playable = [int(b.side_camp[b.side_index(x)]) for x in sc.playable]
    held = b.side_camp[s.control[0, b.place_hex]]
    ghost = game.ghost_front()
    record_held = b.side_camp[np.maximum(ghost[b.place_hex], 0)]
    title = (
        f"{sc.name}: the {game.side} side against the {game.opponent} opponent, "
        f"{sc.start_date:%d %b %Y} to {game.date:%d %b %Y} ({game.day} days)"
    )
    return Report(
        title=title,
        captures=captures,
        displaced=daily_displaced(game),
        un=[u for u in un_figures(b) if u[0] <= game.day],
        losses={c: v for c, v in camps.items() if b.camp_names.index(c) in playable},
        civilians=int(s.casualties[0].sum()),
        turkish_deaths=int(s.turkish_deaths[0]),
        places_held={b.camp_names[c]: int((held == c).sum()) for c in playable},
        record_held={b.camp_names[c]: int((record_held == c).sum()) for c in playable},
    )


class ReportScreen:
    """The report of a finished game; Enter or Esc goes on (to the start screen, or quits)."""

    def __init__(self, game: Game, size: tuple[int, int] = SIZE, png: Path | None = None):
        if not pygame.font.get_init():
            pygame.font.init()
        self.game, self.size = game, size
        self.report = build_report(game)
        self.ink = Ink("report")
        self.map_rect = pygame.Rect(14, 92, 600, size[1] - 92 - 74)
        b = game.board
        self.map = MapView(b.scenario, b.grid, self.map_rect, terrain=b.terrain.astype(np.int8))
        self.map.set_state(game_map_state(game, ("report", game.day)))
        self.ghost_edges = self.map.front_edges(hex_families(b, game.ghost_front()).astype(np.int64))
        self.png = png
        self.quit = False
        self.next: tuple | None = None
        self.mouse = (-1, -1)
        self.buttons = [Button(pygame.Rect(14, size[1] - 44, 170, 32), "Continue (Enter)", self.done, "Enter")]

    def done(self) -> None:
        self.quit = True
        self.next = ("menu",)

    def handle(self, event) -> None:
        if event.type == pygame.QUIT:
            self.quit = True
        elif event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_ESCAPE,
            pygame.K_q,
            pygame.K_SPACE,
        ):
            self.done()
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for button in self.buttons:
                button.click(event.pos)

    def update(self, seconds: float) -> None:
        pass

    def texts(self) -> list[str]:
        return [i.text for i in self.map.ink.items] + self.ink.strings()

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_report(surface)
        y = self.size[1] - 44
        for button in self.buttons:
            button.draw(surface, self.ink, self.mouse)
        if self.png:
            self.ink.text(surface, f"report saved as {self.png}", (200, y + 8), 12, C.TEXT_DIM)

    # -- the report itself (the PNG) -------------------------------------------------------------------
    def draw_report(self, surface: pygame.Surface) -> None:
        self.ink.clear()
        r = self.report
        surface.fill(C.PANEL)
        self.ink.text(surface, "After-action report", (14, 10), 22, C.TEXT, True)
        self.ink.text(surface, r.title, (14, 42), 13, C.TEXT_DIM)
        # the map with the record's front line
        self.map.draw(surface)
        clip = surface.get_clip()
        surface.set_clip(self.map_rect)
        w = max(2, round(self.map.scale * 0.4))
        for (x0, y0), (x1, y1) in self.ghost_edges:
            pygame.draw.line(surface, GHOST, self.map.world_to_screen(x0, y0), self.map.world_to_screen(x1, y1), w)
        surface.set_clip(clip)
        pygame.draw.rect(surface, C.PANEL_EDGE, self.map_rect, 1)
        date = self.game.date
        self.ink.text(
            surface,
            f"Your map on {date:%d %b %Y}; purple: the record's front line on that date (black: yours)",
            (14, 70),
            12,
            C.TEXT,
        )
        x0 = self.map_rect.right + 20
        width = self.size[0] - x0 - 14
        y = self._draw_captures(surface, pygame.Rect(x0, 66, width, 300))
        self._draw_displaced(surface, pygame.Rect(x0, y + 8, width, 190))
        self._draw_losses(surface, pygame.Rect(x0, y + 212, width, self.size[1] - y - 212 - 60))

    def _draw_captures(self, surface, rect) -> int:
        r = self.report
        x, y = rect.x, rect.y
        self.ink.text(surface, "Places that changed hands: your date against the record's", (x, y), 14, C.TEXT, True)
        y += 22
        cols = (x, x + 250, x + 370, x + 490)
        for text, cx in zip(("place", "this game", "the record", "difference"), cols):
            self.ink.text(surface, text, (cx, y), 11, C.TEXT_DIM)
        y += 16
        rows = r.captures[:13]
        for name, mine, real in rows:
            self.ink.text(surface, name, (cols[0], y), 12, C.TEXT)
            self.ink.text(
                surface, _short(mine) if mine else "not taken", (cols[1], y), 12, C.TEXT if mine else C.TEXT_DIM
            )
            self.ink.text(surface, _short(real), (cols[2], y), 12, C.TEXT)
            if mine:
                diff = (dt.date.fromisoformat(mine) - dt.date.fromisoformat(real)).days
                text = "same day" if diff == 0 else f"{abs(diff)} day(s) {'later' if diff > 0 else 'earlier'}"
                self.ink.text(surface, text, (cols[3], y), 12, C.TEXT_ACCENT if diff else C.TEXT)
            y += 17
        taken = sum(1 for _, mine, _ in r.captures if mine)
        more = f" ({len(r.captures) - len(rows)} not listed)" if len(r.captures) > len(rows) else ""
        self.ink.text(
            surface,
            f"{taken} of the {len(r.captures)} changes of hands in the record up to this date "
            f"happened in this game{more}.",
            (x, y + 2),
            11,
            C.TEXT_DIM,
        )
        return y + 20

    def _draw_displaced(self, surface, rect) -> None:
        r = self.report
        draw_box(surface, rect, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
        self.ink.text(
            surface,
            "Displaced since the start: this game (line) against the UN figures (dots)",
            (rect.x + 8, rect.y + 5),
            12,
            C.TEXT,
        )
        plot = pygame.Rect(rect.x + 60, rect.y + 28, rect.w - 76, rect.h - 50)
        days = max(self.game.board.scenario.days, 1)
        top = max([1] + r.displaced + [v for _, v, _ in r.un]) * 1.1

        def xy(day, value):
            return plot.x + day / days * plot.w, plot.bottom - value / top * plot.h

        pygame.draw.line(surface, C.PANEL_EDGE, plot.bottomleft, plot.bottomright)
        pygame.draw.line(surface, C.PANEL_EDGE, plot.bottomleft, plot.topleft)
        for frac in (0.5, 1.0):
            v = top / 1.1 * frac
            _, yy = xy(0, v)
            self.ink.text(surface, _people(v), (plot.x - 4, yy - 7), 10, C.TEXT_DIM, anchor="topright")
        start = self.game.board.scenario.start_date
        for month in range(1, 13):
            for year in (start.year, start.year + 1):
                d = dt.date(year, month, 1)
                k = (d - start).days
                if 0 < k < days:
                    xx, _ = xy(k, 0)
                    pygame.draw.line(surface, C.PANEL_EDGE, (xx, plot.y), (xx, plot.bottom))
                    self.ink.text(surface, f"{d:%b}", (xx + 2, plot.bottom + 2), 10, C.TEXT_DIM)
        if r.displaced:
            points = [xy(0, 0)] + [xy(d + 1, v) for d, v in enumerate(r.displaced)]
            pygame.draw.lines(surface, C.CHART_DISPLACED, False, points, 2)
        for day, value, _ in r.un:
            pygame.draw.circle(surface, C.CHART_UN, xy(day, value), 4)
        last = r.displaced[-1] if r.displaced else 0
        self.ink.text(surface, f"this game: {last:,}", (plot.right, plot.y), 11, C.CHART_DISPLACED, anchor="topright")
        if r.un:
            self.ink.text(
                surface,
                f"UN, {_short(r.un[-1][2])}: {r.un[-1][1]:,}",
                (plot.right, plot.y + 14),
                11,
                C.CHART_UN,
                anchor="topright",
            )

    def _draw_losses(self, surface, rect) -> None:
        r = self.report
        x, y = rect.x, rect.y
        self.ink.text(surface, "Losses and consequences (this game)", (x, y), 14, C.TEXT, True)
        y += 22
        for camp, loss in r.losses.items():
            self.ink.text(
                surface,
                f"{camp} side: {loss['fighters']:,} fighters lost in combat, {loss['aircraft']} aircraft lost",
                (x, y),
                12,
                C.TEXT,
            )
            y += 18
        self.ink.text(
            surface,
            f"Civilians killed or injured: {r.civilians:,} · Turkish soldiers killed: {r.turkish_deaths:,}",
            (x, y),
            12,
            C.TEXT,
        )
        y += 18
        held = ", ".join(f"{c} {n}" for c, n in r.places_held.items())
        rec = ", ".join(f"{c} {n}" for c, n in r.record_held.items())
        self.ink.text(surface, f"Places held at the end: {held} (the record: {rec})", (x, y), 12, C.TEXT)
        y += 22
        self.ink.text(
            surface,
            "Losses count every cause (combat, air, being cut off); figures are the model's, not the record's.",
            (x, y),
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


def write_png(screen: ReportScreen, path: str | os.PathLike) -> Path:
    """Draw the report off screen and write it atomically as a PNG."""
    path = Path(path)
    surface = pygame.Surface(screen.size)
    screen.draw_report(surface)
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
