"""Kernels of the rules: supply's searches, ground combat's sums and lookups, control's outflanking."""

from __future__ import annotations

import numpy as np

from .jit import jit, segment_sum


# -- supply ---------------------------------------------------------------------------------
@jit
def supplied_places(camps, start, neighbours, source_places, source_camps):
    """(B, P) places linked by places of their own camp to a source of that camp (breadth-first
    search on the settlement graph in compressed rows ``start``/``neighbours``)."""
    B, P = camps.shape
    reached = np.zeros((B, P), np.bool_)
    queue = np.empty(P, np.int64)
    for w in range(B):
        tail = 0
        for i in range(source_places.size):
            p = source_places[i]
            if camps[w, p] == source_camps[i] and not reached[w, p]:
                reached[w, p] = True
                queue[tail] = p
                tail += 1
        head = 0
        while head < tail:
            p = queue[head]
            head += 1
            camp = camps[w, p]
            for j in range(start[p], start[p + 1]):
                q = neighbours[j]
                if not reached[w, q] and camps[w, q] == camp:
                    reached[w, q] = True
                    queue[tail] = q
                    tail += 1
    return reached


@jit
def _camp_of(side_camp, side):
    return -1 if side < 0 else side_camp[side]


@jit
def supplied_hexes(control, reached, hex_camp, place_hex, cell0, cell_order, cell_start, neighbours, reach):
    """(B, H) hexes linked to their camp's supply (see ``rules.supply.supplied_hexes``): the hexes of
    supplied cells held by their place's side, and ground of the same camp within ``reach`` hexes of
    them. ``hex_camp``: the camp of each side, and -1 last (for control -1); ``cell0``: each hex's
    place, 0 outside."""
    B, H = control.shape
    P = place_hex.size
    line = np.empty((B, H), np.bool_)
    seed = np.zeros(H, np.bool_)
    seeds, queue, depth = np.empty(H, np.int64), np.empty(H, np.int64), np.empty(H, np.int64)
    place_side = np.empty(P, control.dtype)
    for w in range(B):
        held = control[w]
        ln = line[w]
        for p in range(P):
            place_side[p] = held[place_hex[p]]
        n_seeds = 0
        for h in range(H):  # held by the side of its place: the line; by another: ground beyond it
            side = held[h]
            own = side == place_side[cell0[h]]
            ln[h] = (side >= 0) & own
            if (side >= 0) & (not own):
                seed[h] = True
                seeds[n_seeds] = h
                n_seeds += 1
        for p in range(P):  # the cells of places cut off from their sources are not the line
            if not reached[w, p]:
                for j in range(cell_start[p], cell_start[p + 1]):
                    h = cell_order[j]
                    if held[h] >= 0:
                        ln[h] = False
                        if not seed[h]:
                            seed[h] = True
                            seeds[n_seeds] = h
                            n_seeds += 1
        tail = 0
        for i in range(n_seeds):  # ground beyond the cells that touches the line of its camp
            h = seeds[i]
            seed[h] = False
            camp = hex_camp[held[h]]
            for k in range(6):
                n = neighbours[h, k]
                if n >= 0 and ln[n] and hex_camp[held[n]] == camp:
                    queue[tail] = h
                    depth[tail] = 0
                    tail += 1
                    break
        for i in range(tail):
            ln[queue[i]] = True
        head = 0  # breadth-first through the camp's ground beyond its cells: the set reached is the seeds' order's
        while head < tail:
            h = queue[head]
            d = depth[head]
            head += 1
            if d >= reach:
                continue
            camp = hex_camp[held[h]]
            for k in range(6):
                n = neighbours[h, k]
                if n >= 0 and not ln[n] and hex_camp[held[n]] == camp:
                    ln[n] = True
                    queue[tail] = n
                    depth[tail] = d + 1
                    tail += 1
    return line


