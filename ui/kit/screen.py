"""What the window asks of a screen, and what a screen answers after each update."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the transitions are imported by controllers, which do without pygame
    import pygame

    from .hitmap import HitMap


class Transition:
    """What the window should do after a screen's update: stay (and whether to draw again) or move on."""


@dataclass(frozen=True)
class Stay(Transition):
    redraw: bool = False  # the screen changed (or is animating): draw it again, and update again soon
    wake: float | None = None  # else: seconds until the screen wants its next update (None: on input)


IDLE = Stay(False)
REDRAW = Stay(True)


class Screen(Protocol):
    def handle(self, event: pygame.event.Event) -> None:
        """Take one input event (the window redraws after events)."""

    def update(self, seconds: float) -> Transition:
        """Advance by ``seconds``; say whether to redraw, or where to go next."""

    def draw(self, surface: pygame.Surface) -> HitMap:
        """Draw the whole frame; return its hit map."""

    def texts(self) -> list[str]:
        """Every string drawn in the last frame."""

    def resize(self, size: tuple[int, int]) -> None:
        """Lay the screen out again for a window of ``size``."""

    def caption(self) -> str:
        """The window's title while the screen shows: where the player is."""

    def leave(self) -> None:
        """The window moves on from the screen, or closes: keep what must not be lost."""
