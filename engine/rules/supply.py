"""Phase 5: supply and encirclement on the settlement graph.

A place is supplied when a chain of places held by its camp, each cell touching the next, links it
to one of the camp's supply sources. A formation is supplied when a hex within two of it lies in a
supplied cell of its camp. Cut-off formations weaken; a cut-off place with no formation of its own
holds out ``supply.town_fall_days`` days and then falls to the camp around it.
"""

from __future__ import annotations

import numpy as np

from ..events import Kind


def place_camps(board, state) -> np.ndarray:
    """(B, P) camp holding each place."""
    return board.side_camp[state.control[:, board.place_hex]]


def supplied_places(board, camps: np.ndarray) -> np.ndarray:
    """(B, P) places linked to a supply source of their own camp."""
    B, P = camps.shape
    reached = np.zeros((B, P), bool)
    for camp, sources in enumerate(board.supply_places):
        if sources.size:
            reached[:, sources] |= camps[:, sources] == camp
    u, v = board.place_edges[:, 0], board.place_edges[:, 1]
    same = camps[:, u] == camps[:, v]
    base = (np.arange(B) * P)[:, None]
    while True:
        into_v = (base + v)[reached[:, u] & same & ~reached[:, v]]
        into_u = (base + u)[reached[:, v] & same & ~reached[:, u]]
        if into_v.size == 0 and into_u.size == 0:
            return reached
        flat = reached.reshape(-1)
        flat[into_v] = True
        flat[into_u] = True


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    B = s.batch
    u_loss = day.draws.uniform(len(b.formation_side))
    camps = place_camps(b, s)
    reached = supplied_places(b, camps)
    good_cell = reached  # (B, P) a cell is a supply cell of camps[b, p]

    on_map = s.position >= 0
    pos = np.maximum(s.position, 0)
    rows = np.arange(B)[:, None]
    own = b.formation_camp[None, :]

    def supplies(hexes):
        cell = b.cell[hexes]
        ok = (hexes >= 0) & (cell >= 0)
        c = np.maximum(cell, 0)
        return ok & good_cell[rows, c] & (camps[rows, c] == own)

    was = s.supplied.copy()
    supplied = supplies(pos)
    for k in range(6):  # within two hexes of a supplied cell: supply reaches the spearheads
        ring1 = b.neighbours[pos, k]
        supplied |= supplies(ring1)
        for j in range(6):
            supplied |= supplies(np.where(ring1 >= 0, b.neighbours[np.maximum(ring1, 0), j], -1))
    s.supplied = supplied | ~on_map
    cut = on_map & ~supplied
    w, f = np.nonzero(cut & was)
    day.log.add(Kind.CUT_OFF, w, side=b.formation_side[f], actor=f, hex=s.position[w, f])
    rate = np.array([r["supply.unsupplied_attrition"][side] for side in b.sides])[b.formation_side]
    loss = np.floor(s.strength * rate + u_loss).astype(np.int32) * cut
    loss = np.minimum(loss, s.strength)
    s.strength -= loss
    day.add_turkish_deaths(loss)
    s.cohesion = np.where(cut, np.maximum(s.cohesion - r["supply.unsupplied_cohesion"], 0), s.cohesion).astype(np.float32)

    # places cut off, and places that fall
    cut_places = ~reached
    newly = cut_places & (s.cut_off_days == 0)
    w, p = np.nonzero(newly)
    day.log.add(Kind.CUT_OFF, w, side=s.control[w, b.place_hex[p]], place=p, hex=b.place_hex[p])
    s.cut_off_days = np.where(cut_places, s.cut_off_days + 1, 0).astype(np.int16)
    ripe = np.nonzero(s.cut_off_days >= r["supply.town_fall_days"])
    if ripe[0].size:
        defended = np.zeros((B, b.hexes), bool)
        fw, ff = np.nonzero(on_map & (s.strength > 0))
        defended[fw, s.position[fw, ff]] = True  # any formation: a besieged place with troops does not just fall
        u, v = b.place_edges[:, 0], b.place_edges[:, 1]
        for w, p in zip(*ripe):
            h = b.place_hex[p]
            holder_camp = camps[w, p]
            if defended[w, h] and any(b.formation_camp[ff[fw == w][s.position[w, ff[fw == w]] == h]] == holder_camp):
                continue
            around = np.concatenate([camps[w, v[u == p]], camps[w, u[v == p]]])
            around = around[around != holder_camp]
            if around.size == 0:
                continue
            new_camp = int(np.bincount(around).argmax())
            day.flip_cell(w, p, holder_camp, int(b.camp_side[new_camp]), siege=True)
            s.cut_off_days[w, p] = 0

    # Turkish observation posts inside the other camp's lines are encircled
    if b.post_hex.size and "turkey" in b.sides:
        turkey_camp = b.side_camp[b.side_index("turkey")]
        holder = b.side_camp[np.maximum(s.control[:, b.post_hex], 0)]
        encircled = (holder != turkey_camp) & (s.day >= b.post_from_day)[None, :]
        w, o = np.nonzero(encircled & ~s.post_encircled)
        day.log.add(Kind.POST_ENCIRCLED, w, actor=o, hex=b.post_hex[o], place=b.hex_place[b.post_hex[o]])
        s.post_encircled = encircled
