"""The play screen's dialogs: confirming an air mission, saving, loading, finishing the game."""

from __future__ import annotations

import pygame

from ... import colours as C
from ... import saves
from ...kit.metrics import px
from ...kit.sheet import Sheet
from ...kit.text import line_height, wrap
from ...kit.widgets import SAVE_ROW, modal, save_list
from .controller import ConfirmAir, LoadDialog, PlayController, SaveDialog


def compose_dialog(sheet: Sheet, window: pygame.Rect, over: pygame.Rect, c: PlayController) -> None:
    """The open dialog, if any, centred over ``over`` (the map)."""
    d = c.dialog
    if d is None:
        return
    if isinstance(d, ConfirmAir):
        title, lines, ok = "Air mission", d.lines, ("Confirm (Enter)", c.confirm)
    elif isinstance(d, SaveDialog):
        title, lines, ok = (
            "Save the game",
            [f"in {saves.home()}", "type a name; Enter saves, Esc cancels"],
            (
                "Save (Enter)",
                c.confirm,
            ),
        )
    elif isinstance(d, LoadDialog):
        lines = [f"from {saves.home()}" if d.items else f"no saves in {saves.home()} yet"]
        title, ok = "Load a game (Up/Down and Enter, or click)", None
    else:
        title, lines, ok = "Finish the game now?", d.lines, ("Finish (Enter)", c.finish)
    box_w = min(px(660 if isinstance(d, LoadDialog) else 560), window.w - px(40))
    inner = box_w - px(36)
    wrapped = [part for text in lines for part in wrap(text, 13, inner)]
    error = wrap(getattr(d, "error", ""), 12, inner, True, max_lines=3) if getattr(d, "error", "") else []
    rows = 0
    if isinstance(d, LoadDialog):
        fixed = px(140) + len(wrapped) * line_height(13) + len(error) * line_height(12, True)
        rows = max(1, min(len(d.items), (window.h - px(40) - fixed) // px(SAVE_ROW)))
    height = (
        px(50)
        + len(wrapped) * line_height(13)
        + (px(38) if isinstance(d, SaveDialog) else 0)
        + rows * px(SAVE_ROW)
        + (len(error) * line_height(12, True) + px(8) if error else 0)
        + px(60)
    )
    rect = modal(sheet, window, (box_w, height), centre=over.center, shade=90)
    x, y = rect.x + px(18), rect.y + px(14)
    sheet.text(title, (x, y), 16, C.TEXT_ACCENT, True, room=inner)
    y += px(32)
    for line in wrapped:
        sheet.text(line, (x, y), 13, C.TEXT)
        y += line_height(13)
    if isinstance(d, SaveDialog):
        field = pygame.Rect(x, y + px(4), inner, px(26))
        sheet.box(field, C.PANEL_LIGHT, C.PANEL_EDGE, 255, 4)
        suffix = sheet.text(".json", (field.right - px(6), field.centery), 12, C.TEXT_DIM, anchor="midright")
        sheet.text(
            d.text + "_",
            (field.x + px(6), field.centery),
            13,
            C.TEXT,
            anchor="midleft",
            room=suffix.x - field.x - px(12),
        )
        y += px(38)
    if isinstance(d, LoadDialog) and d.items:
        save_list(sheet, pygame.Rect(x, y, inner, rows * px(SAVE_ROW)), d.items, d.index)
        y += rows * px(SAVE_ROW)
    if error:
        y += px(4)
        for line in error:
            sheet.text(line, (x, y), 12, C.TEXT_ACCENT, True)
            y += line_height(12, True)
    by = rect.bottom - px(44)
    if ok is not None:
        sheet.button((x, by, px(170), px(30)), ok[0], ok[1])
    sheet.button((rect.right - px(188), by, px(170), px(30)), "Cancel (Esc)", c.close_dialog)
