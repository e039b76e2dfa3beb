"""Which faction holds each place and hex: what the map colours by (HTS, Turkish-backed, ...).

Control is by side (the rules know only sides and camps); the faction holding a place is kept beside
it, for the map only, by one documented rule:

1. At the start a place is held by its ``held_by`` faction of control.yaml where the document names
   one; otherwise by the faction of its side's formation that starts nearest to it (the strongest
   of those equally near), or the side's own faction when none of its formations is on the map.
2. A place that changes hands passes to the faction that took it. In a game, that is the faction of
   the formation that led the capturing camp's successful attack on the place's hex or its cell that
   day; in the record, the first faction the entry names on the capturing side.
3. Otherwise (a place that fell cut off, was outflanked or given up) it returns to the faction that
   last held it for that camp, or goes to the side's own faction.

A hex shows the faction of its place's cell while the cell's place is held by the hex's camp, else
the own faction of the side holding the hex. The side's own faction is its first faction in
forces.yaml whose map colour is the side's (the Syrian Arab Army, the National Front for Liberation).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import events as ev
from .board import Board
from .history import walk
from .scenario import Scenario


def own_factions(scenario: Scenario) -> np.ndarray:
    """(S,) index into ``scenario.factions`` of each side's own faction (-1: the side has none)."""
    out = np.full(len(scenario.sides), -1, np.int64)
    for s, side in enumerate(scenario.sides):
        of_side = [i for i, f in enumerate(scenario.factions) if f.side == side]
        coloured = [i for i in of_side if scenario.factions[i].map_colour == side]
        out[s] = (coloured or of_side or [-1])[0]
    return out


def start_factions(scenario: Scenario) -> np.ndarray:
    """(P,) index into ``scenario.factions`` of the faction holding each place at the start (rule 1)."""
    faction_index = {f.id: i for i, f in enumerate(scenario.factions)}
    own = dict(zip(scenario.sides, own_factions(scenario)))
    on_map = [(f, f.start) for f in scenario.formations if f.start is not None]
    lat = np.array([start.lat for _, start in on_map])
    lon = np.array([start.lon for _, start in on_map])
    strength = np.array([np.mean(f.strength.value) if f.strength else 0.0 for f, _ in on_map])
    out = np.full(len(scenario.settlements), -1, np.int64)
    for p, holding in enumerate(_holdings(scenario)):
        if holding is None:
            continue
        if holding.held_by is not None:
            out[p] = faction_index[holding.held_by.id]
            continue
        mine = np.array([f.faction.side == holding.side for f, _ in on_map], bool)
        if not mine.any():
            out[p] = own[holding.side]
            continue
        km = np.where(mine, _km(holding.place.lat, holding.place.lon, lat, lon), np.inf)
        nearest = np.flatnonzero(km <= km.min() + 1e-6)
        out[p] = faction_index[on_map[nearest[np.argmax(strength[nearest])]][0].faction.id]
    return out


def _holdings(scenario: Scenario) -> list:
    by_place = {h.place.id: h for h in scenario.start_control}
    return [by_place.get(p.id) for p in scenario.settlements]


