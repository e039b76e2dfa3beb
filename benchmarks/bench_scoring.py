"""What a playable scenario costs before and during a game: the nudged spin-up to its first day, the
computer's batch the player is compared with, and one look at the score.

Usage: python benchmarks/bench_scoring.py [--worlds 32] [--seed 1] [--side government]
Prints, per playable scenario: seconds to start a game on its day, seconds for the computer's batch
(run once per scenario, side, opponent and seed, then cached), milliseconds per standing and per
comparison with the batch, and the record's and the computer's median points at the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from engine import load_scenario  # noqa: E402
from engine.board import compile_board  # noqa: E402
from engine.game import Game  # noqa: E402
from engine.objectives import compare, computer_runs, record_standing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--side", default="government")
    args = parser.parse_args()
    board = compile_board(load_scenario())
    Game(board, args.side, "historical", args.seed)  # compile the kernels once, outside the timings
    print(
        f"{'scenario':15} {'turns':>5} {'start s':>8} {'batch s':>8} {'standing ms':>12} {'compare ms':>11}"
        "  record  computer"
    )
    with tempfile.TemporaryDirectory() as cache:
        for setup in board.scenario.playable_scenarios:
            t = time.perf_counter()
            game = Game(board, args.side, "historical", args.seed, setup=setup)
            start = time.perf_counter() - t
            t = time.perf_counter()
            runs = computer_runs(
                board, setup, {s: "historical" for s in board.scenario.playable}, args.seed, args.worlds, Path(cache)
            )
            batch = time.perf_counter() - t
            n = 20
            t = time.perf_counter()
            for _ in range(n):
                points = game.standing().points
            standing_ms = (time.perf_counter() - t) / n * 1000
            t = time.perf_counter()
            for _ in range(n):
                compare(runs, board, setup, args.side, points, game.last_day)
            compare_ms = (time.perf_counter() - t) / n * 1000
            end = board.day_of(setup.end_date)
            at_end = record_standing(board, setup, args.side, end).points
            computer = float(np.median(runs.points(board, setup, args.side, end)))
            print(
                f"{setup.id:15} {setup.turns:5d} {start:8.2f} {batch:8.2f} {standing_ms:12.2f} {compare_ms:11.2f}"
                f"  {at_end:6.1f}  {computer:8.1f}"
            )


if __name__ == "__main__":
    main()
