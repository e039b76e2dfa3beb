"""Print the engine's speed: one campaign at B=1, a batch of B campaigns, the speed-up of the batch,
milliseconds per world-day by phase, and the adaptive opponent's time per turn.

Usage: python benchmarks/bench_engine.py [--worlds 256] [--policy historical] [--repeat 3]
       [--adaptive-turns 5] [--profile]
Both sides play the given policy over the whole historical scenario (19 December to 6 March).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_scenario  # noqa: E402
from engine import step as step_module  # noqa: E402
from engine.board import compile_board  # noqa: E402
from engine.runner import run  # noqa: E402


def timed(board, policies, worlds: int, repeat: int) -> float:
    best = float("inf")
    for r in range(repeat):
        started = time.perf_counter()
        run(board, 1 + r, policies, worlds=worlds)
        best = min(best, time.perf_counter() - started)
    return best


class PhaseClock:
    """Seconds spent in each phase of step(), in the policies and in the rest of the runner."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap_phases(self):
        """Time each phase of step() (functions, or modules with a ``resolve``); return what to restore."""
        originals = step_module.PHASES
        timed = []
        for phase in originals:
            run_phase = getattr(phase, "resolve", phase)
            module = getattr(run_phase, "__module__", "").rsplit(".", 1)[-1]
            name = module if run_phase.__name__ == "resolve" else f"{module}.{run_phase.__name__}"

            def timed_phase(day, _run=run_phase, _name=name):
                started = time.perf_counter()
                _run(day)
                self.seconds[_name] += time.perf_counter() - started

            timed.append(timed_phase)
        step_module.PHASES = tuple(timed)
        return originals

    def wrap_policy(self, name, policy):
        def timed_policy(*args, **kw):
            started = time.perf_counter()
            out = policy(*args, **kw)
            self.seconds[f"policy {name}"] += time.perf_counter() - started
            return out

        return timed_policy


def by_phase(board, policy: str, worlds: int) -> None:
    from engine.policies import POLICIES

    clock = PhaseClock()
    originals = clock.wrap_phases()
    plans = {side: clock.wrap_policy(policy, POLICIES[policy]) for side in ("government", "opposition")}
    try:
        started = time.perf_counter()
        run(board, 7, plans, worlds=worlds)
        total = time.perf_counter() - started
    finally:
        step_module.PHASES = originals
    world_days = worlds * board.scenario.days
    print(f"ms per world-day by phase (B={worlds}, {policy} v {policy}):")
    for name, seconds in sorted(clock.seconds.items(), key=lambda x: -x[1]):
        print(f"  {name:22s} {1000 * seconds / world_days:7.3f} ms  {seconds / total:6.1%}")
    rest = total - sum(clock.seconds.values())
    print(f"  {'rest of the runner':22s} {1000 * rest / world_days:7.3f} ms  {rest / total:6.1%}")
    print(f"  {'total':22s} {1000 * total / world_days:7.3f} ms")


def adaptive_turns(board, turns: int) -> None:
    from engine.policies import POLICIES
    from engine.state import initial_state
    from engine.streams import Streams

    adaptive = POLICIES["adaptive"]
    rng = Streams(1, 1)
    state = initial_state(board, 1)
    adaptive(board, state, 0, rng)  # warm up
    started = time.perf_counter()
    for _ in range(turns):
        adaptive(board, state, 0, rng)
    print(f"adaptive opponent: {1000 * (time.perf_counter() - started) / turns:.0f} ms per turn (B=1, {turns} turns)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=256)
    parser.add_argument("--policy", default="historical")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--adaptive-turns", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print the top functions of a batched run")
    args = parser.parse_args()
    board = compile_board(load_scenario())
    plans = {"government": args.policy, "opposition": args.policy}
    days = board.scenario.days
    run(board, 1, plans, worlds=2, days=2)  # load compiled kernels and tables
    one = timed(board, plans, 1, args.repeat)
    many = timed(board, plans, args.worlds, max(1, args.repeat - 1))
    print(
        f"campaign: {days} days, {args.policy} v {args.policy}, {board.hexes} hexes, "
        f"{len(board.formation_side)} formations"
    )
    print(f"B=1:   {one:.3f} s per campaign ({1 / one:.1f} campaigns/s, {1000 * one / days:.2f} ms per day)")
    print(f"B={args.worlds}: {many:.2f} s for {args.worlds} campaigns = {args.worlds / many:.1f} campaigns/s")
    print(f"speed-up of the batch over one at a time: {one * args.worlds / many:.1f}x")
    by_phase(board, args.policy, args.worlds)
    if args.adaptive_turns:
        adaptive_turns(board, args.adaptive_turns)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(board, 1, plans, worlds=args.worlds)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
