"""Calibrate rules.yaml against the record by proper scores: a coordinate search over a few coefficients.

Each candidate setting runs the historical scenario on the coalitions' plans (RUNS worlds of SEED) and
is scored by its objective: ``crps`` (default), the mean CRPS (days) of the record's changes of hands,
both camps (engine/scores.py), over the coefficients of SEARCH; or ``displaced``, the mean relative
error of the median displaced to the record's cumulative totals, over those of DISPLACEMENT.
``--fit-until DATE`` scores only the changes up to DATE, so the rest of the record can be forecast out
of sample (benchmarks/validate.py); ``--from-priors`` starts from the values before any fit.

Usage:
    python scripts/calibrate.py [SCENARIO] [--runs 96] [--rounds 2] [--seed 7] [--objective crps|displaced]
                                [--fit-until 2020-01-31] [--from-priors] [--only KEY ...] [--write NAME]

With ``--write NAME`` every searched coefficient gets the fit's value in the scenario's rules.yaml,
its leaf marked ``calibrated: {fit: NAME, searched: [...], prior_value: ..., prior: <its source
before any fit>}``, and the fit itself (method, objective, what was scored, the result) goes once into
the ``calibration`` block.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import history, scores  # noqa: E402
from engine.batch import BatchSpec, board_for, run_batch  # noqa: E402
from engine.paths import DEFAULT_SCENARIO  # noqa: E402

SEARCH = {  # coefficient: values tried (the current value is always tried too)
    "ground.r50": [1.0, 1.25, 1.5, 2.0, 2.5],
    "ground.k": [1.5, 2.5, 3.5],
    "ground.frontage_fighters": [600, 900, 1200, 1500],
    "ground.adjacent_support": [0.0, 0.05, 0.1],
    "ground.garrison_open": [2, 5, 10],
    "ground.cell_share_to_hold": [0.6, 0.7, 0.8, 0.9],
    "ground.exploit_ratio": [1.5, 2.0, 3.0],
    "ground.exploit_hexes": [1, 2, 3],
    "air.close_support_max": [1.0, 2.0, 3.0],
    "policy.historical_min_ratio": [0.3, 0.5, 0.8],
    "supply.town_fall_days": [1, 2, 3],
    "policy.reinforce_km": [0, 5],
    "policy.plan_front_width": [5, 8, 12],
}
DISPLACEMENT = {  # searched with --objective displaced
    "humanitarian.front_pressure": [0.15, 0.3, 0.6, 1.0],
    "humanitarian.front_distance_km": [3.0, 4.0, 6.0, 8.0],
    "humanitarian.strike_pressure": [0.008, 0.016, 0.03, 0.06],
    "humanitarian.capture_pressure": [0.2, 0.4, 0.8, 1.6],
    "humanitarian.advance_distance_km": [2.0, 4.0, 8.0],
    "humanitarian.avoidance": [5.0, 10.0, 20.0],
}
OBJECTIVES = {
    "crps": "mean CRPS in days of the record's changes of hands (engine/scores.py), both camps",
    "displaced": "mean relative error of the median displaced to every cumulative total of the record, each source",
}


def evaluate(folder: str, values: dict, args, until_day: int | None) -> dict:
    settings = tuple(f"{k}={v}" for k, v in sorted(values.items()))
    result = run_batch(BatchSpec(folder, args.seed, settings), args.runs, workers=args.workers)
    scored = scores.change_scores(result.board, result.summary.change_day_hist, 0, until_day)
    camps = scored["by_camp"].values()
    n = sum(c["changes"] for c in camps)
    scored["crps"] = sum(c["crps_days"] * c["changes"] for c in camps) / n
    scored["displaced"] = displaced_error(result.board, result.summary)
    scored["loss"] = scored[args.objective]
    return scored


def displaced_error(board, summary) -> float:
    """Mean relative error of the median displaced to each of the record's cumulative totals in the
    scenario's days, every source (the UN's, the NGOs', the document's own)."""
    s = board.scenario
    median = summary.series["displaced"].quantile(0.5)
    reports = [r for r in history.displaced_reports(s) if s.start_date <= r.date <= s.end_date]
    return float(np.mean([abs(median[board.day_of(r.date)] - r.value) / r.value for r in reports]))


def line(s: dict) -> str:
    parts = [f"mean CRPS {s['crps']:.2f} days, displacement error {s['displaced']:.1%}"]
    for camp, c in s["by_camp"].items():
        parts.append(
            f"{camp} {c['crps_days']:.2f} (climatology {c['climatology_crps_days']:.2f}, "
            f"skill {c['skill_vs_climatology']:+.2f}, 10-90 % coverage {c['coverage_10_90']:.2f}, n {c['changes']})"
        )
    return "; ".join(parts)


def leaves(folder: Path) -> dict:
    """rules.yaml's leaves as plain data, by dotted key."""
    data = yaml.safe_load((folder / "rules.yaml").read_text(encoding="utf-8"))
    return {
        f"{group}.{name}": leaf for group, body in data.items() if group != "calibration" for name, leaf in body.items()
    }


