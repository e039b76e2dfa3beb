"""`wargame batch`: Monte Carlo runs of a scenario, scored against the record, with a report."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from engine import outputs as checked
from engine.batch import BatchInterrupted, BatchSpec, Chunk, chunk_plan, cpu_count, default_workers, run_batch
from engine.policies import POLICIES

from . import arguments
from .run_command import UsageError, check_policy_sides, start_day

OUTPUTS = ("summary.json", "runs.csv", "captures.csv", "report.png")
LINE_EVERY = 5.0  # seconds between progress lines when the output is not a terminal


class Progress:
    """Worlds done, with the rate and the time left: a bar redrawn in place on a terminal, else a
    line every few seconds."""

    def __init__(self, stream=sys.stderr):
        self.stream, self.terminal = stream, stream.isatty()
        self.started = self.last = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if not self.terminal and now - self.last < LINE_EVERY and done < total:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        eta = (total - done) / rate if rate > 0 else 0.0
        text = f"{done}/{total} runs, {rate:.0f}/s, {_clock(eta)} left" if done < total else f"{done}/{total} runs"
        if self.terminal:
            filled = 30 * done // total
            self.stream.write(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {text}\033[K")
            if done == total:
                self.stream.write("\n")
        else:
            self.stream.write(f"  {text}\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.terminal:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


class Outputs:
    """The files of --out, written under temporary names and moved into place when the batch is
    done; a refused or interrupted batch leaves no file and no folder it made."""

    def __init__(self, path: str):
        self.path = path
        self.out = out = checked.check_folder(path, "--out").path  # a folder that can be written, or OutputError
        taken = [name for name in OUTPUTS if os.path.lexists(out / name)]
        if taken:
            raise UsageError(f"--out {path}: already holds {', '.join(taken)}; choose another folder or remove them")
        self.made: list[Path] = []  # folders this batch created, deepest first
        self.files: dict[str, Path] = {}

    def start(self) -> None:
        """Create the folder (when the runs start, not before) and open the streamed CSV files."""
        missing = [p for p in (self.out, *self.out.parents) if not p.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--out {self.path}: cannot create the folder ({exc.strerror})") from None
        self.made = missing
        self.streams = {name: self.part(name).open("w", newline="", encoding="utf-8") for name in OUTPUTS[1:3]}

    def part(self, name: str) -> Path:
        self.files[name] = self.out / f".part.{name}"  # keeps its extension (matplotlib reads it)
        return self.files[name]

    def finish(self) -> None:
        for stream in self.streams.values():
            stream.close()
        for name, part in self.files.items():
            part.replace(self.out / name)

    def discard(self) -> None:
        for stream in getattr(self, "streams", {}).values():
            stream.close()
        for part in self.files.values():
            part.unlink(missing_ok=True)
        for folder in self.made:
            try:
                folder.rmdir()
            except OSError:
                break


def _executor(address: str | None):
    if address is None:
        return None, None, None
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install -e '.[cluster]'") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot reach the scheduler ({exc})") from None
    return client, client.get_executor(), max(1, sum(client.nthreads().values()))


def _workers(args: argparse.Namespace) -> int:
    """Local worker processes: as asked, but no more than the processors (unless --oversubscribe)
    and no more than there are chunks of work."""
    cpus = cpu_count()
    workers = args.workers or default_workers()
    if workers > cpus and not args.oversubscribe:
        print(
            f"--workers {workers}: this machine has {cpus} processor(s); using {cpus} "
            f"(add --oversubscribe to start {workers})",
            file=sys.stderr,
        )
        workers = cpus
    return max(1, min(workers, len(chunk_plan(args.runs, workers))))


def say_if_compiling() -> None:
    """On a new install the first command compiles the rules' kernels: say so before the wait."""
    from engine import kernels

    if kernels.uncompiled():
        print("compiling the rules' kernels (once, after an install): about a minute", file=sys.stderr)


