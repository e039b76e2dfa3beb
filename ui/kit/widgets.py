"""Widgets built into a :class:`Sheet`: tooltips, rows of buttons, the help overlay, a modal box, a scrubber."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from .. import colours as C
from .keys import KeyTable
from .metrics import px
from .sheet import Sheet
from .text import line_height, width, wrap


def tooltip(
    sheet: Sheet, lines: Sequence[tuple[str, int, bool]], anchor, room: int = 300, bounds: pygame.Rect | None = None
) -> pygame.Rect:
    """A light box of wrapped ``(text, size, bold)`` lines near ``anchor``, kept inside ``bounds``."""
    room = px(room)
    inner = room - px(16)
    wrapped = [(part, size, bold) for text, size, bold in lines for part in wrap(text, size, inner, bold)]
    height = sum(line_height(size, bold) for _, size, bold in wrapped) + px(12)
    rect = pygame.Rect(anchor[0] + px(14), anchor[1] + px(10), room, height)
    if bounds is not None:
        if rect.right > bounds.right:
            rect.right = anchor[0] - px(14)
        if rect.bottom > bounds.bottom:
            rect.bottom = bounds.bottom - px(4)
        rect.clamp_ip(bounds)
    sheet.box(rect, C.TOOLTIP, C.TOOLTIP_EDGE, 245, 4)
    y = rect.y + px(6)
    for text, size, bold in wrapped:
        if y + line_height(size, bold) > rect.bottom:
            break
        sheet.text(text, (rect.x + px(8), y), size, C.TOOLTIP_TEXT, bold)
        y += line_height(size, bold)
    return rect


def button_row(sheet: Sheet, rect: pygame.Rect, buttons, size: int = 13, gap: int = 6) -> pygame.Rect:
    """Buttons ``(label, target[, active])`` left to right in ``rect``, each as wide as its label;
    return the rectangle they take. Buttons that do not fit are left out."""
    x = rect.x
    for spec in buttons:
        label, target = spec[0], spec[1]
        active = spec[2] if len(spec) > 2 else False
        w = width(label, size, True) + px(20)
        if x + w > rect.right:
            break
        sheet.button((x, rect.y, w, rect.h), label, target, active=active, size=size)
        x += w + px(gap)
    return pygame.Rect(rect.x, rect.y, max(0, x - rect.x - px(gap)), rect.h)


class Backdrop:
    """The shaded window around a modal box: a click there closes the box."""


class Inside:
    """A modal box: a click on it, off its buttons, does nothing."""


BACKDROP, INSIDE = Backdrop(), Inside()


def modal(sheet: Sheet, window: pygame.Rect, size: tuple[int, int], centre=None, shade: int = 100) -> pygame.Rect:
    """Shade the window and open a box of ``size`` pixels (shrunk to fit) at ``centre``; what lies
    under it no longer answers clicks."""
    rect = pygame.Rect(0, 0, min(size[0], window.w - px(20)), min(size[1], window.h - px(20)))
    rect.center = centre or window.center
    rect.clamp_ip(window)
    sheet.hits.regions.clear()
    sheet.shade(window, shade)
    sheet.hit(window, BACKDROP)
    sheet.box(rect, C.PANEL, C.TEXT_ACCENT, 250, 8)
    sheet.hit(rect, INSIDE)
    return rect


def help_overlay(sheet: Sheet, window: pygame.Rect, table: KeyTable) -> pygame.Rect:
    """The key table as a centred box: the keys in one column, what they do wrapped in the next; in
    two pairs of columns when one would not fit the window's height."""
    rows = table.help_rows()
    size, title_h = 13, px(48)
    for columns in (1, 2):
        box_w = min(window.w - px(40), px(720 if columns == 1 else 1240))
        pair_w = (box_w - px(40) - px(24) * (columns - 1)) // columns
        keys_w = min(max(width(k, size, True) for k, _ in rows) + px(14), pair_w * 2 // 5)
        does_w = pair_w - keys_w
        heights = [max(len(wrap(k, size, keys_w - px(10), True)), len(wrap(d, size, does_w))) for k, d in rows]
        per_column = -(-len(rows) // columns)
        step = line_height(size) + px(3)
        column_h = max(sum(heights[i : i + per_column]) * step for i in range(0, len(rows), per_column))
        box_w = min(box_w, px(40) + px(24) * (columns - 1) + columns * (keys_w + max(width(d, size) for _, d in rows)))
        footer = wrap(table.footer, 12, box_w - px(40)) if table.footer else []
        box_h = title_h + column_h + len(footer) * line_height(12) + px(30)
        if box_h <= window.h - px(20):
            break
    rect = modal(sheet, window, (box_w, box_h), shade=120)
    sheet.text(table.title, (rect.x + px(20), rect.y + px(14)), 18, C.TEXT_ACCENT, True, room=rect.w - px(40))
    for c in range(columns):
        x, y = rect.x + px(20) + c * (pair_w + px(24)), rect.y + title_h
        for (keys, does), h in zip(rows[c * per_column : (c + 1) * per_column], heights[c * per_column :]):
            sheet.lines(keys, (x, y, keys_w - px(10), h * step), size, C.TEXT, True)
            sheet.lines(does, (x + keys_w, y, does_w, h * step), size, C.TEXT)
            y += h * step
    y = rect.y + title_h + column_h + px(10)
    for line in footer:
        sheet.text(line, (rect.x + px(20), y), 12, C.TEXT_DIM)
        y += line_height(12)
    return rect


@dataclass(frozen=True)
class ListRow:
    """A row of a list in a box (a saved game of the load list): a click there picks it."""

    index: int


SAVE_ROW = 22  # design pixels of a row of the list of saved games


def save_list(sheet: Sheet, rect: pygame.Rect, items, chosen: int) -> None:
    """Saved games (``ui.saves.SaveInfo``) as rows in ``rect``: the file's name, then what it holds or
    why it cannot be loaded, each cut to its column; the chosen row lit and kept in view."""
    row_h = px(SAVE_ROW)
    shown = max(1, min(len(items), rect.h // row_h))
    first = max(0, min(chosen - shown + 1, len(items) - shown))
    name_w = rect.w * 2 // 5
    for k, i in enumerate(range(first, first + shown)):
        info = items[i]
        row = pygame.Rect(rect.x, rect.y + k * row_h, rect.w, row_h - px(2))
        if i == chosen:
            sheet.box(row, C.BUTTON_ACTIVE, None, 255, 3)
        else:
            sheet.hover(row)
        name_colour, text_colour = (C.TEXT, C.TEXT) if info.ok else (C.TEXT_DIM, C.TEXT_ACCENT)
        text = info.text if info.ok else "cannot be loaded: " + info.text
        sheet.text(info.path.name, (row.x + px(6), row.centery), 12, name_colour, True, "midleft", name_w - px(12))
        sheet.text(text, (row.x + name_w, row.centery), 11, text_colour, anchor="midleft", room=row.w - name_w - px(6))
        sheet.hit(row, ListRow(i))


@dataclass
class Scrubber:
    """A horizontal track over ``count`` days with a mark on each day that has events."""

    rect: pygame.Rect
    count: int
    marks: Sequence[int] = ()
    bands: Sequence[tuple[int, int, tuple]] = ()  # (first, last, colour): e.g. the scenario's days

    def x_of(self, i: int) -> float:
        return self.rect.x + (i + 0.5) * self.rect.w / max(1, self.count)

    def index_at(self, x: float) -> int:
        i = int((x - self.rect.x) / max(1, self.rect.w) * self.count)
        return max(0, min(self.count - 1, i))

    def paint(self, surface: pygame.Surface, current: int) -> None:
        r = self.rect
        track = pygame.Rect(r.x, r.centery - px(3), r.w, px(6))
        pygame.draw.rect(surface, C.SCRUB_TRACK, track, border_radius=px(3))
        day_w = r.w / max(1, self.count)
        for first, last, colour in self.bands:
            x0, x1 = self.x_of(first) - day_w / 2, self.x_of(last) + day_w / 2
            pygame.draw.rect(surface, colour, pygame.Rect(round(x0), track.y, max(1, round(x1 - x0)), track.h))
        for i in self.marks:
            x = round(self.x_of(i))
            pygame.draw.line(surface, C.SCRUB_MARK, (x, r.y + px(2)), (x, r.centery - px(4)))
        x = round(self.x_of(current))
        pygame.draw.circle(surface, C.SCRUB_KNOB, (x, r.centery), px(7))
        pygame.draw.circle(surface, C.PANEL, (x, r.centery), px(7), 2)
