"""The window as a player meets it: real key presses held for half a second under Xvfb (xdotool),
a window resized from outside, full screen, the cost of a window left alone, and the loop driven
by posted events."""

import os
import shutil
import subprocess
import sys
import time

import pygame
import pytest

from tests.helpers.paths import TUTORIAL
from tests.helpers.x11 import init_x11_display
from tests.helpers.xdo import Person
from ui import colours as C
from ui import saves
from ui.app import Loop
from ui.screens.play.screen import PlayScreen
from ui.screens.start import StartScreen
from ui.screens.transitions import ToMenu, ToPlay, ToReplay

needs_x = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("Xvfb", "xdotool", "import")),
    reason="needs Xvfb, xdotool and ImageMagick's import",
)


@pytest.fixture
def person(xvfb_large, tmp_path):
    people = []

    def start(*args):
        people.append(Person(xvfb_large, [*args], tmp_path / "home", tmp_path))
        return people[-1]

    yield start
    for p in people:
        p.close()


@needs_x
def test_each_press_acts_once_enter_opens_day_1_and_q_goes_back_to_the_start(person, tmp_path):
    app = person("start", str(TUTORIAL))
    app.wait_for(lambda: app.title() == "idlib-wargame", "the start screen")
    app.press("Return")
    app.wait_title("day 1 of")
    time.sleep(1.0)
    assert "day 1 of" in app.title()  # Enter on the start screen opens the game on day 1, not day 2
    for day in (2, 3, 4):
        app.press("Return")
        app.wait_title(f"day {day} of")
    time.sleep(1.0)
    assert "day 4 of" in app.title()  # three presses, three turns
    assert saves.inspect(tmp_path / "home" / "autosave.json").days == 3
    app.press("q")
    app.wait_for(lambda: app.title() == "idlib-wargame", "the start screen again")
    time.sleep(1.0)
    assert app.proc.poll() is None and app.title() == "idlib-wargame"  # back at the start, not quit
    app.press("q")
    assert app.wait_exit() == 0


@needs_x
def test_f11_fills_the_screen_and_gives_the_window_back(xvfb_large, monkeypatch):
    """In the app's own loop on X (a full-screen window's size is the window manager's to give, and
    Xvfb has none, so the size SDL reports is read here rather than the X window's)."""
    monkeypatch.setenv("DISPLAY", xvfb_large)
    monkeypatch.setenv("SDL_VIDEODRIVER", "x11")
    init_x11_display()
    pygame.font.init()
    sizes = {}
    f11 = [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode="", scancode=0)]
    try:
        loop = Loop(TUTORIAL, ToMenu(), (1366, 768))

        def script(turn):
            if turn in (5, 25):
                sizes[turn] = loop.screen.size
                return f11
            return []

        loop.run(max_frames=24, events=script)
        full = loop.screen.size
        loop.run(max_frames=24, events=script)
    finally:
        pygame.display.quit()
    assert sizes[5] == (1366, 768) and full == (1920, 1080)  # laid out for the whole screen
    assert loop.screen.size == (1366, 768)  # and back


@needs_x
def test_a_resized_window_lays_itself_out_again(person, tmp_path):
    pygame.init()
    app = person("play", str(TUTORIAL), "--seed", "3")
    app.wait_title("day 1 of")
    for size in ((1500, 950), (1366, 768)):
        app.resize(*size)
        w, h = size

        def laid_out(size=size, w=w, h=h):
            shot = app.screenshot(tmp_path / "shot.png")
            return (
                shot.get_size() == size
                and shot.get_at((w // 2, h - 48))[:3] == C.PANEL_EDGE  # the top edge of the bottom bar, 48 px up
                and shot
            )

        shot = app.wait_for(laid_out, f"the window laid out at {size}")
        # the bars reach the new edges: the title bar at the top right, the controls along the bottom
        assert shot.get_at((w - 6, 4))[:3] == C.PANEL_LIGHT
        assert shot.get_at((w - 6, h - 4))[:3] == C.PANEL_LIGHT
        assert shot.get_at((w - 4, h // 2))[:3] == C.PANEL  # the side panel runs down the right edge
        # the bar of controls is not cut: its last button ends well before the right edge
        row = [shot.get_at((x, h - 24))[:3] for x in range(w)]
        buttons = [x for x, colour in enumerate(row) if colour in (C.BUTTON, C.BUTTON_ACTIVE)]
        assert buttons and max(buttons) < w - 40


def test_an_idle_window_draws_nothing(tmp_path, monkeypatch):
    """A paused replay and a play screen waiting for the player draw no frames and sleep on the queue."""
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))
    pygame.display.init()
    pygame.font.init()
    from engine.game import Game

    try:
        for first in (ToReplay(), ToPlay(Game.new(TUTORIAL, seed=1), saves.Autosaver())):
            loop = Loop(TUTORIAL, first, (1366, 768))
            if isinstance(first, ToReplay):
                loop.screen.controller.playing = False
            loop.run(max_frames=3)  # the first frames
            drawn, started = loop.frames_drawn, time.perf_counter()
            loop.run(max_frames=8)
            assert loop.frames_drawn == drawn  # nothing changed, nothing drawn
            assert time.perf_counter() - started > 1.0  # slept on the event queue between turns
    finally:
        pygame.display.quit()


def keydown(k, char=""):
    return [
        pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=char, scancode=0),
        pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode=char, scancode=0),
    ]


@needs_x
def test_start_play_a_turn_and_go_back_through_posted_events(xvfb, tmp_path, monkeypatch):
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
    # the ground round Saraqib is drawn in the opposition's colour (HTS's) on the play screen (its
    # marker lies under the counter of the HTS sector that holds it)
    shot, (x, y) = seen["after turn"], seen["saraqib"]
    around = {shot.get_at((x + dx, y + dy))[:3] for dx in range(-16, 17, 2) for dy in range(-16, 17, 2)}
    assert around & {C.AREA["opposition"], C.AREA["hts"]}


@needs_x
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


def test_input_queued_for_a_screen_that_is_gone_is_dropped(tmp_path, monkeypatch):
    """Two Enters queued at once on the start screen: the first opens the game, the second is not
    carried over to it (the game stays on day 1); two queued on the play screen end one turn."""
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))
    pygame.display.init()
    pygame.font.init()
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0)
    days = {}
    try:
        loop = Loop(TUTORIAL, ToMenu(), (1366, 768))

        def script(turn):
            if turn in (3, 10):
                return [enter, enter]
            if turn in (9, 16):
                days[turn] = loop.screen.game.day
            return []

        loop.run(max_frames=17, events=script)
    finally:
        pygame.display.quit()
    assert days == {9: 0, 16: 1}
