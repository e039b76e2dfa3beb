"""The window as a player meets it: real key presses held for half a second under Xvfb (xdotool),
a window resized from outside, and the cost of a window left alone."""

import shutil
import time

import pygame
import pytest

from tests.helpers.paths import TUTORIAL
from tests.helpers.x11 import init_x11_display
from tests.helpers.xdo import Person
from ui import colours as C
from ui import saves
from ui.app import Loop
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
        time.sleep(1.0)  # the window redraws on the resize event
        shot = app.screenshot(tmp_path / "shot.png")
        w, h = size
        assert shot.get_size() == size
        # the bars reach the new edges: the title bar at the top right, the controls along the bottom
        assert shot.get_at((w - 6, 4))[:3] == C.PANEL_LIGHT
        assert shot.get_at((w - 6, h - 4))[:3] == C.PANEL_LIGHT
        assert shot.get_at((w // 2, h - 48))[:3] == C.PANEL_EDGE  # the top edge of the bottom bar, 48 px up
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
