"""A claim of the record opened whole: the full quote, every source that reports it, the figures, and
a button for each of its places that shows the place on the map."""

from __future__ import annotations

import pygame

from ... import colours as C
from ...kit.metrics import px
from ...kit.sheet import Sheet
from ...kit.text import line_height, wrap
from ...kit.widgets import modal
from .controller import ReplayController
from .describe import describe, figures_text


def compose_card(sheet: Sheet, window: pygame.Rect, c: ReplayController) -> None:
    claim = c.opened()
    if claim is None:
        return
    e = claim.entry
    w = min(px(720), window.w - px(40))
    room = w - px(36)
    quote = wrap(f"\u201c{claim.quote}\u201d", 14, room)
    places = list(dict.fromkeys(p for entry in claim.entries for p in entry.places))
    notes = [x for x in (e.date_note, e.note, e.inferred and f"inferred: {e.inferred}") if x]
    h = px(128) + len(quote) * line_height(14) + len(notes) * line_height(11) * 2 + (px(40) if places else 0)
    rect = modal(sheet, window, (w, h))
    x, y = rect.x + px(18), rect.y + px(14)
    sources = " · ".join(f"{s.name} ({s.leaning})" for s in claim.sources)
    y += sheet.lines(sources, (x, y, room, px(40)), 14, C.TEXT_ACCENT, True) + px(2)
    sheet.text(f"{e.date:%d %B %Y} · {describe(e)}", (x, y), 12, C.TEXT_DIM, room=room)
    y += line_height(12) + px(8)
    for line in quote:
        sheet.text(line, (x, y), 14, C.TEXT)
        y += line_height(14)
    figures = "; ".join(dict.fromkeys(figures_text(entry) for entry in claim.entries if entry.figures))
    if figures:
        y += px(4) + sheet.lines(figures, (x, y + px(4), room, px(40)), 12, C.CHART_DISPLACED)
    for note in notes:
        y += px(2) + sheet.lines(note, (x, y + px(2), room, px(36)), 11, C.TEXT_DIM)
    bx, by = x, rect.bottom - px(44)
    for place in places[:6]:
        label = f"Show {place.name}"
        bw = min(px(220), room // max(1, min(len(places), 3)) - px(6))
        if bx + bw > rect.right - px(110):
            break
        sheet.button((bx, by, bw, px(30)), label, lambda p=place.id: c.show_place(p))
        bx += bw + px(6)
    sheet.button((rect.right - px(124), by, px(106), px(30)), "Close (Esc)", c.cancel)
