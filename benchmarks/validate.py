"""Validation of the forecasts against the record, in and out of sample (MODELLING.md §5, §7).

Prints, for the government's and the opposition's changes of hands apart, the mean CRPS in days, the
climatology baseline and the skill against it (with a 95 % bootstrap interval over real dates), the
10-90 % coverage and the interval score, for:

1. in sample: the whole campaign from 19 December with the shipped coefficients;
2. a forecast from 1 February with the shipped coefficients (control held to the record before it),
   scored on the changes from 1 February;
3. out of sample in time (with --refit): the coefficients fitted again, from their values before any
   fit, on the record's changes up to 31 January only (scripts/calibrate.py --from-priors
   --fit-until 2020-01-31, on a copy of the scenario), frozen, then a forecast from 1 February scored
   on February-March.

Usage: python benchmarks/validate.py [--runs 400] [--seed 1] [--refit] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import scores  # noqa: E402
from engine.batch import BatchSpec, board_for, run_batch  # noqa: E402
from engine.paths import DEFAULT_SCENARIO  # noqa: E402

CUT = dt.date(2020, 1, 31)
FROM = dt.date(2020, 2, 1)


def forecast(folder: str, runs: int, seed: int, start: dt.date | None, workers: int) -> dict:
    board = board_for(folder, ())
    day = board.day_of(start) if start else 0
    result = run_batch(BatchSpec(folder, seed, start_day=day), runs, workers=workers)
    return scores.change_scores(board, result.summary.change_day_hist, day)


def rows(name: str, result: dict) -> list[str]:
    out = []
    for camp, c in result["by_camp"].items():
        lo, hi = c["skill_vs_climatology_95"]
        out.append(
            f"| {name} | {camp} | {c['changes']} | {c['crps_days']:.2f} | {c['climatology_crps_days']:.2f} | "
            f"{c['skill_vs_climatology']:+.0%} ({lo:+.0%} to {hi:+.0%}) | {c['coverage_10_90']:.0%} | "
            f"{c['interval_score_days']:.1f} |"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--refit", action="store_true", help="also fit on the record up to 31 January and forecast")
    parser.add_argument("--fit-runs", type=int, default=96)
    parser.add_argument("--json", help="write every score here")
    args = parser.parse_args()
    started = time.perf_counter()
    folder = str(DEFAULT_SCENARIO)
    results = {
        "in sample, from 19 December": forecast(folder, args.runs, args.seed, None, args.workers),
        "forecast from 1 February, shipped coefficients": forecast(folder, args.runs, args.seed, FROM, args.workers),
    }
    if args.refit:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / DEFAULT_SCENARIO.name
            shutil.copytree(DEFAULT_SCENARIO, copy)
            shutil.copytree(DEFAULT_SCENARIO.parent.parent / "seeds", Path(tmp) / "seeds")
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "calibrate.py"),
                    str(copy),
                    "--from-priors",
                    "--fit-until",
                    CUT.isoformat(),
                    "--runs",
                    str(args.fit_runs),
                    "--write",
                    "january",
                ],
                check=True,
            )
            results["out of sample: fitted to 31 January, forecast from 1 February"] = forecast(
                str(copy), args.runs, args.seed, FROM, args.workers
            )
    print(f"{args.runs} runs of seed {args.seed} each, {time.perf_counter() - started:.0f} s\n")
    print(
        "| forecast | changes to | n | CRPS (days) | climatology | skill (95 %) | 10-90 % coverage | interval score |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        print("\n".join(rows(name, result)))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
