"""One daily turn: ``step(board, state, orders, rng) -> (state, events)``, pure and batched."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .board import Board
from .events import EventLog
from .orders import Orders
from .rules import air, control, diplomacy, ground, humanitarian, supply, turkey, weather
from .state import State
from .streams import Draws, Streams

PHASES = (weather, diplomacy, air, ground, supply, control, turkey, humanitarian)


def draws_per_day(board: Board) -> int:
    """Uniforms each world draws a day (fixed by the board, so worlds stay in step in any batch)."""
    F, A, O, P = len(board.formation_side), len(board.arm_side), len(board.post_hex), len(board.population)
    M = board.rules["air.missions_per_arm"]
    return 1 + 2 + (A * M + 2 * F + P) + (F + 2 * F) + F + P + 2 * O + P


@dataclass(eq=False)
class Day:
    """What the phases of one day share: the inputs, the draws, the log and the day's scratch arrays."""

    board: Board
    state: State
    orders: Orders
    draws: Draws
    log: EventLog
    place_control_before: np.ndarray
    close_support: np.ndarray = field(default=None)  # (B, C, H) sorties by camp
    interdiction: np.ndarray = field(default=None)
    strikes: np.ndarray = field(default=None)
    taken: np.ndarray = field(default=None)          # (B, H) hexes taken in combat today
    siege: np.ndarray = field(default=None)          # (B, P) places that fell cut off
    captured: np.ndarray = field(default=None)       # (B, P) places that changed hands today
    air_exposure: np.ndarray = field(default=None)   # (B, P) sorties on and beside each place
    turkish_deaths: np.ndarray = field(default=None)  # (B,) Turkish soldiers killed today in combat

    def __post_init__(self) -> None:
        B, H, C, P = self.state.batch, self.board.hexes, len(self.board.camp_names), len(self.board.population)
        self.close_support = np.zeros((B, C, H), np.float32)
        self.interdiction = np.zeros((B, C, H), np.float32)
        self.strikes = np.zeros((B, C, H), np.float32)
        self.taken = np.zeros((B, H), bool)
        self.siege = np.zeros((B, P), bool)
        self.captured = np.zeros((B, P), bool)
        self.air_exposure = np.zeros((B, P))
        self.turkish_deaths = np.zeros(B, np.int64)

    @property
    def rules(self):
        return self.board.rules

    def add_turkish_deaths(self, losses: np.ndarray) -> None:
        """Count the deaths among (B, F) losses that fell on Turkish formations."""
        if "turkey" not in self.board.sides:
            return
        turkish = self.board.formation_side == self.board.side_index("turkey")
        killed = np.floor(losses[:, turkish] * self.rules["ground.killed_share"] + 0.5).astype(np.int64)
        self.turkish_deaths += killed.sum(axis=1)

    def add_turkish_deaths_at(self, worlds, formations, losses) -> None:
        full = np.zeros((self.state.batch, len(self.board.formation_side)), np.int64)
        np.add.at(full, (worlds, formations), losses)
        self.add_turkish_deaths(full)

    def flip_cell(self, world: int, place: int, from_camp: int, to_side: int, siege: bool) -> None:
        """Hand a place and the hexes of its cell still held by ``from_camp`` (and not occupied by it) to a side."""
        s, b = self.state, self.board
        hexes = b.cell_hexes[place]
        held = s.control[world, hexes]
        occupied = np.zeros(b.hexes, bool)
        mine = (s.position[world] >= 0) & (b.formation_camp == from_camp) & (s.strength[world] > 0)
        occupied[s.position[world, mine]] = True
        flip = (held >= 0) & (b.side_camp[np.maximum(held, 0)] == from_camp) & ~occupied[hexes]
        s.control[world, hexes[flip]] = to_side
        s.control[world, b.place_hex[place]] = to_side
        if siege:
            self.siege[world, place] = True


def step(board: Board, state: State, orders: Orders, rng: Streams) -> tuple[State, np.ndarray]:
    """Resolve one day in every world; return the new state and the day's events."""
    new = state.copy()
    day = Day(board, new, orders.copy(), Draws(rng.block(draws_per_day(board))), EventLog(state.day),
              place_control_before=state.control[:, board.place_hex].copy())
    for phase in PHASES:
        phase.resolve(day)
    new.day = state.day + 1
    return new, day.log.finish()
