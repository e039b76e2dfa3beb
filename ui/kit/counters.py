"""Unit counters with NATO APP-6 symbols, and order arrows.

A counter's symbol (the frame and icon of the unit's type, and its echelon) is drawn by the
``military-symbol`` library (APP-6 D / MIL-STD-2525 D to SVG) and rendered once per symbol, colour
and size with pygame's SVG loader; under the symbol, its strength (a band under fog of war) and its
movement allowance in hexes a day (off roads/on roads).

The frame says what the viewer knows of the unit (own side: friend, a rectangle; the other camp:
hostile, a diamond); it is filled with the faction's colour of the map, so the counter reads both ways.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pygame

from .text import font, render

# APP-6 D land-unit entities for the scenario's formation types. APP-6 has no militia symbol: militias
# are drawn as infantry; Turkish commandos as special forces.
ENTITY = {
    "infantry": "121100",
    "mechanised": "121102",
    "armour": "120500",
    "special_forces": "121700",
    "militia": "121100",
    "artillery": "130300",
    "turkish_forces": "121100",
    "commandos": "121700",
}
ECHELON_CODE = {"company": "15", "battalion": "16", "regiment": "17", "brigade": "18", "division": "21", "corps": "22"}
IDENTITY_CODE = {"friend": "3", "hostile": "6", "neutral": "4", "unknown": "1"}
INK = (20, 20, 24)
PAPER = (250, 248, 240)


def sidc(kind: str, echelon: str | None, identity: str) -> str:
    """The 20-digit APP-6 D symbol identification code of a land unit."""
    return (
        "10"
        + "0"
        + IDENTITY_CODE[identity]
        + "10"
        + "0"
        + "0"
        + ECHELON_CODE.get(echelon or "", "00")
        + ENTITY[kind]
        + "0000"
    )


@lru_cache(maxsize=1)
def _library():
    import military_symbol  # loads its symbol tables once (about a second)

    return military_symbol


@lru_cache(maxsize=256)
def symbol_svg(code: str, fill: tuple[int, int, int]) -> str:
    """The library's SVG of a symbol with its frame filled in ``fill`` instead of the identity's colour."""
    svg = _library().get_symbol_svg_string_from_sidc(code, bounding_padding=2, use_background=False)
    colour = "#{:02x}{:02x}{:02x}".format(*fill)
    return re.sub(r'fill="#[0-9a-fA-F]{6}"', f'fill="{colour}"', svg, count=1)


@lru_cache(maxsize=512)
def symbol_surface(code: str, fill: tuple[int, int, int], height: int) -> pygame.Surface:
    """The symbol rendered once at ``height`` pixels (aspect kept), with transparency."""
    svg = symbol_svg(code, fill).encode()
    width, tall = _svg_size(svg)
    size = (max(1, round(height * width / tall)), height)
    return pygame.image.load_sized_svg(io.BytesIO(svg), size)


def _svg_size(svg: bytes) -> tuple[float, float]:
    found = re.search(rb'height="([0-9.]+)"[^>]*width="([0-9.]+)"', svg) or re.search(
        rb'width="([0-9.]+)"[^>]*height="([0-9.]+)"', svg
    )
    if found is None:
        return 1.0, 1.0
    a, b = float(found.group(1)), float(found.group(2))
    return (b, a) if found.re.pattern.startswith(rb"height") else (a, b)


def strength_text(low: int, high: int) -> str:
    """A strength as a counter prints it: its own to a hundred (1.2k, 950), or the band fog of war
    allows (1k-2k, 8k+); the formation's panel gives it exactly."""
    if low == high:
        return str(low) if low < 1000 else f"{low / 1000:.1f}k" if low < 10_000 else f"{low / 1000:.0f}k"
    if high < 0:
        return f"{_short(low)}+"
    return f"{_short(low)}-{_short(high)}" if low else f"<{_short(high)}"


def _short(n: int) -> str:
    return f"{n / 1000:g}k" if n >= 1000 else str(n)


@dataclass(frozen=True)
class CounterFace:
    """What one counter shows."""

    kind: str  # formation type (forces.yaml)
    echelon: str | None
    identity: str  # friend | hostile (to the viewer)
    colour: tuple[int, int, int]  # the faction's colour
    strength: tuple[int, int]  # (low, high): equal when known exactly; high -1 when open above
    move: tuple[int, int] | None = None  # hexes a day off roads and on roads (own units only)
    spent: bool = False  # below its breaking strength: drawn faded

    @property
    def code(self) -> str:
        return sidc(self.kind, self.echelon, self.identity)


def draw_counter(surface: pygame.Surface, rect: pygame.Rect, face: CounterFace, edge=INK) -> None:
    """A counter filling ``rect``: a light card, the symbol at the top, strength and movement below
    (left out when the counter is too small to print them)."""
    pygame.draw.rect(surface, edge, rect, border_radius=3)
    card = rect.inflate(-2, -2)
    pygame.draw.rect(surface, PAPER, card, border_radius=2)
    size = 9 if rect.h < 34 else 10
    text_h = font(size, True).get_linesize() - 2 if rect.h >= 26 else 0
    symbol_h = max(6, card.h - text_h - 2)
    image = symbol_surface(face.code, face.colour, symbol_h)
    if image.get_width() > card.w - 2:
        image = symbol_surface(face.code, face.colour, max(6, round(symbol_h * (card.w - 2) / image.get_width())))
    surface.blit(image, image.get_rect(midtop=(card.centerx, card.y + 1)))
    if text_h:
        left = render(strength_text(*face.strength), size, INK, True)
        surface.blit(left, left.get_rect(bottomleft=(card.x + 2, card.bottom + 1)))
        if face.move is not None:
            right = render(f"{face.move[0]}/{face.move[1]}", size, INK)
            if right.get_width() + left.get_width() + 6 <= card.w:
                surface.blit(right, right.get_rect(bottomright=(card.right - 2, card.bottom + 1)))
    if face.spent:
        veil = pygame.Surface(card.size, pygame.SRCALPHA)
        veil.fill((255, 255, 255, 130))
        surface.blit(veil, card)


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
