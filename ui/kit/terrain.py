"""How terrain looks on the map: neutral marks over the ground's colour, never a shade of it.

Shading a faction's tint darker on hills made the hills of one faction read as the ground of another
at the whole-map zoom. Terrain is therefore drawn as marks in one neutral ink at partial opacity over
whichever faction holds the hex: ridges on hills (one) and mountains (two), short furrows on the
farmland of the al-Ghab plain, a small block on urban hexes. Open ground has none. The legend shows
each mark on a neutral ground.
"""

from __future__ import annotations

import numpy as np
import pygame

INK = (70, 56, 40, 150)  # brown-grey, partly transparent: reads on red, green, grey and teal alike
MIN_HEX_PX = 8  # hexes smaller than this carry no marks
LABELS = {
    "hills": "hills (ridge)",
    "mountains": "mountains (two ridges)",
    "farmland": "farmland, al-Ghab (furrows)",
    "urban": "urban area (block)",
}


def _ridges(surface, x: float, y: float, a: float, peaks: int) -> None:
    for k in range(peaks):
        ox = x + (k - (peaks - 1) / 2) * a * 1.4
        pygame.draw.lines(surface, INK, False, [(ox - a, y + a * 0.5), (ox, y - a * 0.6), (ox + a, y + a * 0.5)], 1)


def _furrows(surface, x: float, y: float, a: float) -> None:
    for dy in (-0.5, 0.5):
        pygame.draw.line(surface, INK, (x - a, y + dy * a), (x + a, y + dy * a), 1)


def _block(surface, x: float, y: float, a: float) -> None:
    pygame.draw.rect(
        surface, INK, pygame.Rect(round(x - a * 0.6), round(y - a * 0.6), round(a * 1.2), round(a * 1.2)), 1
    )


def mark(surface: pygame.Surface, terrain: str, x: float, y: float, a: float) -> None:
    """Draw the mark of ``terrain`` centred on (x, y), ``a`` pixels across its half-width."""
    if terrain == "hills":
        _ridges(surface, x, y, a, 1)
    elif terrain == "mountains":
        _ridges(surface, x, y, a, 2)
    elif terrain == "farmland":
        _furrows(surface, x, y, a)
    elif terrain == "urban":
        _block(surface, x, y, a)


def draw_terrain(
    surface: pygame.Surface, names, terrain: np.ndarray, wx: np.ndarray, wy: np.ndarray, held: np.ndarray, hex_px: float
) -> None:
    """Terrain marks on every hex held by a side (``held``), at world pixels (wx, wy), on one overlay."""
    if hex_px < MIN_HEX_PX:
        return
    overlay = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    a = hex_px * 0.18
    marked = [i for i, n in enumerate(names) if n in LABELS]
    for i in np.flatnonzero(np.isin(terrain, marked) & held):
        mark(overlay, names[int(terrain[i])], float(wx[i]), float(wy[i]), a)
    surface.blit(overlay, (0, 0))


def legend_symbol(terrain: str):
    """A legend symbol: the terrain's mark on a light neutral hexagon."""

    def paint(surface: pygame.Surface, centre) -> None:
        x, y = centre
        pts = [(x + 9 * np.cos(t), y + 9 * np.sin(t)) for t in np.radians(30 + 60 * np.arange(6))]
        pygame.draw.polygon(surface, (226, 222, 212), pts)
        layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        mark(layer, terrain, x, y, 4.5)
        surface.blit(layer, (0, 0))

    return paint


def legend_entries(terrain_types) -> list[tuple[str, object]]:
    """(text, symbol) of each terrain of the scenario that has a mark, for a map legend."""
    return [(LABELS[t], legend_symbol(t)) for t in terrain_types if t in LABELS]