# -- ground combat -----------------------------------------------------------------------------
@jit
def hex_defence_sums(worlds, hexes, camps, fighting, position, formation_camp, defence, neighbours):
    """For each (world, hex, camp) query: the summed defence of the camp's fighting formations in the
    hex, and the sum over its six neighbours of the same (in neighbour order), as numpy sums them."""
    n = worlds.size
    F = position.shape[1]
    total = np.empty(n)
    around = np.empty(n)
    values = np.empty((7, F))  # per query: the formations in the hex (row 0) and in each neighbour
    counts = np.zeros(7, np.int64)
    for i in range(n):
        w, h, c = worlds[i], hexes[i], camps[i]
        counts[:] = 0
        for f in range(F):
            if not fighting[w, f] or formation_camp[f] != c:
                continue
            at = position[w, f]
            slot = 0 if at == h else -1
            if slot < 0:
                for k in range(6):
                    if neighbours[h, k] == at:
                        slot = k + 1
                        break
            if slot >= 0:
                values[slot, counts[slot]] = defence[w, f]
                counts[slot] += 1
        total[i] = segment_sum(values[0], counts[0])
        a = 0.0
        for k in range(6):
            a += segment_sum(values[k + 1], counts[k + 1]) if neighbours[h, k] >= 0 else 0.0
        around[i] = a
    return total, around


@jit
def last_camp_on(worlds, hexes, on_map, position, formation_camp):
    """For each (world, hex): the camp of the formation of highest index standing there, or -1 (what
    numpy's assignment ``occupied[w, position] = camp`` leaves, the last write winning)."""
    n = worlds.size
    out = np.full(n, -1, np.int64)
    for i in range(n):
        w, h = worlds[i], hexes[i]
        for f in range(position.shape[1] - 1, -1, -1):
            if on_map[w, f] and position[w, f] == h:
                out[i] = formation_camp[f]
                break
    return out


@jit
def camp_present(worlds, hexes, camps, present, position, formation_camp):
    """For each (world, hex, camp): whether a present formation of that camp stands in the hex."""
    out = np.zeros(worlds.size, np.bool_)
    for i in range(worlds.size):
        w, h = worlds[i], hexes[i]
        for f in range(position.shape[1]):
            if present[w, f] and position[w, f] == h and formation_camp[f] == camps[i]:
                out[i] = True
                break
    return out


@jit
def formations_in(worlds, hexes, camps, fighting, position, formation_camp):
    """(B, F) fighting formations standing in one of the (world, hex) pairs with another camp than the pair's."""
    B, F = fighting.shape
    out = np.zeros((B, F), np.bool_)
    for i in range(worlds.size):
        w, h = worlds[i], hexes[i]
        for f in range(F):
            if fighting[w, f] and position[w, f] == h and formation_camp[f] != camps[i]:
                out[w, f] = True
    return out


@jit
def occupied_by_other(worlds, hexes, exclude_camp, fighting, position, formation_camp):
    """For each (world, hex), whether a fighting formation of a camp other than the query's stands there."""
    n = worlds.size
    out = np.zeros(n, np.bool_)
    for i in range(n):
        w, h = worlds[i], hexes[i]
        for f in range(position.shape[1]):
            if fighting[w, f] and position[w, f] == h and formation_camp[f] != exclude_camp[i]:
                out[i] = True
                break
    return out


@jit
def supplied_formations(line, control, side_camp, position, formation_camp, near):
    """(B, F) formations on the map with a supplied hex of their own camp among the ``near`` hexes
    of theirs ((H, k) table: the hex, then its neighbours)."""
    B, F = position.shape
    out = np.zeros((B, F), np.bool_)
    for w in range(B):
        for f in range(F):
            h = position[w, f]
            if h < 0:
                continue
            camp = formation_camp[f]
            for k in range(near.shape[1]):
                x = near[h, k]
                if x >= 0 and line[w, x] and _camp_of(side_camp, control[w, x]) == camp:
                    out[w, f] = True
                    break
    return out


@jit
def camps_around(worlds, places, camps, start, neighbours, n_camps):
    """(n, C) for each (world, place): how many of the place's neighbours on the settlement graph each camp holds."""
    out = np.zeros((worlds.size, n_camps), np.int64)
    for i in range(worlds.size):
        w, p = worlds[i], places[i]
        for j in range(start[p], start[p + 1]):
            out[i, camps[w, neighbours[j]]] += 1
    return out


@jit
def sides_held(control, sides):
    """(B, S) hexes each side holds."""
    B, H = control.shape
    out = np.zeros((B, sides), np.int64)
    for w in range(B):
        row = control[w]
        for side in range(sides):  # a pass per side: compares the compiler turns into vector code
            count = 0
            for h in range(H):
                count += row[h] == side
            out[w, side] = count
    return out


