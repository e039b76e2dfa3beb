"""The UI scale: sizes in the code are for a 1366×768 window and are multiplied by the scale on larger ones."""

from __future__ import annotations

from contextlib import contextmanager

BASE = (1440, 860)  # windows up to about this size draw at scale 1
STEP = 0.25

_scale = 1.0


def scale() -> float:
    return _scale


def set_scale(value: float) -> bool:
    """Set the scale; return whether it changed (fonts and layouts must then be made again)."""
    global _scale
    changed = value != _scale
    _scale = value
    return changed


def scale_for(size: tuple[int, int]) -> float:
    """The scale for a window of ``size``: 1 up to about 1440×860, then in steps of a quarter, at most 2."""
    fit = min(size[0] / BASE[0], size[1] / BASE[1])
    return max(1.0, min(2.0, int(fit / STEP) * STEP))


def px(n: float) -> int:
    """A length of the design in pixels of the window."""
    return round(n * _scale)


@contextmanager
def scaled(value: float):
    """Draw at another scale for a while (a PNG at its own size while the window has its own)."""
    before = _scale
    set_scale(value)
    try:
        yield
    finally:
        set_scale(before)
