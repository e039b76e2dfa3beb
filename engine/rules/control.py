"""Phase 6: control. A place taken in combat brings its surroundings (its cell's hexes still held by
the losing camp and not occupied by its formations); captures are reported place by place."""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import Kind
from ..kernels import control as control_kernels
from .ground import restrained


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    u_harm = day.draws.uniform(len(b.population))
    if kernels.compiled():
        order, start = b._cell_order
        day.captured, rows = control_kernels.resolve(
            day.taken, day.place_control_before, day.siege, s.control, s.position, s.strength, restrained(b, s),
            s.residents, s.casualties, b.side_camp, b.camp_side, b.formation_camp, b.cell, order, start, b.place_hex,
            b.hex_place, len(b.camp_names), r["ground.cell_share_to_hold"], r["humanitarian.ground_harm"], u_harm,
        )  # fmt: skip
        day.log.add_rows(rows)
        return
    taken_places = day.taken[:, b.place_hex] & (b.hex_place[b.place_hex] >= 0)
    before = day.place_control_before
    w, p = np.nonzero(taken_places)
    old, new = before[w, p], s.control[w, b.place_hex[p]]
    keep = (old >= 0) & (new != old)
    day.flip_cells(w[keep], p[keep], b.side_camp[old[keep]], new[keep], siege=False)
    _outflanked(day)
    now = s.control[:, b.place_hex]
    changed = now != before
    w, p = np.nonzero(changed)
    day.log.add(Kind.CAPTURE, w, side=now[w, p], place=p, hex=b.place_hex[p], flag=day.siege[w, p])
    day.captured = changed
    share = r["humanitarian.ground_harm"]
    harmed = np.minimum(np.floor(s.residents * share + u_harm).astype(np.int64) * changed, s.residents)
    s.residents -= harmed
    s.casualties += harmed
    hw, hp = np.nonzero(harmed > 0)
    day.log.add(Kind.CIVILIAN_HARM, hw, place=hp, hex=b.place_hex[hp], value=harmed[hw, hp], value2=1)


def garrisoned(board, state, w: np.ndarray, hexes: np.ndarray, camps: np.ndarray) -> np.ndarray:
    """For each (world, hex, camp): whether a formation of that camp with troops stands in the hex, fighting
    or not (Turkish troops holding a post before Turkey's operation count). A garrisoned place neither
    falls when outflanked nor when it has held out its days cut off (``rules.supply``)."""
    H, C = board.hexes, len(board.camp_names)
    fw, ff = np.nonzero((state.position >= 0) & (state.strength > 0))
    standing = (fw.astype(np.int64) * H + state.position[fw, ff]) * C + board.formation_camp[ff]
    return np.isin((np.asarray(w, np.int64) * H + hexes) * C + camps, standing)


def _outflanked(day) -> None:
    """A place whose surroundings (its cell's hexes) are mostly lost falls to the camp holding most of
    them, unless it is garrisoned by its own camp."""
    s, b = day.state, day.board
    w, h = np.nonzero(day.taken)
    if w.size == 0:
        return
    C = len(b.camp_names)
    pairs = np.unique(w.astype(np.int64) * len(b.population) + b.cell[h])
    w, p = np.divmod(pairs, len(b.population))
    owner, hexes = b.cells_of(p)
    held = s.control[w[owner], hexes]
    camp = np.where(held >= 0, b.side_camp[np.maximum(held, 0)], C)
    counts = np.bincount(owner * (C + 1) + camp, minlength=p.size * (C + 1))
    counts = counts.reshape(p.size, C + 1)[:, :C]
    holder = b.side_camp[s.control[w, b.place_hex[p]]]
    share = counts[np.arange(p.size), holder] / np.maximum(counts.sum(axis=1), 1)
    counts[np.arange(p.size), holder] = 0
    held = garrisoned(b, s, w, b.place_hex[p], holder)
    falls = (share < day.rules["ground.cell_share_to_hold"]) & ~held & (counts.sum(axis=1) > 0)
    winner = counts.argmax(axis=1)
    day.flip_cells(w[falls], p[falls], holder[falls], b.camp_side[winner[falls]], siege=False)