def cmd_batch(args: argparse.Namespace) -> int:
    from engine import ScenarioError
    from engine.batch import board_for, scenario_for
    from engine.rulebook import with_settings

    scenario = scenario_for(str(args.scenario))
    check_policy_sides(scenario)
    try:
        scenario = with_settings(scenario, args.set) if args.set else scenario  # refuse bad settings before any work
    except ScenarioError as exc:
        raise UsageError("; ".join(str(p) for p in exc.problems)) from None
    start = start_day(scenario, args.start)
    first = scenario.start_date + dt.timedelta(days=start)
    snapshots = tuple(d for d in scenario.snapshot_dates if first <= d <= scenario.end_date) or (scenario.end_date,)
    outputs = Outputs(args.out)
    spec = BatchSpec(
        scenario=str(args.scenario),
        seed=args.seed,
        settings=tuple(args.set),
        policies=(("government", args.gov), ("opposition", args.opp)),
        snapshot_dates=snapshots,
        start_day=start,
    )
    workers = _workers(args) if args.scheduler is None else 0
    client, executor, slots = _executor(args.scheduler)
    progress = Progress()
    terminate = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a batch as Ctrl+C does
    say_if_compiling()
    try:
        outputs.start()
        from engine.summary import CAPTURES_HEADER, runs_header

        outputs.streams["runs.csv"].write(",".join(runs_header(board_for(spec.scenario, spec.settings))) + "\r\n")
        outputs.streams["captures.csv"].write(",".join(CAPTURES_HEADER) + "\r\n")

        def write_rows(chunk: Chunk) -> None:
            outputs.streams["runs.csv"].write(chunk.runs_csv)
            outputs.streams["captures.csv"].write(chunk.captures_csv)
            if workers >= 2 and chunk.worlds.start == 0:
                # the workers are forked by now: load the report's code (matplotlib) while they run
                threading.Thread(target=importlib.import_module, args=("ui.report",), daemon=True).start()

        result = run_batch(
            spec, args.runs, workers=workers, executor=executor, slots=slots, progress=progress, rows=write_rows
        )
        from engine.summary import summary

        data = summary(result)
        outputs.part("summary.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        from .report import write_report

        write_report(result, data, outputs.part("report.png"), processes=workers)
        outputs.finish()
    except BatchInterrupted as stop:
        outputs.discard()
        progress.clear()
        print(
            f"batch interrupted: {stop.done} of {stop.runs} runs done in {stop.seconds:.1f} s; "
            f"nothing written to {args.out}",
            file=sys.stderr,
        )
        return 130
    except BaseException:
        outputs.discard()
        progress.clear()
        raise
    finally:
        signal.signal(signal.SIGTERM, terminate)
        if client is not None:
            client.close()
    out = outputs.out
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
    for camp, c in data["scores"]["by_camp"].items():
        print(
            f"  {camp} changes of hands from {data['forecast_from']}: CRPS {c['crps_days']:.2f} days against "
            f"climatology {c['climatology_crps_days']:.2f} (skill {c['skill_vs_climatology']:+.0%}), "
            f"10-90 % coverage {c['coverage_10_90']:.0%} of {c['changes']}"
        )
    print(f"  wrote {', '.join(str(out / name) for name in OUTPUTS)}")
    return 0


def add_commands(sub, scenario_arg) -> None:
    text = (
        "run a scenario many times, score it against the record, and write summary.json, runs.csv, "
        "captures.csv and report.png"
    )
    p = sub.add_parser("batch", help=text, description=text)
    scenario_arg(p)
    p.add_argument("--runs", type=arguments.at_least_one, required=True, help="number of campaigns (worlds)")
    p.add_argument(
        "--seed", type=arguments.seed, required=True, help="run seed (>= 0); world k's result depends only on it and k"
    )
    p.add_argument(
        "--workers",
        type=arguments.at_least_one,
        help=f"local worker processes (default {default_workers()}; at most the processors unless --oversubscribe)",
    )
    p.add_argument("--oversubscribe", action="store_true", help="allow more --workers than processors")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a rule or a decision of the plans, e.g. turkey.intervention=2020-02-03, "
        "ceasefire.scheduled=[2020-03-06], ground.r50=2.5, plans.maarat_offensive.date=2020-01-10, "
        "plans.nayrab_counteroffensive.cancelled=true (repeatable)",
    )
    p.add_argument("--gov", choices=sorted(POLICIES), default="historical", help="government policy")
    p.add_argument("--opp", choices=sorted(POLICIES), default="historical", help="opposition policy")
    p.add_argument(
        "--start",
        type=arguments.date,
        metavar="DATE",
        help="forecast from this day of the record: before it, control is held to the record (default: the first day)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (e.g. tcp://host:8786)")
    p.add_argument(
        "--out", required=True, metavar="DIR", help="folder for summary.json, runs.csv, captures.csv and report.png"
    )
    p.set_defaults(func=cmd_batch)
