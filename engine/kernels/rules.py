"""Kernels the rules call on their own: the places' supply search, the sums of a hex's defence, the areas held."""

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
