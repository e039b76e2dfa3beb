"""Run the historical scenario and print each claim of the record beside the simulated figure of its
scope (engine.claims): casualty, harm and displacement claims, aircraft losses, Turkish dead and
how often each Turkish post is encircled.

    python scripts/claims_report.py [--runs 300] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import DEFAULT_SCENARIO, claims, load_scenario  # noqa: E402
from engine.board import compile_board  # noqa: E402
from engine.runner import run  # noqa: E402

SERIES = ("killed", "killed_by_turkey", "civilian_casualties", "displaced", "open_air", "fled_from", "aircraft")
SERIES += ("turkish_deaths", "post_encircled")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=64)
    parser.add_argument("--json", help="also write the tables as JSON")
    args = parser.parse_args()
    board = compile_board(load_scenario(args.scenario))
    policies = {side: "historical" for side in board.scenario.playable}
    parts = []
    for first in range(0, args.runs, args.chunk):
        worlds = list(range(first, min(first + args.chunk, args.runs)))
        daily = run(board, args.seed, policies, worlds=worlds).daily
        parts.append({k: daily[k] for k in SERIES})
    daily = {k: np.concatenate([p[k] for p in parts]) for k in SERIES}
    tables = {
        "claims": claims.compare_claims(board, daily),
        "aircraft": claims.aircraft_losses(board, daily),
        "turkish_deaths": claims.turkish_deaths(board, daily),
        "posts": claims.posts_encircled(board, daily),
    }
    print(f"{board.scenario.name}: {args.runs} worlds, seed {args.seed}, historical policies")
    print("\nclaims of the record (simulated median [10 %, 90 %]; ratio = median / claim)")
    for r in tables["claims"]:
        claim = r["claim"] if not isinstance(r["claim"], list) else f"{r['claim'][0]:g}-{r['claim'][1]:g}"
        period = r["last"] if r["first"] == r["last"] else f"{r['first']}..{r['last']}"
        scope = f"{r['measure']} {r['side'] or ''} {'/'.join(r['places'])}".strip()
        within = "" if r["within_factor_2"] is None else ("within x2" if r["within_factor_2"] else "")
        print(
            f"  {period:22} {scope:32} {r['source']:18} {r['leaning']:13} claim {claim:>9}  "
            f"sim {r['simulated_50']:>10,.0f} [{r['simulated_10']:,.0f}, {r['simulated_90']:,.0f}]  "
            f"ratio {r['ratio']}  {within}"
        )
    print("\naircraft lost (record by source; simulated median [10 %, 90 %], mean by arm)")
    for r in tables["aircraft"]:
        sim = (
            f"{r['simulated_50']:g} [{r['simulated_10']:g}, {r['simulated_90']:g}] first {r['first_loss_median']}, "
            f"{r['simulated_mean_by_arm']}"
            if "simulated_50" in r
            else "no such arm"
        )
        print(f"  {r['side']:10} {r['kind']:11} record {r['record_by_source']}  sim {sim}")
    print("\nTurkish soldiers killed:", tables["turkish_deaths"])
    print("\nTurkish posts (record: place held by the opposition throughout; share of worlds encircled)")
    for r in tables["posts"]:
        print(
            f"  {r['post']:16} {r['place']:18} rebel-held in the record: {str(r['record_rebel_held']):5}  "
            f"encircled at the end {r['share_encircled_at_end']:.0%}, ever {r['share_ever_encircled']:.0%}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(tables, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
