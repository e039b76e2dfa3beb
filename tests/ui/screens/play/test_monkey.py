"""A monkey test: 10,000 random keys, clicks, drags and wheel turns on the play screen, without an exception."""

import random
import time

import pygame
import pytest

from engine.game import Game
from tests.helpers.paths import TUTORIAL
from ui.screens.play.screen import PlayScreen
from ui.screens.report import ReportScreen
from ui.screens.start import StartScreen
from ui.screens.transitions import ToReport

SIZE = (1280, 800)

KEYS = [
    pygame.K_RETURN,
    pygame.K_ESCAPE,
    pygame.K_TAB,
    pygame.K_BACKSPACE,
    pygame.K_DELETE,
    pygame.K_SLASH,
    pygame.K_LEFT,
    pygame.K_RIGHT,
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_F1,
    pygame.K_F10,
    pygame.K_0,
    pygame.K_1,
    pygame.K_2,
    pygame.K_3,
    pygame.K_4,
    pygame.K_LEFTBRACKET,
    pygame.K_RIGHTBRACKET,
    pygame.K_EQUALS,
    pygame.K_MINUS,
] + [getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz"]


def random_event(rng: random.Random, size) -> list[pygame.event.Event]:
    w, h = size
    pos = (rng.randrange(w), rng.randrange(h))
    r = rng.random()
    if r < 0.35:
        k = rng.choice(KEYS)
        mod = rng.choice([0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL])
        char = pygame.key.name(k) if len(pygame.key.name(k)) == 1 else ""
        out = [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=char, scancode=0)]
        if char and not mod & pygame.KMOD_CTRL:
            out.append(pygame.event.Event(pygame.TEXTINPUT, text=char))
        return out
    if r < 0.7:
        button = rng.choice([1, 1, 1, 3])
        return [
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button),
        ]
    if r < 0.85:
        end = (pos[0] + rng.randint(-200, 200), pos[1] + rng.randint(-200, 200))
        return [
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(
                pygame.MOUSEMOTION, pos=((pos[0] + end[0]) // 2, (pos[1] + end[1]) // 2), rel=(0, 0), buttons=(1, 0, 0)
            ),
            pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(0, 0), buttons=(1, 0, 0)),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1),
        ]
    if r < 0.95:
        return [
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=rng.choice([-1, 1]), flipped=False, precise_x=0.0, precise_y=1.0
            ),
        ]
    return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))]


@pytest.mark.parametrize("side", ["government", "opposition"])
def test_ten_thousand_random_events(tmp_path, monkeypatch, side):
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))
    pygame.font.init()
    rng = random.Random(7 if side == "government" else 8)
    game = Game.new(TUTORIAL, side=side, seed=11)
    screen = PlayScreen(game, SIZE, scenario_path=TUTORIAL)
    c = screen.controller
    surface = pygame.Surface(SIZE)
    count, turns, reports, started = 0, 0, 0, time.perf_counter()
    while count < 10_000:
        for event in random_event(rng, SIZE):
            screen.handle(event)
            count += 1
        day = screen.game.day
        screen.update(1 / 60)
        if count % 7 == 0 or c.turn_requested:
            screen.draw(surface)
        screen.update(1 / 60)
        turns += screen.game.day != day
        if c.next is not None:
            if isinstance(c.next, ToReport) and reports < 2:
                report = ReportScreen(c.next.game, SIZE)
                report.draw(surface)
                reports += 1
            if screen.game.over:  # a new game, so the monkey keeps playing
                c.set_game(Game.new(TUTORIAL, side=side, seed=count))
            c.next = None
    elapsed = time.perf_counter() - started
    assert turns > 5
    assert elapsed < 60, f"{elapsed:.1f} s"


def test_random_events_on_the_start_screen(tmp_path, monkeypatch):
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))
    pygame.font.init()
    rng = random.Random(3)
    surface = pygame.Surface(SIZE)
    screen = StartScreen(TUTORIAL, SIZE)
    for i in range(1500):
        for event in random_event(rng, SIZE):
            screen.handle(event)
        if i % 5 == 0:
            screen.draw(surface)
        if screen.next is not None:
            screen = StartScreen(TUTORIAL, SIZE)
