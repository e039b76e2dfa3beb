"""A game on the map: its control of hexes and places, and the record's front line of the same date.

Shared by the screens that show a game (play, the after-action report).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pygame

from engine.game import Game

from .. import colours as C
from .mapview import MapState, MapView

GHOST = (120, 40, 200)  # the record's front line over a game's map


def side_families(game: Game) -> np.ndarray:
    """(S,) index into ``colours.FAMILIES`` of each side."""
    return np.array([C.FAMILIES.index(C.family_of_side(s)) for s in game.board.sides], dtype=np.int64)


def hex_families(game: Game, control: np.ndarray) -> np.ndarray:
    """(H,) family index of each hex from a (H,) side index (-1 beyond the border stays -1)."""
    return np.where(control >= 0, side_families(game)[np.maximum(control, 0)], -1).astype(np.int8)


def faction_families(game: Game) -> np.ndarray:
    """(n factions,) index into ``colours.FAMILIES`` of each faction's map colour."""
    return np.array([C.FAMILIES.index(C.family_of_side(f.map_colour)) for f in game.board.scenario.factions])


def game_map_state(game: Game, key) -> MapState:
    """What the map shows of a game today: the ground of each faction (HTS, Turkish-backed, ...), the
    observation posts (encircled, or lifted), places taken yesterday ringed."""
    b = game.board
    families = faction_families(game)
    held_by = game.hex_factions()
    fam = np.where(held_by >= 0, families[np.maximum(held_by, 0)], -1).astype(np.int8)
    place_family = {p.id: C.FAMILIES[families[game.holders.faction[i]]] for i, p in enumerate(b.scenario.settlements)}
    captured = game.day_results(game.day - 1).captured if game.day > game.start_day else ()
    highlight = frozenset(b.scenario.settlements[p].id for p in captured)
    return MapState(key, fam, place_family, game.post_marks(), highlight)


class RecordFront:
    """A map layer: the record's front line on the game's date, drawn while ``shown()``."""

    def __init__(self, game: Callable[[], Game], shown: Callable[[], bool] = lambda: True):
        self.game, self.shown = game, shown
        self._edges: tuple | None = None

    def compose(self, sheet, view) -> None:
        pass

    def paint(self, surface: pygame.Surface, view: MapView) -> None:
        if not self.shown():
            return
        game = self.game()
        key = (id(game), game.day)  # the edges are in km: one list for every zoom
        if self._edges is None or self._edges[0] != key:
            self._edges = (key, view.front_edges(hex_families(game, game.ghost_front()).astype(np.int64)))
        w = max(2, round(view.scale * 0.35))
        for (x0, y0), (x1, y1) in self._edges[1]:
            pygame.draw.line(surface, GHOST, view.world_to_screen(x0, y0), view.world_to_screen(x1, y1), w)
