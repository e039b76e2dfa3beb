"""The hand-over of a hot-seat game: between the two players' turns the map is hidden, so neither
sees the other side's view, until the player whose turn it is says they have the screen."""

from __future__ import annotations

import pygame

from engine.game import Game

from .. import colours as C
from ..kit.hitmap import HitMap
from ..kit.keys import KeyTable, Row, bind, keys
from ..kit.metrics import px
from ..kit.screen import IDLE, Transition
from ..kit.sheet import Sheet
from ..kit.text import line_height, wrap
from ..kit.widgets import help_overlay
from ..saves import Autosaver
from .transitions import ToMenu, ToPlay


class HandOverScreen:
    def __init__(self, game: Game, autosaver: Autosaver, message: str = "", size=(1366, 768)):
        self.game, self.autosaver, self.message, self.size = game, autosaver, message, size
        self.next: Transition | None = None
        self.mouse = (-1, -1)
        self.show_help = False
        self.keys = KeyTable(
            "Hand-over: keys",
            [
                Row(
                    "Enter, Space",
                    f"I am the {game.side} player: show my side",
                    bind(self.take, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE),
                ),
                Row("H, F1", "this help", bind(self.toggle_help, keys(pygame.K_h, pygame.K_F1))),
                Row(
                    "Q, Esc",
                    "to the start screen (the game is autosaved)",
                    bind(self.to_menu, pygame.K_q, pygame.K_ESCAPE),
                ),
            ],
        )
        self.frame = Sheet()

    def take(self) -> None:
        self.next = ToPlay(self.game, self.autosaver)

    def to_menu(self) -> None:
        self.next = ToMenu()

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    # -- the protocol ------------------------------------------------------------------------------
    def handle(self, event) -> None:
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.KEYDOWN:
            if self.show_help:
                self.show_help = False
            else:
                self.keys.press(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            target = self.frame.hits.top(event.pos)
            if callable(target):
                target()

    def update(self, seconds: float) -> Transition:
        return self.next or IDLE

    def draw(self, surface: pygame.Surface) -> HitMap:
        surface.fill(C.PANEL)
        self.frame = self.compose()
        return self.frame.draw(surface, self.mouse)

    def texts(self) -> list[str]:
        return self.frame.texts()

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size

    def caption(self) -> str:
        return f"idlib-wargame: hot-seat, hand over to the {self.game.side} player"

    def leave(self) -> None:
        pass

    def compose(self) -> Sheet:
        g = self.game
        sheet = Sheet("handover")
        w, h = self.size
        col = min(px(640), w - px(40))
        x, y = (w - col) // 2, h // 4
        sheet.text("Hot-seat: hand over", (w // 2, y), 28, C.TEXT, True, anchor="midtop")
        y += line_height(28, True) + px(16)
        if self.message:
            for line in wrap(self.message, 14, col, max_lines=4):
                sheet.text(line, (w // 2, y), 14, C.TEXT_DIM, anchor="midtop")
                y += line_height(14)
            y += px(12)
        lines = (
            f"Pass the screen to the {g.side} player.",
            f"{g.date:%A %d %B %Y} · day {g.turn} of {g.setup.turns} · {g.setup.name}",
            "The map stays hidden until they take it: each side sees only what its own units see.",
        )
        for i, line in enumerate(lines):
            size, colour = (20, C.TEXT_ACCENT) if i == 0 else (13, C.TEXT)
            for part in wrap(line, size, col):
                sheet.text(part, (w // 2, y), size, colour, i == 0, anchor="midtop")
                y += line_height(size, i == 0)
            y += px(8)
        y += px(16)
        sheet.button((x, y, col, px(44)), f"I am the {g.side} player: show my side (Enter)", self.take, size=15)
        sheet.button((x, y + px(56), col, px(34)), "Start screen (Q): the game is autosaved", self.to_menu)
        if self.show_help:
            help_overlay(sheet, pygame.Rect(0, 0, w, h), self.keys)
        return sheet
