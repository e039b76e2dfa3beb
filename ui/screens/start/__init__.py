"""The start screen: choose a game (its briefing, objectives and victory condition), a side and an opponent."""

from .screen import StartScreen, new_seed

__all__ = ["StartScreen", "new_seed"]
