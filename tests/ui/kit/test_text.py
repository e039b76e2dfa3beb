"""Text that fits its room: cut with an ellipsis, or wrapped, at any UI scale."""

import pygame

from ui.kit.metrics import scale_for, scaled
from ui.kit.text import fit, width, wrap


def test_fit_cuts_with_an_ellipsis_to_the_room():
    pygame.font.init()
    text = "Syrian Army units on the al-Ghab and Latakia fronts"
    assert fit(text, 12, 10_000) == text
    cut = fit(text, 12, 150)
    assert cut.endswith("…") and width(cut, 12) <= 150 and text.startswith(cut[:-1].rstrip())
    assert fit(text, 12, 2) == ""


def test_wrap_keeps_every_line_in_the_room_and_marks_what_is_left_out():
    pygame.font.init()
    text = "Pressure from casualties, Turkish losses and displacement makes a negotiated truce more likely."
    lines = wrap(text, 12, 120)
    assert len(lines) > 2 and all(width(line, 12) <= 120 for line in lines)
    assert " ".join(lines) == text
    short = wrap(text, 12, 120, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…") and all(width(line, 12) <= 120 for line in short)


def test_the_ui_scale_grows_with_the_window():
    assert scale_for((1366, 768)) == 1.0 and scale_for((1500, 950)) == 1.0
    assert scale_for((1920, 1080)) == 1.25 and scale_for((2560, 1440)) == 1.5 and scale_for((3840, 2160)) == 2.0
    pygame.font.init()
    with scaled(1.25):
        big = width("Saraqib", 13)
    assert big > width("Saraqib", 13) * 1.15