def prior_values(folder: Path, keys: list[str]) -> dict:
    """The values the keys had before any fit (a calibrated leaf's prior_value, else its value)."""
    out = {}
    for key, leaf in leaves(folder).items():
        if key in keys:
            calibrated = leaf.get("calibrated")
            out[key] = calibrated.get("prior_value", leaf["value"]) if isinstance(calibrated, dict) else leaf["value"]
    return out


def write(folder: Path, name: str, changed: dict, best: dict, args, searched: dict) -> None:
    path = folder / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    before = leaves(folder)
    for key, value in changed.items():
        group, leaf = key.split(".")
        block = re.search(rf"(?ms)^{group}:\n.*?^  {leaf}:\n((?:    [^\n]*\n)+)", text)
        if block is None:
            raise SystemExit(f"cannot find {key} in {path}")
        old = before[key]
        calibrated = old.get("calibrated")
        if isinstance(calibrated, dict):  # fitted before: keep the source and value it had before any fit
            prior, prior_value = calibrated.get("prior", "none recorded"), calibrated.get("prior_value", old["value"])
        else:
            kind = next((k for k in ("quote", "model", "estimate", "calibrated") if k in old), None)
            prior, prior_value = (f"{kind}: {old[kind]}" if kind else "none recorded"), old["value"]
        prior = str(prior).replace('"', "'")
        new = (
            f"    value: {value}\n"
            f"    calibrated: {{fit: {name}, searched: {sorted({float(v) for v in searched[key]})}, "
            f"prior_value: {prior_value}, "
            f'prior: "{prior}"}}\n'
        )
        text = text[: block.start(1)] + new + text[block.end(1) :]
    scored = (
        f"the changes of hands from the scenario's first day to {best.get('until', 'its last day')}"
        if args.objective == "crps"
        else "every cumulative total of displaced people in the record within the scenario's days"
    )
    fit = (
        f"  {name}:\n"
        f'    method: "coordinate search, {args.rounds} round(s), {args.runs} runs of seed {args.seed} per candidate '
        f'(scripts/calibrate.py), on {dt.date.today().isoformat()}"\n'
        f'    objective: "{OBJECTIVES[args.objective]}"\n'
        f'    scored: "{scored}"\n'
        f'    result: "{line(best)}"\n'
    )
    if re.search(rf"(?m)^  {name}:\n", text):
        text = re.sub(rf"(?ms)^  {name}:\n(?:    [^\n]*\n)+", lambda _: fit, text)
    elif re.search(r"(?m)^calibration:\n", text):
        text = re.sub(r"(?m)^calibration:\n", lambda _: "calibration:\n" + fit, text)
    else:
        text += "\n# The fits that `calibrated` leaves name (scripts/calibrate.py).\ncalibration:\n" + fit
    named = set(re.findall(r"calibrated: \{fit: (\w+)", text))
    for old_fit in set(re.findall(r"(?m)^  (\w+):\n    method:", text)) - named:  # a fit no leaf names any more
        text = re.sub(rf"(?ms)^  {old_fit}:\n(?:    [^\n]*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {len(changed)} calibrated values and the fit '{name}' to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--runs", type=int, default=96)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fit-until", type=dt.date.fromisoformat, help="score only the record's changes up to DATE")
    parser.add_argument("--only", nargs="*", help="search only these keys")
    parser.add_argument(
        "--objective",
        choices=sorted(OBJECTIVES),
        default="crps",
        help="crps: the dates of change of hands (the coefficients of SEARCH); displaced: the displaced against "
        "the record's totals (the coefficients of DISPLACEMENT)",
    )
    parser.add_argument(
        "--from-priors",
        action="store_true",
        help="start from the values the coefficients had before any fit (for a fit on part of the record)",
    )
    parser.add_argument("--write", metavar="NAME", help="write the best values into rules.yaml as fit NAME")
    args = parser.parse_args()
    folder = Path(args.scenario)
    board = board_for(str(folder), ())
    until = board.day_of(args.fit_until) if args.fit_until else None
    search = SEARCH if args.objective == "crps" else DISPLACEMENT
    keys = args.only or list(search)
    values = prior_values(folder, keys) if args.from_priors else {k: board.rules[k] for k in keys}
    searched = {k: [values[k]] for k in keys}
    started = time.perf_counter()
    best = evaluate(str(folder), values, args, until)
    print(f"start   {line(best)}", flush=True)
    for round_ in range(args.rounds):
        improved = False
        for key in keys:
            for candidate in search[key]:
                if candidate == values[key]:
                    continue
                searched[key].append(candidate)
                trial = dict(values, **{key: candidate})
                s = evaluate(str(folder), trial, args, until)
                mark = ""
                if s["loss"] < best["loss"] - 1e-9:
                    best, values, improved, mark = s, trial, True, "  <- better"
                print(f"round {round_ + 1} {key}={candidate}: {line(s)}{mark}", flush=True)
        if not improved:
            break
    print(f"best    {line(best)}  [{time.perf_counter() - started:.0f} s]")
    changed = {k: v for k, v in values.items() if v != board.rules[k]}
    print("settings: " + " ".join(f"--set {k}={v}" for k, v in changed.items()))
    if args.write:  # every coefficient searched is the fit's choice, kept or changed
        write(folder, args.write, values, best, args, searched)


if __name__ == "__main__":
    main()
