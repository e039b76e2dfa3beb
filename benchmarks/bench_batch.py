"""Print batch throughput: campaigns per second for N historical campaigns at W=1 and W=2, and peak memory.

Usage: python benchmarks/bench_batch.py [--runs 1000] [--seed 1]
The campaigns are the whole historical scenario on the historical plans, as `wargame batch` runs them.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.batch import BatchSpec, run_batch  # noqa: E402
from engine.loader import DEFAULT_SCENARIO  # noqa: E402


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    spec = BatchSpec(str(DEFAULT_SCENARIO), args.seed)
    print(f"{args.runs} campaigns of {DEFAULT_SCENARIO.name}, historical v historical, seed {args.seed}")
    results = {}
    for workers in (1, 2):
        started = time.perf_counter()
        results[workers] = run_batch(spec, args.runs, workers=workers)
        seconds = time.perf_counter() - started
        print(f"W={workers}: {seconds:.1f} s = {args.runs / seconds:.1f} campaigns/s")
    same = all((getattr(results[1], f) == getattr(results[2], f)).all() for f in ("place_control", "displaced"))
    print(f"W=1 and W=2 give identical results: {same}")
    print(
        f"peak memory: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )


if __name__ == "__main__":
    main()
