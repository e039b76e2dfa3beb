"""Draw every screen of the window (start, play with each panel and dialog, help, replay, report) at
the given window sizes and save them as PNGs, to look at the layout.

Usage: python scripts/screenshots.py OUT_DIR [--size 1366x768 --size 1920x1080] [--scenario DIR]
Runs with any SDL video driver (under Xvfb, or SDL_VIDEODRIVER=dummy); saves go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from engine import DEFAULT_SCENARIO  # noqa: E402
from tests.helpers.tour import every_screen  # noqa: E402
from ui.kit.metrics import scale_for, set_scale  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", action="append", default=[], help="WIDTHxHEIGHT (default 1366x768 and 1920x1080)")
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    args = parser.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.size] or [(1366, 768), (1920, 1080)]
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ["IDLIB_WARGAME_HOME"] = tempfile.mkdtemp(prefix="screenshots-")
    pygame.display.init()
    pygame.font.init()
    for size in sizes:
        set_scale(scale_for(size))
        surface = pygame.display.set_mode(size)
        for name, screen in every_screen(args.scenario, size):
            screen.draw(surface)
            pygame.display.flip()
            path = args.out / f"{name}-{size[0]}x{size[1]}.png"
            pygame.image.save(surface, str(path))
            print(path)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
