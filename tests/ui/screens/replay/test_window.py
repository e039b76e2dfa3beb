"""The replay in a real X window under Xvfb, driven by posted pygame events."""

import datetime as dt
import os
import shutil
import subprocess
import sys

import pygame
import pytest

from engine import load_scenario
from tests.helpers.paths import HISTORICAL
from tests.helpers.x11 import init_x11_display
from ui import colours as C
from ui.replaydata import ReplayData
from ui.screens.replay.screen import ReplayScreen

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(HISTORICAL)


@pytest.fixture
def window(xvfb, scenario, monkeypatch):
    """A ReplayScreen in a real x11 window, starting on 27 January 2020 (Ma'arrat al-Nu'man falls on the 28th)."""
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    init_x11_display()
    assert pygame.display.get_driver() == "x11"
    pygame.font.init()
    screen = ReplayScreen(scenario, ReplayData(scenario), dt.date(2020, 1, 27))
    surface = pygame.display.set_mode(screen.size)
    pump(screen, surface)
    yield screen, surface
    pygame.display.quit()


def pump(screen, surface, frames: int = 2) -> None:
    """Run the window's loop for a few frames: handle queued events, draw, flip."""
    for _ in range(frames):
        for event in pygame.event.get():
            screen.handle(event)
        screen.update(1 / 60)
        screen.draw(surface)
        pygame.display.flip()


def key(k, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))


def marker_family(surface, pos) -> str:
    colour = surface.get_at(pos)[:3]
    return min(C.MARKER, key=lambda f: sum((a - b) ** 2 for a, b in zip(C.MARKER[f], colour)))


def test_posted_keys_step_the_day_forward_and_back(window, tmp_path):
    screen, surface = window
    c = screen.controller
    maarat = screen.shell.map.place_position("maarat_al_numan")
    assert marker_family(surface, maarat) == "hts"  # HTS's southern sector (engine/holders.py)
    key(pygame.K_RIGHT)
    pump(screen, surface)
    assert c.date == dt.date(2020, 1, 28)
    assert marker_family(surface, maarat) == "government"
    assert "Tue 28 January 2020" in screen.texts()
    pygame.image.save(surface, str(tmp_path / "window-2020-01-28.png"))
    key(pygame.K_LEFT)
    key(pygame.K_LEFT)
    pump(screen, surface)
    assert c.date == dt.date(2020, 1, 26)
    assert marker_family(surface, maarat) == "hts"  # HTS's southern sector (engine/holders.py)
    key(pygame.K_PAGEDOWN)
    pump(screen, surface)
    assert c.date == dt.date(2020, 2, 2)


def test_a_click_on_a_place_opens_its_tooltip(window):
    screen, surface = window
    pos = screen.shell.map.place_position("saraqib")
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pump(screen, surface)
    assert screen.controller.selected == "saraqib"
    texts = screen.texts()
    assert "Saraqib" in texts and "held by opposition on 27 Jan 2020" in texts
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="\x1b", scancode=0))
    pump(screen, surface)
    assert screen.controller.selected is None


def test_help_jump_and_zoom_from_the_keyboard(window):
    screen, surface = window
    key(pygame.K_h, unicode="h")
    pump(screen, surface)
    assert screen.shell.show_help and "play / pause" in screen.texts()
    key(pygame.K_ESCAPE)
    key(pygame.K_j, unicode="j")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="j"))  # the opening key also arrives as text
    for ch in "5 mar":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert not screen.shell.show_help
    assert screen.controller.date == dt.date(2020, 3, 5)
    before = screen.shell.map.scale
    centre = screen.shell.layout.map.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False, precise_x=0.0, precise_y=1.0))
    pump(screen, surface)
    assert screen.shell.map.scale > before


def test_wargame_replay_opens_a_window_and_closes(xvfb, tmp_path):
    env = {**os.environ, "DISPLAY": xvfb}
    env.pop("SDL_VIDEODRIVER", None)
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "replay", "--start", "2020-02-01", "--max-frames", "20"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
