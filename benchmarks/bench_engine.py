"""Print the engine's speed: seconds per full campaign at B=1, campaigns per second at B=256, the speed-up.

Usage: python benchmarks/bench_engine.py [--worlds 256] [--repeat 3] [--profile]
Both sides play the greedy policy over the whole historical scenario (19 December to 6 March).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_scenario  # noqa: E402
from engine.board import compile_board  # noqa: E402
from engine.runner import run  # noqa: E402

POLICIES = {"government": "greedy", "opposition": "greedy"}


def timed(board, worlds: int, repeat: int) -> float:
    best = float("inf")
    for r in range(repeat):
        started = time.perf_counter()
        run(board, 1 + r, POLICIES, worlds=worlds)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top functions of a batched run")
    args = parser.parse_args()
    board = compile_board(load_scenario())
    days = board.scenario.days
    one = timed(board, 1, args.repeat)
    many = timed(board, args.worlds, max(1, args.repeat - 1))
    print(f"campaign: {days} days, greedy v greedy, {board.hexes} hexes, {len(board.formation_side)} formations")
    print(f"B=1:   {one:.3f} s per campaign ({1 / one:.1f} campaigns/s, {1000 * one / days:.2f} ms per day)")
    print(f"B={args.worlds}: {many:.2f} s for {args.worlds} campaigns = {args.worlds / many:.1f} campaigns/s")
    print(f"speed-up of the batch over one at a time: {one * args.worlds / many:.1f}x")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(board, 1, POLICIES, worlds=args.worlds)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
