"""Print the replay's frame rate while panning the map at 1280×800, per zoom level, and the cost of a new day.

Each panning frame is a whole replay frame (map, panels, scrubber, legend) drawn after moving the
map by a few pixels, as a drag does. In a window (when a display is available and --window is
given) the frame is also flipped to the screen; otherwise it is drawn on an off-screen Surface.

Usage: python benchmarks/bench_render.py [SCENARIO] [--seconds S] [--window]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from engine import DEFAULT_SCENARIO, load_scenario  # noqa: E402
from ui.kit.mapview import ZOOMS  # noqa: E402
from ui.replaydata import ReplayData  # noqa: E402
from ui.screens.replay.screen import ReplayScreen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=str(DEFAULT_SCENARIO))
    parser.add_argument("--seconds", type=float, default=1.5, help="panning time per zoom level")
    parser.add_argument("--window", action="store_true", help="draw into a real window (needs a display)")
    args = parser.parse_args()

    if not args.window:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()
    scenario = load_scenario(args.scenario)
    screen = ReplayScreen(scenario, ReplayData(scenario), dt.date(2020, 2, 10))
    view = screen.shell.map
    target = pygame.display.set_mode(screen.size) if args.window else pygame.Surface(screen.size)
    print(
        f"replay frame {screen.size[0]}x{screen.size[1]}, map viewport {view.rect.w}x{view.rect.h}, "
        f"video driver {pygame.display.get_driver()}, {'window' if args.window else 'off-screen surface'}"
    )

    for zoom_index in (0, 3, len(ZOOMS) - 1):
        view.set_zoom(zoom_index)
        start = time.perf_counter()
        screen.draw(target)  # composes this zoom's world once
        compose = time.perf_counter() - start
        frames, t0, k = 0, time.perf_counter(), 0
        while time.perf_counter() - t0 < args.seconds:
            angle = k * 0.05
            view.pan(6 * math.cos(angle), 4 * math.sin(angle))  # a circular drag
            screen.draw(target)
            if args.window:
                pygame.display.flip()
                pygame.event.pump()
            frames += 1
            k += 1
        fps = frames / (time.perf_counter() - t0)
        w, h = view.world_size
        print(
            f"zoom {ZOOMS[zoom_index]:>3g}x (map {w}x{h} px): {fps:7.0f} frames/s while panning; "
            f"first frame at this zoom {compose * 1000:.0f} ms"
        )

    for zoom_index in (0, len(ZOOMS) - 1):
        view.set_zoom(zoom_index)
        day = dt.date(2020, 1, 1)
        t0, n = time.perf_counter(), 30
        for i in range(n):
            screen.controller.go(day + dt.timedelta(days=i))
            screen.draw(target)
        per_day = (time.perf_counter() - t0) / n
        print(
            f"zoom {ZOOMS[zoom_index]:>3g}x: a new day (map recomposed, panels redrawn) takes {per_day * 1000:.0f} ms "
            f"({1 / per_day:.0f} days/s)"
        )
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
