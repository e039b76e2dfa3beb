"""Reference digests of campaigns and batches: what the engine produced, run for run, when they were
recorded, so that a change made for speed can show it changed no result.

``python -m tests.helpers.reference --write`` records them for the bundled scenarios (only when the
rules or policies are meant to change what they decide); ``tests/engine/test_reference.py`` checks
them. To record them from the code before a change made for speed, run this module in a checkout of
that code (``git worktree add /tmp/ref main``, copy this file into it, then
``PYTHONPATH=/tmp/ref python -m tests.helpers.reference --write`` from /tmp/ref) and copy the record
back. A record holds the digest of the scenario's YAML files: when the scenario changes (coefficients
being calibrated), its campaigns change too, and the record no longer applies.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from .paths import HISTORICAL, REPO, TUTORIAL

RECORD = REPO / "tests" / "engine" / "data" / "reference_digests.json"

# (name, scenario, government, opposition, seed, worlds, days (None: all), start day of a forecast)
CAMPAIGNS = (
    ("historical", HISTORICAL, "historical", "historical", 5, 4, None, 0),
    ("greedy", HISTORICAL, "greedy", "greedy", 3, 3, None, 0),
    ("greedy v historical", HISTORICAL, "greedy", "historical", 2, 2, None, 0),
    ("historical v greedy", HISTORICAL, "historical", "greedy", 8, 2, None, 0),
    ("forecast from day 40", HISTORICAL, "historical", "historical", 4, 2, None, 40),
    ("adaptive v historical", HISTORICAL, "adaptive", "historical", 6, 2, 3, 0),
    ("historical v adaptive", HISTORICAL, "historical", "adaptive", 7, 1, 3, 0),
    ("tutorial", TUTORIAL, "historical", "historical", 9, 3, None, 0),
    ("tutorial greedy", TUTORIAL, "greedy", "greedy", 1, 2, None, 0),
)
# (name, scenario, policy of both sides, seed, runs, workers)
BATCHES = (
    ("batch historical W=1", HISTORICAL, "historical", 1, 150, 1),
    ("batch historical W=2", HISTORICAL, "historical", 1, 150, 2),
    ("batch greedy W=1", HISTORICAL, "greedy", 2, 60, 1),
    ("batch tutorial W=2", TUTORIAL, "historical", 3, 70, 2),
)
VOLATILE = ("campaigns_per_second", "workers")  # summary.json fields that depend on the machine or the command


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def campaign_digests(scenario: Path, gov: str, opp: str, seed: int, worlds: int, days, start_day: int) -> dict:
    from engine import load_scenario
    from engine.board import compile_board
    from engine.events import digest
    from engine.runner import run

    board = _board(scenario, compile_board, load_scenario)
    c = run(board, seed, {"government": gov, "opposition": opp}, days=days, worlds=worlds, keep_orders=True,
            start_day=start_day)  # fmt: skip
    daily = hashlib.sha256()
    for name in sorted(c.daily):
        daily.update(name.encode())
        daily.update(np.ascontiguousarray(c.daily[name]).tobytes())
    return {
        "events": [digest(c.events, k) for k in range(worlds)],
        "state": [c.state.digest(k) for k in range(worlds)],
        "every_day_state": _sha(json.dumps(c.state_digests).encode()),
        "orders": _sha(b"".join(np.ascontiguousarray(a).tobytes() for o in c.orders for a in vars(o).values())),
        "daily": daily.hexdigest(),
    }


_boards: dict = {}


def _board(scenario, compile_board, load_scenario):
    if scenario not in _boards:
        _boards[scenario] = compile_board(load_scenario(scenario))
    return _boards[scenario]


def batch_digests(scenario: Path, policy: str, seed: int, runs: int, workers: int) -> dict:
    from ui.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        argv = ["batch", str(scenario), "--runs", str(runs), "--seed", str(seed), "--workers", str(workers)]
        argv += ["--gov", policy, "--opp", policy, "--out", str(out)]
        if main(argv) != 0:
            raise RuntimeError(f"wargame {' '.join(argv)} failed")
        summary = json.loads((out / "summary.json").read_text())
        for key in VOLATILE:
            summary.pop(key, None)
        return {
            "summary.json": _sha(json.dumps(summary, sort_keys=True).encode()),
            "runs.csv": _sha((out / "runs.csv").read_bytes()),
            "captures.csv": _sha((out / "captures.csv").read_bytes()),
        }


def scenario_digests() -> dict[str, str]:
    from engine import load_scenario
    from engine.board import scenario_digest

    return {str(p.relative_to(REPO)): scenario_digest(load_scenario(p)) for p in (HISTORICAL, TUTORIAL)}


def record() -> dict:
    out: dict = {"scenarios": scenario_digests(), "campaigns": {}, "batches": {}}
    for name, scenario, gov, opp, seed, worlds, days, start in CAMPAIGNS:
        out["campaigns"][name] = campaign_digests(scenario, gov, opp, seed, worlds, days, start)
        print(name, file=sys.stderr)
    for name, scenario, policy, seed, runs, workers in BATCHES:
        out["batches"][name] = batch_digests(scenario, policy, seed, runs, workers)
        print(name, file=sys.stderr)
    return out


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python -m tests.helpers.reference --write")
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(json.dumps(record(), indent=1) + "\n")
    print(f"wrote {RECORD}")
