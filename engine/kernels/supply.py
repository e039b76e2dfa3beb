"""The supply phase (``rules.supply.resolve``) as kernels over the batch: which formations and posts
are linked to their camp's supply (``links``), then formations cut off, places cut off and falling,
Turkish observation posts encircled (``cut_off``)."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from .control import around_and_ahead, flip_cells, garrisoned
from .events import add_event, new_events
from .jit import jit

CUT_OFF, POST_ENCIRCLED = int(Kind.CUT_OFF), int(Kind.POST_ENCIRCLED)


@jit
def links(control, reached, hex_camp, place_hex, cell, neighbours, reach, position, formation_camp, near, post_near):
    """(B, F) formations with a hex of the supply line of their camp on or beside theirs, and (B, O, k)
    whether each of the ``post_near`` hexes of each post is on the line (``rules.supply.supplied_hexes``,
    asked only where it is needed).

    The line is the hexes of supplied cells held by their place's side (the cells' line), and ground of
    the same camp beyond them within ``reach`` hexes of a hex of it touching the cells' line: a search
    from the hex asked, through ground of its camp off the cells' line, finds the same as the rules'
    search from all such hexes at once."""
    B, F = position.shape
    H = control.shape[1]
    P, O, K = place_hex.size, post_near.shape[0], post_near.shape[1]
    supplied = np.zeros((B, F), np.bool_)
    post_line = np.zeros((B, O, K), np.bool_)
    place_side = np.empty(P, np.int64)
    known = np.zeros(H, np.int8)  # 1 on the line, 2 not, 0 not asked yet (in this world)
    asked = np.empty(H, np.int64)
    seen = np.full(H, -1, np.int64)  # the search that last reached each hex
    queue, depth = np.empty(H, np.int64), np.empty(H, np.int64)
    searches = 0
    for w in range(B):
        held = control[w]
        for p in range(P):
            place_side[p] = held[place_hex[p]]
        n_asked = 0
        for i in range(F + O):
            f, o = (i, -1) if i < F else (-1, i - F)
            if f >= 0 and position[w, f] < 0:
                continue
            for k in range(K):
                x = near[position[w, f], k] if f >= 0 else post_near[o, k]
                if x < 0:
                    continue
                if known[x] == 0:
                    asked[n_asked] = x
                    n_asked += 1
                    known[x] = 2
                    side = held[x]
                    if side >= 0:
                        camp = hex_camp[side]
                        # the cells' line: held by its place's side, in a place linked to its sources
                        c = cell[x]
                        if side == place_side[max(c, 0)] and (c < 0 or reached[w, c]):
                            known[x] = 1
                        else:  # ground beyond: a chain of its camp's ground off the line, to a hex touching it
                            queue[0], depth[0], seen[x] = x, 0, searches
                            head, tail = 0, 1
                            while head < tail and known[x] == 2:
                                h, d = queue[head], depth[head]
                                head += 1
                                for j in range(6):
                                    n = neighbours[h, j]
                                    if n < 0 or hex_camp[held[n]] != camp:
                                        continue
                                    cn = cell[n]
                                    if held[n] == place_side[max(cn, 0)] and (cn < 0 or reached[w, cn]):
                                        known[x] = 1  # h touches the cells' line of its camp
                                        break
                                    if d < reach and seen[n] != searches:
                                        seen[n] = searches
                                        queue[tail], depth[tail] = n, d + 1
                                        tail += 1
                            searches += 1
                on_line = known[x] == 1
                if f >= 0:
                    supplied[w, f] |= on_line and hex_camp[held[x]] == formation_camp[f]
                else:
                    post_line[w, o, k] = on_line
        for i in range(n_asked):
            known[asked[i]] = 0
    return supplied, post_line


@jit
def cut_off(day, camps, reached, post_line, supplied, u_loss, control, position, strength, restrained, cohesion,
            was_supplied, cut_off_days, post_encircled, siege, side_camp, camp_side, formation_side, formation_camp,
            attrition, cohesion_loss, town_fall_days, place_hex, hex_place, adjacency_start, adjacency, cell_order,
            cell_start, post_hex, post_near, post_from_day, turkey_camp, hex_camp):  # fmt: skip
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
            held_out = garrisoned(w, place_hex[p], holder, position, strength, formation_camp)
            around[:] = 0
            for j in range(adjacency_start[p], adjacency_start[p + 1]):
                around[camps[w, adjacency[j]]] += 1
            around[holder] = 0
            others, winner = around_and_ahead(around, C)
            if not held_out and others > 0:
                places[n], losing[n], to_side[n] = p, holder, camp_side[winner]
                n += 1
        flip_cells(w, places, losing, to_side, n, control, position, strength, restrained, formation_camp,
                   side_camp, cell_order, cell_start, place_hex)  # fmt: skip
        for i in range(n):
            siege[w, places[i]] = True
            cut_off_days[w, places[i]] = 0
        for o in range(O):  # posts with neither their hex nor a neighbour a supplied hex of their camp
            linked = False
            for k in range(post_near.shape[1]):
                x = post_near[o, k]
                if x >= 0 and post_line[w, o, k] and hex_camp[control[w, x]] == turkey_camp:
                    linked = True
            encircled = not linked and day >= post_from_day[o]
            if encircled and not post_encircled[w, o]:
                n_ev = add_event(ev, n_ev, w, POST_ENCIRCLED, actor=o, hex=post_hex[o], place=hex_place[post_hex[o]])
            post_encircled[w, o] = encircled
    return ev[:n_ev]
