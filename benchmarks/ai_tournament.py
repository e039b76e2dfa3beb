"""Play the opponents against each other headless and print outcomes with 95 % confidence intervals.

Usage: python benchmarks/ai_tournament.py [--worlds 8] [--seed 1] [--policies historical greedy adaptive]
Every pairing (government policy v opposition policy) plays the whole historical scenario in
`--worlds` independent worlds. Printed per pairing: places and area the government holds on the
last day, the share of worlds in which it takes Ma'arrat al-Nu'man and Saraqib and the median day
it does, and the computer's seconds per turn (per world, batched).
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from engine import load_scenario  # noqa: E402
from engine.board import compile_board  # noqa: E402
from engine.game import Game  # noqa: E402
from engine.runner import run  # noqa: E402


def mean_ci(x: np.ndarray) -> str:
    m = float(np.mean(x))
    half = 1.96 * float(np.std(x, ddof=1)) / math.sqrt(len(x)) if len(x) > 1 else float("nan")
    return f"{m:7.1f} ± {half:5.1f}"


def share_ci(hits: int, n: int) -> str:
    """Wilson 95 % interval of a proportion."""
    p, z = hits / n, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{p:4.0%} [{max(0, centre - half):3.0%}–{min(1, centre + half):3.0%}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policies", nargs="+", default=["historical", "greedy", "adaptive"])
    args = parser.parse_args()
    board = compile_board(load_scenario())
    gov = board.side_index("government")
    places = {p: board.place_index(p) for p in ("maarat_al_numan", "saraqib")}
    print(f"{args.worlds} worlds per pairing, seed {args.seed}; government policy v opposition policy")
    print(
        f"{'pairing':28s} {'gov places (of ' + str(len(board.population)) + ')':>22s} {'gov area km2':>18s}  "
        f"{'takes Maarat':>20s} {'median day':>10s} {'takes Saraqib':>20s} {'median day':>10s} {'s/turn':>7s}"
    )
    for g, o in itertools.product(args.policies, repeat=2):
        started = time.perf_counter()
        c = run(board, args.seed, {"government": g, "opposition": o}, worlds=args.worlds)
        per_turn = (time.perf_counter() - started) / board.scenario.days / args.worlds
        end = c.state.control[:, board.place_hex]
        row = [
            f"{g} v {o}".ljust(28),
            mean_ci((end == gov).sum(axis=1)).rjust(22),
            mean_ci(c.daily["area_km2"][:, -1, gov]).rjust(18),
        ]
        for p in places.values():
            held = c.daily["place_control"][:, :, p] == gov
            taken = held.any(axis=1) & ~held[:, 0]
            day = np.where(taken, held.argmax(axis=1), -1)
            row.append(share_ci(int(taken.sum()), args.worlds).rjust(20))
            row.append((str(int(np.median(day[taken]))) if taken.any() else "-").rjust(10))
        row.append(f"{per_turn:7.3f}")
        print("  ".join(row), flush=True)
    game = Game(board, "opposition", "adaptive", args.seed)
    times = []
    for _ in range(10):
        t = time.perf_counter()
        game.end_turn()
        times.append(time.perf_counter() - t)
    print(
        f"adaptive opponent, one game (batch of one): {np.mean(times):.2f} s per turn on average, "
        f"{max(times):.2f} s at most over 10 turns"
    )


if __name__ == "__main__":
    main()
