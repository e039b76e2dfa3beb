"""The key table: one press, one action; the help lists what the keys do."""

import pygame
import pytest

from ui.kit.keys import Key, KeyTable, Row, bind


def down(key, mod=0):
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)


def test_a_press_runs_its_action_once_and_shift_falls_back_to_the_plain_key():
    done = []
    table = KeyTable(
        "t",
        [
            Row("D", "dig in", bind(lambda: done.append("dig"), pygame.K_d)),
            Row("Ctrl+S", "save", bind(lambda: done.append("save"), Key(pygame.K_s, ctrl=True))),
            Row(
                "[ / Shift+[",
                "fewer",
                bind(lambda: done.append(1), pygame.K_LEFTBRACKET)
                | bind(lambda: done.append(5), Key(pygame.K_LEFTBRACKET, shift=True)),
            ),
        ],
    )
    assert table.press(down(pygame.K_d)) and done == ["dig"]
    assert table.press(down(pygame.K_d, pygame.KMOD_SHIFT)) and done == ["dig", "dig"]  # Shift+D is still D
    assert not table.press(down(pygame.K_s))  # S alone is not Ctrl+S
    assert table.press(down(pygame.K_s, pygame.KMOD_CTRL)) and done[-1] == "save"
    table.press(down(pygame.K_LEFTBRACKET, pygame.KMOD_SHIFT))
    assert done[-1] == 5
    assert not table.press(down(pygame.K_d, pygame.KMOD_CTRL))  # Ctrl+D is bound to nothing
    assert table.help_rows() == [("D", "dig in"), ("Ctrl+S", "save"), ("[ / Shift+[", "fewer")]


def test_a_key_bound_twice_is_refused():
    with pytest.raises(ValueError, match="bound twice"):
        KeyTable("t", [Row("A", "one", bind(print, pygame.K_a)), Row("A", "two", bind(print, pygame.K_a))])


def test_held_keys_act_every_frame_they_are_down():
    moved = []
    table = KeyTable("t", [Row("Arrows", "pan", hold={pygame.K_LEFT: lambda s: moved.append(s)})])
    pressed = {pygame.K_LEFT: True}
    assert table.hold(0.1, pressed) and table.hold(0.2, pressed) and moved == [0.1, 0.2]
    assert not table.hold(0.1, {pygame.K_LEFT: False})
