"""`wargame replay`: the replay window, or one day (or every day) rendered without a window.

pygame is imported only once a frame or a window is actually drawn, so ``--state-json`` alone and
the error paths work on any machine.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path

from engine import outputs

from .replaydata import DateError, ReplayData, parse_date

HEADLESS_HINT = (
    "without a window use `wargame replay --at 2020-01-29 --png map.png [--state-json state.json]` "
    "or `wargame replay --frames DIR`"
)


class ReplayError(ValueError):
    """Bad input to `wargame replay`: a path it must not or cannot write, options that do not fit."""


class NoDisplay(RuntimeError):
    """There is no display to open the replay window on."""


ERRORS = (ReplayError, DateError, outputs.OutputError)


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


def _frames(name: str, first: dt.date, last: dt.date) -> tuple[outputs.Output, list[dt.date]]:
    """The --frames folder and the days to draw, checked before any drawing (no frame is ever replaced)."""
    if last < first:
        raise ReplayError(f"--end {last} is before the first frame {first}")
    folder = outputs.check_folder(name, "--frames")
    dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    clash = next((folder.path / f"{d}.png" for d in dates if os.path.lexists(folder.path / f"{d}.png")), None)
    if clash is not None:
        raise ReplayError(f"--frames {name}: {clash} already exists; choose an empty or new folder")
    return folder, dates


def _date(data: ReplayData, text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return data.check(parse_date(text))
    except DateError as exc:
        raise DateError(f"{option}: {exc}") from None


def _offscreen(scenario, data: ReplayData, date: dt.date):
    """The replay screen for drawing frames onto a Surface (no display needed)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from .screens.replay.screen import ReplayScreen

    pygame.font.init()
    return ReplayScreen(scenario, data, date)


def _draw(screen, date: dt.date, path: Path) -> None:
    import pygame

    from .screens.replay.screen import render_png

    try:
        render_png(screen, date, path)
    except pygame.error as exc:  # pygame reports a failed write (a full disk) as its own error
        raise OSError(str(exc)) from None


def cmd_replay(args: argparse.Namespace) -> int:
    from engine import load_scenario

    if args.frames is not None and args.at is not None:
        raise ReplayError("--at DATE (one day) and --frames DIR (every day) cannot be combined; use one")
    if args.frames is not None and (args.png is not None or args.state_json is not None):
        raise ReplayError("--png and --state-json go with --at DATE, not with --frames DIR")
    if (args.png is not None or args.state_json is not None) and args.at is None:
        raise ReplayError("--png and --state-json need --at DATE (the day to render)")
    if args.at is not None and args.png is None and args.state_json is None:
        raise ReplayError("--at DATE needs --png OUT.png and/or --state-json OUT.json")
    if args.end is not None and args.frames is None:
        raise ReplayError("--end is for --frames")
    headless = args.at is not None or args.frames is not None
    png = outputs.check_file(args.png, "--png", ".png") if args.png is not None else None
    state_json = outputs.check_file(args.state_json, "--state-json", ".json") if args.state_json is not None else None
    outputs.distinct([png, state_json])
    if not headless:
        problem = display_problem()
        if problem:
            raise NoDisplay(problem)

    scenario = load_scenario(args.scenario)
    data = ReplayData(scenario)
    at = _date(data, args.at, "--at")
    start = _date(data, args.start, "--start")
    end = _date(data, args.end, "--end")
    if args.frames is not None:
        folder, dates = _frames(args.frames, start or data.start, end or data.last)

    if at is not None:
        jobs = []
        if state_json is not None:
            state = data.state(at)
            text = json.dumps(state, indent=1, ensure_ascii=False) + "\n"
            jobs.append((state_json, lambda tmp: tmp.write_text(text, encoding="utf-8")))
        if png is not None:
            screen = _offscreen(scenario, data, at)
            jobs.append((png, lambda tmp: _draw(screen, at, tmp)))
        outputs.write_files(jobs)
        if state_json is not None:
            print(f"wrote {state_json.name} ({at}: {len(state['events'])} events, displaced {state['displaced']:,})")
        if png is not None:
            print(f"wrote {png.name} ({at})")
        return 0
    if args.frames is not None:
        screen = _offscreen(scenario, data, dates[0])
        created = outputs.make_folder(folder)
        try:
            outputs.write_files(
                (outputs.Output(str(folder.path / f"{d}.png"), "--frames"), lambda tmp, d=d: _draw(screen, d, tmp))
                for d in dates
            )
        except BaseException:
            if created:
                with contextlib.suppress(OSError):
                    folder.path.rmdir()
            raise
        print(f"wrote {len(dates)} frames to {folder.name} ({dates[0]} to {dates[-1]})")
        return 0

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

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
