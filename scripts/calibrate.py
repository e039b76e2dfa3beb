"""Calibrate rules.yaml against the record: a coordinate search over a few coefficients.

Each candidate setting is scored by running the historical scenario on the historical plans
(RUNS worlds of SEED) and combining the four fidelity scores into one loss:

    loss = (1 - date coverage) + median date error / 10 + displacement error + 2 (1 - final-map agreement)

Usage:
    python scripts/calibrate.py [--runs 64] [--rounds 2] [--seed 7] [--write]

With --write the best values go into scenarios/idlib_2019_2020/rules.yaml, each with the
provenance `calibrated: "<scores> (scripts/calibrate.py, N runs, seed S)"`. Rerun it after any
change to the rules or the data; it prints every step so the search can be followed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.batch import BatchSpec, board_for, run_batch  # noqa: E402
from engine.fidelity import scores  # noqa: E402
from engine.loader import DEFAULT_SCENARIO  # noqa: E402

SEARCH = {  # coefficient: candidate values (the current value is always tried too)
    "ground.r50": [1.5, 2.0, 2.5],
    "ground.k": [1.5, 2.5, 3.5],
    "ground.frontage_fighters": [600, 1000, 1500],
    "ground.adjacent_support": [0.1, 0.25, 0.4],
    "ground.garrison_open": [10, 25, 50],
    "ground.cell_share_to_hold": [0.3, 0.4, 0.6],
    "air.close_support_max": [1.0, 1.5, 2.0],
    "policy.historical_min_ratio": [0.7, 1.0, 1.3],
    "policy.historical_reach_km": [30, 60, 100],
    "policy.historical_lookahead_days": [3, 7, 14],
    "ground.cohesion_loss_failed": [0.03, 0.08],
    "ground.exploit_ratio": [2.0, 3.0, 4.0],
    "ground.exploit_hexes": [1, 2, 3],
    "ground.intensity": [0.25, 0.5, 1.0],
    "humanitarian.front_pressure": [0.12, 0.3, 0.6, 1.0],
    "humanitarian.capture_pressure": [0.8, 1.5, 3.0],
    "humanitarian.front_distance_km": [3.0, 5.0, 8.0],
}


def loss(s: dict) -> float:
    return (
        (1 - s["date_coverage"])
        + s["date_error_median_days"] / 10
        + s["displacement_error"]
        + 2 * (1 - s["final_map_agreement"])
    )


def evaluate(values: dict, runs: int, seed: int) -> dict:
    settings = tuple(f"{k}={v}" for k, v in sorted(values.items()))
    result = run_batch(BatchSpec(str(DEFAULT_SCENARIO), seed, settings), runs, workers=2, chunk=max(1, runs // 2))
    s = scores(result.board, result.summary)
    s["loss"] = loss(s)
    return s


def line(s: dict) -> str:
    return (
        f"loss {s['loss']:.3f}: coverage {s['date_coverage']:.2f}, date error median {s['date_error_median_days']:.1f} "
        f"(mean {s['date_error_mean_days']:.1f}) days, displacement {s['displacement_error']:.2f}, "
        f"final map {s['final_map_agreement']:.2f}"
    )


def write(values: dict, best: dict, runs: int, seed: int) -> None:
    path = DEFAULT_SCENARIO / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    note = (
        f"fitted to the record: {line(best)} (scripts/calibrate.py, {runs} runs, seed {seed}; "
        f"loss = (1 - coverage) + median date error/10 + displacement error + 2 (1 - final-map agreement))"
    )
    for key, value in values.items():
        group, name = key.split(".")
        block = re.search(
            rf"(?ms)^{group}:\n.*?^  {name}:\n    value: [^\n]*\n    (quote|model|estimate|calibrated): [^\n]*\n", text
        )
        if block is None:
            raise SystemExit(f"cannot find {key} in {path}")
        new = f'  {name}:\n    value: {value}\n    calibrated: "{note}"\n'
        start = block.group(0).index(f"  {name}:\n")
        text = text[: block.start() + start] + new + text[block.end() :]
    path.write_text(text, encoding="utf-8")
    print(f"wrote {len(values)} calibrated values to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="search only these keys")
    parser.add_argument("--write", action="store_true", help="write the best values into rules.yaml")
    args = parser.parse_args()
    rules = board_for(str(DEFAULT_SCENARIO), ()).rules
    keys = args.only or list(SEARCH)
    values = {k: rules[k] for k in keys}
    started = time.perf_counter()
    best = evaluate(values, args.runs, args.seed)
    print(f"start   {line(best)}", flush=True)
    for round_ in range(args.rounds):
        improved = False
        for key in keys:
            for candidate in SEARCH[key]:
                if candidate == values[key]:
                    continue
                trial = dict(values, **{key: candidate})
                s = evaluate(trial, args.runs, args.seed)
                mark = ""
                if s["loss"] < best["loss"] - 1e-9:
                    best, values, improved, mark = s, trial, True, "  <- better"
                print(f"round {round_ + 1} {key}={candidate}: {line(s)}{mark}", flush=True)
        if not improved:
            break
    print(f"best    {line(best)}  [{time.perf_counter() - started:.0f} s]")
    print("settings: " + " ".join(f"--set {k}={v}" for k, v in values.items() if v != rules[k]))
    if args.write:
        changed = {k: v for k, v in values.items() if v != rules[k]}
        write(changed, best, args.runs, args.seed)


if __name__ == "__main__":
    main()
