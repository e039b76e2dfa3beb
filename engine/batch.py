"""Monte Carlo batches: many worlds of one seed, in chunks, on any ``concurrent.futures`` executor.

World k's result depends only on the seed and k (its random stream is the k-th child of the
seed), never on the chunk size, the number of workers or the executor - a process pool here,
a Dask cluster through ``Client.get_executor()`` there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .board import Board, compile_board
from .loader import load_scenario
from .rulebook import with_settings
from .runner import run

CHUNK = 128  # worlds per task: large enough to batch well, small enough to spread over workers


@dataclass(frozen=True)
class BatchSpec:
    """What to run: everything a worker needs to rebuild the board and play its worlds."""

    scenario: str
    seed: int
    settings: tuple[str, ...] = ()
    policies: tuple[tuple[str, str], ...] = (("government", "historical"), ("opposition", "historical"))
    snapshot_dates: tuple[dt.date, ...] = ()  # days whose hex control is kept for the uncertainty map


@dataclass(eq=False)
class BatchResult:
    spec: BatchSpec
    board: Board
    place_control: np.ndarray  # (W, days, P) int8 side holding each place after each day
    displaced: np.ndarray  # (W, days) cumulative displacement
    civilian_casualties: np.ndarray  # (W, days)
    turkish_deaths: np.ndarray  # (W, days)
    area_km2: np.ndarray  # (W, days, S)
    government_hexes: np.ndarray  # (len(snapshot_dates), H) worlds in which the government holds each hex
    seconds: float = 0.0
    workers: int = 1  # local worker processes; 0 when an outside executor (a cluster) ran the worlds

    @property
    def runs(self) -> int:
        return self.displaced.shape[0]


@lru_cache(maxsize=4)
def board_for(scenario: str, settings: tuple[str, ...]) -> Board:
    """The compiled board, once per process and setting."""
    loaded = load_scenario(scenario)
    return compile_board(with_settings(loaded, settings) if settings else loaded)


def run_worlds(spec: BatchSpec, worlds: Sequence[int]) -> dict[str, np.ndarray]:
    """Play the given worlds of the spec's seed; return their compact results (picklable)."""
    board = board_for(spec.scenario, spec.settings)
    snap_days = [board.day_of(d) for d in spec.snapshot_dates]
    government = board.side_index("government")
    snaps = np.zeros((len(snap_days), board.hexes), np.int32)

    def keep(day: int, state) -> None:
        for i, d in enumerate(snap_days):
            if d == day:
                snaps[i] += (state.control == government).sum(axis=0)

    c = run(board, spec.seed, dict(spec.policies), worlds=list(worlds), on_day=keep)
    return {
        "place_control": c.daily["place_control"].astype(np.int8),
        "displaced": c.daily["displaced"],
        "civilian_casualties": c.daily["civilian_casualties"],
        "turkish_deaths": c.daily["turkish_deaths"],
        "area_km2": c.daily["area_km2"].astype(np.float32),
        "government_hexes": snaps,
    }


def run_batch(
    spec: BatchSpec,
    runs: int,
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = CHUNK,
) -> BatchResult:
    """Play ``runs`` worlds (0 .. runs - 1) of the seed, ``chunk`` worlds a task, and gather them in order."""
    import time

    board = board_for(spec.scenario, spec.settings)  # fail early, in this process, on a bad scenario
    started = time.perf_counter()
    chunks = [list(range(i, min(i + chunk, runs))) for i in range(0, runs, chunk)]
    parts: list[dict | None] = [None] * len(chunks)
    done = 0
    if executor is None and workers <= 1:
        for i, worlds in enumerate(chunks):
            parts[i] = run_worlds(spec, worlds)
            done += len(worlds)
            if progress:
                progress(done, runs)
    else:
        own = executor is None
        pool = executor or ProcessPoolExecutor(max_workers=workers)
        try:
            futures = {pool.submit(run_worlds, spec, worlds): i for i, worlds in enumerate(chunks)}
            from concurrent.futures import as_completed

            for future in as_completed(futures):
                i = futures[future]
                parts[i] = future.result()
                done += len(chunks[i])
                if progress:
                    progress(done, runs)
        finally:
            if own:
                pool.shutdown(cancel_futures=True)
    done_parts = [p for p in parts if p is not None]  # every chunk has returned by now
    merged = {k: np.concatenate([p[k] for p in done_parts]) for k in done_parts[0] if k != "government_hexes"}
    hexes = np.sum([p["government_hexes"] for p in done_parts], axis=0)
    return BatchResult(
        spec,
        board,
        government_hexes=hexes,
        seconds=time.perf_counter() - started,
        workers=workers if executor is None else 0,
        **merged,
    )


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
