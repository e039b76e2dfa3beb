"""`wargame compare`: a what-if against the scenario as it is, on the same seeds, as a table of paired differences."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from engine import outputs
from engine.policies import POLICIES

from .batch_command import say_if_compiling
from .run_command import UsageError

OUTPUTS = ("compare.json", "compare.png")


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\r  {done}/{total} paired worlds")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _out_dir(path: str | None) -> outputs.Output | None:
    """The --out folder, checked before any run (created only when the results are written)."""
    if path is None:
        return None
    out = outputs.check_folder(path, "--out")
    taken = [name for name in OUTPUTS if (out.path / name).exists()]
    if taken:
        raise UsageError(f"--out {path}: already holds {', '.join(taken)}; choose another folder or remove them")
    return out


def _dates(scenario, texts: list[str]) -> tuple[dt.date, ...]:
    out = []
    for text in texts:
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--date {text}: expected a date YYYY-MM-DD") from None
        if not scenario.start_date <= date <= scenario.end_date:
            raise UsageError(f"--date {text}: outside the scenario ({scenario.start_date} to {scenario.end_date})")
        out.append(date)
    return tuple(out) or (scenario.end_date,)


def _known(kind: str, given: list[str], known) -> list[str]:
    unknown = [x for x in given if x not in known]
    if unknown:
        raise UsageError(f"--{kind} {unknown[0]}: no such {kind} in the scenario")
    return given


def print_table(comparison) -> None:
    from engine.compare import shown

    base = f" on the base {' '.join(comparison.base_settings)}" if comparison.base_settings else ""
    print(
        f"{comparison.scenario}: {comparison.runs} paired worlds, seed {comparison.seed}, "
        f"{' v '.join(comparison.policies.values())} policies; what-if: {' '.join(comparison.settings)}{base}"
    )
    rows = comparison.rows()
    width = max(len(r["label"]) for r in rows)
    print(f"  {'measure':<{width}}  {'base':>10}  {'what-if':>10}  {'difference [95 % interval]':>34}")
    for r in rows:
        low, high = r["difference_95"]
        unit = r["unit"]
        interval = f"{shown(r['difference_mean'], unit, True)} [{shown(low, unit, True)}, {shown(high, unit, True)}]"
        print(
            f"  {r['label']:<{width}}  {shown(r['base_mean'], unit):>10}  "
            f"{shown(r['whatif_mean'], unit):>10}  {interval:>34}"
        )


def cmd_compare(args: argparse.Namespace) -> int:
    if args.runs < 2:
        raise UsageError("--runs must be at least 2 (a paired interval needs two worlds)")
    if not args.set:
        raise UsageError("give at least one --set KEY=VALUE: the what-if to compare with the scenario as it is")
    from engine import ScenarioError, load_scenario
    from engine.compare import compare, draw
    from engine.rulebook import with_settings

    scenario = load_scenario(args.scenario)
    try:
        with_settings(scenario, args.base + args.set)  # refuse bad settings before any work
    except ScenarioError as exc:
        raise UsageError("; ".join(str(p) for p in exc.problems)) from None
    dates = _dates(scenario, args.date)
    places = _known("place", args.place, scenario.places)
    roads = _known("road", args.road, {r.id for r in scenario.map.roads})
    out = _out_dir(args.out)
    say_if_compiling()
    comparison = compare(
        scenario,
        args.set,
        args.runs,
        args.seed,
        dates=dates,
        places=places,
        roads=roads,
        policies={"government": args.gov, "opposition": args.opp},
        base_settings=args.base,
        progress=_progress if sys.stderr.isatty() else None,
    )
    print_table(comparison)
    if out is not None:
        outputs.make_folder(out)
        text = json.dumps(comparison.to_json(), indent=1) + "\n"
        files = [outputs.Output(str(out.path / name), "--out") for name in OUTPUTS]
        outputs.write_files(
            [
                (files[0], lambda tmp: tmp.write_text(text, encoding="utf-8")),
                (files[1], lambda tmp: draw(comparison, tmp)),
            ]
        )
        print(f"  wrote {files[0].name}, {files[1].name}")
    return 0


def add_commands(sub, scenario_arg) -> None:
    text = "run a what-if and the scenario as it is on the same seeds and print their paired differences"
    p = sub.add_parser("compare", help=text, description=text)
    scenario_arg(p)
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="the what-if: a rule or decision of rules.yaml, e.g. turkey.intervention=none (repeatable)",
    )
    p.add_argument(
        "--base",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change the base too (the what-if is the base and --set), e.g. turkey.intervention=2020-02-03",
    )
    p.add_argument("--runs", type=int, required=True, help="number of paired worlds")
    p.add_argument("--seed", type=int, required=True, help="run seed; world k of both runs uses its k-th stream")
    p.add_argument("--date", action="append", default=[], metavar="DATE", help="a date to measure on (repeatable)")
    p.add_argument("--place", action="append", default=[], metavar="PLACE", help="a place to measure (repeatable)")
    p.add_argument(
        "--road", action="append", default=[], metavar="ROAD", help="a road of map.yaml, e.g. m5 (repeatable)"
    )
    p.add_argument("--gov", choices=sorted(POLICIES), default="historical", help="government policy")
    p.add_argument("--opp", choices=sorted(POLICIES), default="historical", help="opposition policy")
    p.add_argument("--out", metavar="DIR", help="also write compare.json and compare.png there")
    p.set_defaults(func=cmd_compare)
