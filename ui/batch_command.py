"""`wargame batch`: Monte Carlo runs of a scenario, scored against the record, with a report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from engine.batch import BatchSpec, default_workers, run_batch
from engine.policies import POLICIES

from .run_command import UsageError

OUTPUTS = ("summary.json", "runs.csv", "report.png")
SNAPSHOTS = (dt.date(2020, 1, 28), dt.date(2020, 2, 10), dt.date(2020, 3, 5))


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _out_dir(path: str) -> Path:
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {path}: is a file, not a folder")
    taken = [name for name in OUTPUTS if (out / name).exists()]
    if taken:
        raise UsageError(f"--out {path}: already holds {', '.join(taken)}; choose another folder or remove them")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot create the folder ({exc.strerror})") from None
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
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    from engine import ScenarioError, load_scenario
    from engine.rulebook import with_settings

    scenario = load_scenario(args.scenario)
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
    (out / "summary.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    write_runs_csv(result, out / "runs.csv")
    from .report import write_report

    write_report(result, data, out / "report.png")
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
    print(f"  wrote {out / 'summary.json'}, {out / 'runs.csv'}, {out / 'report.png'}")
    return 0


def add_commands(sub, scenario_arg) -> None:
    text = "run a scenario many times, score it against the record, and write summary.json, runs.csv, report.png"
    p = sub.add_parser("batch", help=text, description=text)
    scenario_arg(p)
    p.add_argument("--runs", type=int, required=True, help="number of campaigns (worlds)")
    p.add_argument("--seed", type=int, required=True, help="run seed; world k's result depends only on it and k")
    p.add_argument("--workers", type=int, help=f"local worker processes (default {default_workers()})")
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
