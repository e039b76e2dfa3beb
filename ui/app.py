"""The window: one loop that runs the screens and moves between them by the transitions they return.

The window can be resized and put in full screen (F11); a UI scale makes text and controls larger
on large windows. An action key acts once per press: key repeat is off, and input that queued up
while the window was busy (building a screen, resolving a turn) is dropped, so a press given while
the old screen was still showing cannot act on the new one. The loop draws only when something
changed; when nothing moves it sleeps between looks at the event queue, so an idle window costs
almost no CPU.
"""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import pygame

from engine import load_scenario
from engine.game import Game

from . import saves
from .kit.metrics import scale_for, set_scale
from .kit.screen import Screen, Stay, Transition
from .screens.handover import HandOverScreen
from .screens.play.screen import PlayScreen
from .screens.replay.screen import ReplayScreen
from .screens.report import ReportScreen, write_png
from .screens.start import StartScreen
from .screens.transitions import Quit, ToHandOver, ToMenu, ToPlay, ToReplay, ToReport

INPUT = (
    pygame.KEYDOWN,
    pygame.KEYUP,
    pygame.TEXTINPUT,
    pygame.MOUSEBUTTONDOWN,
    pygame.MOUSEBUTTONUP,
    pygame.MOUSEWHEEL,
)
POINTER_AND_KEYS = (*INPUT, pygame.MOUSEMOTION)
RESIZE = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)
REPAINT = (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED)
SLOW = 0.2  # seconds busy after which queued input is dropped
IDLE_WAIT = 0.25  # seconds between updates when nothing moves
IDLE_POLL = 0.02  # seconds between looks at the event queue meanwhile (pygame's own wait polls far more often)
FPS = 60
MINIMUM = (960, 600)


def default_size() -> tuple[int, int]:
    """Most of the desktop, up to 1600×1000, at least 1024×640 where the desktop allows."""
    try:
        dw, dh = pygame.display.get_desktop_sizes()[0]
    except (pygame.error, IndexError):
        dw, dh = 1366, 768
    w = min(1600, max(min(1024, dw), round(dw * 0.94)))
    h = min(1000, max(min(640, dh), round(dh * 0.9)))
    return w, h


class Window:
    """The one window, resizable, with full screen on F11 and the UI scale of its size."""

    def __init__(self, size: tuple[int, int] | None = None, caption: str = "idlib-wargame"):
        self.surface = pygame.display.set_mode(size or default_size(), pygame.RESIZABLE)
        self._caption = ""
        self.set_caption(caption)
        pygame.key.set_repeat(0)  # an action key acts once per press
        pygame.key.start_text_input()
        try:
            with warnings.catch_warnings():  # deprecated for windows made by Window itself; ours is display's
                warnings.simplefilter("ignore", DeprecationWarning)
                self._window = pygame.Window.from_display_module()
            self._window.minimum_size = MINIMUM
        except (AttributeError, pygame.error):
            self._window = None  # full screen through toggle_fullscreen, no minimum size
        self.fullscreen = False
        self._size = self.size
        set_scale(scale_for(self.size))

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def resized(self) -> bool:
        """Take the window's new size (after a resize event); return whether it changed."""
        surface = pygame.display.get_surface()
        changed = surface is not None and (surface is not self.surface or surface.get_size() != self._size)
        if surface is not None:
            self.surface = surface
        set_scale(scale_for(self.size))
        self._size = self.size
        return changed

    def set_caption(self, text: str) -> None:
        """The window's title: where the player is (tests read it too)."""
        if text != self._caption:
            self._caption = text
            pygame.display.set_caption(text)

    def toggle_fullscreen(self) -> None:
        if self._window is not None:
            if self.fullscreen:
                self._window.set_windowed()
            else:
                self._window.set_fullscreen(desktop=True)
        else:
            pygame.display.toggle_fullscreen()
        self.fullscreen = not self.fullscreen


