"""Small pygame widgets: fonts, text that is recorded as it is drawn, buttons, a scrubber, tooltips, overlays.

Every piece of text goes through :class:`Ink`, which keeps the list of what was drawn; tests read
that list to check what is on screen, and the pixels are the same in a window and in a PNG.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from . import colours as C

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


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A cached font: DejaVu Sans (or Arial) where installed, else pygame's bundled font."""
    key = (size, bold)
    if key not in _fonts:
        if not pygame.font.get_init():
            pygame.font.init()
        path = next((p for p in _FONT_PATHS[bold] if os.path.exists(p)), None)
        f = pygame.font.Font(path, size if path else round(size * 1.15))
        _fonts[key] = f
    return _fonts[key]


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

    def text(
        self,
        surface: pygame.Surface,
        text: str,
        pos,
        size: int = 13,
        colour=C.TEXT,
        bold: bool = False,
        anchor: str = "topleft",
        halo=None,
    ) -> pygame.Rect:
        image = render(text, size, colour, bold, halo)
        rect = image.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
        surface.blit(image, rect)
        self.items.append(TextItem(text, rect.copy(), self.where))
        return rect

    def wrapped(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        size: int = 12,
        colour=C.TEXT,
        bold: bool = False,
        max_lines: int | None = None,
    ) -> int:
        """Draw ``text`` wrapped to ``rect``'s width from its top; return the height used."""
        y = rect.y
        lines = wrap(text, size, rect.w, bold)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip(" .,;") + " …"
        for line in lines:
            self.text(surface, line, (rect.x, y), size, colour, bold)
            y += font(size, bold).get_linesize()
        return y - rect.y

    def strings(self) -> list[str]:
        return [i.text for i in self.items]


_rendered: dict[tuple, pygame.Surface] = {}


def render(text: str, size: int, colour, bold: bool = False, halo=None) -> pygame.Surface:
    """Text as a surface (cached); with ``halo`` a 1-pixel outline of that colour for legibility on the map."""
    key = (text, size, tuple(colour), bold, tuple(halo) if halo else None)
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


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` pixels (long words are cut)."""
    f = font(size, bold)
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while f.size(word)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and f.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


@dataclass
class Button:
    """A clickable labelled rectangle with a keyboard shortcut shown in its tooltip."""

    rect: pygame.Rect
    label: str
    action: Callable[[], None]
    hint: str = ""
    active: Callable[[], bool] | None = None

    def draw(self, surface: pygame.Surface, ink: Ink, mouse=None) -> None:
        hover = mouse is not None and self.rect.collidepoint(mouse)
        on = self.active() if self.active else False
        colour = C.BUTTON_ACTIVE if on else C.BUTTON_HOVER if hover else C.BUTTON
        pygame.draw.rect(surface, colour, self.rect, border_radius=4)
        pygame.draw.rect(surface, C.PANEL_EDGE, self.rect, 1, border_radius=4)
        ink.text(surface, self.label, self.rect.center, 13, C.TEXT, True, anchor="center")

    def click(self, pos) -> bool:
        if self.rect.collidepoint(pos):
            self.action()
            return True
        return False


@dataclass
class Scrubber:
    """A horizontal track over ``count`` days with a mark on each day that has events."""

    rect: pygame.Rect
    count: int
    marks: Sequence[int] = ()
    bands: Sequence[tuple[int, int, tuple]] = ()  # (first, last, colour): e.g. the scenario's days
    dragging: bool = field(default=False)

    def x_of(self, i: int) -> float:
        return self.rect.x + (i + 0.5) * self.rect.w / max(1, self.count)

    def index_at(self, x: float) -> int:
        i = int((x - self.rect.x) / self.rect.w * self.count)
        return max(0, min(self.count - 1, i))

    def draw(self, surface: pygame.Surface, current: int) -> None:
        r = self.rect
        track = pygame.Rect(r.x, r.centery - 3, r.w, 6)
        pygame.draw.rect(surface, C.SCRUB_TRACK, track, border_radius=3)
        for first, last, colour in self.bands:
            x0, x1 = self.x_of(first) - r.w / self.count / 2, self.x_of(last) + r.w / self.count / 2
            pygame.draw.rect(surface, colour, pygame.Rect(round(x0), track.y, max(1, round(x1 - x0)), track.h))
        for i in self.marks:
            x = round(self.x_of(i))
            pygame.draw.line(surface, C.SCRUB_MARK, (x, r.y + 2), (x, r.centery - 4))
        x = round(self.x_of(current))
        pygame.draw.circle(surface, C.SCRUB_KNOB, (x, r.centery), 7)
        pygame.draw.circle(surface, C.PANEL, (x, r.centery), 7, 2)


def draw_box(
    surface: pygame.Surface, rect: pygame.Rect, fill=C.PANEL, edge=C.PANEL_EDGE, alpha: int = 255, radius: int = 6
) -> None:
    """A filled rounded rectangle, translucent when ``alpha`` < 255."""
    if alpha >= 255:
        pygame.draw.rect(surface, fill, rect, border_radius=radius)
    else:
        box = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(box, (*fill, alpha), box.get_rect(), border_radius=radius)
        surface.blit(box, rect)
    if edge is not None:
        pygame.draw.rect(surface, edge, rect, 1, border_radius=radius)


def tooltip(
    surface: pygame.Surface,
    ink: Ink,
    lines: Sequence[tuple[str, int, bool]],
    anchor,
    width: int = 300,
    bounds: pygame.Rect | None = None,
) -> pygame.Rect:
    """A light box of wrapped ``(text, size, bold)`` lines near ``anchor``, kept inside ``bounds``."""
    wrapped = [(part, size, bold) for text, size, bold in lines for part in wrap(text, size, width - 16, bold)]
    height = sum(font(size, bold).get_linesize() for _, size, bold in wrapped) + 12
    rect = pygame.Rect(anchor[0] + 14, anchor[1] + 10, width, height)
    bounds = bounds or surface.get_rect()
    if rect.right > bounds.right:
        rect.right = anchor[0] - 14
    if rect.bottom > bounds.bottom:
        rect.bottom = bounds.bottom - 4
    rect.clamp_ip(bounds)
    draw_box(surface, rect, C.TOOLTIP, C.TOOLTIP_EDGE, 245, 4)
    y = rect.y + 6
    for text, size, bold in wrapped:
        ink.text(surface, text, (rect.x + 8, y), size, C.TOOLTIP_TEXT, bold)
        y += font(size, bold).get_linesize()
    return rect


def help_overlay(
    surface: pygame.Surface, ink: Ink, title: str, rows: Sequence[tuple[str, str]], footer: str = ""
) -> pygame.Rect:
    """A centred panel listing keyboard shortcuts as ``(keys, what they do)`` rows."""
    line = font(14).get_linesize() + 2
    rect = pygame.Rect(0, 0, 560, 70 + line * len(rows) + (30 if footer else 0))
    rect.center = surface.get_rect().center
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 120))
    surface.blit(shade, (0, 0))
    draw_box(surface, rect, C.PANEL, C.TEXT_ACCENT, 250, 8)
    ink.text(surface, title, (rect.x + 20, rect.y + 14), 18, C.TEXT_ACCENT, True)
    y = rect.y + 50
    for keys, what in rows:
        ink.text(surface, keys, (rect.x + 20, y), 14, C.TEXT, True)
        ink.text(surface, what, (rect.x + 190, y), 14, C.TEXT)
        y += line
    if footer:
        ink.text(surface, footer, (rect.x + 20, y + 10), 12, C.TEXT_DIM)
    return rect
