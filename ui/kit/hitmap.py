"""What is where on screen: rectangles and what a click there means, made with the frame that shows them."""

from __future__ import annotations

from collections.abc import Iterator

import pygame


class HitMap:
    """Rectangles with their targets, in drawing order (the last added is on top)."""

    def __init__(self) -> None:
        self.regions: list[tuple[pygame.Rect, object]] = []

    def add(self, rect, target) -> None:
        self.regions.append((pygame.Rect(rect), target))

    def extend(self, other: HitMap) -> None:
        self.regions.extend(other.regions)

    def at(self, pos) -> list[object]:
        """Every target under ``pos``, the topmost first."""
        return [target for rect, target in reversed(self.regions) if rect.collidepoint(pos)]

    def top(self, pos, kind: type | tuple[type, ...] = object):
        """The topmost target under ``pos`` of the given type, or None."""
        return next((t for t in self.at(pos) if isinstance(t, kind)), None)

    def of(self, kind: type) -> Iterator[tuple[pygame.Rect, object]]:
        return ((r, t) for r, t in self.regions if isinstance(t, kind))

    def rect_of(self, target) -> pygame.Rect | None:
        return next((r for r, t in reversed(self.regions) if t == target), None)
