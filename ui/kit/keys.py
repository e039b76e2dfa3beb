"""One key table per screen: what each key does, which the help overlay lists and the input obeys.

An action key acts once per press (the window turns key repeat off); a *held* key (panning) acts
on every frame while it is down, through :meth:`KeyTable.hold`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame


@dataclass(frozen=True)
class Key:
    code: int
    ctrl: bool = False
    shift: bool = False


def key_of(event) -> Key:
    mod = getattr(event, "mod", 0)
    return Key(event.key, bool(mod & (pygame.KMOD_CTRL | pygame.KMOD_META)), bool(mod & pygame.KMOD_SHIFT))


@dataclass
class Row:
    """One line of the help and the keys behind it."""

    keys: str  # as the help shows them, e.g. "D / R"
    does: str  # what they do
    press: dict[Key, Callable[[], None]] = field(default_factory=dict)
    hold: dict[int, Callable[[float], None]] = field(default_factory=dict)  # key code -> action(seconds held)


def keys(*codes: int, ctrl: bool = False, shift: bool = False) -> list[Key]:
    return [Key(c, ctrl, shift) for c in codes]


def bind(action: Callable[[], None], *key_list) -> dict[Key, Callable[[], None]]:
    """``{key: action}`` for every key given (codes or :class:`Key`s, or lists of them)."""
    out = {}
    for k in key_list:
        for one in k if isinstance(k, list) else [k]:
            out[one if isinstance(one, Key) else Key(one)] = action
    return out


class KeyTable:
    """The keys of a screen, in the order the help lists them."""

    def __init__(self, title: str, rows: list[Row], footer: str = ""):
        self.title, self.rows, self.footer = title, rows, footer
        self._press: dict[Key, Callable[[], None]] = {}
        for row in rows:
            for k, action in row.press.items():
                if k in self._press:
                    raise ValueError(f"{title}: key {pygame.key.name(k.code)} bound twice")
                self._press[k] = action

    def action(self, event) -> Callable[[], None] | None:
        """The action of a KEYDOWN: the exact combination, else (with Shift alone) the plain key."""
        k = key_of(event)
        found = self._press.get(k)
        if found is None and k.shift and not k.ctrl:
            found = self._press.get(Key(k.code))
        return found

    def press(self, event) -> bool:
        action = self.action(event)
        if action is not None:
            action()
        return action is not None

    def hold(self, seconds: float, pressed=None) -> bool:
        """Run the held-key actions of the keys down now; return whether any ran."""
        if pressed is None:
            if not pygame.display.get_init():
                return False  # drawing without a window: no keyboard
            pressed = pygame.key.get_pressed()
        ran = False
        for row in self.rows:
            for code, action in row.hold.items():
                if pressed[code]:
                    action(seconds)
                    ran = True
        return ran

    def help_rows(self) -> list[tuple[str, str]]:
        return [(row.keys, row.does) for row in self.rows]
