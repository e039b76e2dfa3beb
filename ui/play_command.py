"""`wargame play` (a game against the computer) and `wargame start` (the start screen `wargame` alone opens).

The save named by ``--load`` is checked before any window opens, so a corrupt or foreign save is
refused in one line with a non-zero exit status (and left as it is). pygame is imported only to
open the window.
"""

from __future__ import annotations

import argparse
import os
import random

from engine import DEFAULT_SCENARIO, ScenarioError, load_scenario
from engine.policies import POLICIES
from engine.records import RecordError

from . import arguments
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
    p.add_argument(
        "scenario",
        nargs="?",
        help="scenario folder (default: the bundled idlib_2019_2020, or with --load the save's own scenario)",
    )
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
        help=f"the computer's policy: {', '.join(POLICIES)}; or human: two players at one screen, "
        "taking turns (hot-seat) (default: historical)",
    )
    p.add_argument(
        "--game",
        metavar="ID",
        default=None,
        help="which of the scenario's playable games (playable.yaml): campaign, maarat, saraqib, spring_shield "
        "for the bundled scenario (default: the first, the whole campaign)",
    )
    p.add_argument(
        "--start",
        type=arguments.date,
        metavar="DATE",
        help="begin the game on this later day of the record (a forecast from that day: the days before it are "
        "played out with control held to the record)",
    )
    p.add_argument(
        "--load",
        metavar="SAVE",
        help="resume a saved game (a .json written by the game); a save of another scenario than SCENARIO is refused",
    )
    p.add_argument(
        "--seed", type=arguments.seed, default=None, help="seed of a new game, a whole number >= 0 (default: random)"
    )
    p.add_argument("--max-frames", type=int, default=None, help=argparse.SUPPRESS)  # tests: close after N frames
    p.set_defaults(func=cmd_play)
    text = "the start screen, which `wargame` alone opens: replay the record, play a new game, load a saved one"
    s = sub.add_parser(
        "start",
        help=text,
        description=text + ". After a crash or a closed window it offers to resume the autosaved game.",
    )
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


def _load(save: str, scenario: str | None):
    """The saved game, re-simulated; of SCENARIO when one is named (a save of another is refused), else its own."""
    from engine.game import Game

    from . import saves

    try:
        return saves.load_game(save) if scenario is None else Game.load(save, scenario)
    except RecordError as exc:
        raise PlayError(f"cannot load {exc}" if str(exc).startswith(save) else f"cannot load {save}: {exc}") from None


def cmd_play(args: argparse.Namespace) -> int:
    from engine.game import HUMAN, Game

    from . import saves

    if args.opponent not in POLICIES and args.opponent != HUMAN:
        raise PlayError(f"--opponent {args.opponent}: unknown (choose from {', '.join((*POLICIES, HUMAN))})")
    if args.load is not None:
        game = _load(args.load, args.scenario)
        owned = os.path.abspath(args.load) == os.path.abspath(saves.autosave_path())
        autosaver = saves.Autosaver(owned=owned)
        args.scenario = args.scenario or game.board.scenario.folder
    else:
        args.scenario = args.scenario or str(DEFAULT_SCENARIO)
        if args.game is not None:  # a mistyped game is named before any window is asked for
            known = [g.id for g in load_scenario(args.scenario).playable_scenarios]
            if args.game not in known:
                raise PlayError(f"--game {args.game}: unknown (choose from {', '.join(known)})")
        if display_problem():
            raise NoDisplay(display_problem())
        try:
            seed = args.seed if args.seed is not None else new_seed()
            game = Game.new(args.scenario, args.side, args.opponent, seed, playable=args.game, start=args.start)
        except ScenarioError:
            raise
        except ValueError as exc:
            raise PlayError(str(exc)) from None
        autosaver = saves.Autosaver()
    if display_problem():
        raise NoDisplay(display_problem())

    def run() -> int:
        from .app import run_app
        from .screens.transitions import ToPlay, to_game

        first = to_game(game, autosaver) if args.load is not None else ToPlay(game, autosaver)  # a save: hand over
        return run_app(args.scenario, first, max_frames=args.max_frames)

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
