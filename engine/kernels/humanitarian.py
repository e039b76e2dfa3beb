"""Kernels of the humanitarian phase (engine.rules.humanitarian): the front's distance to each place, how
near it the front moved today, and the day's flight from the places to the shelters, world by world, as
its numpy code computes them."""

from __future__ import annotations

import numpy as np

from .jit import _pairwise, jit


@jit
def advance(captured, near_places, near_weight):
    """(B, P) how near each place the front moved today, as ``rules.humanitarian.advance`` computes it:
    its capture (1) plus the weights of its near places captured today, added one near place after the
    other, as numpy adds them (its gather puts the worlds innermost in memory)."""
    B, P = captured.shape
    out = np.zeros((B, P), near_weight.dtype)
    for w in range(B):
        if not captured[w].any():  # most worlds on most days: nothing moved
            continue
        for p in range(P):
            for k in range(near_places.shape[1]):
                if captured[w, near_places[p, k]]:
                    out[w, p] += near_weight[p, k]
            if captured[w, p]:
                out[w, p] += 1
    return out


@jit
def front_distance(camps, near_places, near_km, in_play):
    """(B, P) float32 km from each place to the nearest of its ``near_places`` held by another playable camp
    (``near_places`` in order of distance: the first found is the nearest)."""
    B, P = camps.shape
    out = np.empty((B, P), np.float32)
    for w in range(B):
        for p in range(P):
            camp, best = camps[w, p], np.float32(np.inf)
            if in_play[camp]:
                for k in range(near_places.shape[1]):
                    other = camps[w, near_places[p, k]]
                    if other != camp and in_play[other]:
                        best = near_km[p, k]
                        break
            out[w, p] = best
    return out


@jit
def flee(residents, sheltering, newly, fled_from, share, u_leave, u_shelter, front, held, capacity, avoid, shelters,
         shelter_weight, full_from):  # fmt: skip
    """The day's flight in every world (``rules.humanitarian.resolve`` after the pressure): residents and
    the sheltered leave by ``share`` (of the sheltered, the people displaced since the first day, ``newly``,
    in proportion to their share of the shelter), go to the shelters by their route weights, stay in the
    open where there is no room, and move in where room frees. Update the arrays; return (B, P) people
    who left each place and (B,) of them the people displaced for the first time since the first day."""
    B, P = residents.shape
    D = shelters.size
    leaving = np.zeros((B, P), np.int64)
    counted = np.zeros(B, np.int64)
    room, welcome = np.empty(D), np.empty(D)
    weight, inflow = np.empty(D), np.empty(D, np.int64)
    moving_in = np.empty(D, np.int64)
    for w in range(B):
        for p in range(P):
            gone = min(np.int64(np.floor(residents[w, p] * share[w, p] + u_leave[w, p])), residents[w, p])
            residents[w, p] -= gone
            leaving[w, p] = gone
            counted[w] += gone
        for d in range(D):
            there = sheltering[w, d]
            gone = min(np.int64(np.floor(there * share[w, shelters[d]] + u_shelter[w, d])), there)
            newly_share = newly[w, d] / there if there > 0 else 0.0
            newly_gone = min(np.int64(np.floor(gone * newly_share)), newly[w, d])
            sheltering[w, d] -= gone
            newly[w, d] -= newly_gone
            leaving[w, shelters[d]] += gone
            counted[w] += gone - newly_gone
        for p in range(P):
            fled_from[w, p] += leaving[w, p]
        for d in range(D):
            room[d] = max(capacity[d] - sheltering[w, d], 0.0) * held[w, d]
            welcome[d] = min(max(room[d] / max(full_from * capacity[d], 1.0), 0.0), 1.0) * avoid[w, d]
            inflow[d] = 0
        stranded = np.int64(0)
        for p in range(P):
            people = leaving[w, p]
            if people == 0:
                continue
            for d in range(D):  # away from the fighting, never to where they are
                far = front[w, shelters[d]] > front[w, p]
                weight[d] = shelter_weight[p, d] * welcome[d] if far else 0.0
            total = _pairwise(weight, 0, D)
            if not total > 0:
                stranded += people
                continue
            placed, first = np.int64(0), 0
            for d in range(D):
                weight[d] = weight[d] / total
                moving_in[d] = np.int64(np.floor(people * weight[d]))
                placed += moving_in[d]
                if weight[d] > weight[first]:
                    first = d
            moving_in[first] += people - placed
            for d in range(D):
                inflow[d] += moving_in[d]
        overflow = np.int64(0)
        for d in range(D):
            accepted = min(inflow[d], np.int64(room[d]))
            sheltering[w, d] += accepted
            newly[w, d] += accepted
            overflow += inflow[d] - accepted
        sheltering[w, D] += overflow + stranded
        newly[w, D] += overflow + stranded
        # people in the open move into the room the shelters have, in proportion to it
        free = 0.0
        for d in range(D):
            room[d] = max(capacity[d] - sheltering[w, d], 0.0) * held[w, d]
            free += room[d]  # whole numbers: exact in any order
        moving = min(sheltering[w, D], np.int64(free))
        if moving > 0:
            ratio = moving / max(free, 1.0)
            for d in range(D):
                part = np.int64(np.floor(room[d] * ratio))
                sheltering[w, d] += part
                sheltering[w, D] -= part
                newly[w, d] += part  # everyone in the open was displaced since the first day
                newly[w, D] -= part
    return leaving, counted
