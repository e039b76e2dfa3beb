"""Run a campaign: loop ``step`` over the days with a policy per playable side, keeping the record."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import forecast
from .board import Board
from .events import EVENT_DTYPE, Kind, concatenate
from .orders import Orders, merge
from .policies import POLICIES, Policy
from .state import State, area_km2, initial_state
from .step import step
from .streams import Streams


@dataclass(eq=False)
class Campaign:
    board: Board
    seed: int
    worlds: tuple[int, ...]
    state: State  # after the last day
    events: np.ndarray  # every day's events, in day order
    daily: dict[str, np.ndarray]  # series of shape (B, days) or (B, days, S)
    orders: list[Orders] = field(default_factory=list)  # every day's orders (kept when asked)
    state_digests: list[list[str]] = field(default_factory=list)  # per day, per world
    start_day: int = 0  # a forecast from this day: control was held to the record before it
    rng: Streams | None = None  # the worlds' streams after the last day, to play on from there

    @property
    def days(self) -> int:
        return self.daily["displaced"].shape[1]

    def captures(self, k: int = 0) -> list[dict]:
        """World k's changes of control of places, in order: {place, date, day, to}."""
        e = self.events[
            (self.events["world"] == k) & (self.events["kind"] == Kind.CAPTURE) & (self.events["day"] >= self.start_day)
        ]
        s = self.board.scenario
        return [
            {
                "place": s.settlements[x["place"]].id,
                "date": self.board.date(x["day"]).isoformat(),
                "day": int(x["day"]),
                "to": s.sides[x["side"]],
            }
            for x in e
        ]

    def final_control(self, k: int = 0) -> dict[str, str]:
        s = self.board.scenario
        held = self.state.control[k, self.board.place_hex]
        return {p.id: s.sides[held[i]] for i, p in enumerate(s.settlements)}


def policies_by_camp(board: Board, chosen: Mapping[str, str | Policy]) -> dict[int, Policy]:
    """Map {side: policy name or function} for the playable sides to {camp: policy}."""
    out = {}
    for side, policy in chosen.items():
        out[int(board.side_camp[board.side_index(side)])] = POLICIES[policy] if isinstance(policy, str) else policy
    return out


def day_figures(board: Board, state: State) -> dict[str, np.ndarray]:
    """The series' figures of one day, (B,) or (B, k) each."""
    return {
        "displaced": state.displaced_total,
        "sheltering": state.sheltering.sum(axis=1),
        "open_air": state.sheltering[:, -1],
        "fled_from": state.fled_from,
        "civilian_casualties": state.casualties.sum(axis=1),
        "turkish_deaths": state.turkish_deaths,
        "killed": state.killed,
        "killed_by_turkey": state.killed_by_turkey,
        "aircraft": state.aircraft,
        "area_km2": area_km2(board, state),
        "place_control": state.control[:, board.place_hex],
        "escalation": state.escalation,
        "post_encircled": state.post_encircled,
        "ceasefire": state.ceasefire,
        "weather": state.weather,
    }


def record_day(series: dict[str, np.ndarray], day: int, days: int, board: Board, state: State) -> None:
    """Write the day's figures into the (B, days, ...) series, made on the first day (written in place:
    a list of copies stacked at the end would copy every figure twice)."""
    for name, figure in day_figures(board, state).items():
        if name not in series:
            series[name] = np.empty((figure.shape[0], days, *figure.shape[1:]), figure.dtype)
        series[name][:, day] = figure


def run(
    board: Board,
    seed: int,
    policies: Mapping[str, str | Policy],
    days: int | None = None,
    worlds: Sequence[int] | int = 1,
    keep_orders: bool = False,
    given_orders: Sequence[Orders] | None = None,
    on_day: Callable[[int, State], None] | None = None,
    start_day: int = 0,
) -> Campaign:
    """Play ``days`` days (default: the whole scenario) in the given worlds of the seed.

    ``given_orders`` replaces the policies with recorded orders (one Orders per day). With
    ``start_day`` the campaign is a forecast from that day: before it both coalitions follow their
    plans with control held to the record (engine.forecast); the policies take over from it.
    """
    rng = Streams(seed, worlds)
    days = board.scenario.days if days is None else days
    state = initial_state(board, rng.batch)
    by_camp = policies_by_camp(board, policies)
    plans = policies_by_camp(board, {side: "historical" for side in board.scenario.playable})
    series: dict[str, np.ndarray] = {}
    all_events, kept, digests = [], [], []
    for d in range(days):
        held = d < start_day
        if given_orders is not None:
            orders = given_orders[d]
        else:
            chosen = plans if held else by_camp
            orders = (
                merge(board, {camp: policy(board, state, camp, rng) for camp, policy in chosen.items()})
                if chosen
                else Orders.empty(board, rng.batch)
            )
        if keep_orders:
            kept.append(orders)
        state, events = step(board, state, orders, rng, forecast.record_control(board, d) if held else None)
        all_events.append(events)
        record_day(series, d, days, board, state)
        if keep_orders:
            digests.append([state.digest(k) for k in range(rng.batch)])
        if on_day is not None:
            on_day(d, state)
    events = concatenate(all_events) if all_events else np.zeros(0, EVENT_DTYPE)
    if not days:
        raise ValueError("a campaign of no days")
    return Campaign(board, int(seed), rng.worlds, state, events, series, kept, digests, start_day, rng)
