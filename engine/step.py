"""One daily turn: ``step(board, state, orders, rng) -> (state, events)``, pure and batched."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import forecast
from .board import Board
from .events import EventLog
from .orders import Orders
from .plans import decide
from .rules import air, control, diplomacy, ground, humanitarian, supply, turkey, weather
from .rules.ground import KeySums
from .state import State
from .streams import Draws, Streams

PHASES = (weather, diplomacy, air, ground, supply, control, forecast, turkey, humanitarian)


def draws_per_day(board: Board) -> int:
    """Uniforms each world draws a day (fixed by the board, so worlds stay in step in any batch)."""
    F, A, O, P = len(board.formation_side), len(board.arm_side), len(board.post_hex), len(board.population)
    M = board.rules["air.missions_per_arm"]
    E = board.rules["ground.exploit_hexes"]
    return 1 + 2 + (A * M + 2 * F + P) + (F + F * E + 2 * F) + F + P + 2 * O + P


@dataclass(eq=False)
class Day:
    """What the phases of one day share: the inputs, the draws, the log and the day's scratch arrays."""

    board: Board
    state: State
    orders: Orders
    draws: Draws
    log: EventLog
    place_control_before: np.ndarray
    observed: np.ndarray | None = None  # (H,) the record's control at the end of the day, when held to it
    close_support: KeySums = field(init=False)  # sorties by key (world * C + camp) * H + hex
    taken: np.ndarray = field(init=False)  # (B, H) hexes taken in combat today
    siege: np.ndarray = field(init=False)  # (B, P) places that fell cut off
    captured: np.ndarray = field(init=False)  # (B, P) places that changed hands today
    air_exposure: np.ndarray = field(init=False)  # (B, P) sorties on and beside each place
    turkish_deaths: np.ndarray = field(init=False)  # (B,) Turkish soldiers killed today in combat

    def __post_init__(self) -> None:
        B, H, P = self.state.batch, self.board.hexes, len(self.board.population)
        self.close_support = KeySums(np.zeros(0, np.int64), np.zeros(0))
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

    def flip_cells(
        self, worlds: np.ndarray, places: np.ndarray, from_camps: np.ndarray, to_sides: np.ndarray, siege: bool
    ) -> None:
        """Hand places, and the hexes of their cells still held by the losing camp and not occupied by
        its formations, to the winning sides."""
        if worlds.size == 0:
            return
        s, b = self.state, self.board
        owner, hexes = b.cells_of(places)
        w, losing = worlds[owner], from_camps[owner]
        occupied = np.zeros((s.batch, b.hexes), np.int8) - 1  # camp occupying each hex (any one)
        fw, ff = np.nonzero((s.position >= 0) & (s.strength > 0))
        occupied[fw, s.position[fw, ff]] = b.formation_camp[ff]
        held = s.control[w, hexes]
        flip = (held >= 0) & (b.side_camp[np.maximum(held, 0)] == losing) & (occupied[w, hexes] != losing)
        s.control[w[flip], hexes[flip]] = to_sides[owner][flip]
        s.control[worlds, b.place_hex[places]] = to_sides
        if siege:
            self.siege[worlds, places] = True


def step(
    board: Board, state: State, orders: Orders, rng: Streams, observed: np.ndarray | None = None
) -> tuple[State, np.ndarray]:
    """Resolve one day in every world; return the new state and the day's events. With ``observed``
    (the record's control of every hex at the end of the day) control is held to it (engine.forecast)."""
    new = state.copy()
    day = Day(
        board,
        new,
        orders.copy(),
        Draws(rng.block(draws_per_day(board))),
        EventLog(state.day),
        place_control_before=state.control[:, board.place_hex].copy(),
        observed=observed,
    )
    for phase in PHASES:
        phase.resolve(day)
    new.day = state.day + 1
    overnight = EventLog(new.day)
    decide(board, new, overnight)  # the commanders' decisions for the next day
    events = np.concatenate([day.log.finish(), overnight.finish()])
    return new, events[np.argsort(events["world"], kind="stable")]
