"""Monte Carlo batches: results depend on the seed and the world only, on any executor, and stream
out in world order."""

import datetime as dt

import numpy as np
import pytest

from engine.batch import LARGEST_CHUNK, BatchSpec, chunk_plan, run_batch
from engine.rulebook import with_settings
from tests.helpers.paths import TUTORIAL

SPEC = BatchSpec(scenario=str(TUTORIAL), seed=4, snapshot_dates=(dt.date(2020, 2, 1),))
ARRAYS = ("change_day_hist", "change_camp", "first_held_hist", "holder_counts", "held_at_end", "government_hexes")


def collect(spec, runs, **kw):
    """Run a batch and keep its rows as they stream out, in the order they come."""
    rows = []
    result = run_batch(spec, runs, rows=lambda c: rows.append((c.worlds, c.runs_csv, c.captures_csv)), **kw)
    return result, rows


def same(a, b):
    sa, sb = a.summary, b.summary
    return (
        sa.runs == sb.runs
        and all(np.array_equal(getattr(sa, f), getattr(sb, f)) for f in ARRAYS)
        and all(np.array_equal(h.counts, sb.series[k].counts) for k, h in sa.series.items())
    )


def test_results_do_not_depend_on_workers_or_chunks():
    one, rows_one = collect(SPEC, 6, workers=1, chunks=[range(0, 6)])
    two, rows_two = collect(SPEC, 6, workers=2, chunks=[range(0, 2), range(2, 4), range(4, 6)])
    assert same(one, two)
    assert "".join(r[1] for r in rows_one) == "".join(r[1] for r in rows_two)
    assert "".join(r[2] for r in rows_one) == "".join(r[2] for r in rows_two)
    assert [r[0] for r in rows_two] == [range(0, 2), range(2, 4), range(4, 6)]  # handed on in world order
    assert one.runs == 6 and len(set(r.split(",")[2] for r in rows_one[0][1].splitlines())) > 1  # the worlds differ


def test_a_dask_cluster_gives_the_same_results_as_a_local_run():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote, rows_remote = collect(
            SPEC, 4, executor=client.get_executor(), slots=2, chunks=[range(0, 2), range(2, 4)]
        )
    local, rows_local = collect(SPEC, 4, workers=1)
    assert same(remote, local)
    assert "".join(r[2] for r in rows_remote) == "".join(r[2] for r in rows_local)


def test_every_worker_gets_as_many_equal_chunks_as_the_others():
    for runs, slots in [(1000, 2), (10_000, 2), (100, 2), (1000, 3), (LARGEST_CHUNK * 4 + 88, 1), (3, 8)]:
        plan = chunk_plan(runs, slots)
        assert [w for r in plan for w in r] == list(range(runs))
        sizes = [len(r) for r in plan]
        assert max(sizes) <= LARGEST_CHUNK and max(sizes) - min(sizes) <= 1
        assert len(plan) % slots == 0 or len(plan) == runs
    assert [len(r) for r in chunk_plan(1000, 2)] == [250] * 4  # not 256, 256, 256, 232: the second worker would wait
    assert [len(r) for r in chunk_plan(100, 2)] == [50, 50]


def test_switching_off_the_turkish_intervention_changes_the_outcome(historical_board):
    from engine.board import compile_board
    from engine.runner import run

    plans = {"government": "historical", "opposition": "historical"}
    off = compile_board(with_settings(historical_board.scenario, ["turkey.intervention=none"]))
    day = historical_board.day_of(dt.date(2020, 3, 1))
    as_recorded = run(historical_board, 3, plans, days=day, worlds=3).daily["escalation"][:, -1]
    without = run(off, 3, plans, days=day, worlds=3).daily["escalation"][:, -1]
    assert (as_recorded == 2).all()
    assert without.max() < 2 or without.mean() < as_recorded.mean()


def test_a_forecast_batch_counts_changes_from_its_first_day():
    spec = BatchSpec(scenario=str(TUTORIAL), seed=4, start_day=10)
    result, rows = collect(spec, 3, workers=1)
    assert result.summary.from_day == 10
    assert not result.summary.change_day_hist[:, :, :10].any()
    days = [int(line.split(",")[1]) for r in rows for line in r[2].splitlines()]
    assert days and min(days) >= 10
