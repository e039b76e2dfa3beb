"""Monte Carlo batches: many worlds of one seed, in chunks, on any ``concurrent.futures`` executor.

World k's result depends only on the seed and k (its random stream is the k-th child of the
seed), never on the chunk size, the number of workers or the executor - a process pool here,
a Dask cluster through ``Client.get_executor()`` there.

Each chunk comes back as a ``summary.Summary`` of its worlds (counts that add up) and its rows of
``runs.csv`` and ``captures.csv``; the parent adds the summaries and hands the rows on in world
order, so memory does not grow with the number of runs. Every worker gets the same number of equal
chunks, so that they finish together.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .board import Board, compile_board
from .loader import load_scenario
from .rulebook import with_settings
from .runner import run
from .summary import Summary, captures_rows, runs_rows

# worlds per task: with the compiled kernels a world costs 7.2 ms of CPU in a chunk of 256, 7.8 in one of 128
# and 10.3 in one of 48 (the day's fixed cost shared by fewer worlds); a chunk's series stay about 50 MB
LARGEST_CHUNK = 256


@dataclass(frozen=True)
class BatchSpec:
    """What to run: everything a worker needs to rebuild the board and play its worlds."""

    scenario: str
    seed: int
    settings: tuple[str, ...] = ()
    policies: tuple[tuple[str, str], ...] = (("government", "historical"), ("opposition", "historical"))
    snapshot_dates: tuple[dt.date, ...] = ()  # days whose hex control is kept for the uncertainty map
    start_day: int = 0  # a forecast from this day (--start DATE): held to the record before it, counted from it


@dataclass(eq=False)
class Chunk:
    """The outcome of some worlds of a batch: their summary and their CSV rows (picklable)."""

    worlds: range
    summary: Summary
    runs_csv: str
    captures_csv: str


@dataclass(eq=False)
class BatchResult:
    spec: BatchSpec
    board: Board
    summary: Summary  # every world's counts, added up
    seconds: float = 0.0
    workers: int = 1  # local worker processes; 0 when an outside executor (a cluster) ran the worlds

    @property
    def runs(self) -> int:
        return self.summary.runs


class BatchInterrupted(Exception):
    """The batch was stopped (Ctrl+C) before every world ran."""

    def __init__(self, done: int, runs: int, seconds: float):
        super().__init__(f"stopped after {done} of {runs} runs ({seconds:.1f} s)")
        self.done, self.runs, self.seconds = done, runs, seconds


class _Stopped(Exception):
    """Raised inside a worker when the parent asks the batch to stop."""


@lru_cache(maxsize=4)
def scenario_for(scenario: str):
    """The loaded scenario, once per process."""
    return load_scenario(scenario)


@lru_cache(maxsize=4)
def board_for(scenario: str, settings: tuple[str, ...]) -> Board:
    """The compiled board, once per process and setting (a worker compiles it for its first chunk only;
    forked workers inherit the parent's)."""
    loaded = scenario_for(scenario)
    return compile_board(with_settings(loaded, list(settings)) if settings else loaded)


_stop = None  # in a pool's worker process: the event by which the parent stops the batch


def _start_worker(stop) -> None:
    """Pool initializer: Ctrl+C is the parent's to handle; the worker stops when ``stop`` is set."""
    global _stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _stop = stop


def run_worlds(spec: BatchSpec, worlds: range) -> Chunk:
    """Play the given worlds of the spec's seed and fold them into a chunk (summary and CSV rows)."""
    board = board_for(spec.scenario, spec.settings)
    snap_days = [board.day_of(d) for d in spec.snapshot_dates]
    government = board.side_index("government")
    snaps = np.zeros((len(snap_days), board.hexes), np.int64)

    def keep(day: int, state) -> None:
        if _stop is not None and _stop.is_set():
            raise _Stopped
        for i, d in enumerate(snap_days):
            if d == day:
                snaps[i] += (state.control == government).sum(axis=0)

    c = run(board, spec.seed, dict(spec.policies), worlds=worlds, on_day=keep, start_day=spec.start_day)
    summary = Summary(board, from_day=spec.start_day, snapshot_days=tuple(snap_days))
    summary.add_campaign(board, c, snaps)
    rows = runs_rows(board, c, spec.seed, spec.start_day), captures_rows(board, c, spec.start_day)
    return Chunk(worlds, summary, *rows)


def chunk_plan(runs: int, slots: int) -> list[range]:
    """Worlds 0 .. runs - 1 in equal chunks of LARGEST_CHUNK worlds at most, the same number for every
    slot: the slots of an even machine finish together, and no chunk is smaller than it must be."""
    count = min(runs, slots * math.ceil(runs / (slots * LARGEST_CHUNK)))
    return [range(runs * i // count, runs * (i + 1) // count) for i in range(count)]


def run_batch(
    spec: BatchSpec,
    runs: int,
    workers: int = 1,
    executor: Executor | None = None,
    slots: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    rows: Callable[[Chunk], None] | None = None,
    chunks: list[range] | None = None,
) -> BatchResult:
    """Play ``runs`` worlds (0 .. runs - 1) of the seed and add up their summaries.

    ``workers`` local processes run the chunks, or ``executor`` (e.g. a Dask client's) with
    ``slots`` tasks at once. ``rows`` receives every chunk in world order (to write its CSV rows),
    ``progress`` the worlds done so far. Ctrl+C stops the workers within a day of simulation and
    raises ``BatchInterrupted``.
    """
    board = board_for(spec.scenario, spec.settings)  # fail early, in this process, on a bad scenario
    started = time.perf_counter()
    slots = slots or (workers if executor is None else 1)
    plan = chunks if chunks is not None else chunk_plan(runs, slots)
    snapshot_days = tuple(board.day_of(d) for d in spec.snapshot_dates)
    total = Summary(board, from_day=spec.start_day, snapshot_days=snapshot_days)
    done = 0
    waiting: dict[int, Chunk] = {}  # finished out of order, held until the chunks before them are in
    next_out = 0

    def take(i: int, chunk: Chunk) -> None:
        nonlocal done, next_out
        total.__iadd__(chunk.summary)
        waiting[i] = chunk
        while next_out in waiting:
            out = waiting.pop(next_out)
            if rows is not None:
                rows(out)
            next_out += 1
        done += len(chunk.worlds)
        if progress:
            progress(done, runs)

    try:
        if executor is None and workers <= 1:
            for i, worlds in enumerate(plan):
                take(i, run_worlds(spec, worlds))
        else:
            _run_pool(spec, plan, workers, executor, slots, take)
    except (KeyboardInterrupt, _Stopped):
        raise BatchInterrupted(done, runs, time.perf_counter() - started) from None
    return BatchResult(
        spec, board, total, seconds=time.perf_counter() - started, workers=workers if executor is None else 0
    )


def _run_pool(spec, plan, workers, executor, slots, take) -> None:
    """Keep twice as many chunks in flight as there are slots; hand each finished one to ``take``."""
    import multiprocessing

    stop = multiprocessing.Event() if executor is None else None
    if executor is None:  # load the kernels and the policies' tables here once: forked workers inherit them
        run(board_for(spec.scenario, spec.settings), spec.seed, dict(spec.policies), worlds=[0], days=2)
    pool = executor or ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(stop,))
    in_flight: dict[Future, int] = {}
    queue = iter(enumerate(plan))
    try:
        for i, worlds in queue:
            in_flight[pool.submit(run_worlds, spec, worlds)] = i
            if len(in_flight) >= 2 * slots:
                break
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                take(in_flight.pop(future), future.result())
                nxt = next(queue, None)
                if nxt is not None:
                    in_flight[pool.submit(run_worlds, spec, nxt[1])] = nxt[0]
    except BaseException:
        if stop is not None:
            stop.set()  # running chunks end at their next day
        for future in in_flight:
            future.cancel()
        raise
    finally:
        if executor is None:
            pool.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    return max(1, min(cpu_count(), 8))


def cpu_count() -> int:
    """Processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
