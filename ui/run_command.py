"""`wargame run` and `wargame verify`: headless campaigns with the engine, and checks of saved records."""

from __future__ import annotations

import argparse
import json
import time

from engine import load_scenario, outputs
from engine.board import compile_board
from engine.events import describe, digest
from engine.policies import POLICIES
from engine.records import RecordError, dumps, load, record_of, replay

from . import arguments


class UsageError(ValueError):
    """A command-line value that cannot be used; reported in one line."""


def check_policy_sides(scenario) -> None:
    """--gov and --opp name the government's and the opposition's policies: both must be playable."""
    missing = [side for side in ("government", "opposition") if side not in scenario.playable]
    if missing:
        raise UsageError(
            f"--gov and --opp need the playable sides government and opposition; {scenario.id} has "
            + ", ".join(scenario.playable)
        )


def start_day(scenario, date) -> int:
    """The day index of ``--start DATE`` (0 without one); a date outside the scenario is refused."""
    if date is None:
        return 0
    if not scenario.start_date <= date <= scenario.end_date:
        raise UsageError(
            f"--start {date}: outside the scenario: expected a date from {scenario.start_date} to {scenario.end_date}"
        )
    return (date - scenario.start_date).days


def campaign_json(campaign, scenario) -> dict:
    """The `run --json` contract of DESIGN.md (world 0 of the campaign)."""
    b = campaign.board
    daily = campaign.daily
    return {
        "scenario": scenario.id,
        "seed": campaign.seed,
        "start_date": scenario.start_date.isoformat(),
        "forecast_from": b.date(campaign.start_day).isoformat(),
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
    out = outputs.check_file(args.json, "--json")
    record_out = outputs.check_file(args.save, "--save") if args.save is not None else None
    log_out = outputs.check_file(args.events, "--events") if args.events is not None else None
    outputs.distinct([out, record_out, log_out])
    scenario = load_scenario(args.scenario)
    check_policy_sides(scenario)
    if args.days is not None and not 1 <= args.days <= scenario.days:
        raise UsageError(f"--days {args.days}: expected 1 to {scenario.days} (the days of {scenario.id})")
    from engine.runner import run

    start = start_day(scenario, args.start)
    board = compile_board(scenario)
    started = time.perf_counter()
    campaign = run(
        board,
        args.seed,
        {"government": args.gov, "opposition": args.opp},
        days=args.days,
        keep_orders=record_out is not None,
        start_day=start,
    )
    seconds = time.perf_counter() - started
    data = campaign_json(campaign, scenario)
    texts = [(out, json.dumps(data, indent=1) + "\n")]
    if record_out is not None:
        texts.append((record_out, dumps(record_of(campaign))))
    if log_out is not None:
        world0 = campaign.events[campaign.events["world"] == 0]
        texts.append((log_out, "".join(f"{board.date(e['day']).isoformat()}  {describe(board, e)}\n" for e in world0)))
    outputs.write_files((o, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8")) for o, text in texts)
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
        f"  wrote {out.name}"
        + (f", the record {record_out.name}" if record_out else "")
        + (f", the event log {log_out.name}" if log_out else "")
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    record = load(args.record)
    board = compile_board(load_scenario(args.scenario))
    try:
        campaign = replay(board, record)
    except RecordError as exc:
        raise RecordError(f"{args.record}: {exc}") from None
    print(f"{args.record}: reproduced {campaign.days} days of seed {record.seed} exactly")
    return 0


def add_commands(sub, scenario_arg) -> None:
    """Register `run` and `verify` on the `wargame` parser."""
    text = "play a campaign headless with a policy per side and write its results as JSON"
    p = sub.add_parser("run", help=text, description=text)
    scenario_arg(p)
    p.add_argument(
        "--seed", type=arguments.seed, required=True, help="run seed, a whole number >= 0 (results depend only on it)"
    )
    p.add_argument("--days", type=arguments.at_least_one, help="days to play (default: the whole scenario)")
    p.add_argument(
        "--start",
        type=arguments.date,
        metavar="DATE",
        help="forecast from this day of the record: before it, control is held to the record (default: the first day)",
    )
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


ERRORS = (UsageError, RecordError, outputs.OutputError)
