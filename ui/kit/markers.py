"""A map layer of the day's markers: air strikes, shelling, civilian harm and aircraft lost.

The markers come from the engine (``engine.markers``: a game's events or the record's entries), so
the play and replay maps mark a day alike. Each stands beside the place (or on the hex) it concerns,
so the place's own dot stays visible. Civilian harm is marked where it happened, as a consequence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygame

from .. import colours as C
from .mapview import MapView
from .metrics import px

SHELLING = (235, 120, 20)
HARM = (150, 40, 170)
LOST = (200, 30, 30)
LABELS = {
    "air_strike": "air strike that day (colour: who flew)",
    "shelling": "shelling that day",
    "civilian_harm": "civilians killed or injured that day",
    "aircraft_lost": "aircraft lost that day",
}
OFFSETS = {"air_strike": (-1, -1), "shelling": (1, -1), "civilian_harm": (-1, 1), "aircraft_lost": (1, 1)}


def paint_marker(surface: pygame.Surface, kind: str, centre, r: int, side: str | None = None) -> None:
    """One marker of ``kind`` centred on ``centre`` with radius ``r``."""
    x, y = centre
    if kind == "air_strike":
        colour = C.MARKER[C.family_of_side(side)] if side else (30, 60, 160)
        pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 2)
        pygame.draw.circle(surface, colour, (x, y), r, 2)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(
                surface, colour, (x + dx * (r - 2), y + dy * (r - 2)), (x + dx * (r + 3), y + dy * (r + 3)), 2
            )
    elif kind == "shelling":
        pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 1)
        for k in range(8):
            v = pygame.math.Vector2(1, 0).rotate(45 * k)
            pygame.draw.line(surface, SHELLING, (x + v.x * 2, y + v.y * 2), (x + v.x * (r + 1), y + v.y * (r + 1)), 2)
    elif kind == "civilian_harm":
        pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 2)
        pygame.draw.circle(surface, HARM, (x, y), r)
        pygame.draw.line(surface, (255, 255, 255), (x, y - r + 2), (x, y + r - 2), 2)
        pygame.draw.line(surface, (255, 255, 255), (x - r + 2, y), (x + r - 2, y), 2)
    elif kind == "aircraft_lost":
        pts = [(x, y + r + 1), (x - r - 1, y - r + 1), (x + r + 1, y - r + 1)]
        pygame.draw.polygon(surface, (255, 255, 255), pts)
        pygame.draw.polygon(surface, LOST, [(x, y + r - 1), (x - r + 1, y - r + 2), (x + r - 1, y - r + 2)])


class MarkerLayer:
    """The day's markers over the map; ``markers()`` gives objects with kind, place, hex and side."""

    def __init__(self, markers: Callable[[], Sequence], shown: Callable[[], bool] = lambda: True):
        self.markers, self.shown = markers, shown

    def compose(self, sheet, view: MapView) -> None:
        pass

    def paint(self, surface: pygame.Surface, view: MapView) -> None:
        if not self.shown():
            return
        r = max(px(4), min(px(8), round(view.scale * 0.7)))
        drawn: set[tuple] = set()
        for m in self.markers():
            if m.kind not in LABELS:
                continue
            if m.hex >= 0:
                x, y = view.world_to_screen(view.cx[m.hex], view.cy[m.hex])
            elif m.place:
                x, y = view.place_position(m.place)
            else:
                continue
            ox, oy = OFFSETS[m.kind]
            point = (round(x + ox * (r + 4)), round(y + oy * (r + 4)))
            if (m.kind, point) in drawn or not view.rect.collidepoint(point):
                continue
            drawn.add((m.kind, point))
            paint_marker(surface, m.kind, point, r, m.side)


def legend_entries() -> list[tuple[str, Callable]]:
    """(text, symbol) of each marker, for a map legend."""
    return [(text, lambda s, p, k=kind: paint_marker(s, k, p, 5, "government")) for kind, text in LABELS.items()]
