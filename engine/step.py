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

# Turkish artillery fires after the air phase and before the ground battle it supports; Turkey's
# ladder climbs after the day's losses are known.
PHASES = (
    weather.resolve,
    diplomacy.resolve,
    air.resolve,
    turkey.fire,
    ground.resolve,
    supply.resolve,
    control.resolve,
    forecast.resolve,
    turkey.resolve,
    humanitarian.resolve,
)


def draws_per_day(board: Board) -> int:
    """Uniforms each world draws a day (fixed by the board, so worlds stay in step in any batch)."""
    F, A, P, D = len(board.formation_side), len(board.arm_side), len(board.population), len(board.shelters)
    M = board.rules["air.missions_per_arm"]
    E = board.rules["ground.exploit_hexes"]
    weather_, diplomacy_ = 1, 2
    air_ = 2 * A * M + 2 * F + P + D
    fire = 3 * F
    ground_ = F + F * E + 2 * F
    return weather_ + diplomacy_ + air_ + fire + ground_ + F + P + P + D


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
    killed: np.ndarray = field(init=False)  # (B, S) fighters killed today, by side
    killed_by_formation: np.ndarray = field(init=False)  # (B, F) fighters killed today

    def __post_init__(self) -> None:
        B, H, P, S = self.state.batch, self.board.hexes, len(self.board.population), len(self.board.sides)
        self.close_support = KeySums(np.zeros(0, np.int64), np.zeros(0))
        self.taken = np.zeros((B, H), bool)
        self.siege = np.zeros((B, P), bool)
        self.captured = np.zeros((B, P), bool)
        self.air_exposure = np.zeros((B, P))
        self.killed = np.zeros((B, S), np.int64)
        self.killed_by_formation = np.zeros((B, len(self.board.formation_side)), np.int64)

    @property
    def rules(self):
        return self.board.rules

    def add_losses(self, losses: np.ndarray, by_turkey: bool = False) -> None:
        """Count the deaths among (B, F) strength losses (the rest are wounded, captured or scattered):
        by side today and in total, and, for fire Turkey delivered, among the government's."""
        b = self.board
        killed = np.floor(losses * self.rules["ground.killed_share"] + 0.5).astype(np.int64)
        self.killed_by_formation += killed
        by_side = np.zeros((self.state.batch, len(b.sides)), np.int64)
        for side in np.unique(b.formation_side):
            by_side[:, side] = killed[:, b.formation_side == side].sum(axis=1)
        self.killed += by_side
        self.state.killed += by_side
        if by_turkey and "government" in b.sides:
            self.state.killed_by_turkey += by_side[:, b.side_index("government")]

    def add_garrison_losses(self, worlds, sides, losses) -> None:
        """Count the deaths among the losses of local defenders (no formation), by world and side."""
        killed = np.floor(np.asarray(losses) * self.rules["ground.killed_share"] + 0.5).astype(np.int64)
        by_side = np.zeros((self.state.batch, len(self.board.sides)), np.int64)
        np.add.at(by_side, (worlds, sides), killed)
        self.killed += by_side
        self.state.killed += by_side

    def add_losses_at(self, worlds, formations, losses, by_turkey: bool = False) -> None:
        full = np.zeros((self.state.batch, len(self.board.formation_side)), np.int64)
        np.add.at(full, (worlds, formations), losses)
        self.add_losses(full, by_turkey)

    def flip_cells(
        self, worlds: np.ndarray, places: np.ndarray, from_camps: np.ndarray, to_sides: np.ndarray, siege: bool
    ) -> None:
        """Hand places, and the hexes of their cells still held by the losing camp and not occupied by
        its fighting formations, to the winning sides (Turkish troops before the operation hold their
        posts but not the ground: the posts of the record were surrounded, ``rules.ground.restrained``)."""
        if worlds.size == 0:
            return
        s, b = self.state, self.board
        owner, hexes = b.cells_of(places)
        w, losing = worlds[owner], from_camps[owner]
        on_map = ground.fighting(b, s)
        occupied = np.zeros((s.batch, b.hexes), np.int8) - 1  # camp occupying each hex (any one)
        fw, ff = np.nonzero(on_map)
        occupied[fw, s.position[fw, ff]] = b.formation_camp[ff]
        occupant = occupied[w, hexes]
        held = s.control[w, hexes]
        flip = (held >= 0) & (b.side_camp[np.maximum(held, 0)] == losing) & (occupant != losing)
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
        phase(day)
    new.day = state.day + 1
    overnight = EventLog(new.day)
    decide(board, new, overnight)  # the commanders' decisions for the next day
    return new, day.log.finish(overnight)
