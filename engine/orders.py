"""Orders: typed for people and records, arrays for the batched rules.

A formation gets one order a day (hold, move, attack, dig in, refit); an air arm up to
``air.missions_per_arm`` missions (close air support, interdiction, strike on a position); a side
may propose or accept a ceasefire. Orders are checked in ``step``: an illegal one is rejected with
a reason in the events and the formation holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .board import Board

ACTIONS = ("hold", "move", "attack", "dig_in", "refit")
HOLD, MOVE, ATTACK, DIG_IN, REFIT = range(5)
MISSIONS = ("none", "close_air_support", "interdiction", "strike")
NO_MISSION, CLOSE_AIR_SUPPORT, INTERDICTION, STRIKE = range(4)
DIPLOMACY = ("none", "propose", "accept")
NO_DIPLOMACY, PROPOSE, ACCEPT = range(3)


# -- typed orders ------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    formation: str
    to: int


@dataclass(frozen=True)
class Attack:
    formation: str
    target: int


@dataclass(frozen=True)
class DigIn:
    formation: str


@dataclass(frozen=True)
class Refit:
    formation: str


@dataclass(frozen=True)
class AirMission:
    arm: str
    kind: str  # close_air_support | interdiction | strike
    hex: int
    sorties: int


@dataclass(frozen=True)
class Ceasefire:
    side: str
    accept: bool = False  # False: propose


Order = Move | Attack | DigIn | Refit | AirMission | Ceasefire


class OrderError(ValueError):
    """An order that names something the scenario does not have."""


# -- arrays ----------------------------------------------------------------------------
@dataclass(eq=False)
class Orders:
    action: np.ndarray  # (B, F) int8
    target: np.ndarray  # (B, F) int32 hex, -1 none
    mission: np.ndarray  # (B, A, M) int8
    mission_hex: np.ndarray  # (B, A, M) int32
    mission_sorties: np.ndarray  # (B, A, M) int32
    diplomacy: np.ndarray  # (B, S) int8

    @classmethod
    def empty(cls, board: Board, batch: int) -> Orders:
        F, A, S = len(board.formation_side), len(board.arm_side), len(board.sides)
        M = board.rules["air.missions_per_arm"]
        return cls(
            action=np.zeros((batch, F), np.int8),
            target=np.full((batch, F), -1, np.int32),
            mission=np.zeros((batch, A, M), np.int8),
            mission_hex=np.full((batch, A, M), -1, np.int32),
            mission_sorties=np.zeros((batch, A, M), np.int32),
            diplomacy=np.zeros((batch, S), np.int8),
        )

    def copy(self) -> Orders:
        return replace(self, **{k: v.copy() for k, v in vars(self).items()})


def merge(board: Board, by_camp: dict[int, Orders]) -> Orders:
    """Combine each camp's orders (a policy orders only its own camp's units)."""
    first = next(iter(by_camp.values()))
    out = first.copy()
    for camp, orders in by_camp.items():
        f = board.formation_camp == camp
        out.action[:, f], out.target[:, f] = orders.action[:, f], orders.target[:, f]
        a = board.side_camp[board.arm_side] == camp
        out.mission[:, a], out.mission_hex[:, a] = orders.mission[:, a], orders.mission_hex[:, a]
        out.mission_sorties[:, a] = orders.mission_sorties[:, a]
        s = board.side_camp == camp
        out.diplomacy[:, s] = orders.diplomacy[:, s]
    return out


def to_arrays(board: Board, orders: list[Order], into: Orders | None = None, world: int = 0) -> Orders:
    """Typed orders of one world into arrays (a new batch of one unless ``into`` is given)."""
    out = into if into is not None else Orders.empty(board, 1)
    used = np.zeros(len(board.arm_side), int)
    for order in orders:
        try:
            if isinstance(order, (Move, Attack, DigIn, Refit)):
                f = board.formation_index(order.formation)
                out.action[world, f] = {Move: MOVE, Attack: ATTACK, DigIn: DIG_IN, Refit: REFIT}[type(order)]
                out.target[world, f] = (
                    order.to if isinstance(order, Move) else (order.target if isinstance(order, Attack) else -1)
                )
            elif isinstance(order, AirMission):
                a = board.arm_index(order.arm)
                m = used[a]
                if m >= out.mission.shape[2]:
                    raise OrderError(f"{order.arm}: at most {out.mission.shape[2]} missions a day")
                out.mission[world, a, m] = MISSIONS.index(order.kind)
                out.mission_hex[world, a, m], out.mission_sorties[world, a, m] = order.hex, order.sorties
                used[a] += 1
            elif isinstance(order, Ceasefire):
                out.diplomacy[world, board.side_index(order.side)] = ACCEPT if order.accept else PROPOSE
        except (KeyError, ValueError, TypeError, OverflowError) as exc:  # a name, hex or count that cannot be
            if isinstance(exc, OrderError):
                raise
            raise OrderError(f"unknown name or impossible number in {order}") from None
    return out


def from_arrays(board: Board, orders: Orders, world: int = 0) -> list[Order]:
    """The non-trivial orders of one world as typed orders (holds are left out)."""
    s = board.scenario
    out: list[Order] = []
    for f in np.flatnonzero(orders.action[world] != HOLD):
        action, fid, target = int(orders.action[world, f]), s.formations[f].id, int(orders.target[world, f])
        out.append(
            Move(fid, target)
            if action == MOVE
            else Attack(fid, target)
            if action == ATTACK
            else DigIn(fid)
            if action == DIG_IN
            else Refit(fid)
        )
    for a, m in zip(*np.nonzero(orders.mission[world] != NO_MISSION)):
        out.append(
            AirMission(
                s.air_arms[a].id,
                MISSIONS[orders.mission[world, a, m]],
                int(orders.mission_hex[world, a, m]),
                int(orders.mission_sorties[world, a, m]),
            )
        )
    for side in np.flatnonzero(orders.diplomacy[world] != NO_DIPLOMACY):
        out.append(Ceasefire(s.sides[side], accept=bool(orders.diplomacy[world, side] == ACCEPT)))
    return out


def to_json(order: Order) -> dict:
    name = {Move: "move", Attack: "attack", DigIn: "dig_in", Refit: "refit", AirMission: "air", Ceasefire: "ceasefire"}
    return {"order": name[type(order)], **vars(order)}


def from_json(data: dict) -> Order:
    kinds = {"move": Move, "attack": Attack, "dig_in": DigIn, "refit": Refit, "air": AirMission, "ceasefire": Ceasefire}
    if not isinstance(data, dict) or data.get("order") not in kinds:
        raise OrderError(f"not an order: {str(data)[:80]}")
    fields = {k: v for k, v in data.items() if k != "order"}
    try:
        return kinds[data["order"]](**fields)
    except TypeError:
        raise OrderError(f"bad fields for a {data['order']} order: {sorted(fields)}") from None
