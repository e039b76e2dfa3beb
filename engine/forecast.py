"""Forecasts from any day of the record: the state on that day by nudging (MODELLING.md §7).

A forecast from day D runs the rules from the scenario's first day with both coalitions on their
plans, and at the end of each day before D replaces the simulated control with the record's
(every hex takes the side of its nearest place, as for the start control); formations left on
ground their camp no longer holds fall back to the nearest hex it does. So on day D the front is
the record's, and the formations, their losses, the operations under way, the displaced and the
Turkish posts are what the rules made of the days before. From day D on nothing of the record is
read: the dates on which places change hands after D are the forecast.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import history
from .board import Board
from .territory import hex_control


@lru_cache(maxsize=4)
def _record_control(board: Board) -> dict:
    return {}


def record_control(board: Board, day: int) -> np.ndarray:
    """(H,) side holding every hex at the end of ``day`` according to the record (read up to that day only)."""
    cache = _record_control(board)
    if day not in cache:
        control = history.control_on(board.scenario, board.date(day))
        nearest = np.where(board.cell >= 0, board.cell, 0)
        cache[day] = hex_control(board.grid, board.scenario, control, nearest=nearest, outside=~board.inside)
    return cache[day]


def resolve(day) -> None:
    """Hold control to the record's for the day (when the day is given one); a phase after control."""
    if day.observed is None:
        return
    s, b = day.state, day.board
    s.control[:] = day.observed[None, :]
    now = s.control[:, b.place_hex]
    day.captured |= now != day.place_control_before
    _fall_back(b, s)


def _fall_back(board: Board, state) -> None:
    """Move every formation standing on ground its camp does not hold to the nearest hex it does."""
    on_map = (state.position >= 0) & (state.strength > 0)
    pos = np.maximum(state.position, 0)
    held = state.control[np.arange(state.batch)[:, None], pos]
    camp = np.append(board.side_camp, -1)[held]
    w, f = np.nonzero(on_map & (camp != board.formation_camp[None, :]))
    if not w.size:
        return
    hx, hy = board.grid.centre_km(np.arange(board.hexes))
    own = np.append(board.side_camp, -1)[state.control[w]] == board.formation_camp[f][:, None]  # (n, H)
    x, y = board.grid.centre_km(state.position[w, f])
    km = np.where(own, np.hypot(hx[None, :] - x[:, None], hy[None, :] - y[:, None]), np.inf)
    best = km.argmin(axis=1)
    found = np.isfinite(km[np.arange(w.size), best])
    state.position[w[found], f[found]] = best[found]
    state.position[w[~found], f[~found]] = -1  # nowhere left to stand
