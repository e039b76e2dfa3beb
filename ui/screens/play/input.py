"""The play screen's input: keys through one key table (which the help overlay lists), clicks through
the hit map of the frame on screen, drags and the wheel through the map shell."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ...kit.hitmap import HitMap
from ...kit.keys import Key, KeyTable, Row, bind, keys
from ...kit.mapshell import MapClick, MapShell
from ...kit.widgets import ListRow
from .controller import AIR, DIPLOMACY, FORMATION, LOG, SCORE, LoadDialog, PlayController, SaveDialog
from .targets import ArmRow, Counter, ListedFormation, LogEntry, SearchBox, Tab

CLOSE_HELP = (pygame.K_ESCAPE, pygame.K_h, pygame.K_F1, pygame.K_q, pygame.K_RETURN, pygame.K_SLASH, pygame.K_QUESTION)
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)


def key_table(c: PlayController, shell: MapShell, focus: Callable) -> KeyTable:
    tab = {i: (lambda i=i: c.set_tab(i)) for i in (FORMATION, AIR, DIPLOMACY, LOG, SCORE)}
    return KeyTable(
        "Play: keys and mouse",
        [
            Row(
                "Click a counter, Tab",
                "select a formation; click its stack again for the next counter (Shift+Tab: previous)",
                bind(lambda: c.cycle(1), pygame.K_TAB) | bind(lambda: c.cycle(-1), Key(pygame.K_TAB, shift=True)),
            ),
            Row("Click a lit hex", "white: move there; red: attack (the chance of taking it)"),
            Row(
                "D / R", "dig in / refit the selected formation", bind(c.dig_in, pygame.K_d) | bind(c.refit, pygame.K_r)
            ),
            Row(
                "Delete",
                "cancel the selected formation's order",
                bind(c.cancel_order, pygame.K_DELETE, pygame.K_BACKSPACE),
            ),
            Row(
                "U, Ctrl+Z",
                "undo the last order given this turn",
                bind(c.undo, Key(pygame.K_u), Key(pygame.K_z, ctrl=True)),
            ),
            Row("Right-click, Esc", "cancel: the selection, the air target, a dialog", bind(c.cancel, pygame.K_ESCAPE)),
            Row(
                "Enter",
                "end the turn: the computer orders, the day resolves",
                bind(c.request_end_turn, pygame.K_RETURN, pygame.K_KP_ENTER),
            ),
            Row(
                "1 2 3 4 5",
                "panels: unit (formation), air, truce (ceasefires), event log, score",
                {Key(k): tab[i] for i, k in enumerate((pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5))},
            ),
            Row(
                "A / K / [ ]",
                "air: next arm / mission kind / fewer, more sorties (with Shift: 5)",
                bind(c.next_arm, pygame.K_a)
                | bind(c.next_kind, pygame.K_k)
                | bind(lambda: c.more_sorties(-1), pygame.K_LEFTBRACKET)
                | bind(lambda: c.more_sorties(1), pygame.K_RIGHTBRACKET)
                | bind(lambda: c.more_sorties(-5), Key(pygame.K_LEFTBRACKET, shift=True))
                | bind(lambda: c.more_sorties(5), Key(pygame.K_RIGHTBRACKET, shift=True)),
            ),
            Row("  then click a hex", "the air target; the civilian risk is shown before you confirm"),
            Row(
                "P / Y",
                "propose a ceasefire / accept the other side's",
                bind(c.propose, pygame.K_p) | bind(c.accept, pygame.K_y),
            ),
            Row(
                "/ (then type)",
                "filter the event log; click an entry: go there",
                bind(lambda: c.start_search("/"), pygame.K_SLASH),
            ),
            Row(
                "F / G / L",
                "fog of war / the record's front line / the legend",
                bind(c.toggle_fog, pygame.K_f)
                | bind(c.toggle_ghost, pygame.K_g)
                | bind(shell.toggle_legend, pygame.K_l),
            ),
            *shell.navigation_rows(focus),
            Row(
                "Ctrl+S / Ctrl+O",
                "save / load a game",
                bind(c.open_save, Key(pygame.K_s, ctrl=True)) | bind(c.open_load, Key(pygame.K_o, ctrl=True)),
            ),
            Row("F10", "finish: the report against the record", bind(c.ask_finish, pygame.K_F10)),
            Row("F11", "full screen on / off"),
            Row(
                "H, F1, ?",
                "this help",
                bind(
                    shell.toggle_help, keys(pygame.K_h, pygame.K_F1, pygame.K_QUESTION), Key(pygame.K_SLASH, shift=True)
                ),
            ),
            Row(
                "Q",
                "back to the start screen (the game is autosaved every turn)",
                bind(c.to_menu, Key(pygame.K_q), Key(pygame.K_q, ctrl=True)),
            ),
        ],
        "Odds and chances are the rules' own; civilian harm is a model estimate shown before a mission.",
    )


class PlayInput:
    def __init__(self, c: PlayController, shell: MapShell, focus: Callable, hits: Callable[[], HitMap]):
        self.c, self.shell, self.hits = c, shell, hits  # hits(): the hit map of the frame as it is now
        self.keys = key_table(c, shell, focus)

    @property
    def modal(self) -> bool:
        """Help, a dialog or the log filter has the keyboard."""
        return self.shell.show_help or self.c.dialog is not None or self.c.log.typing

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            self.key(event)
        elif event.type == pygame.TEXTINPUT:
            if self.c.dialog is not None:
                self.c.dialog_text(event.text)
            elif self.c.log.typing:
                self.c.log.type(event.text)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.press(event)
        elif event.type == pygame.MOUSEBUTTONUP:
            result = self.shell.pointer(event)
            if isinstance(result, MapClick):
                self.click_map(result.pos)
        elif (
            event.type == pygame.MOUSEWHEEL
            and self.c.tab == LOG
            and self.shell.layout.panel.collidepoint(self.shell.mouse)
        ):
            self.c.log.scroll_by(-3 * event.y)
        elif event.type in (pygame.MOUSEMOTION, pygame.MOUSEWHEEL) and not (self.c.dialog or self.shell.show_help):
            self.shell.pointer(event)
        elif event.type == pygame.MOUSEMOTION:
            self.shell.mouse = event.pos

    def key(self, event) -> None:
        c, k = self.c, event.key
        if self.shell.show_help:
            if k in CLOSE_HELP:
                self.shell.show_help = False
        elif c.dialog is not None:
            if k == pygame.K_ESCAPE:
                c.close_dialog()
            elif k in ENTER:
                c.confirm()
            elif k == pygame.K_BACKSPACE and isinstance(c.dialog, SaveDialog):
                c.dialog_backspace()
            elif isinstance(c.dialog, LoadDialog) and k in (pygame.K_DOWN, pygame.K_UP, pygame.K_j, pygame.K_k):
                c.dialog_move(1 if k in (pygame.K_DOWN, pygame.K_j) else -1)
        elif c.log.typing:
            if k in (pygame.K_ESCAPE, *ENTER):
                c.log.typing = False
            elif k == pygame.K_BACKSPACE:
                c.log.backspace()
        else:
            self.keys.press(event)

    def press(self, event) -> None:
        c = self.c
        self.shell.mouse = event.pos
        if self.shell.show_help:
            self.shell.show_help = False
            return
        if event.button == 3:
            c.cancel()
            return
        if event.button != 1:
            return
        target = self.hits().top(event.pos)
        if not isinstance(target, SearchBox):
            c.log.typing = False
        if target is None or isinstance(target, Counter):
            if c.dialog is None:
                self.shell.pointer(event)  # on the map: a click or the start of a drag
            return
        self.act(target)

    def act(self, target) -> None:
        c = self.c
        if isinstance(target, Tab):
            c.set_tab(target.index)
        elif isinstance(target, ListedFormation):
            c.select(target.formation)
        elif isinstance(target, ArmRow):
            c.choose_arm(target.arm)
        elif isinstance(target, LogEntry):
            c.jump_to(target.event)
        elif isinstance(target, SearchBox):
            c.log.start_typing()
        elif isinstance(target, ListRow):
            c.load_row(target.index)
        elif callable(target):
            target()

    def click_map(self, pos) -> None:
        counters = [t for t in self.hits().at(pos) if isinstance(t, Counter)]
        view = self.shell.map
        h = view.hex_at_screen(pos) if view.rect.collidepoint(pos) else -1
        inside = 0 <= h < view.grid.count and bool(self.c.game.board.inside[h])
        self.c.click_map(counters, h if inside else -1)
