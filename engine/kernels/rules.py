"""Kernels the rules call on their own: supply's searches, the sums of a hex's defence, the areas held."""

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
    place_side = np.empty(P, np.int32)  # int32: the compiler gathers 32-bit values in vector code
    for w in range(B):
        held = control[w]
        ln = line[w]
        for p in range(P):
            place_side[p] = held[place_hex[p]]
        for h in range(H):  # held by the side of its place: the line; by another: ground beyond it
            side = held[h]
            own = side == place_side[cell0[h]]
            ln[h] = (side >= 0) & own
            seed[h] = (side >= 0) & (not own)
        n_seeds = 0
        for h in range(H):
            if seed[h]:
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


# -- ground combat and areas ---------------------------------------------------------------------
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
