"""`wargame batch`: its files, its refusals, its progress and how it stops."""

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.runner import run
from tests.helpers.paths import TUTORIAL
from ui.cli import main


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
    assert sorted(p.name for p in out.iterdir()) == ["captures.csv", "report.png", "runs.csv", "summary.json"]


def test_captures_csv_has_every_change_of_hands_of_every_run(tmp_path, historical_board):
    out = tmp_path / "results"
    assert main(["batch", "--runs", "3", "--seed", "2", "--workers", "1", "--out", str(out)]) == 0
    with open(out / "captures.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["world", "day", "date", "place", "to"]
    c = run(historical_board, 2, {"government": "historical", "opposition": "historical"}, worlds=3)
    for k in range(3):
        mine = [r for r in rows if r["world"] == str(k)]
        expected = sorted(c.captures(k), key=lambda x: (x["day"], historical_board.place_index(x["place"])))
        assert [(int(r["day"]), r["date"], r["place"], r["to"]) for r in mine] == [
            (x["day"], x["date"], x["place"], x["to"]) for x in expected
        ]
    assert len(rows) > 30
    summary = json.loads((out / "summary.json").read_text())
    first = {}
    for r in rows:
        first.setdefault((r["world"], r["place"]), r["date"])
    taken = sum(1 for (_w, p) in first if p == "saraqib")
    assert summary["places"]["saraqib"]["probability_of_capture"] == round(taken / 3, 3)


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


def test_a_refused_batch_leaves_no_folder(tmp_path, capsys):
    out = tmp_path / "new" / "results"
    args = ["batch", str(TUTORIAL), "--runs", "2", "--seed", "1", "--out", str(out)]
    assert main(args + ["--set", "ground.r50=nonsense"]) == 2
    assert main(["batch", str(TUTORIAL), "--runs", "2", "--seed", "-1", "--out", str(out)]) == 2
    assert not (tmp_path / "new").exists()
    assert len(capsys.readouterr().err.splitlines()) == 2


def test_more_workers_than_processors_are_not_started_unless_asked(tmp_path, capsys, monkeypatch):
    import ui.batch_command as command

    monkeypatch.setattr(command, "cpu_count", lambda: 2)
    started = []
    monkeypatch.setattr(command, "run_batch", lambda *a, **kw: started.append(kw["workers"]) or _stop())
    args = ["batch", str(TUTORIAL), "--runs", "20000", "--seed", "1", "--workers", "64"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 130
    assert main(args + ["--oversubscribe", "--out", str(tmp_path / "b")]) == 130
    assert started == [2, 64]
    assert "--oversubscribe" in capsys.readouterr().err


def _stop():
    from engine.batch import BatchInterrupted

    raise BatchInterrupted(0, 20000, 0.0)


@pytest.mark.parametrize("new_install", [True, False])
def test_a_new_install_says_its_first_batch_compiles_the_rules(tmp_path, capsys, monkeypatch, new_install):
    from engine import kernels

    monkeypatch.setattr(kernels, "uncompiled", lambda: new_install)
    out = tmp_path / "results"
    assert main(["batch", str(TUTORIAL), "--runs", "2", "--seed", "1", "--workers", "1", "--out", str(out)]) == 0
    said = "compiling the rules' kernels (once, after an install)" in capsys.readouterr().err
    assert said == new_install


def test_an_interrupted_batch_says_how_far_it_got_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    import engine.batch

    real, calls = engine.batch.run_worlds, []

    def interrupted(spec, worlds):
        calls.append(worlds)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(spec, worlds)

    monkeypatch.setattr(engine.batch, "run_worlds", interrupted)
    monkeypatch.setattr(engine.batch, "LARGEST_CHUNK", 2)
    out = tmp_path / "results"
    assert main(["batch", str(TUTORIAL), "--runs", "10", "--seed", "1", "--workers", "1", "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "batch interrupted: 4 of 10 runs done" in err and "nothing written" in err
    assert not out.exists()


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_a_batch_of_two_workers_stops_within_seconds(tmp_path, how):
    out = tmp_path / "results"
    command = [sys.executable, "-m", "ui.cli", "batch", "--runs", "5000", "--seed", "1", "--workers", "2"]
    proc = subprocess.Popen(
        command + ["--out", str(out), "--oversubscribe"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as from a terminal, even when the tests run in a background job (which ignores Ctrl+C)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while not (out / ".part.runs.csv").exists() or os.path.getsize(out / ".part.runs.csv") < 2000:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: to the parent and its workers
        else:
            proc.terminate()
        asked = time.monotonic()
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - asked
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert took < 3, took
    assert "batch interrupted:" in err and "of 5000 runs done" in err and "Traceback" not in err
    assert not out.exists()


def test_progress_is_a_line_every_few_seconds_when_not_on_a_terminal(monkeypatch):
    import io

    from ui import batch_command

    clock = iter([0.0, 1.0, 6.0, 7.0, 13.0, 14.0])
    monkeypatch.setattr(batch_command.time, "perf_counter", lambda: next(clock))
    stream = io.StringIO()
    progress = batch_command.Progress(stream)
    for done in (100, 200, 300, 400, 1000):
        progress(done, 1000)
    lines = stream.getvalue().splitlines()
    assert lines == ["  200/1000 runs, 33/s, 24 s left", "  400/1000 runs, 31/s, 20 s left", "  1000/1000 runs"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "ground.r50=-100"], "wargame batch: --set: ground.r50: expected a number above 0"),
        (
            ["--set", "turkey.intervention=1999-01-01"],
            "wargame batch: --set: turkey.intervention: 1999-01-01 is outside",
        ),
        (["--seed", "-1"], "wargame batch: argument --seed: expected a whole number >= 0, not '-1'"),
        (["--workers", "0"], "wargame batch: argument --workers: expected a whole number >= 1, not '0'"),
        (["--out", "/proc/b"], "wargame batch: --out /proc/b: cannot create files in folder /proc"),
    ],
)
def test_bad_arguments_are_refused_in_one_line_before_any_run(tmp_path, capsys, monkeypatch, args, message):
    import ui.batch_command

    monkeypatch.setattr(ui.batch_command, "run_batch", lambda *a, **k: pytest.fail("the runs started"))
    given = {"--runs": "2", "--seed": "1", "--out": str(tmp_path / "b")}
    extra = []
    for option, value in zip(args[::2], args[1::2]):
        if option in given:
            given[option] = value
        else:
            extra += [option, value]
    if given["--out"].startswith("/proc") and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    assert main(["batch", str(TUTORIAL), *[x for kv in given.items() for x in kv], *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message)
    assert not (tmp_path / "b").exists()
