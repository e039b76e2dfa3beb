"""`wargame play` (a game against the computer) and `wargame start` (the start screen `wargame` alone opens).

The save named by ``--load`` is checked before any window opens, so a corrupt or foreign save is
refused in one line with a non-zero exit status (and left as it is). pygame is imported only to
open the window.
"""

from __future__ import annotations

import argparse
import os
import random

from engine import ScenarioError
from engine.policies import POLICIES
from engine.records import RecordError

from .replay_command import NoDisplay, display_problem

PLAY_HINT = "to play without a window use `wargame run --seed 1 --json out.json`"


def new_seed() -> int:
    """A seed for a new game, so each game differs (the seed is saved with the game)."""
    return random.SystemRandom().randrange(1, 1_000_000)


class PlayError(ValueError):
    """Bad input to `wargame play`: a save that cannot be loaded, an unknown side or opponent."""


ERRORS = (PlayError,)


def add_commands(sub, add_scenario) -> None:
    text = "play the campaign against the computer in a window (one day a turn)"
    p = sub.add_parser(
        "play",
        help=text,
        description=text + ". Saves and the autosave go to $IDLIB_WARGAME_HOME, "
        "else $XDG_DATA_HOME/idlib-wargame or "
        "~/.local/share/idlib-wargame.",
    )
    add_scenario(p)
    p.add_argument(
        "--side",
        choices=("government", "opposition"),
        default="government",
        help="the coalition you command (default: government)",
    )
    p.add_argument(
        "--opponent",
        default="historical",
        metavar="NAME",
        help=f"the computer's policy: {', '.join(POLICIES)} (default: historical)",
    )
    p.add_argument("--load", metavar="SAVE", help="resume a saved game (a .json written by the game)")
    p.add_argument("--seed", type=int, default=None, help="seed of a new game (default: a random one)")
    p.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: close after N frames
    p.set_defaults(func=cmd_play)
    s = sub.add_parser("start", help="the start screen: replay, play, load, quit (what `wargame` alone opens)")
    add_scenario(s)
    s.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_start)


def _window(run) -> int:
    problem = display_problem()
    if problem:
        raise NoDisplay(problem)
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    try:
        pygame.display.init()
        pygame.font.init()
        return run()
    except pygame.error as exc:
        raise NoDisplay(f"no display ({exc})") from None
    finally:
        pygame.quit()


def cmd_play(args: argparse.Namespace) -> int:
    from engine.game import Game

    from . import saves

    if args.opponent not in POLICIES:
        raise PlayError(f"--opponent {args.opponent}: unknown (choose from {', '.join(POLICIES)})")
    if args.load:
        try:
            game = saves.load_game(args.load, args.scenario)
        except RecordError as exc:
            raise PlayError(
                f"cannot load {exc}" if str(exc).startswith(str(args.load)) else f"cannot load {args.load}: {exc}"
            ) from None
        owned = os.path.abspath(args.load) == os.path.abspath(saves.autosave_path())
        autosaver = saves.Autosaver(owned=owned)
    else:
        if display_problem():
            raise NoDisplay(display_problem())
        try:
            game = Game.new(args.scenario, args.side, args.opponent, args.seed if args.seed is not None else new_seed())
        except ScenarioError:
            raise
        except ValueError as exc:
            raise PlayError(str(exc)) from None
        autosaver = saves.Autosaver()
    if display_problem():
        raise NoDisplay(display_problem())

    def run() -> int:
        from .app import run_app
        from .screens.transitions import ToPlay

        return run_app(args.scenario, ToPlay(game, autosaver), max_frames=args.max_frames)

    return _window(run)


def cmd_start(args: argparse.Namespace) -> int:
    from engine import load_scenario

    if display_problem():
        raise NoDisplay(display_problem())
    load_scenario(args.scenario)  # a bad scenario is reported before a window opens

    def run() -> int:
        from .app import run_app

        return run_app(args.scenario, max_frames=args.max_frames)

    return _window(run)
