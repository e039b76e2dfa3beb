"""Print how long loading and validating a scenario, and filling control to hexes, take.

Usage: python benchmarks/bench_scenario.py [SCENARIO] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import DEFAULT_SCENARIO, history, load_scenario  # noqa: E402
from engine.hexgrid import HexGrid  # noqa: E402
from engine.territory import beyond_borders, hex_control, nearest_settlement  # noqa: E402


def timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_s, scenario = timed(lambda: load_scenario(args.scenario), args.repeat)
    grid = HexGrid.for_scenario(scenario)
    fill_s, (nearest, outside) = timed(
        lambda: (nearest_settlement(grid, scenario), beyond_borders(grid, scenario)), args.repeat
    )
    replay_s, _ = timed(
        lambda: [
            hex_control(grid, scenario, history.control_on(scenario, d), nearest, outside)
            for d in (scenario.start_date + dt.timedelta(days=i) for i in range(scenario.days))
        ],
        args.repeat,
    )
    print(
        f"scenario: {scenario.id} - {len(scenario.settlements)} places, {len(scenario.timeline)} entries, "
        f"{grid.count} hexes"
    )
    print(f"load + validate: {load_s * 1000:.0f} ms (median of {args.repeat})")
    print(f"nearest-place and border tables: {fill_s * 1000:.0f} ms")
    print(
        f"control of every hex for all {scenario.days} days of the record: {replay_s * 1000:.0f} ms "
        f"({replay_s / scenario.days * 1000:.2f} ms a day)"
    )


if __name__ == "__main__":
    main()
