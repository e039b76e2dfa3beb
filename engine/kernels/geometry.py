"""The hex grid's geometry for kernels: hex centres, the hex under a point and straight lines, with
the same float operations in the same order as ``engine.hexgrid.HexGrid`` (so the same hexes)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..hexgrid import KM_PER_DEG_LAT, HexGrid
from .jit import jit


class Grid(NamedTuple):
    """What the kernels need of a ``HexGrid``: its sizes and projection constants, computed as it does."""

    cols: int
    rows: int
    size_km: float
    row_km: float  # size_km * sqrt(3) / 2: the distance between rows
    west: float
    south: float
    km_per_deg_lon: float
    km_per_deg_lat: float


def grid_constants(grid: HexGrid) -> Grid:
    return Grid(
        grid.cols,
        grid.rows,
        float(grid.size_km),
        grid.size_km * math.sqrt(3) / 2,
        float(grid.west),
        float(grid.south),
        grid._km_per_deg_lon,
        KM_PER_DEG_LAT,
    )


@jit
def centre_x(g, index):
    col, row = index % g.cols, index // g.cols
    return g.size_km * (col + 0.5 * (row & 1))


@jit
def centre_y(g, index):
    return g.row_km * (index // g.cols)


@jit
def axial_q(g, index):
    col, row = index % g.cols, index // g.cols
    return col - (row - (row & 1)) // 2


@jit
def hex_distance(g, a, b):
    dq, dr = axial_q(g, a) - axial_q(g, b), a // g.cols - b // g.cols
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


@jit
def hex_at_km(g, x, y):
    """The hex under the point (x, y) km, as ``HexGrid.hex_at(*HexGrid.to_latlon(x, y))`` finds it (-1 off the grid)."""
    lon = g.west + x / g.km_per_deg_lon
    lat = g.south + y / g.km_per_deg_lat
    x = (lon - g.west) * g.km_per_deg_lon
    y = (lat - g.south) * g.km_per_deg_lat
    r_frac = y / g.row_km
    q_frac = x / g.size_km - r_frac / 2
    s_frac = -q_frac - r_frac
    q, r, s = np.rint(q_frac), np.rint(r_frac), np.rint(s_frac)
    dq, dr, ds = abs(q - q_frac), abs(r - r_frac), abs(s - s_frac)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    qi, ri = np.int64(q), np.int64(r)
    col = qi + (ri - (ri & 1)) // 2
    if ri < 0 or ri >= g.rows or col < 0 or col >= g.cols:
        return -1
    return ri * g.cols + col


@jit
def line_held_by(g, control, side_camp, origin, target, camp, t):
    """Whether every hex sampled along the straight line from origin to target (at the fractions ``t``,
    as ``HexGrid.lines``) is on the grid and held by a side of ``camp``."""
    xa, ya = centre_x(g, origin), centre_y(g, origin)
    xb, yb = centre_x(g, target), centre_y(g, target)
    for i in range(t.size):
        h = hex_at_km(g, xa + (xb - xa) * t[i] + 1e-6, ya + (yb - ya) * t[i] + 1e-6)
        if h < 0 or control[h] < 0 or side_camp[control[h]] != camp:
            return False
    return True
