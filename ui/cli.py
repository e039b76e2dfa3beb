"""The `wargame` command. Subcommands that draw import pygame themselves; these do not."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from importlib import metadata

# Before numpy loads: its BLAS (and scipy's, which numba imports) would start a thread per core that spins
# for a while after loading, taking a worker's core; the engine does no linear algebra worth threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from engine import DEFAULT_SCENARIO, ScenarioError, history, load_scenario

from . import arguments, batch_command, compare_command, play_command, replay_command, run_command

DESCRIPTION = """\
A turn-based operational wargame, and an analytical simulation, of the northwestern Syria
offensive of December 2019 - March 2020, built from one document (the English Wikipedia
article, CC BY-SA 4.0). Play a coalition against the computer, replay the real timeline
day by day on the map, or run the campaign many times and score it against the record.

`wargame` alone opens the start screen (replay, play, load a saved game). The commands
below do one job each; `wargame COMMAND --help` describes a command's options. SCENARIO is
a scenario folder; by default the bundled historical one (idlib_2019_2020)."""

EPILOG = """\
examples:
  wargame                                      the start screen
  wargame play --side opposition               play the opposition against the computer
  wargame replay --at 2020-02-11 --png m.png   the map of 11 February 2020, without a window
  wargame run --seed 1 --json r.json           one campaign, headless, as JSON
  wargame batch --runs 100 --seed 1 --out b    100 campaigns scored against the record

A mistake in the input is one line on stderr and exit status 2; a scenario's problems are
one line each, as FILE:LINE: path: message."""


def version() -> str:
    """The installed version (pyproject.toml is its one source)."""
    try:
        return metadata.version("idlib-wargame")
    except metadata.PackageNotFoundError:  # run from a source folder that was never installed
        return "unknown (not installed)"


def cmd_validate(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    estimated = sum(s.coord_source == "estimated" for s in scenario.settlements)
    print(
        f"{args.scenario}: valid - {len(scenario.settlements)} places ({estimated} with estimated coordinates), "
        f"{len(scenario.formations)} formations, {len(scenario.timeline)} timeline entries"
    )
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    s = load_scenario(args.scenario)
    print(f"{s.name}\n{s.start_date} to {s.end_date} ({s.days} daily turns); record {s.record_start} to {s.record_end}")
    print(f"source: {s.source_path}")
    estimated = sum(p.coord_source == "estimated" for p in s.settlements)
    print(f"places: {len(s.settlements)} ({estimated} with estimated coordinates)")
    print(
        f"factions: {len(s.factions)}, formations: {len(s.formations)}, air arms: {len(s.air_arms)}, "
        f"Turkish observation posts: {len(s.observation_posts)}"
    )
    types = Counter(e.type for e in s.timeline)
    print(
        f"timeline: {len(s.timeline)} entries from {len(s.sources)} sources - "
        + ", ".join(f"{n} {t}" for t, n in types.most_common())
    )
    for date in (s.start_date, s.end_date):
        held = Counter(history.control_on(s, date).values())
        print(f"places held on {date} per the record: " + ", ".join(f"{side} {n}" for side, n in held.most_common()))
    changes = history.capture_dates(s)
    print("key places changing hands in the record:")
    for place in s.key_places:
        dates = changes.get(place.id, [])
        text = "; ".join(f"{d} to {side}" for d, side in dates) or "no change"
        print(f"  {place.name}: {text}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = arguments.Parser(
        prog="wargame", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"wargame {version()}")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    scenario_help = f"scenario folder (default: the bundled {DEFAULT_SCENARIO.name})"
    for name, func, text in (
        ("summary", cmd_summary, "describe the scenario and the record's control of key places"),
        ("validate", cmd_validate, "check a scenario; print every problem as FILE:LINE: path: message"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help=scenario_help)
        p.set_defaults(func=func)

    def scenario_arg(p):
        p.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO), help=scenario_help)

    for command in (run_command, batch_command, compare_command, replay_command, play_command):
        command.add_commands(sub, scenario_arg)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["start", *(argv or [])])  # `wargame` alone opens the start screen
    except SystemExit as exc:  # --help, --version, or a mistake argparse reported in one line
        return exc.code if isinstance(exc.code, int) else 0
    status = _dispatch(args)
    if argv is None and args.command in ("batch", "compare"):
        _exit_without_teardown(status)
    return status


def _exit_without_teardown(status: int) -> None:
    """End the command's process at once, its outputs written and closed: tearing down the arrays,
    compiled kernels and figures of a batch costs the interpreter a quarter of a second of CPU for
    nothing (mypy ends its runs so for the same reason)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a reader that stopped reading
            pass
    os._exit(status)


def _dispatch(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        if len(exc.problems) > 1:  # one problem is its own line; several get a count
            print(f"{len(exc.problems)} problems in {args.scenario}", file=sys.stderr)
        return 2
    except run_command.ERRORS + replay_command.ERRORS + play_command.ERRORS as exc:
        print(f"wargame {args.command}: {exc}", file=sys.stderr)
        return 2
    except replay_command.NoDisplay as exc:
        hint = replay_command.HEADLESS_HINT + (
            "; " + play_command.PLAY_HINT if args.command in ("play", "start") else ""
        )
        print(f"wargame: {exc}; {hint}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
