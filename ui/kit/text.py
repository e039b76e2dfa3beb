"""Fonts, rendered text, wrapping and ellipsis, and :class:`Ink`, which records every string drawn.

Sizes are design sizes (for a 1366×768 window); the UI scale turns them into pixels. Tests read
what :class:`Ink` recorded to check what is on screen; the pixels are the same in a window and in a PNG.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pygame

from .. import colours as C
from .metrics import px

_FONT_PATHS = {
    False: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/Library/Fonts/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ),
}
_fonts: dict[tuple[int, bool], pygame.font.Font] = {}
_rendered: dict[tuple, pygame.Surface] = {}


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A cached font of design size ``size``: DejaVu Sans (or Arial) where installed, else pygame's own."""
    key = (px(size), bold)
    if key not in _fonts:
        if not pygame.font.get_init():
            pygame.font.init()
        path = next((p for p in _FONT_PATHS[bold] if os.path.exists(p)), None)
        _fonts[key] = pygame.font.Font(path, key[0] if path else round(key[0] * 1.15))
    return _fonts[key]


def line_height(size: int, bold: bool = False) -> int:
    return font(size, bold).get_linesize()


def width(text: str, size: int, bold: bool = False) -> int:
    return font(size, bold).size(text)[0]


def render(text: str, size: int, colour, bold: bool = False, halo=None) -> pygame.Surface:
    """Text as a surface (cached); with ``halo`` a 1-pixel outline of that colour for legibility on the map."""
    key = (text, px(size), tuple(colour), bold, tuple(halo) if halo else None)
    image = _rendered.get(key)
    if image is None:
        f = font(size, bold)
        if halo is None:
            image = f.render(text, True, colour)
        else:
            core = f.render(text, True, colour)
            ring = f.render(text, True, halo)
            image = pygame.Surface((core.get_width() + 2, core.get_height() + 2), pygame.SRCALPHA)
            for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
                image.blit(ring, (dx, dy))
            image.blit(core, (1, 1))
        if len(_rendered) > 4000:
            _rendered.clear()
        _rendered[key] = image
    return image


def fit(text: str, size: int, room: int, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it is no wider than ``room`` pixels."""
    f = font(size, bold)
    if f.size(text)[0] <= room:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if f.size(text[:mid].rstrip() + "…")[0] <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo else ""


def wrap(text: str, size: int, room: int, bold: bool = False, max_lines: int | None = None) -> list[str]:
    """Split ``text`` into lines no wider than ``room`` pixels (long words are cut); with ``max_lines``
    the last line kept ends in an ellipsis when text was left out."""
    f = font(size, bold)
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= room:
                line = trial
                continue
            if line:
                lines.append(line)
            while f.size(word)[0] > room and len(word) > 1:
                cut = len(word)
                while cut > 1 and f.size(word[:cut])[0] > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + " …", size, room, bold) if lines[-1] else "…"
    return lines


@dataclass
class TextItem:
    text: str
    rect: pygame.Rect
    where: str = ""


class Ink:
    """Draws text and remembers every string drawn, with its rectangle."""

    def __init__(self, where: str = ""):
        self.items: list[TextItem] = []
        self.where = where

    def clear(self) -> None:
        self.items.clear()

    def text(self, surface, text: str, pos, size: int = 13, colour=C.TEXT, bold=False, anchor="topleft", halo=None):
        image = render(text, size, colour, bold, halo)
        rect = image.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
        surface.blit(image, rect)
        self.items.append(TextItem(text, rect.copy(), self.where))
        return rect

    def record(self, text: str, rect: pygame.Rect, where: str | None = None) -> None:
        """Note a string drawn by other means (a label baked into a cached surface)."""
        self.items.append(TextItem(text, pygame.Rect(rect), self.where if where is None else where))

    def strings(self) -> list[str]:
        return [i.text for i in self.items]
