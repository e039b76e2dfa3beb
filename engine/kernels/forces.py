"""The ground forces' figures of ``rules.ground`` (engaged fighters, attacking power, defence, who
fights, who is broken or restrained) and the defence of a hex, with the same float operations in the
same order as the numpy code.

The per-formation helpers take scalars (a formation's values and the ``Coefficients``): a kernel reads
its arrays in its own loops. numba counts references to the arrays a function takes, and a helper
with branches that took arrays would pay for it on every call.
"""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from .jit import jit, segment_sum


class Forces(NamedTuple):
    """The state's arrays the ground rules read and write (the same arrays: kernels update them in place)."""

    control: np.ndarray  # (B, H) int8
    position: np.ndarray  # (B, F) int32
    strength: np.ndarray  # (B, F) int32
    cohesion: np.ndarray  # (B, F) float32
    posture: np.ndarray  # (B, F) int8
    dug_in_days: np.ndarray  # (B, F) int16
    combat_days: np.ndarray  # (B, F) int16
    supplied: np.ndarray  # (B, F) bool
    escalation: np.ndarray  # (B,) int8
    weather: np.ndarray  # (B,) int8


def forces_of(state) -> Forces:
    s = state
    return Forces(
        s.control, s.position, s.strength, s.cohesion, s.posture, s.dug_in_days, s.combat_days, s.supplied,
        s.escalation, s.weather,
    )  # fmt: skip


class ForceTables(NamedTuple):
    """The board's arrays the ground forces' figures read (``force_tables(board)``)."""

    side_camp: np.ndarray  # (S,) int8
    camp_side: np.ndarray  # (C,) int8
    formation_camp: np.ndarray  # (F,) int8
    formation_side: np.ndarray  # (F,) int8
    formation_cev: np.ndarray  # (F,) float32
    formation_strength: np.ndarray  # (F,) int32
    neighbours: np.ndarray  # (H, 6) int32
    hex_place: np.ndarray  # (H,) int32
    terrain_defence: np.ndarray  # (H,) float64
    posture_defence: np.ndarray  # (4,) float64 ground.posture of each posture
    garrison: np.ndarray  # (H,) float32
    garrison_defence: np.ndarray  # (H,) float64 garrison x terrain x prepared posture
    garrison_by_side: np.ndarray  # (S,) float64


class Coefficients(NamedTuple):
    """The rules' coefficients of the ground forces (scalars only: free to hand to any helper)."""

    frontage: int
    unsupplied_power: float
    fatigue_per_day: float
    fatigue_floor: float
    break_threshold: float
    adjacent_support: float
    turkey: int  # Turkey's side, -1 if none


_tables: WeakKeyDictionary = WeakKeyDictionary()


def force_tables(board) -> tuple[ForceTables, Coefficients]:
    from ..rulebook import POSTURES

    if board not in _tables:
        r = board.rules
        _tables[board] = (
            ForceTables(
                side_camp=board.side_camp,
                camp_side=board.camp_side,
                formation_camp=board.formation_camp,
                formation_side=board.formation_side,
                formation_cev=board.formation_cev,
                formation_strength=board.formation_strength,
                neighbours=board.neighbours,
                hex_place=board.hex_place,
                terrain_defence=board.terrain_defence,
                posture_defence=np.array([r["ground.posture"][p] for p in POSTURES], np.float64),
                garrison=board.garrison,
                garrison_defence=board.garrison * board.terrain_defence * r["ground.posture"]["prepared"],
                garrison_by_side=np.array([r["ground.garrison_by_side"][x] for x in board.sides], np.float64),
            ),
            Coefficients(
                frontage=int(r["ground.frontage_fighters"]),
                unsupplied_power=float(r["supply.unsupplied_power"]),
                fatigue_per_day=float(r["ground.fatigue_per_day"]),
                fatigue_floor=float(r["ground.fatigue_floor"]),
                break_threshold=float(r["ground.break_threshold"]),
                adjacent_support=float(r["ground.adjacent_support"]),
                turkey=board.side_index("turkey") if "turkey" in board.sides else -1,
            ),
        )
    return _tables[board]


@jit
def camp_of(side_camp, side):
    return -1 if side < 0 else side_camp[side]


@jit
def engaged(c, strength):
    """``rules.ground.engaged``: the fighters of a formation that can fight for one hex."""
    return min(strength, c.frontage)


@jit
def power(c, strength, cohesion, cev, supplied, combat_days):
    """``rules.ground.power``: attacking combat power before support and weather."""
    fatigue = max(c.fatigue_floor, 1 - c.fatigue_per_day * combat_days)
    supply = 1.0 if supplied else c.unsupplied_power
    return engaged(c, strength) * np.float64(cohesion) * np.float64(cev) * supply * fatigue


@jit
def defence(c, strength, cohesion, cev, supplied, posture_factor, terrain_factor):
    """``rules.ground.defence``: defending combat power in the formation's hex."""
    supply = 1.0 if supplied else c.unsupplied_power
    return engaged(c, strength) * np.float64(cohesion) * np.float64(cev) * posture_factor * terrain_factor * supply


@jit
def restrained(c, side, escalation):
    """``rules.ground.restrained``: Turkish formations before Turkey opens its operation."""
    return side == c.turkey and escalation < 2


@jit
def fighting(c, position, strength, side, escalation):
    """``rules.ground.fighting``: on the map, with fighters, not restrained."""
    return position >= 0 and strength > 0 and not restrained(c, side, escalation)


@jit
def broken(c, strength, cohesion, full_strength):
    """``rules.ground.broken``: too weak to attack."""
    return strength < c.break_threshold * full_strength or cohesion < np.float32(0.25)


@jit
def hex_defence(t, c, fr, w, h, values, counts):
    """``rules.ground.hex_defence`` of one (world, hex): its holder's formations there, a share of those
    around it and the local garrison; infinity beyond the border. ``values``, ``counts``: (7, F) and (7,) scratch."""
    holder = fr.control[w, h]
    if holder < 0:
        return np.inf
    camp = t.side_camp[holder]
    counts[:] = 0
    F = fr.position.shape[1]
    for f in range(F):
        at = fr.position[w, f]
        if t.formation_camp[f] != camp or not fighting(c, at, fr.strength[w, f], t.formation_side[f], fr.escalation[w]):
            continue
        slot = 0 if at == h else -1
        for k in range(6):
            if slot < 0 and t.neighbours[h, k] == at:
                slot = k + 1
        if slot >= 0:
            values[slot, counts[slot]] = defence(
                c, fr.strength[w, f], fr.cohesion[w, f], t.formation_cev[f], fr.supplied[w, f],
                t.posture_defence[fr.posture[w, f]], t.terrain_defence[max(at, 0)],
            )  # fmt: skip
            counts[slot] += 1
    around = 0.0
    for k in range(6):
        around += segment_sum(values[k + 1], counts[k + 1]) if t.neighbours[h, k] >= 0 else 0.0
    total = segment_sum(values[0], counts[0])
    return total + c.adjacent_support * around + t.garrison_defence[h] * t.garrison_by_side[holder]
