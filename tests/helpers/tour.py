"""Every screen of the window in the states worth looking at: start (with a message, its help, the load
list), play (after a turn, a formation selected with its tooltip, each panel, each dialog, the help),
the replay (a day, a place's card, the help) and the after-action report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pygame

from engine import load_scenario
from engine.game import Game
from ui import saves
from ui.screens.play.screen import PlayScreen
from ui.screens.replay.screen import ReplayScreen
from ui.screens.report import ReportScreen
from ui.screens.start import StartScreen


def press(screen, key, mod=0, text=""):
    screen.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
    if text:
        screen.handle(pygame.event.Event(pygame.TEXTINPUT, text=text))


def move(screen, pos):
    screen.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))


def every_screen(scenario_path: Path, size: tuple[int, int]):
    """Yield (name, screen), each ready to draw (saves go to $IDLIB_WARGAME_HOME)."""
    start = StartScreen(scenario_path, size, message="The autosave could not be read: an example of a message.")
    yield "start", start
    press(start, pygame.K_h)
    yield "start-help", start
    game = Game.new(scenario_path, "government", "historical", seed=1)
    for _ in range(3):
        game.end_turn()
    game.save(saves.ensure_home() / "a game with a long name to see how the list of saves cuts it.json")
    game.save(saves.ensure_home() / "second.json")
    start = StartScreen(scenario_path, size)
    press(start, pygame.K_l)
    yield "start-load", start

    play = PlayScreen(game, size, scenario_path=scenario_path)
    c, shell = play.controller, play.shell
    yield "play-opening", play
    c.end_turn()
    yield "play-after-turn", play
    press(play, pygame.K_TAB)
    yield "play-selected", play
    view = shell.map
    x, y = view.world_to_screen(view.cx[c.hex_of(c.selected)], view.cy[c.hex_of(c.selected)])
    move(play, (round(x), round(y)))
    yield "play-tooltip", play
    move(play, (-1, -1))
    press(play, pygame.K_2, text="2")
    yield "play-air", play
    c.target_air(view.hex_at_screen(shell.layout.map.center))
    yield "play-dialog-air", play
    c.close_dialog()
    press(play, pygame.K_3, text="3")
    yield "play-diplomacy", play
    press(play, pygame.K_4, text="4")
    yield "play-log", play
    c.open_save()
    yield "play-dialog-save", play
    c.close_dialog()
    c.open_load()
    yield "play-dialog-load", play
    c.close_dialog()
    c.ask_finish()
    yield "play-dialog-finish", play
    c.close_dialog()
    press(play, pygame.K_h, text="h")
    yield "play-help", play
    shell.show_help = False

    replay = ReplayScreen(load_scenario(scenario_path), size=size)
    rc = replay.controller
    rc.go(rc.data.clamp(dt.date(2020, 2, 28)))
    yield "replay", replay
    rc.selected = max(rc.data.place_entries, key=lambda p: len(rc.data.place_entries[p]))
    yield "replay-place", replay
    rc.selected = None
    press(replay, pygame.K_h, text="h")
    yield "replay-help", replay
    replay.shell.show_help = False

    for _ in range(10):
        if not game.over:
            game.end_turn()
    report = ReportScreen(game, size, png=saves.home() / f"report-{game.side}-{game.date}.png")
    yield "report", report
