"""Where a screen asks the window to go next (``ui.app`` builds the screen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.game import Game

from ..kit.screen import Transition
from ..saves import Autosaver


@dataclass(frozen=True)
class ToMenu(Transition):
    """The start screen (or, where there is none, closing the window)."""

    message: str = ""


@dataclass(frozen=True, eq=False)
class ToPlay(Transition):
    game: Game
    autosaver: Autosaver


@dataclass(frozen=True, eq=False)
class ToHandOver(Transition):
    """A hot-seat game between two turns of its players: the screen that hides one side's view from the other."""

    game: Game
    autosaver: Autosaver
    message: str = ""


@dataclass(frozen=True, eq=False)
class ToReport(Transition):
    """The after-action report of a game (its autosave is then kept as a finished game)."""

    game: Game


@dataclass(frozen=True)
class ToReplay(Transition):
    start: dt.date | None = None


@dataclass(frozen=True)
class Quit(Transition):
    pass


def to_game(game: Game, autosaver: Autosaver) -> ToPlay | ToHandOver:
    """A game resumed or loaded: a hot-seat game first goes behind the hand-over screen, so that the
    side whose turn it is sees its map only once its player has the screen."""
    if game.hot_seat and not game.over:
        return ToHandOver(game, autosaver, "A hot-seat game resumed.")
    return ToPlay(game, autosaver)