# -- control ---------------------------------------------------------------------------------
@jit
def outflanked(taken, control, cell, cell_order, cell_start, place_hex, side_camp, camps, fighting, position,
               formation_camp, share_to_hold):  # fmt: skip
    """Places whose cell's hexes (one of them taken today) are mostly held by other camps, with no
    fighting formation of their holder in the place: (world, place, holder camp, winning camp), in
    world then place order."""
    B, H = taken.shape
    P = place_hex.size
    S = side_camp.size
    touched = np.zeros(P, np.bool_)
    counts = np.zeros(camps + 1, np.int64)
    out_w, out_p = np.empty(B * P, np.int64), np.empty(B * P, np.int64)
    out_holder, out_winner = np.empty(B * P, np.int64), np.empty(B * P, np.int64)
    n = 0
    for w in range(B):
        any_taken = False
        for h in range(H):
            if taken[w, h] and cell[h] >= 0:
                touched[cell[h]] = True
                any_taken = True
        if not any_taken:
            continue
        for p in range(P):
            if not touched[p]:
                continue
            touched[p] = False
            counts[:] = 0
            for j in range(cell_start[p], cell_start[p + 1]):
                side = control[w, cell_order[j]]
                counts[side_camp[side] if side >= 0 else camps] += 1
            side = control[w, place_hex[p]]
            holder = side_camp[side if side >= 0 else side + S]
            total = 0
            for c in range(camps):
                total += counts[c]
            share = counts[holder] / max(total, 1)
            counts[holder] = 0
            others, winner = 0, 0
            for c in range(camps):
                others += counts[c]
                if counts[c] > counts[winner]:
                    winner = c
            if share >= share_to_hold or others == 0:
                continue
            garrisoned = False
            for f in range(position.shape[1]):
                if fighting[w, f] and position[w, f] == place_hex[p] and formation_camp[f] == holder:
                    garrisoned = True
                    break
            if garrisoned:
                continue
            out_w[n], out_p[n], out_holder[n], out_winner[n] = w, p, holder, winner
            n += 1
    return out_w[:n], out_p[:n], out_holder[:n], out_winner[:n]


# -- a search for policies -------------------------------------------------------------------
@jit
def hex_distances(sources, passable, neighbours, limit):
    """(B, H) steps from each world's source hexes (``sources`` (B, H) bool) through passable hexes
    (``passable`` (B, H) bool) of the hex grid, up to ``limit`` steps; -1 where not reached. A
    multi-source breadth-first search per world, for policies that look for the way to an objective."""
    B, H = sources.shape
    out = np.full((B, H), -1, np.int32)
    queue = np.empty(H, np.int64)
    for w in range(B):
        tail = 0
        for h in range(H):
            if sources[w, h]:
                out[w, h] = 0
                queue[tail] = h
                tail += 1
        head = 0
        while head < tail:
            h = queue[head]
            head += 1
            d = out[w, h]
            if d >= limit:
                continue
            for k in range(6):
                n = neighbours[h, k]
                if n >= 0 and out[w, n] < 0 and passable[w, n]:
                    out[w, n] = d + 1
                    queue[tail] = n
                    tail += 1
    return out


@jit
def nearest_held(hex_camp, camp, worlds, places, place_hex_km):
    """For each (world, place): the hex held by ``camp`` nearest the place (``place_hex_km`` (P, H)),
    and its distance; hex 0 and infinity where the camp holds none. The same as numpy's
    ``argmin`` over ``where(hex_camp[w] == camp, place_hex_km[p], inf)``: the first of equals."""
    n = worlds.size
    H = hex_camp.shape[1]
    best = np.zeros(n, np.int64)
    km = np.full(n, np.inf, place_hex_km.dtype)
    for i in range(n):
        w, p = worlds[i], places[i]
        if i > 0 and w == worlds[i - 1] and p == places[i - 1]:
            best[i], km[i] = best[i - 1], km[i - 1]
            continue
        held, row = hex_camp[w], place_hex_km[p]
        nearest, at = km[i], 0
        for h in range(H):
            if held[h] == camp and row[h] < nearest:
                nearest, at = row[h], h
        best[i], km[i] = at, nearest
    return best, km