def _km(lat0: float, lon0: float, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distances in km on a local flat projection (the theatre is 120 km across)."""
    ky = 111.32
    kx = ky * np.cos(np.radians(lat0))
    return np.hypot((lon - lon0) * kx, (lat - lat0) * ky)


class PlaceFactions:
    """The faction holding each place of one world of a game, updated day by day (rules 2 and 3)."""

    def __init__(self, board: Board):
        self.board = board
        self.faction = start_factions(board.scenario)
        camps = len(board.camp_names)
        self.former = np.full((camps, len(self.faction)), -1, np.int64)  # last faction of each camp per place
        held = board.side_camp[board.start_control[board.place_hex]]
        self.former[held, np.arange(len(self.faction))] = self.faction
        self.own = own_factions(board.scenario)
        self._formation_faction = np.array(
            [{f.id: i for i, f in enumerate(board.scenario.factions)}[x.faction.id] for x in board.scenario.formations],
            np.int64,
        )

    def start_from_record(self, date: dt.date) -> None:
        """Take the record's holders at the end of ``date``: a game that starts later, on the record's front."""
        index = {f.id: i for i, f in enumerate(self.board.scenario.factions)}
        held = record_factions(self.board.scenario, date)
        camp = {
            f.id: c for c, f in ((self.board.camp_names.index(f.coalition.id), f) for f in self.board.scenario.factions)
        }
        for p, place in enumerate(self.board.scenario.settlements):
            if place.id in held:
                self.faction[p] = index[held[place.id]]
                self.former[camp[held[place.id]], p] = self.faction[p]

    def reconcile(self, place_sides: np.ndarray) -> None:
        """A place held by another camp than its faction's (taken without a capture of its own, e.g. the
        record's front on a later start) returns to that camp's last faction there, or its side's own."""
        b = self.board
        camp_of = np.array([b.camp_names.index(f.coalition.id) for f in b.scenario.factions])
        holder = b.side_camp[np.maximum(place_sides, 0)]
        wrong = np.flatnonzero((place_sides >= 0) & (camp_of[self.faction] != holder))
        for p in wrong:
            former = self.former[holder[p], p]
            self.faction[p] = former if former >= 0 else self.own[place_sides[p]]

    def after_day(self, events: np.ndarray) -> None:
        """Apply one day's events of world 0 (captures and the attacks that made them)."""
        b = self.board
        attacks = events[(events["kind"] == ev.Kind.ATTACK) & (events["flag"] == 1) & (events["world"] == 0)]
        for e in events[(events["kind"] == ev.Kind.CAPTURE) & (events["world"] == 0)]:
            p, side = int(e["place"]), int(e["side"])
            camp = int(b.side_camp[side])
            here = b.place_hex[p]
            hit = attacks[
                (b.side_camp[attacks["side"]] == camp) & ((attacks["hex"] == here) | (b.cell[attacks["hex"]] == p))
            ]
            if hit.size:
                on_place = hit[hit["hex"] == here]
                lead = int((on_place if on_place.size else hit)["actor"][0])
                faction = int(self._formation_faction[lead])
            elif self.former[camp, p] >= 0:
                faction = int(self.former[camp, p])
            else:
                faction = int(self.own[side])
            self.faction[p] = faction
            self.former[camp, p] = faction


def hex_factions(board: Board, control: np.ndarray, place_faction: np.ndarray) -> np.ndarray:
    """(H,) faction index of each hex of one world (``control`` (H,) side per hex; -1 beyond the border)."""
    own = own_factions(board.scenario)
    held = control >= 0
    side = np.maximum(control, 0)
    cell = np.maximum(board.cell, 0)
    cell_side = control[board.place_hex[cell]]
    same = (
        held
        & (board.cell >= 0)
        & (cell_side >= 0)
        & (board.side_camp[np.maximum(cell_side, 0)] == board.side_camp[side])
    )
    out = np.where(same, place_faction[cell], own[side])
    return np.where(held, out, -1)


def record_factions(scenario: Scenario, date: dt.date) -> dict[str, str]:
    """Faction id holding every place at the end of ``date`` according to the record (rules 1-3)."""
    ids = [f.id for f in scenario.factions]
    faction = {p.id: ids[i] for p, i in zip(scenario.settlements, start_factions(scenario)) if i >= 0}
    side_of = {f.id: f.side for f in scenario.factions}
    camp = {f.side: f.coalition.id for f in scenario.factions}  # every side holding places has a faction
    own = {side: ids[i] for side, i in zip(scenario.sides, own_factions(scenario)) if i >= 0}
    former = {(camp[side_of[f]], p): f for p, f in faction.items()}
    for entry, control, _ in walk(scenario):
        if entry.date > date:
            break
        for place in entry.places:
            side = control[place.id]
            named = [f.id for f in entry.factions if side_of[f.id] == side]
            taken = named[0] if named else former.get((camp[side], place.id), own.get(side))
            if taken is not None:
                faction[place.id] = taken
                former[(camp[side], place.id)] = taken
    return faction
