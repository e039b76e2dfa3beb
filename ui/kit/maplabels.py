"""Where the map's place dots, highway shields and labels go: sizes by population, labels placed so
they never collide (most important places first)."""

from __future__ import annotations

import math

import numpy as np
import pygame

from engine.scenario import Settlement

from .. import colours as C
from .metrics import scale as ui_scale
from .text import render

KIND_RANK = {
    "city": 0,
    "town": 1,
    "airbase": 2,
    "base": 2,
    "crossing": 2,
    "district": 3,
    "suburb": 3,
    "village": 4,
    "camp": 4,
    "facility": 4,
    "hill": 4,
}


def population(place: Settlement) -> float | None:
    if place.population is None:
        return None
    v = place.population.value
    return float(v[1] if isinstance(v, (tuple, list)) else v)


def marker_radius(place: Settlement, zoom: float) -> float:
    """Screen radius of a place's dot: grows with the logarithm of its population, and a little with zoom."""
    pop = population(place) or (1500.0 if place.kind == "village" else 4000.0)
    r = 2.4 + 1.55 * math.log10(max(pop, 500.0) / 500.0)
    return r * zoom**0.35 * ui_scale()


def label_order(places: list[Settlement]) -> list[int]:
    """Places by importance (kind, then population); fill anchors (towns the document does not name) last."""

    def key(i: int):
        p = places[i]
        return (KIND_RANK.get(p.kind, 4), -(population(p) or 0), p.name)

    anchors = {i for i, p in enumerate(places) if (p.location_note or "").startswith("fill anchor")}
    named = [i for i in range(len(places)) if i not in anchors]
    return sorted(named, key=key) + sorted(anchors, key=key)


def shield_positions(roads, places_px: list[tuple[float, float]]) -> list[tuple[str, tuple[float, float]]]:
    """Where each highway's shield goes: the middle of the segment in its first half farthest from any place."""
    out = []
    px = np.array([p[0] for p in places_px]) if places_px else np.zeros(0)
    py = np.array([p[1] for p in places_px]) if places_px else np.zeros(0)
    for road, pts in roads:
        if road.kind != "highway" or len(pts) < 2:
            continue
        best, best_d = None, -1.0
        for k in range(max(1, (len(pts) - 1) // 2)):
            x, y = (pts[k][0] + pts[k + 1][0]) / 2, (pts[k][1] + pts[k + 1][1]) / 2
            d = float(np.min((px - x) ** 2 + (py - y) ** 2)) if len(px) else 0.0
            if d > best_d:
                best, best_d = (x, y), d
        label = road.id.upper() if len(road.id) <= 3 else road.name
        out.append((label, best))
    return out


def layout_labels(
    places: list[Settlement], places_px: list[tuple[float, float]], shields, zoom: float, world_size
) -> list[tuple[int, str, int, bool, pygame.Rect]]:
    """Greedy non-overlapping labels: most important places first, eight candidate positions each.

    Labels never overlap each other, the highway shields or the dots of towns and cities; a
    town's label may cover a village's dot (the village is still on the hover tooltip).
    """
    labels: list[pygame.Rect] = [
        render(t, 11, (0, 0, 0), True).get_rect(center=(round(x), round(y))).inflate(8, 4) for t, (x, y) in shields
    ]
    dots: list[tuple[int, pygame.Rect]] = []
    for i, p in enumerate(places):
        r = marker_radius(p, zoom) + 1
        x, y = places_px[i]
        dots.append(
            (KIND_RANK.get(p.kind, 4), pygame.Rect(round(x - r), round(y - r), round(2 * r) + 1, round(2 * r) + 1))
        )
    out = []
    bounds = pygame.Rect(0, 0, *world_size)
    for i in label_order(places):
        p = places[i]
        rank = KIND_RANK.get(p.kind, 4)
        size, bold = (15, True) if rank == 0 else (13, True) if rank == 1 else (11, False)
        lw, lh = render(p.name, size, C.LABEL, bold, C.LABEL_HALO).get_size()
        x, y = places_px[i]
        r = marker_radius(p, zoom) + 2
        obstacles = labels + [d for k, (rk, d) in enumerate(dots) if k != i and (rank > 1 or rk <= 1)]
        for cx, cy in (
            (x + r, y - lh / 2),
            (x - r - lw, y - lh / 2),
            (x - lw / 2, y - r - lh),
            (x - lw / 2, y + r),
            (x + r - 2, y - r - lh + 3),
            (x + r - 2, y + r - 3),
            (x - r - lw + 2, y - r - lh + 3),
            (x - r - lw + 2, y + r - 3),
        ):
            rect = pygame.Rect(round(cx), round(cy), lw, lh)
            if bounds.contains(rect) and rect.inflate(-2, -2).collidelist(obstacles) == -1:
                labels.append(rect)
                out.append((i, p.name, size, bold, rect))
                break
    return out
