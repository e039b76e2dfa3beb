"""Monte Carlo batches: results depend on the seed and the world only, on any executor."""

import datetime as dt
import json

import numpy as np
import pytest

from engine.batch import BatchSpec, run_batch
from engine.rulebook import with_settings
from tests.helpers.paths import TUTORIAL
from ui.cli import main

SPEC = BatchSpec(scenario=str(TUTORIAL), seed=4, snapshot_dates=(dt.date(2020, 2, 1),))
FIELDS = ("place_control", "displaced", "civilian_casualties", "turkish_deaths", "area_km2", "government_hexes")


def same(a, b):
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FIELDS)


def test_results_do_not_depend_on_workers_or_chunks():
    one = run_batch(SPEC, 6, workers=1, chunk=6)
    two = run_batch(SPEC, 6, workers=2, chunk=2)
    assert same(one, two)
    assert one.runs == 6 and not np.array_equal(one.displaced[0], one.displaced[1])  # the worlds do differ


def test_a_dask_cluster_gives_the_same_results_as_a_local_run():
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_batch(SPEC, 4, executor=client.get_executor(), chunk=2)
    assert same(remote, run_batch(SPEC, 4, workers=1))


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


def test_batch_writes_summary_runs_and_report(tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["batch", str(TUTORIAL), "--runs", "5", "--seed", "2", "--workers", "1", "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == 5 and summary["seed"] == 2
    assert {"date_coverage", "date_error_mean_days", "displacement_error", "final_map_agreement"} <= set(
        summary["fidelity"]
    )
    saraqib = summary["places"]["saraqib"]
    assert 0 <= saraqib["probability_of_capture"] <= 1
    assert len((out / "runs.csv").read_text().splitlines()) == 6
    assert (out / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "date coverage" in capsys.readouterr().out


def test_batch_refuses_bad_settings_and_never_overwrites_results(tmp_path, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "summary.json").write_text("mine")
    assert main(["batch", str(TUTORIAL), "--runs", "2", "--seed", "1", "--out", str(out)]) == 2
    assert (out / "summary.json").read_text() == "mine"
    assert (
        main(
            [
                "batch",
                str(TUTORIAL),
                "--runs",
                "2",
                "--seed",
                "1",
                "--out",
                str(tmp_path / "b"),
                "--set",
                "ground.r5O=2",
            ]
        )
        == 2
    )
    assert main(["batch", str(TUTORIAL), "--runs", "0", "--seed", "1", "--out", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert "already holds summary.json" in err[0]
    assert "unknown rule (did you mean 'ground.r50'?)" in err[1]
    assert not (tmp_path / "b" / "summary.json").exists()
