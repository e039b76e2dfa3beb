"""`wargame replay`: the replay window, or one day (or every day) rendered without a window.

pygame is imported only once a frame or a window is actually drawn, so ``--state-json`` alone and
the error paths work on any machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from .replaydata import DateError, ReplayData, parse_date

HEADLESS_HINT = (
    "without a window use `wargame replay --at 2020-01-29 --png map.png [--state-json state.json]` "
    "or `wargame replay --frames DIR`"
)


class ReplayError(ValueError):
    """Bad input to `wargame replay`: a path it must not or cannot write, options that do not fit."""


class NoDisplay(RuntimeError):
    """There is no display to open the replay window on."""


ERRORS = (ReplayError, DateError)


def add_commands(sub, add_scenario) -> None:
    """Add the `replay` subcommand to the `wargame` parser."""
    text = "replay the historical record day by day on the map (a window, or PNG/JSON without one)"
    p = sub.add_parser(
        "replay", help=text, description=text + ". " + HEADLESS_HINT[0].upper() + HEADLESS_HINT[1:] + "."
    )
    add_scenario(p)
    p.add_argument(
        "--start",
        metavar="DATE",
        help="first day shown (window) or written (--frames); default: the scenario's start date",
    )
    p.add_argument("--at", metavar="DATE", help="render this one day without a window (with --png and/or --state-json)")
    p.add_argument("--png", metavar="OUT.png", help="write the frame of --at DATE as a PNG")
    p.add_argument(
        "--state-json", metavar="OUT.json", help="write the control, displaced count and events of --at DATE"
    )
    p.add_argument("--frames", metavar="DIR", help="write one PNG per day (YYYY-MM-DD.png) into DIR, without a window")
    p.add_argument("--end", metavar="DATE", help="last day written with --frames (default: the end of the record)")
    p.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: close the window after N
    p.set_defaults(func=cmd_replay)


def display_problem() -> str | None:
    """Why no window can be opened here, or None if one probably can."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver.lower() in ("dummy", "offscreen"):
        return f"no display (SDL_VIDEODRIVER={driver} opens no window)"
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (DISPLAY is not set)"
    return None


def _output_file(path: str, option: str, suffix: str) -> Path:
    """Check that ``path`` can be written as a new or replaced file (not a folder, in an existing folder)."""
    p = Path(path)
    if p.suffix.lower() != suffix:
        raise ReplayError(f"{option} {path}: the file name must end in {suffix}")
    if p.is_dir():
        raise ReplayError(f"{option} {path}: is a directory")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ReplayError(f"{option} {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ReplayError(f"{option} {path}: not writable")
    return p


def _frames_dir(path: str, dates: list[dt.date]) -> Path:
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise ReplayError(f"--frames {path}: exists and is not a directory")
    parent = p.parent if str(p.parent) else Path(".")
    if not p.exists() and not parent.is_dir():
        raise ReplayError(f"--frames {path}: folder {parent} does not exist")
    if p.exists():
        clash = next((p / f"{d}.png" for d in dates if (p / f"{d}.png").exists()), None)
        if clash is not None:
            raise ReplayError(f"--frames {path}: {clash} already exists; choose an empty or new folder")
        if not os.access(p, os.W_OK):
            raise ReplayError(f"--frames {path}: not writable")
    elif not os.access(parent, os.W_OK):
        raise ReplayError(f"--frames {path}: folder {parent} is not writable")
    return p


def _replace_atomically(path: Path, write) -> None:
    """Write via a temporary file in the same folder, so a failure never leaves half a file at ``path``."""
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent if str(path.parent) else "."
    )
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; give it the user's usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _date(data: ReplayData, text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return data.check(parse_date(text))
    except DateError as exc:
        raise DateError(f"{option}: {exc}") from None


def cmd_replay(args: argparse.Namespace) -> int:
    from engine import load_scenario

    headless = bool(args.png or args.state_json or args.frames)
    if (args.png or args.state_json) and not args.at:
        raise ReplayError("--png and --state-json need --at DATE (the day to render)")
    if args.at and not (args.png or args.state_json):
        raise ReplayError("--at DATE needs --png OUT.png and/or --state-json OUT.json")
    if args.frames and args.at:
        raise ReplayError("use either --at DATE (one day) or --frames DIR (every day), not both")
    if args.end and not args.frames:
        raise ReplayError("--end is for --frames")
    png = _output_file(args.png, "--png", ".png") if args.png else None
    state_json = _output_file(args.state_json, "--state-json", ".json") if args.state_json else None
    if png and state_json and png.resolve() == state_json.resolve():
        raise ReplayError("--png and --state-json name the same file")
    if not headless:
        problem = display_problem()
        if problem:
            raise NoDisplay(problem)

    scenario = load_scenario(args.scenario)
    data = ReplayData(scenario)
    at = _date(data, args.at, "--at")
    start = _date(data, args.start, "--start")
    end = _date(data, args.end, "--end")
    if args.frames:
        first, last = start or data.start, end or data.last
        if last < first:
            raise ReplayError(f"--end {last} is before the first frame {first}")
        dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        folder = _frames_dir(args.frames, dates)

    if state_json:
        state = data.state(at)
        _replace_atomically(
            state_json,
            lambda tmp: Path(tmp).write_text(json.dumps(state, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"),
        )
        print(f"wrote {state_json} ({at}: {len(state['events'])} events, displaced {state['displaced']:,})")
    if not (png or args.frames or not headless):
        return 0

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame  # only the drawing paths need it

    from .screens.replay.screen import ReplayScreen, render_png

    if png or args.frames:
        pygame.font.init()  # drawing on a Surface needs no display
        screen = ReplayScreen(scenario, data, at or start or data.start)
        if png:
            _replace_atomically(png, lambda tmp: render_png(screen, at, tmp))
            print(f"wrote {png} ({at})")
        if args.frames:
            folder.mkdir(exist_ok=True)
            for d in dates:
                render_png(screen, d, folder / f"{d}.png")
            print(f"wrote {len(dates)} frames to {folder} ({first} to {last})")
        return 0

    from .app import run_app
    from .screens.transitions import ToReplay

    try:
        pygame.display.init()
        pygame.font.init()
        return run_app(args.scenario, ToReplay(start or data.start), max_frames=args.max_frames, menu=False)
    except pygame.error as exc:
        raise NoDisplay(f"no display ({exc})") from None
    finally:
        pygame.quit()
