"""The state of B worlds at the start of a day: numpy arrays with a leading batch axis."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from . import kernels
from .board import Board
from .plans import decide

WEEK = 7


@dataclass(eq=False)
class State:
    day: int  # days since the scenario's start date (the same in every world)
    control: np.ndarray  # (B, H) int8 side index, -1 beyond the border
    position: np.ndarray  # (B, F) int32 hex, -1 not on the map (not arrived, or destroyed)
    strength: np.ndarray  # (B, F) int32 fighters
    cohesion: np.ndarray  # (B, F) float32 0..1
    posture: np.ndarray  # (B, F) int8 index into rulebook.POSTURES
    dug_in_days: np.ndarray  # (B, F) int16
    combat_days: np.ndarray  # (B, F) int16 consecutive days in combat
    supplied: np.ndarray  # (B, F) bool, as of the last supply phase
    aircraft: np.ndarray  # (B, A) int32 serviceable aircraft
    air_defence: np.ndarray  # (B, C) float32 each camp's air defence, 1 at the start (drones destroy it)
    weather: np.ndarray  # (B,) int8 index into rulebook.WEATHER
    ceasefire: np.ndarray  # (B,) bool a truce is in force
    ceasefire_age: np.ndarray  # (B,) int16 days the truce has held
    tension: np.ndarray  # (B,) float32
    violations: np.ndarray  # (B,) int32 offensive orders during truces, cumulative
    proposals: np.ndarray  # (B, S) bool a side's open ceasefire proposal
    escalation: (
        np.ndarray
    )  # (B,) int8 Turkish escalation level: 0 posts only, 1 retaliation and fire support, 2 open operation
    retaliation_days: np.ndarray  # (B,) int16 days of Turkish retaliatory fire still to come
    turkish_deaths: np.ndarray  # (B,) int32 cumulative
    killed: np.ndarray  # (B, S) int64 fighters killed, by side, cumulative
    killed_by_turkey: np.ndarray  # (B,) int64 government fighters killed by Turkish artillery and drones, cumulative
    post_encircled: np.ndarray  # (B, O) bool
    cut_off_days: np.ndarray  # (B, P) int16 days a place has been cut off from its camp's supply
    residents: np.ndarray  # (B, P) int64 people living in each place
    sheltering: np.ndarray  # (B, D + 1) int64 displaced people per shelter; the last column is open air
    newly_displaced: np.ndarray  # (B, D + 1) int64 of those, the people displaced since the first day
    casualties: np.ndarray  # (B, P) int64 civilians killed or injured, by place
    displaced_total: np.ndarray  # (B,) int64 people displaced since before the first day, each counted once
    fled_from: np.ndarray  # (B, P) int64 cumulative displacement events by the place people fled
    deaths_week: np.ndarray  # (B, 7) int32 Turkish deaths on each of the last 7 days
    displaced_week: np.ndarray  # (B, 7) int64 people displaced on each of the last 7 days
    op_status: np.ndarray  # (B, N) int8 each operation of the plans: waiting, active, done, called off
    op_since: np.ndarray  # (B, N) int16 day the operation's status last changed
    op_strength: np.ndarray  # (B, N) int32 strength committed when it started

    @property
    def batch(self) -> int:
        return self.control.shape[0]

    def copy(self) -> State:
        return replace(self, **{f.name: getattr(self, f.name).copy() for f in fields(self) if f.name != "day"})

    def world(self, k: int) -> State:
        """World k alone, as a batch of one."""
        return replace(
            self, **{f.name: getattr(self, f.name)[k : k + 1].copy() for f in fields(self) if f.name != "day"}
        )

    def digest(self, k: int = 0) -> str:
        """SHA-256 of world k's arrays (and the day): equal digests, equal worlds."""
        h = hashlib.sha256(str(self.day).encode())
        for f in fields(self):
            if f.name != "day":
                a = np.ascontiguousarray(getattr(self, f.name)[k])
                h.update(f.name.encode())
                h.update(a.dtype.str.encode())
                h.update(a.tobytes())
        return h.hexdigest()


def initial_state(board: Board, batch: int = 1) -> State:
    """The scenario's start, repeated over ``batch`` worlds."""
    B, F = batch, len(board.formation_side)
    O, P = len(board.post_hex), len(board.population)
    S, C = len(board.sides), len(board.camp_names)
    tile = lambda a: np.repeat(np.asarray(a)[None], B, axis=0)  # noqa: E731
    on_map = np.where(
        board.formation_start >= 0,
        board.formation_start,
        np.where(board.formation_arrival == 0, board.formation_arrival_hex, -1),
    )
    N = board.plans.count
    state = State(
        day=0,
        control=tile(board.start_control),
        position=tile(on_map.astype(np.int32)),
        strength=tile(board.formation_strength),
        cohesion=np.ones((B, F), np.float32),
        posture=np.ones((B, F), np.int8),
        dug_in_days=np.zeros((B, F), np.int16),
        combat_days=np.zeros((B, F), np.int16),
        supplied=np.ones((B, F), bool),
        aircraft=tile(board.arm_aircraft),
        air_defence=np.ones((B, C), np.float32),
        weather=np.zeros(B, np.int8),
        ceasefire=np.zeros(B, bool),
        ceasefire_age=np.zeros(B, np.int16),
        tension=np.zeros(B, np.float32),
        violations=np.zeros(B, np.int32),
        proposals=np.zeros((B, S), bool),
        escalation=np.zeros(B, np.int8),
        retaliation_days=np.zeros(B, np.int16),
        turkish_deaths=np.zeros(B, np.int32),
        killed=np.zeros((B, S), np.int64),
        killed_by_turkey=np.zeros(B, np.int64),
        post_encircled=np.zeros((B, O), bool),
        cut_off_days=np.zeros((B, P), np.int16),
        residents=tile(board.population),
        sheltering=tile(np.append(board.shelter_start, 0).astype(np.int64)),
        newly_displaced=np.zeros((B, len(board.shelters) + 1), np.int64),
        casualties=np.zeros((B, P), np.int64),
        displaced_total=np.full(B, board.rules["humanitarian.displaced_before_start"], np.int64),
        fled_from=np.zeros((B, P), np.int64),
        deaths_week=np.zeros((B, WEEK), np.int32),
        displaced_week=np.zeros((B, WEEK), np.int64),
        op_status=np.zeros((B, N), np.int8),
        op_since=np.zeros((B, N), np.int16),
        op_strength=np.zeros((B, N), np.int32),
    )
    decide(board, state)
    return state


def place_control(board: Board, state: State) -> np.ndarray:
    """(B, P) side holding each place: the controller of the place's hex."""
    return state.control[:, board.place_hex]


def area_km2(board: Board, state: State) -> np.ndarray:
    """(B, S) area each side holds."""
    B, S = state.batch, len(board.sides)
    if kernels.compiled():
        return kernels.sides_held(state.control, S) * board.hex_area_km2
    counts = np.zeros((B, S), np.int64)
    for side in range(S):
        counts[:, side] = (state.control == side).sum(axis=1)
    return counts * board.hex_area_km2


def stack(states: list[State]) -> State:
    """One batch from worlds of the same day."""
    arrays: dict[str, Any] = {
        f.name: np.concatenate([getattr(s, f.name) for s in states]) for f in fields(State) if f.name != "day"
    }
    return replace(states[0], **arrays)
