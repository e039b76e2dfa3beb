"""Print what whole `wargame batch` commands cost: campaigns per CPU-second and per wall-second, and
the peak memory of the largest process, for each number of runs and workers asked.

Usage: python benchmarks/bench_batch.py [--runs 1000 10000] [--workers 1 2] [--seed 1] [--policy historical]
       [--checkout DIR]
Each command runs as a child process (imports, scenario, runs, summary and report included); CPU
is its user + system time with its workers', as the operating system accounts it. --checkout runs
another source tree's command (e.g. an older commit unpacked with `git archive`), for a before and
after table. The machine should be otherwise idle: check `uptime` first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(checkout: Path, runs: int, workers: int, seed: int, policy: str) -> dict:
    out = Path(tempfile.mkdtemp(prefix="bench-batch-")) / "out"
    command = [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())", "batch"]
    command += ["--runs", str(runs), "--seed", str(seed), "--workers", str(workers), "--out", str(out)]
    command += ["--gov", policy, "--opp", policy]
    env = dict(os.environ, PYTHONPATH=str(checkout))
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    shutil.rmtree(out.parent, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err.strip().splitlines()[-1:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the command and the workers it waited for
    return {"cpu": cpu, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policy", default="historical", help="both sides' policy")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="source tree whose command to run")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    plans = f"{args.policy} v {args.policy}"
    print(f"`wargame batch` of {args.checkout}, {plans}, seed {args.seed}; load average {load:.2f}")
    print(f"{'runs':>8} {'W':>3} {'wall s':>8} {'cpu s':>8} {'per cpu-s':>10} {'per wall-s':>11} {'peak MB':>8}")
    walls = {}
    for runs in args.runs:
        for workers in args.workers:
            m = measure(args.checkout, runs, workers, args.seed, args.policy)
            walls[runs, workers] = m["wall"]
            print(
                f"{runs:8d} {workers:3d} {m['wall']:8.1f} {m['cpu']:8.1f} {runs / m['cpu']:10.1f} "
                f"{runs / m['wall']:11.1f} {m['peak_mb']:8.0f}",
                flush=True,
            )
        if (runs, 1) in walls and (runs, 2) in walls:
            print(f"{'':8} two workers {walls[runs, 1] / walls[runs, 2]:.2f}x faster than one on the wall clock")


if __name__ == "__main__":
    main()
