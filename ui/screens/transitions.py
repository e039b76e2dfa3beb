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