class Loop:
    """The screens in one window, until the player quits (or ``max_frames`` loop turns, for tests)."""

    def __init__(self, scenario_path, first: Transition, size=None, menu: bool = True):
        self.scenario_path = Path(scenario_path)
        self.menu = menu  # False: leaving the first screen closes the window (``wargame replay``)
        self.window = Window(size)
        self.frames_drawn = 0  # frames drawn (an idle window draws none)
        self.turns = 0  # turns of the loop
        self.clock = pygame.time.Clock()
        self.screen: Screen | None = self.build(first, None)
        self.fresh = True  # a new screen: draw it
        self.wait = IDLE_WAIT

    def build(self, transition: Transition, current) -> Screen | None:
        """The screen a transition asks for (None: close the window)."""
        size = self.window.size
        if isinstance(transition, ToMenu):
            return StartScreen(self.scenario_path, size, transition.message) if self.menu else None
        if isinstance(transition, ToPlay):
            return PlayScreen(transition.game, size, transition.autosaver, self.scenario_path)
        if isinstance(transition, ToHandOver):
            return HandOverScreen(transition.game, transition.autosaver, transition.message, size)
        if isinstance(transition, ToReport):
            return report_screen(transition.game, getattr(current, "autosaver", None), size)
        if isinstance(transition, ToReplay):
            scenario = load_scenario(self.scenario_path)
            screen = ReplayScreen(scenario, date=transition.start, size=size)
            screen.controller.playing = True
            return screen
        return None

    def run(self, max_frames: int | None = None, events=None) -> int:
        """Run until the window closes, or for ``max_frames`` turns of the loop (tests; ``run`` may be
        called again). ``events`` (tests): a callable ``turn -> list of pygame events`` posted before
        that turn; with it the loop polls instead of sleeping."""
        dirty, animating, started = False, False, self.turns
        last = time.perf_counter()
        while self.screen is not None:
            if events is not None:
                for e in events(self.turns):
                    pygame.event.post(e)
            queued = self._next_events(0 if animating or events is not None else self.wait)
            busy = time.perf_counter()  # from here the window works; input given meanwhile may be stale
            while queued and self.screen is not None:
                event = queued.pop(0)
                if event.type == pygame.QUIT:
                    self._leave()
                    return 0
                if event.type in RESIZE:
                    if self.window.resized():
                        self.screen.resize(self.window.size)
                    dirty = True
                elif event.type in REPAINT:
                    dirty = True
                elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
                    self.window.toggle_fullscreen()
                elif event.type in POINTER_AND_KEYS:
                    self.screen.handle(event)
                    dirty = True
                    moved = self._moved_on(self.screen.update(0.0))
                    if moved or time.perf_counter() - busy > SLOW:  # the rest was meant for what is gone
                        queued = [e for e in queued if e.type not in POINTER_AND_KEYS]
            if self.screen is not None:
                now = time.perf_counter()
                answer = self.screen.update(0.0 if self.fresh else now - last)  # a new screen starts its clock
                last = now
                if not self._moved_on(answer):
                    animating = answer.redraw
                    dirty = dirty or answer.redraw
                    self.wait = IDLE_WAIT if answer.wake is None else min(IDLE_WAIT, answer.wake)
            if self.screen is None:
                break
            if time.perf_counter() - busy > SLOW:
                pygame.event.clear(INPUT)  # pressed while the window showed an older state
                last = time.perf_counter()
            if dirty or self.fresh:
                self.screen.draw(self.window.surface)
                pygame.display.flip()
                self.frames_drawn += 1
                dirty, self.fresh = False, False
                self.window.set_caption(self.screen.caption())
            self.turns += 1
            if max_frames is not None and self.turns - started >= max_frames:
                break
            if animating or events is not None:
                self.clock.tick(FPS)
        return 0

    def _next_events(self, wait: float) -> list:
        """The events queued, waiting up to ``wait`` seconds for one (asleep between looks)."""
        end = time.perf_counter() + wait
        while True:
            events = pygame.event.get()
            now = time.perf_counter()
            if events or now >= end:
                return events
            time.sleep(min(IDLE_POLL, end - now))

    def _moved_on(self, answer: Transition) -> bool:
        """Carry out a transition; return whether the screen changed."""
        if isinstance(answer, Stay):
            return False
        self._leave()
        self.screen = None if isinstance(answer, Quit) else self.build(answer, self.screen)
        self.fresh = True
        pygame.event.clear(INPUT)
        return True

    def _leave(self) -> None:
        leave = getattr(self.screen, "leave", None)
        if leave is not None:
            leave()


def run_app(scenario_path, first: Transition | None = None, size=None, max_frames=None, events=None, menu=True) -> int:
    """Open the window on ``first`` (the start screen by default) and run until the player quits."""
    return Loop(scenario_path, first or ToMenu(), size, menu).run(max_frames, events)


# -- leaving a game -----------------------------------------------------------------------------------
def finish_autosave(autosaver: saves.Autosaver, game: Game) -> Path | None:
    """A finished game's autosave is kept under its own name, so the next start does not offer to resume it."""
    path = autosaver.path
    if not (autosaver.owned and path.is_file()):
        return None
    target = path.with_name(saves.unique_name(f"finished-{game.side}-{game.date.isoformat()}", path.parent))
    game.save(target)
    path.unlink()
    return target


def report_png_path(game: Game) -> Path:
    folder = saves.ensure_home()
    return folder / saves.unique_name(f"report-{game.side}-{game.date.isoformat()}", folder).replace(".json", ".png")


def report_screen(game: Game, autosaver: saves.Autosaver | None, size) -> ReportScreen:
    """The report of a game that ends: its autosave kept as a finished game, the report also as a PNG."""
    if autosaver is not None:
        try:
            if game.day > game.start_day:
                autosaver.write(game)
            finish_autosave(autosaver, game)
        except OSError:
            pass
    screen = ReportScreen(game, size)
    try:
        screen.png = write_png(game, report_png_path(game))
    except (OSError, pygame.error):
        screen.png = None
    return screen
