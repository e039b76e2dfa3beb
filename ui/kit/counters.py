"""Unit counters and order arrows drawn on the map."""

from __future__ import annotations

import math

import pygame

from .text import render

INFANTRY_LIKE = ("infantry", "mechanised", "turkish_forces", "commandos")
LETTERS = {"special_forces": "SF", "militia": "M", "turkish_forces": "TR", "commandos": "C"}


def draw_counter(surface, rect: pygame.Rect, kind: str, colour, strength: float, enemy: bool = False) -> None:
    """A unit counter: the side's colour, a symbol by type (NATO-like), a strength bar along the bottom."""
    pygame.draw.rect(surface, (20, 20, 20), rect.inflate(2, 2), border_radius=2)
    pygame.draw.rect(surface, colour, rect, border_radius=2)
    if enemy:
        pygame.draw.rect(surface, (255, 255, 255), rect, 1, border_radius=2)
    bar_h = max(2, rect.h // 6)
    inner = pygame.Rect(rect.x + 3, rect.y + 2, rect.w - 6, rect.h - bar_h - 5)
    ink = (255, 255, 255)
    if kind in INFANTRY_LIKE:
        pygame.draw.line(surface, ink, inner.topleft, inner.bottomright, 1)
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, 1)
    if kind in ("mechanised", "armour"):
        oval = inner.inflate(-inner.w // 4, -max(2, inner.h // 3))
        pygame.draw.ellipse(surface, ink, oval, 1)
    letters = LETTERS.get(kind)
    if kind == "artillery":
        pygame.draw.circle(surface, ink, inner.center, max(2, inner.h // 4))
    elif letters and inner.h >= 6:
        image = render(letters, 9 if inner.h < 12 else 11, ink, True)
        if kind in ("turkish_forces", "commandos"):
            pygame.draw.rect(surface, colour, image.get_rect(center=inner.center).inflate(2, 0))
        surface.blit(image, image.get_rect(center=inner.center))
    bar = pygame.Rect(rect.x + 2, rect.bottom - bar_h - 2, rect.w - 4, bar_h)
    pygame.draw.rect(surface, (40, 40, 40), bar)
    strength = max(0.0, min(1.0, strength))
    fill = (80, 200, 80) if strength > 0.66 else (240, 200, 60) if strength > 0.33 else (230, 70, 50)
    pygame.draw.rect(surface, fill, (bar.x, bar.y, max(1, round(bar.w * strength)), bar.h))


def arrow(surface, a, b, colour, width: int = 3) -> None:
    """An arrow from ``a`` to ``b`` with a dark casing, so it reads on any ground."""
    ax, ay = a
    bx, by = b
    length = math.hypot(bx - ax, by - ay)
    if length < 4:
        return
    ux, uy = (bx - ax) / length, (by - ay) / length
    tip = (bx - ux * 4, by - uy * 4)
    pygame.draw.line(surface, (20, 20, 20), a, tip, width + 2)
    pygame.draw.line(surface, colour, a, tip, width)
    head = [
        tip,
        (tip[0] - ux * 10 - uy * 6, tip[1] - uy * 10 + ux * 6),
        (tip[0] - ux * 10 + uy * 6, tip[1] - uy * 10 - ux * 6),
    ]
    pygame.draw.polygon(surface, (20, 20, 20), head)
    pygame.draw.polygon(surface, colour, [(p[0] * 0.85 + tip[0] * 0.15, p[1] * 0.85 + tip[1] * 0.15) for p in head])
