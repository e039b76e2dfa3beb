"""`wargame run` and `wargame verify`: headless campaigns with the engine, and checks of saved records."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from engine import load_scenario
from engine.board import compile_board
from engine.events import describe, digest
from engine.policies import POLICIES
from engine.records import RecordError, load, record_of, replay, save


class UsageError(ValueError):
    """A command-line value that cannot be used; reported in one line."""


def _writable(path: str, what: str) -> Path:
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{what} {path}: is a directory")
    if not p.parent.exists():
        raise UsageError(f"{what} {path}: folder {p.parent} does not exist")
    if not os.access(p.parent, os.W_OK):
        raise UsageError(f"{what} {path}: folder {p.parent} is not writable")
    return p


def campaign_json(campaign, scenario) -> dict:
    """The `run --json` contract of DESIGN.md (world 0 of the campaign)."""
    b = campaign.board
    daily = campaign.daily
    return {
        "scenario": scenario.id,
        "seed": campaign.seed,
        "start_date": scenario.start_date.isoformat(),
        "days": campaign.days,
        "captures": campaign.captures(0),
        "final_control": campaign.final_control(0),
        "daily": {
            "date": [b.date(d).isoformat() for d in range(campaign.days)],
            "displaced": daily["displaced"][0].tolist(),
            "sheltering": daily["sheltering"][0].tolist(),
            "civilian_casualties": daily["civilian_casualties"][0].tolist(),
            "turkish_deaths": daily["turkish_deaths"][0].tolist(),
            "area_km2": {
                side: [round(x, 1) for x in daily["area_km2"][0, :, i].tolist()]
                for i, side in enumerate(scenario.sides)
            },
            "places_held": {
                side: (daily["place_control"][0] == i).sum(axis=1).tolist() for i, side in enumerate(scenario.sides)
            },
            "turkish_escalation": daily["escalation"][0].tolist(),
            "ceasefire": daily["ceasefire"][0].tolist(),
            "weather": [("clear", "rain", "storm")[w] for w in daily["weather"][0]],
        },
        "events_sha256": digest(campaign.events, 0),
    }


def cmd_run(args: argparse.Namespace) -> int:
    out = _writable(args.json, "--json")
    record_path = _writable(args.save, "--save") if args.save else None
    log_path = _writable(args.events, "--events") if args.events else None
    paths = [p.resolve() for p in (out, record_path, log_path) if p is not None]
    if len(set(paths)) != len(paths):
        raise UsageError("--json, --save and --events must be different files")
    scenario = load_scenario(args.scenario)
    if args.days is not None and not 1 <= args.days <= scenario.days:
        raise UsageError(f"--days must be between 1 and {scenario.days}")
    from engine.runner import run

    board = compile_board(scenario)
    started = time.perf_counter()
    campaign = run(
        board,
        args.seed,
        {"government": args.gov, "opposition": args.opp},
        days=args.days,
        keep_orders=record_path is not None,
    )
    seconds = time.perf_counter() - started
    data = campaign_json(campaign, scenario)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if record_path is not None:
        save(record_of(campaign), record_path)
    if log_path is not None:
        log_path.write_text(
            "".join(
                f"{board.date(e['day']).isoformat()}  {describe(board, e)}\n"
                for e in campaign.events[campaign.events["world"] == 0]
            ),
            encoding="utf-8",
        )
    held = {side: sum(1 for v in data["final_control"].values() if v == side) for side in scenario.sides}
    print(
        f"{scenario.name}: {campaign.days} days, seed {args.seed}, {args.gov} government v {args.opp} opposition, "
        f"{seconds:.2f} s"
    )
    print(
        f"  {len(data['captures'])} changes of control; places held at the end: "
        + ", ".join(f"{side} {n}" for side, n in held.items() if n)
    )
    print(
        f"  displaced {data['daily']['displaced'][-1]:,}; civilians killed or injured "
        f"{data['daily']['civilian_casualties'][-1]:,}; Turkish soldiers killed {data['daily']['turkish_deaths'][-1]}"
    )
    print(
        f"  wrote {out}"
        + (f", the record {record_path}" if record_path else "")
        + (f", the event log {log_path}" if log_path else "")
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    record = load(args.record)
    board = compile_board(load_scenario(args.scenario))
    campaign = replay(board, record)
    print(f"{args.record}: reproduced {campaign.days} days of seed {record.seed} exactly")
    return 0


def add_commands(sub, scenario_arg) -> None:
    """Register `run` and `verify` on the `wargame` parser."""
    text = "play a campaign headless with a policy per side and write its results as JSON"
    p = sub.add_parser("run", help=text, description=text)
    scenario_arg(p)
    p.add_argument("--seed", type=int, required=True, help="run seed (results depend only on it)")
    p.add_argument("--days", type=int, help="days to play (default: the whole scenario)")
    p.add_argument("--gov", choices=sorted(POLICIES), default="greedy", help="government policy (default greedy)")
    p.add_argument("--opp", choices=sorted(POLICIES), default="greedy", help="opposition policy (default greedy)")
    p.add_argument("--json", required=True, metavar="OUT", help="where to write the results")
    p.add_argument("--save", metavar="RECORD", help="also write the game record (seed and orders) here")
    p.add_argument("--events", metavar="LOG", help="also write every event as a dated sentence, one a line")
    p.set_defaults(func=cmd_run)
    text = "re-simulate a saved record and check that every day comes out the same"
    p = sub.add_parser("verify", help=text, description=text)
    p.add_argument("record", help="a record written by `wargame run --save` or by the play screen")
    scenario_arg(p)
    p.set_defaults(func=cmd_verify)


ERRORS = (UsageError, RecordError)
