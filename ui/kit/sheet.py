"""A frame's panels as a list of elements (text, boxes, buttons, painted symbols) built before they are drawn.

A screen builds a :class:`Sheet` from its state, then paints it; the same build gives the hit map,
so what a click means never depends on rectangles an earlier frame left behind, and the strings
on screen are known without reading pixels. Text is measured when it is added, so it is wrapped
or cut with an ellipsis to the room it is given and never runs over its neighbours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from .. import colours as C
from .hitmap import HitMap
from .metrics import px
from .text import TextItem, fit, line_height, render, wrap


@dataclass
class _Text:
    item: TextItem
    size: int
    colour: tuple
    bold: bool
    halo: tuple | None


@dataclass
class _Box:
    rect: pygame.Rect
    fill: tuple | None
    edge: tuple | None
    alpha: int
    radius: int


@dataclass
class _Button:
    rect: pygame.Rect
    label: str
    active: bool
    enabled: bool
    size: int


@dataclass
class _Hover:
    rect: pygame.Rect
    colour: tuple


@dataclass
class _Paint:
    rect: pygame.Rect
    paint: Callable[[pygame.Surface, pygame.Rect], None]


def draw_box(surface, rect, fill=C.PANEL, edge=C.PANEL_EDGE, alpha: int = 255, radius: int = 6) -> None:
    """A filled rounded rectangle, translucent when ``alpha`` < 255."""
    rect = pygame.Rect(rect)
    if fill is not None:
        if alpha >= 255:
            pygame.draw.rect(surface, fill, rect, border_radius=radius)
        else:
            box = pygame.Surface(rect.size, pygame.SRCALPHA)
            pygame.draw.rect(box, (*fill, alpha), box.get_rect(), border_radius=radius)
            surface.blit(box, rect)
    if edge is not None:
        pygame.draw.rect(surface, edge, rect, 1, border_radius=radius)


class Sheet:
    """Elements of a frame in drawing order, with the hit map and the text they make."""

    def __init__(self, where: str = ""):
        self.where = where
        self.elements: list = []
        self.hits = HitMap()

    # -- building ---------------------------------------------------------------------------------
    def text(
        self,
        text: str,
        pos,
        size: int = 13,
        colour=C.TEXT,
        bold: bool = False,
        anchor: str = "topleft",
        room: int | None = None,
        halo=None,
    ) -> pygame.Rect:
        """A line of text at ``pos``; with ``room`` it is cut with an ellipsis to that many pixels."""
        if room is not None:
            text = fit(text, size, max(room, 0), bold)
        rect = render(text, size, colour, bold, halo).get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
        self.elements.append(_Text(TextItem(text, rect, self.where), size, colour, bold, halo))
        return rect

    def lines(
        self, text: str, rect, size: int = 12, colour=C.TEXT, bold: bool = False, max_lines: int | None = None
    ) -> int:
        """``text`` wrapped to ``rect``'s width from its top, no lower than its bottom; return the height used."""
        rect = pygame.Rect(rect)
        step = line_height(size, bold)
        room = max(1, rect.h // step) if rect.h > 0 else 1
        lines = wrap(text, size, rect.w, bold, min(room, max_lines or room))
        for i, line in enumerate(lines):
            self.text(line, (rect.x, rect.y + i * step), size, colour, bold)
        return len(lines) * step

    def box(self, rect, fill=C.PANEL, edge=C.PANEL_EDGE, alpha: int = 255, radius: int = 6) -> None:
        self.elements.append(_Box(pygame.Rect(rect), fill, edge, alpha, px(radius)))

    def fill(self, rect, colour) -> None:
        self.elements.append(_Box(pygame.Rect(rect), colour, None, 255, 0))

    def button(self, rect, label: str, target, active: bool = False, enabled: bool = True, size: int = 13) -> None:
        """A labelled button (the label cut to fit); a disabled one is drawn dim and answers no click."""
        rect = pygame.Rect(rect)
        self.elements.append(_Button(rect, fit(label, size, rect.w - px(8), True), active, enabled, size))
        self.elements.append(_Text(TextItem(fit(label, size, rect.w - px(8), True), rect, self.where), 0, (), 0, None))
        if enabled:
            self.hits.add(rect, target)

    def hover(self, rect, colour=C.PANEL_LIGHT) -> None:
        """A highlight shown only while the mouse is over ``rect`` (a row of a list)."""
        self.elements.append(_Hover(pygame.Rect(rect), colour))

    def hit(self, rect, target) -> None:
        self.hits.add(rect, target)

    def paint(self, rect, paint: Callable[[pygame.Surface, pygame.Rect], None]) -> None:
        """A symbol or chart drawn by ``paint(surface, rect)``."""
        self.elements.append(_Paint(pygame.Rect(rect), paint))

    def shade(self, rect, alpha: int = 110) -> None:
        self.elements.append(_Box(pygame.Rect(rect), (0, 0, 0), None, alpha, 0))

    def record(self, item: TextItem) -> None:
        """Note text drawn by a painter (e.g. from a cached surface), for ``texts``."""
        self.elements.append(_Text(item, 0, (), False, None))

    # -- reading and drawing -------------------------------------------------------------------------
    @property
    def items(self) -> list[TextItem]:
        return [e.item for e in self.elements if isinstance(e, _Text)]

    def texts(self) -> list[str]:
        return [i.text for i in self.items]

    def draw(self, surface: pygame.Surface, mouse=(-1, -1)) -> HitMap:
        for e in self.elements:
            if isinstance(e, _Text):
                if e.size:  # 0: recorded only (a button's label, or text a painter drew)
                    surface.blit(render(e.item.text, e.size, e.colour, e.bold, e.halo), e.item.rect)
            elif isinstance(e, _Box):
                draw_box(surface, e.rect, e.fill, e.edge, e.alpha, e.radius)
            elif isinstance(e, _Button):
                _draw_button(surface, e, mouse)
            elif isinstance(e, _Hover):
                if e.rect.collidepoint(mouse):
                    pygame.draw.rect(surface, e.colour, e.rect)
            else:
                e.paint(surface, e.rect)
        return self.hits


def _draw_button(surface, b: _Button, mouse) -> None:
    hover = b.enabled and b.rect.collidepoint(mouse)
    colour = C.BUTTON_ACTIVE if b.active else C.BUTTON_HOVER if hover else C.BUTTON
    pygame.draw.rect(surface, colour, b.rect, border_radius=px(4))
    pygame.draw.rect(surface, C.TEXT_ACCENT if b.active else C.PANEL_EDGE, b.rect, 1, border_radius=px(4))
    image = render(b.label, b.size, C.TEXT if b.enabled else C.TEXT_DIM, True)
    surface.blit(image, image.get_rect(center=b.rect.center))
