"""A playable scenario's objectives: the points each side has, against the record and against the computer.

An objective is worth its weight when its side's camp holds its places at the end of its day (its
``date``, else the scenario's last day): with ``need: all`` in proportion to the places held, with
``need: any`` in full once one is held. While a game is under way, an objective whose day is still
to come counts the places held today (its points are provisional); once its day has passed they are
settled. The same count is made of

- the record: who held the places at the end of the same date (the ghost front);
- the computer: a batch of worlds with the computer playing the player's side on its plan from the
  same start, against the same opponent; the player's percentile is the share of those worlds that
  score below the player (ties count half). The batch is run once per scenario, side, opponent, seed
  and number of worlds, and kept in memory and in a cache folder.

Civilian harm is never counted: it is reported beside the score (engine.game).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import history
from .board import Board
from .scenario import Objective, PlayableScenario

COMPUTER_WORLDS = 32  # worlds in the computer's batch: the percentile to about 3 points, in seconds


@dataclass(frozen=True)
class ObjectiveStanding:
    objective: Objective
    held: int  # places of the objective its side holds on the day counted
    points: float
    settled: bool  # its day has passed: the points are final
    day: int  # the day counted


@dataclass(frozen=True)
class Standing:
    """One side's points on a day: each objective, the total and what victory needs."""

    side: str
    day: int  # the last day played (its end)
    objectives: tuple[ObjectiveStanding, ...]
    needed: int

    @property
    def points(self) -> float:
        return float(sum(o.points for o in self.objectives))

    @property
    def winning(self) -> bool:
        return self.points >= self.needed


def objective_day(board: Board, setup: PlayableScenario, objective: Objective) -> int:
    """The day (index from the scenario's first day) at whose end the objective is counted."""
    return board.day_of(objective.date or setup.end_date)


