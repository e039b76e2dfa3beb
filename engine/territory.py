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


def hex_control(grid: HexGrid, scenario: Scenario, control: dict[str, str],
                nearest: np.ndarray | None = None) -> np.ndarray:
    """Side index (into ``scenario.sides``) of every hex, given the controller of every place."""
    if nearest is None:
        nearest = nearest_settlement(grid, scenario)
    side_of_place = np.array([scenario.sides.index(control[s.id]) for s in scenario.settlements], dtype=np.int8)
    return side_of_place[nearest]
