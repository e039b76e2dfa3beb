"""Places changing hands, for kernels: ``step.Day.flip_cells`` and the control phase
(``rules.control.resolve``) world by world."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from .events import add_event, new_events
from .jit import jit

CAPTURE, CIVILIAN_HARM = int(Kind.CAPTURE), int(Kind.CIVILIAN_HARM)


@jit
def around_and_ahead(counts, n):
    """Of the first ``n`` counts: their total and the first index of the largest (numpy's sum and argmax)."""
    total, ahead = 0, 0
    for k in range(n):
        total += counts[k]
        if counts[k] > counts[ahead]:
            ahead = k
    return total, ahead


@jit
def flip_cells(w, places, losing, to_side, n, control, position, strength, restrained, formation_camp, side_camp,
               cell_order, cell_start, place_hex):  # fmt: skip
    """``Day.flip_cells`` in world w for the first n of ``places``: the hexes of their cells still held by
    the losing camps and not occupied by their fighting formations go to the winning sides, then the
    places' own hexes (in that order, as numpy's assignments do)."""
    F = position.shape[1]
    for i in range(n):
        for j in range(cell_start[places[i]], cell_start[places[i] + 1]):
            h = cell_order[j]
            held = control[w, h]
            if held < 0 or side_camp[held] != losing[i]:
                continue
            occupant = -1  # the camp of the last fighting formation standing there
            for f in range(F - 1, -1, -1):
                if position[w, f] == h and strength[w, f] > 0 and not restrained[w, f]:
                    occupant = formation_camp[f]
                    break
            if occupant != losing[i]:
                control[w, h] = to_side[i]
    for i in range(n):
        control[w, place_hex[places[i]]] = to_side[i]


@jit
def garrisoned(w, h, camp, position, strength, formation_camp):
    """``rules.control.garrisoned`` of one (world, hex, camp): a formation of the camp with troops stands there."""
    for f in range(position.shape[1]):
        if position[w, f] == h and strength[w, f] > 0 and formation_camp[f] == camp:
            return True
    return False


@jit
def resolve(taken, before, siege, control, position, strength, restrained, residents, casualties, side_camp,
            camp_side, formation_camp, cell, cell_order, cell_start, place_hex, hex_place, camps, share_to_hold,
            harm_share, u_harm):  # fmt: skip
    """The control phase in every world: places taken in combat bring their cells, outflanked places fall,
    captures are reported and cost civilians; return the (B, P) places that changed hands and the events."""
    B, H = control.shape
    P = place_hex.size
    captured = np.zeros((B, P), np.bool_)
    ev, n_ev = new_events(2 * B * P), 0
    places, losing, to_side = np.empty(P, np.int64), np.empty(P, np.int64), np.empty(P, np.int64)
    touched = np.zeros(P, np.bool_)
    counts = np.zeros(camps + 1, np.int64)
    for w in range(B):
        n = 0  # places whose hex was taken in combat today bring their cells
        for p in range(P):
            if taken[w, place_hex[p]] and hex_place[place_hex[p]] >= 0:
                old, new = before[w, p], control[w, place_hex[p]]
                if old >= 0 and new != old:
                    places[n], losing[n], to_side[n] = p, side_camp[old], new
                    n += 1
        flip_cells(w, places, losing, to_side, n, control, position, strength, restrained, formation_camp,
                   side_camp, cell_order, cell_start, place_hex)  # fmt: skip
        # places whose cells (one of their hexes taken today) are mostly lost fall, unless garrisoned
        any_taken = False
        for h in range(H):  # a scan the compiler turns into vector code: most days take nothing
            any_taken |= taken[w, h]
        for h in range(H if any_taken else 0):
            if taken[w, h] and cell[h] >= 0:
                touched[cell[h]] = True
        n = 0
        for p in range(P):
            if not (any_taken and touched[p]):
                continue
            touched[p] = False
            counts[:] = 0
            for j in range(cell_start[p], cell_start[p + 1]):
                side = control[w, cell_order[j]]
                counts[side_camp[side] if side >= 0 else camps] += 1
            holder = side_camp[control[w, place_hex[p]]]
            total = 0
            for k in range(camps):
                total += counts[k]
            share = counts[holder] / max(total, 1)
            counts[holder] = 0
            others, winner = around_and_ahead(counts, camps)
            if share >= share_to_hold or others == 0:
                continue
            if not garrisoned(w, place_hex[p], holder, position, strength, formation_camp):
                places[n], losing[n], to_side[n] = p, holder, camp_side[winner]
                n += 1
        flip_cells(w, places, losing, to_side, n, control, position, strength, restrained, formation_camp,
                   side_camp, cell_order, cell_start, place_hex)  # fmt: skip
        # captures, and the civilians harmed where the fighting passed
        for p in range(P):
            now = control[w, place_hex[p]]
            if now != before[w, p]:
                captured[w, p] = True
                n_ev = add_event(ev, n_ev, w, CAPTURE, side=now, place=p, hex=place_hex[p], flag=siege[w, p])
        for p in range(P):
            if captured[w, p]:
                harmed = min(np.int64(np.floor(residents[w, p] * harm_share + u_harm[w, p])), residents[w, p])
                residents[w, p] -= harmed
                casualties[w, p] += harmed
                if harmed > 0:
                    n_ev = add_event(ev, n_ev, w, CIVILIAN_HARM, place=p, hex=place_hex[p], value=harmed, value2=1)
    return captured, ev[:n_ev]
