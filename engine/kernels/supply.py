"""The supply phase after its searches (``rules.supply.resolve``) as a kernel over the batch: formations
cut off, places cut off and falling, Turkish observation posts encircled."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from .control import flip_cells
from .events import add_event, new_events
from .jit import jit

CUT_OFF, POST_ENCIRCLED = int(Kind.CUT_OFF), int(Kind.POST_ENCIRCLED)


@jit
def cut_off(day, camps, reached, line, supplied, u_loss, control, position, strength, cohesion, was_supplied,
            cut_off_days, post_encircled, siege, side_camp, camp_side, formation_side, formation_camp, attrition,
            cohesion_loss, town_fall_days, place_hex, hex_place, adjacency_start, adjacency, cell_order, cell_start,
            post_hex, post_near, post_from_day, turkey_camp, hex_camp):  # fmt: skip
    """Update supply, attrition and cut-off days, hand the places that fall to the camp around them and
    encircle posts, in every world; return the events."""
    B, F = position.shape
    P, O, C = place_hex.size, post_hex.size, camp_side.size
    ev, n_ev = new_events(B * (F + P + O)), 0
    places, losing, to_side = np.empty(P, np.int64), np.empty(P, np.int64), np.empty(P, np.int64)
    around = np.empty(C, np.int64)
    for w in range(B):
        for f in range(F):  # cut-off formations: stragglers, the sick and deserters, and cohesion lost
            on_map = position[w, f] >= 0
            cut = on_map and not supplied[w, f]
            if cut and was_supplied[w, f]:
                n_ev = add_event(ev, n_ev, w, CUT_OFF, side=formation_side[f], actor=f, hex=position[w, f])
            was_supplied[w, f] = supplied[w, f] or not on_map
            if cut:
                loss = np.int32(np.floor(strength[w, f] * attrition[f] + u_loss[w, f]))
                strength[w, f] -= min(loss, strength[w, f])
                cohesion[w, f] = max(cohesion[w, f] - cohesion_loss, np.float32(0))
        for p in range(P):  # places cut off, and those that have held out long enough
            if not reached[w, p] and cut_off_days[w, p] == 0:
                h = place_hex[p]
                n_ev = add_event(ev, n_ev, w, CUT_OFF, side=control[w, h], place=p, hex=h)
        n = 0
        for p in range(P):
            cut_off_days[w, p] = cut_off_days[w, p] + 1 if not reached[w, p] else 0
            if cut_off_days[w, p] < town_fall_days:
                continue
            holder = camps[w, p]
            held_out = False
            for f in range(F):
                if position[w, f] == place_hex[p] and strength[w, f] > 0 and formation_camp[f] == holder:
                    held_out = True
            around[:] = 0
            for j in range(adjacency_start[p], adjacency_start[p + 1]):
                around[camps[w, adjacency[j]]] += 1
            around[holder] = 0
            winner, others = 0, 0
            for k in range(C):
                others += around[k]
                if around[k] > around[winner]:
                    winner = k
            if not held_out and others > 0:
                places[n], losing[n], to_side[n] = p, holder, camp_side[winner]
                n += 1
        flip_cells(w, places, losing, to_side, n, control, position, strength, formation_camp, side_camp,
                   cell_order, cell_start, place_hex)  # fmt: skip
        for i in range(n):
            siege[w, places[i]] = True
            cut_off_days[w, places[i]] = 0
        for o in range(O):  # posts with neither their hex nor a neighbour a supplied hex of their camp
            linked = False
            for k in range(post_near.shape[1]):
                x = post_near[o, k]
                if x >= 0 and line[w, x] and hex_camp[control[w, x]] == turkey_camp:
                    linked = True
            encircled = not linked and day >= post_from_day[o]
            if encircled and not post_encircled[w, o]:
                n_ev = add_event(ev, n_ev, w, POST_ENCIRCLED, actor=o, hex=post_hex[o], place=hex_place[post_hex[o]])
            post_encircled[w, o] = encircled
    return ev[:n_ev]
