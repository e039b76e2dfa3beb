"""`wargame batch`: Monte Carlo runs of a scenario, scored against the record, with a report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from engine import outputs
from engine.batch import BatchSpec, default_workers, run_batch
from engine.policies import POLICIES

from . import arguments
from .run_command import UsageError, check_policy_sides

OUTPUTS = ("summary.json", "runs.csv", "report.png")
SNAPSHOTS = (dt.date(2020, 1, 28), dt.date(2020, 2, 10), dt.date(2020, 3, 5))


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _out_dir(path: str) -> outputs.Output:
    """The --out folder, checked before any run; it is created only when the results are written."""
    out = outputs.check_folder(path, "--out")
    taken = [name for name in OUTPUTS if os.path.lexists(out.path / name)]
    if taken:
        raise UsageError(f"--out {path}: already holds {', '.join(taken)}; choose another folder or remove them")
    return out


def _executor(address: str | None):
    if address is None:
        return None, None
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install -e '.[cluster]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot reach the scheduler ({exc})") from None
    return client, client.get_executor()


def cmd_batch(args: argparse.Namespace) -> int:
    from engine import ScenarioError, load_scenario
    from engine.rulebook import with_settings

    scenario = load_scenario(args.scenario)
    check_policy_sides(scenario)
    try:
        scenario = with_settings(scenario, args.set) if args.set else scenario  # refuse bad settings before any work
    except ScenarioError as exc:
        raise UsageError("; ".join(str(p) for p in exc.problems)) from None
    snapshots = tuple(d for d in SNAPSHOTS if scenario.start_date <= d <= scenario.end_date) or (scenario.end_date,)
    out = _out_dir(args.out)
    spec = BatchSpec(
        scenario=str(args.scenario),
        seed=args.seed,
        settings=tuple(args.set),
        policies=(("government", args.gov), ("opposition", args.opp)),
        snapshot_dates=snapshots,
    )
    workers = args.workers or default_workers()
    client, executor = _executor(args.scheduler)
    try:
        result = run_batch(
            spec, args.runs, workers=workers, executor=executor, progress=_progress if sys.stderr.isatty() else None
        )
    finally:
        if client is not None:
            client.close()
    from engine.summary import summary, write_runs_csv

    data = summary(result)
    from .report import write_report

    outputs.make_folder(out)
    text = json.dumps(data, indent=1) + "\n"
    outputs.write_files(
        [
            (
                outputs.Output(str(out.path / "summary.json"), "--out"),
                lambda tmp: tmp.write_text(text, encoding="utf-8"),
            ),
            (outputs.Output(str(out.path / "runs.csv"), "--out"), lambda tmp: write_runs_csv(result, tmp)),
            (outputs.Output(str(out.path / "report.png"), "--out"), lambda tmp: write_report(result, data, tmp)),
        ]
    )
    f = data["fidelity"]
    print(
        f"{scenario.name}: {result.runs} runs, seed {args.seed}, {args.gov} v {args.opp}"
        + (f", settings {' '.join(args.set)}" if args.set else "")
    )
    print(
        f"  {result.seconds:.1f} s, {data['campaigns_per_second']} campaigns/s"
        + (f" on {args.scheduler}" if args.scheduler else f" with {workers} worker(s)")
    )

    def show(value, form):
        return "n/a" if value is None else format(value, form)

    print(
        f"  date coverage {show(f['date_coverage'], '.0%')}, date error {show(f['date_error_mean_days'], '.1f')} days "
        f"(median {show(f['date_error_median_days'], '.1f')}), "
        f"displacement error {show(f['displacement_error'], '.0%')}, "
        f"final-map agreement {show(f['final_map_agreement'], '.0%')}"
    )
    print(f"  wrote {out.path / 'summary.json'}, {out.path / 'runs.csv'}, {out.path / 'report.png'}")
    return 0


def add_commands(sub, scenario_arg) -> None:
    text = "run a scenario many times, score it against the record, and write summary.json, runs.csv, report.png"
    p = sub.add_parser("batch", help=text, description=text)
    scenario_arg(p)
    p.add_argument("--runs", type=arguments.at_least_one, required=True, help="number of campaigns (worlds)")
    p.add_argument(
        "--seed", type=arguments.seed, required=True, help="run seed (>= 0); world k's result depends only on it and k"
    )
    p.add_argument(
        "--workers", type=arguments.at_least_one, help=f"local worker processes (default {default_workers()})"
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a rule or scenario decision, e.g. turkey.intervention=2020-02-03, "
        "ceasefire.scheduled=[2020-03-06], ground.r50=2.5 (repeatable)",
    )
    p.add_argument("--gov", choices=sorted(POLICIES), default="historical", help="government policy")
    p.add_argument("--opp", choices=sorted(POLICIES), default="historical", help="opposition policy")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (e.g. tcp://host:8786)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for summary.json, runs.csv and report.png")
    p.set_defaults(func=cmd_batch)
