"""Every screen laid out at 1366×768 and at 1920×1080 (UI scale 1.25): text fits its box and the
window, nothing overprints, and the banner and the legend sit beside the map, not on it."""

import pygame
import pytest

from tests.helpers.paths import HISTORICAL
from tests.helpers.tour import every_screen
from ui import colours as C
from ui.kit.metrics import scale_for, scaled
from ui.kit.sheet import _Box, _Button, _Text

SIZES = [(1366, 768), (1920, 1080)]


def layers(sheet, window: pygame.Rect) -> list[list[tuple[pygame.Rect, str]]]:
    """The text and buttons drawn, in layers: a modal box, the help or a tooltip starts a new one."""
    out: list[list[tuple[pygame.Rect, str]]] = [[]]
    for e in sheet.elements:
        overlay = isinstance(e, _Box) and ((e.fill == (0, 0, 0) and e.rect == window) or e.fill == C.TOOLTIP)
        if overlay:
            out.append([])
        elif isinstance(e, _Text) and e.size:
            out[-1].append((e.item.rect, e.item.text))
        elif isinstance(e, _Button):
            out[-1].append((e.rect, f"button {e.label}"))
    return out


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    pygame.font.init()
    home = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("IDLIB_WARGAME_HOME", str(home))
    yield
    mp.undo()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_text_fits_its_box_and_nothing_overprints(tour, size):
    window = pygame.Rect(0, 0, *size)
    surface = pygame.Surface(size)
    seen = []
    with scaled(scale_for(size)):
        for name, screen in every_screen(HISTORICAL, size):
            screen.draw(surface)
            sheet = screen.frame
            for rect in (i.rect for i in sheet.items):
                assert window.contains(rect), f"{name}: {rect} leaves the window"
            for drawn in layers(sheet, window):
                for k, (a, text) in enumerate(drawn):
                    clash = a.inflate(-2, -2).collidelist([b.inflate(-2, -2) for b, _ in drawn[k + 1 :]])
                    assert clash == -1, f"{name}: {text!r} overprints {drawn[k + 1 + clash][1]!r}"
            shell = getattr(screen, "shell", None)
            if shell is not None:
                lay = shell.layout
                for other in (lay.top, lay.banner, lay.legend, lay.panel, lay.bottom):
                    assert not lay.map.colliderect(other), f"{name}: {other} covers the map"
                for item in sheet.items:
                    if lay.panel.collidepoint(item.rect.topleft) and lay.panel.h > 0:
                        assert lay.panel.contains(item.rect), f"{name}: {item.text!r} is cut by the panel's edge"
            seen.append(name)
    assert len(seen) >= 18