def objective_points(board: Board, objective: Objective, place_sides: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(held, points) per world for one objective, from ``place_sides`` (W, P) side holding each place."""
    camp = board.side_camp[board.side_index(objective.side)]
    index = np.array([board.place_index(p.id) for p in objective.places])
    sides = place_sides[:, index]
    held = ((sides >= 0) & (board.side_camp[np.maximum(sides, 0)] == camp)).sum(axis=1)
    share = (held > 0).astype(float) if objective.need == "any" else held / len(index)
    return held, objective.weight * share


def points_by_objective(
    board: Board, setup: PlayableScenario, side: str, place_sides_on: Callable[[int], np.ndarray], day: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(held, points, settled) of shape (W, n) for the side's objectives at the end of ``day``;
    ``place_sides_on(d)`` gives (W, P) for any day up to ``day``."""
    objectives = setup.objectives_of(side)
    held, points, settled = [], [], []
    for o in objectives:
        d = min(objective_day(board, setup, o), day)
        h, p = objective_points(board, o, place_sides_on(d))
        held.append(h)
        points.append(p)
        settled.append(np.full(h.shape, objective_day(board, setup, o) <= day))
    if not objectives:
        empty = np.zeros((place_sides_on(day).shape[0], 0))
        return empty, empty, empty.astype(bool)
    return np.stack(held, axis=1), np.stack(points, axis=1), np.stack(settled, axis=1)


def standing(
    board: Board, setup: PlayableScenario, side: str, place_sides_on: Callable[[int], np.ndarray], day: int
) -> Standing:
    """The side's standing in world 0 at the end of ``day``."""
    held, points, settled = points_by_objective(board, setup, side, place_sides_on, day)
    objectives = setup.objectives_of(side)
    return Standing(
        side,
        day,
        tuple(
            ObjectiveStanding(
                o, int(held[0, i]), float(points[0, i]), bool(settled[0, i]), min(objective_day(board, setup, o), day)
            )
            for i, o in enumerate(objectives)
        ),
        setup.victory.get(side, 0),
    )


# -- the record -----------------------------------------------------------------------------------
_RECORD: dict[tuple[int, dt.date], np.ndarray] = {}


def record_place_sides(board: Board, day: int) -> np.ndarray:
    """(1, P) side holding each place at the end of ``day`` in the record (the ghost front's places)."""
    date = min(board.date(day), board.scenario.record_end)
    key = (id(board), date)
    if key not in _RECORD:
        control = history.control_on(board.scenario, date)
        sides = board.scenario.sides
        _RECORD[key] = np.array([[sides.index(control[p.id]) for p in board.scenario.settlements]], np.int64)
    return _RECORD[key]


def record_standing(board: Board, setup: PlayableScenario, side: str, day: int) -> Standing:
    """What the record's own front scores on the same objectives at the end of ``day``."""
    return standing(board, setup, side, lambda d: record_place_sides(board, d), day)


def record_changes(board: Board, first_day: int, end_day: int) -> list[tuple[int, int, int]]:
    """(place, real day, camp) of each place's first change of hands in the record from ``first_day`` to
    the day before ``end_day``, in date order: the capture dates a game from ``first_day`` is compared with."""
    s = board.scenario
    first, last = board.date(first_day), board.date(end_day - 1)
    out = []
    for place_id, changes in history.capture_dates(s).items():
        inside = [(d, side) for d, side in changes if first <= d <= last]
        if inside:
            date, side = inside[0]
            out.append((board.place_index(place_id), board.day_of(date), int(board.side_camp[s.sides.index(side)])))
    return sorted(out, key=lambda c: (c[1], c[0]))


# -- the computer ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ComputerRuns:
    """The computer's batch from a playable scenario's start: place control per world and day."""

    start_day: int
    place_sides: np.ndarray  # (W, 1 + days from start_day to the last day, P) int8; first the morning of start_day

    @property
    def worlds(self) -> int:
        return self.place_sides.shape[0]

    def on(self, day: int) -> np.ndarray:
        """(W, P) at the end of ``day`` (the day before the start: the first morning)."""
        return self.place_sides[:, max(day - self.start_day + 1, 0)].astype(np.int64)

    def points(self, board: Board, setup: PlayableScenario, side: str, day: int) -> np.ndarray:
        """(W,) each world's points for the side at the end of ``day``."""
        return points_by_objective(board, setup, side, self.on, day)[1].sum(axis=1)


@dataclass(frozen=True)
class Comparison:
    """The player's points on a day against the computer's worlds on the same day."""

    points: float
    computer: np.ndarray  # (W,) the computer's points in each world

    @property
    def percentile(self) -> float:
        """Share of the computer's worlds scoring below the player (ties count half), 0..100."""
        below = (self.computer < self.points - 1e-9).sum()
        ties = (np.abs(self.computer - self.points) <= 1e-9).sum()
        return float(100.0 * (below + 0.5 * ties) / max(len(self.computer), 1))

    @property
    def median(self) -> float:
        return float(np.median(self.computer)) if len(self.computer) else 0.0


def compare(
    runs: ComputerRuns, board: Board, setup: PlayableScenario, side: str, points: float, day: int
) -> Comparison:
    return Comparison(points, runs.points(board, setup, side, day))


_RUNS: dict[str, ComputerRuns] = {}


def cache_folder() -> Path:
    """Where computer batches are kept between games: $IDLIB_WARGAME_CACHE, else the user's cache folder."""
    if os.environ.get("IDLIB_WARGAME_CACHE"):
        return Path(os.environ["IDLIB_WARGAME_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "idlib-wargame"


def computer_runs(
    board: Board,
    setup: PlayableScenario,
    policies: dict[str, str],
    seed: int,
    worlds: int = COMPUTER_WORLDS,
    cache: Path | None = None,
    run_if_missing: bool = True,
) -> ComputerRuns | None:
    """The computer's batch from the scenario's start with ``policies`` {side: policy}: run once, then
    read from memory or the cache folder (keyed by the scenario files' digest, so edits invalidate it).
    With ``run_if_missing`` False, None when it has not been run yet."""
    from .runner import run

    start, end = board.day_of(setup.start_date), board.day_of(setup.end_date) + 1
    key = "|".join(
        [board.digest, setup.id, ",".join(f"{s}={p}" for s, p in sorted(policies.items())), str(seed), str(worlds)]
    )
    name = hashlib.sha256(key.encode()).hexdigest()[:32]
    if name in _RUNS:
        return _RUNS[name]
    folder = cache_folder() if cache is None else cache
    path = folder / f"computer-{name}.npz"
    runs = _read(path, start, worlds, end - start + 1, len(board.scenario.settlements))
    if runs is None and not run_if_missing:
        return None
    if runs is None:
        campaign = run(board, seed, policies, days=end, worlds=worlds, start_day=start)
        daily = campaign.daily["place_control"]
        morning = daily[:, start - 1] if start else np.repeat(board.start_control[board.place_hex][None], worlds, 0)
        runs = ComputerRuns(start, np.concatenate([morning[:, None], daily[:, start:end]], axis=1).astype(np.int8))
        _write(path, runs)
    _RUNS[name] = runs
    return runs


def _read(path: Path, start: int, worlds: int, days: int, places: int) -> ComputerRuns | None:
    try:
        with np.load(path) as data:
            sides = data["place_sides"]
            if sides.shape == (worlds, days, places) and int(data["start_day"]) == start:
                return ComputerRuns(start, sides)
    except (OSError, ValueError, KeyError):
        pass
    return None


def _write(path: Path, runs: ComputerRuns) -> None:
    """Keep the batch for the next game; a cache that cannot be written is only a slower next game."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.npz")
        np.savez_compressed(partial, place_sides=runs.place_sides, start_day=runs.start_day)
        os.replace(partial, path)
    except OSError:
        pass
