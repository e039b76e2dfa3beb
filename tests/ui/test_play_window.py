"""The start and play screens in a real X window under Xvfb, driven by posted events through the app's loop."""

import os
import shutil
import subprocess
import sys

import pygame
import pytest

from tests.helpers.paths import TUTORIAL
from tests.helpers.screens import marker_family
from tests.helpers.x11 import init_x11_display
from ui import saves
from ui.start import run_app

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")


def keydown(k, char=""):
    return [
        pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=char, scancode=0),
        pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode=char, scancode=0),
    ]


def test_start_play_a_turn_and_go_back_in_a_window(xvfb, tmp_path, monkeypatch):
    monkeypatch.setenv("DISPLAY", xvfb)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))
    init_x11_display()
    assert pygame.display.get_driver() == "x11"
    pygame.font.init()
    seen = {}

    def script(frame):
        window = pygame.display.get_surface()
        if frame == 3:
            return keydown(pygame.K_s, "s") + keydown(pygame.K_p, "p")  # command the opposition, play
        if frame == 8:
            seen["start"] = window.copy()
            return [pygame.event.Event(pygame.MOUSEMOTION, pos=(200, 300), rel=(0, 0), buttons=(0, 0, 0))]
        if frame == 10:
            return keydown(pygame.K_RETURN)  # end the turn
        if frame == 16:
            seen["after turn"] = window.copy()
            pygame.image.save(window, str(tmp_path / "window-play.png"))
            return keydown(pygame.K_q, "q")  # back to the start screen
        if frame == 20:
            seen["menu"] = window.copy()
            return keydown(pygame.K_q, "q")  # quit
        return []

    try:
        assert run_app(TUTORIAL, ("menu",), max_frames=200, events=script) == 0
    finally:
        pygame.display.quit()
    assert set(seen) == {"start", "after turn", "menu"}
    info = saves.inspect(tmp_path / "home" / "autosave.json")
    assert info.ok and info.side == "opposition" and info.days == 1
    # the Saraqib marker is drawn in the opposition's colour on the play screen
    from engine import load_scenario
    from engine.hexgrid import HexGrid
    from ui.mapview import MapView
    from ui.play import MAP_RECT_DEFAULT

    scenario = load_scenario(TUTORIAL)
    view = MapView(scenario, HexGrid.for_scenario(scenario), MAP_RECT_DEFAULT)
    x, y = view.place_position("saraqib")
    assert marker_family(seen["after turn"].get_at((x, y))[:3]) in ("opposition", "hts")


def test_wargame_play_and_start_open_a_window_and_close(xvfb, tmp_path):
    env = {**os.environ, "DISPLAY": xvfb, "IDLIB_WARGAME_HOME": str(tmp_path / "home")}
    env.pop("SDL_VIDEODRIVER", None)
    for args in (
        ["play", str(TUTORIAL), "--side", "opposition", "--seed", "3", "--max-frames", "15"],
        ["start", str(TUTORIAL), "--max-frames", "15"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
        )
        assert result.returncode == 0, result.stderr
