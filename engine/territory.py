"""Control of hexes from control of places: each hex takes the controller of its nearest settlement.

This is the documented fill rule for the start control and for the replay of the record: hexes
form a Voronoi partition around the settlements, so the front line runs midway between places
held by different sides. The rules engine refines control hex by hex during play.
"""

from __future__ import annotations

import numpy as np

from .hexgrid import HexGrid
from .scenario import Scenario


def nearest_settlement(grid: HexGrid, scenario: Scenario) -> np.ndarray:
    """For every hex, the index (into ``scenario.settlements``) of the nearest settlement."""
    hx, hy = grid.centre_km(np.arange(grid.count))
    lats = np.array([s.lat for s in scenario.settlements])
    lons = np.array([s.lon for s in scenario.settlements])
    sx, sy = grid.to_km(lats, lons)
    d2 = (hx[:, None] - sx[None, :]) ** 2 + (hy[:, None] - sy[None, :]) ** 2
    return np.argmin(d2, axis=1)


OUTSIDE = -1  # a hex beyond an international border: not part of the theatre


def beyond_borders(grid: HexGrid, scenario: Scenario) -> np.ndarray:
    """True for hexes on the far side of any border in the map.

    Walking a border's points in order, the theatre (the first name in ``between``) lies on the
    right-hand side; a hex is beyond the border when its nearest border segment has it on the left.
    """
    hx, hy = grid.centre_km(np.arange(grid.count))
    outside = np.zeros(grid.count, dtype=bool)
    for border in scenario.map.borders:
        if len(border.points) < 2:
            continue
        bx, by = grid.to_km(*np.array(border.points).T)
        ax, ay, dx, dy = bx[:-1], by[:-1], np.diff(bx), np.diff(by)
        px, py = hx[:, None] - ax[None, :], hy[:, None] - ay[None, :]
        t = np.clip((px * dx + py * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        dist2 = (px - t * dx) ** 2 + (py - t * dy) ** 2
        nearest = np.argmin(dist2, axis=1)
        rows = np.arange(grid.count)
        cross = dx[nearest] * py[rows, nearest] - dy[nearest] * px[rows, nearest]
        outside |= cross > 0
    # A hex holding a place (e.g. the Bab al-Hawa crossing, on the line itself) stays in the theatre.
    places = grid.hex_at(
        np.array([p.lat for p in scenario.settlements]), np.array([p.lon for p in scenario.settlements])
    )
    outside[places[places >= 0]] = False
    return outside


def hex_control(
    grid: HexGrid,
    scenario: Scenario,
    control: dict[str, str],
    nearest: np.ndarray | None = None,
    outside: np.ndarray | None = None,
) -> np.ndarray:
    """Side index (into ``scenario.sides``) of every hex, OUTSIDE beyond the borders."""
    if nearest is None:
        nearest = nearest_settlement(grid, scenario)
    if outside is None:
        outside = beyond_borders(grid, scenario)
    side_of_place = np.array([scenario.sides.index(control[s.id]) for s in scenario.settlements], dtype=np.int8)
    return np.where(outside, OUTSIDE, side_of_place[nearest]).astype(np.int8)
