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
from ui.app import Loop
from ui.screens.play.screen import PlayScreen
from ui.screens.start import StartScreen
from ui.screens.transitions import ToMenu

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
    loop = Loop(TUTORIAL, ToMenu(), (1280, 800))

    def script(turn):
        window = pygame.display.get_surface()
        if turn == 3:
            return keydown(pygame.K_s, "s") + keydown(pygame.K_p, "p")  # command the opposition, play
        if turn == 8:
            seen["start"] = isinstance(loop.screen, PlayScreen) and loop.screen.game.day
            return [pygame.event.Event(pygame.MOUSEMOTION, pos=(200, 300), rel=(0, 0), buttons=(0, 0, 0))]
        if turn == 10:
            return keydown(pygame.K_RETURN)  # end the turn
        if turn == 16:
            seen["after turn"] = window.copy()
            seen["saraqib"] = loop.screen.shell.map.place_position("saraqib")
            return keydown(pygame.K_q, "q")  # back to the start screen
        if turn == 20:
            seen["menu"] = isinstance(loop.screen, StartScreen)
            return keydown(pygame.K_q, "q")  # quit
        return []

    try:
        assert loop.run(max_frames=200, events=script) == 0
    finally:
        pygame.display.quit()
    assert seen["start"] == 0 and seen["menu"] and loop.screen is None
    info = saves.inspect(tmp_path / "home" / "autosave.json")
    assert info.ok and info.side == "opposition" and info.days == 1
    # the Saraqib marker is drawn in the opposition's colour on the play screen
    assert marker_family(seen["after turn"].get_at(seen["saraqib"])[:3]) in ("opposition", "hts")


def test_wargame_play_and_start_open_a_window_and_close(xvfb, tmp_path):
    env = {**os.environ, "DISPLAY": xvfb, "IDLIB_WARGAME_HOME": str(tmp_path / "home")}
    env.pop("SDL_VIDEODRIVER", None)
    for args in (
        ["play", str(TUTORIAL), "--side", "opposition", "--seed", "3", "--max-frames", "6"],
        ["start", str(TUTORIAL), "--max-frames", "6"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
        )
        assert result.returncode == 0, result.stderr
