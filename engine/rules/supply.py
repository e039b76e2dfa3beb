"""Phase 5: supply and encirclement on the settlement graph.

A place is supplied when a chain of places held by its camp, each cell touching the next, links it
to one of the camp's supply sources. A formation is supplied when its hex or a neighbour is linked
to that network through hexes its camp holds. Cut-off formations weaken; a cut-off place with no formation of its own
holds out ``supply.town_fall_days`` days and then falls to the camp around it. A Turkish observation
post is encircled when it is cut off in the same way, whoever holds the place it stands in.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import Kind
from ..kernels import supply as supply_kernels
from .control import garrisoned
from .ground import restrained


def place_camps(board, state) -> np.ndarray:
    """(B, P) camp holding each place."""
    return board.side_camp[state.control[:, board.place_hex]]


def supplied_places(board, camps: np.ndarray) -> np.ndarray:
    """(B, P) places linked to a supply source of their own camp (a breadth-first search from the
    sources in every world at once, expanding only the places reached in the previous round)."""
    start, neighbours = board.place_adjacency
    if kernels.compiled():
        sources = np.concatenate(board.supply_places).astype(np.int64)
        source_camps = np.repeat(np.arange(len(board.supply_places)), [s.size for s in board.supply_places])
        return kernels.supplied_places(camps, start, neighbours, sources, source_camps.astype(camps.dtype))
    B, P = camps.shape
    reached = np.zeros((B, P), bool)
    for camp, sources in enumerate(board.supply_places):
        if sources.size:
            reached[:, sources] |= camps[:, sources] == camp
    degree = np.diff(start)
    flat_reached, flat_camp = reached.reshape(-1), camps.reshape(-1)
    frontier = np.flatnonzero(flat_reached)
    while frontier.size:
        w, p = np.divmod(frontier, P)
        n = degree[p]
        offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        to = np.repeat(w * P, n) + neighbours[np.repeat(start[p], n) + offsets]
        to = to[(flat_camp[to] == np.repeat(flat_camp[frontier], n)) & ~flat_reached[to]]
        to = np.sort(to)
        frontier = to[np.r_[True, to[1:] != to[:-1]]] if to.size else to
        flat_reached[frontier] = True
    return reached


def supplied_hexes(board, state, camps: np.ndarray, reached: np.ndarray) -> np.ndarray:
    """(B, H) hexes linked to their camp's supply: those in a supplied cell of their own camp, and the
    ground a camp has taken beyond its places' cells, if a chain of its hexes no longer than
    ``supply.reach_hexes`` joins it to them."""
    B, H = state.control.shape
    side_camp = np.append(board.side_camp, -1)
    control = state.control
    flat_control = control.reshape(-1)
    mismatch = (
        control != control[:, board.place_hex][:, np.maximum(board.cell, 0)]
    )  # held by another side than its place
    line = ~mismatch & (control >= 0)
    cut_w, cut_p = np.nonzero(~reached)  # places cut off from their camp's sources: their cells are not the line
    owner, hexes = board.cells_of(cut_p)
    cut = cut_w[owner] * H + hexes
    cut = cut[flat_control[cut] >= 0]
    flat_line = line.reshape(-1)
    flat_line[cut] = False
    frontier = np.concatenate([np.flatnonzero(mismatch & (control >= 0)), cut])
    camp = side_camp[flat_control[frontier]]
    w, h = np.divmod(frontier, H)
    around = w[:, None] * H + board.neighbours[h]
    ok = board.neighbours[h] >= 0
    around = np.where(ok, around, 0)
    touching = (ok & flat_line[around] & (side_camp[flat_control[around]] == camp[:, None])).any(axis=1)
    frontier = frontier[touching]
    flat_line[frontier] = True
    for _ in range(board.rules["supply.reach_hexes"]):  # breadth-first through the camp's ground beyond its cells
        if not frontier.size:
            break
        w, h = np.divmod(frontier, H)
        n = board.neighbours[h]
        ok = n >= 0
        to = (w[:, None] * H + n)[ok]
        src = np.repeat(frontier, ok.sum(axis=1))
        to = np.sort(to[~flat_line[to] & (side_camp[flat_control[to]] == side_camp[flat_control[src]])])
        frontier = to[np.r_[True, to[1:] != to[:-1]]] if to.size else to
        flat_line[frontier] = True
    return line


def supplied_formations(board, state, line: np.ndarray) -> np.ndarray:
    """(B, F) formations with a supplied hex of their own camp in their hex or next to it."""
    B = state.batch
    near = board.within_two[np.maximum(state.position, 0)][:, :, :7]  # the hex and its neighbours
    rows, at = np.arange(B)[:, None, None], np.maximum(near, 0)
    own = np.append(board.side_camp, -1)[state.control[rows, at]] == board.formation_camp[None, :, None]
    return (line[rows, at] & own & (near >= 0)).any(axis=2) & (state.position >= 0)


def _camps_around(board, camps: np.ndarray, w, p) -> np.ndarray:
    """(n, C) for each (world, place): its neighbours on the settlement graph held by each camp."""
    C = len(board.camp_names)
    B, P = camps.shape
    src = np.concatenate([board.place_edges[:, 0], board.place_edges[:, 1]])
    dst = np.concatenate([board.place_edges[:, 1], board.place_edges[:, 0]])
    flat = ((np.arange(B)[:, None] * P + src[None, :]) * C + camps[:, dst]).reshape(-1)
    return np.bincount(flat, minlength=B * P * C).reshape(B, P, C)[w, p]


def _resolve_compiled(day, camps, reached, u_loss) -> None:
    """``resolve`` after the places' search, on the compiled kernels (engine.kernels.supply)."""
    s, b, r = day.state, day.board, day.rules
    posts = b.post_hex if "turkey" in b.sides else b.post_hex[:0]
    hex_camp = np.append(b.side_camp, -1)
    supplied, post_line = supply_kernels.links(
        s.control, reached, hex_camp, b.place_hex, b.cell, b.neighbours, r["supply.reach_hexes"], s.position,
        b.formation_camp, b.within_two[:, :7], b.within_two[posts][:, :7],
    )  # fmt: skip
    order, start = b._cell_order
    adjacency_start, adjacency = b.place_adjacency
    rate = np.array([r["supply.unsupplied_attrition"][side] for side in b.sides])[b.formation_side]
    day.log.add_rows(
        supply_kernels.cut_off(
            s.day,
            camps,
            reached,
            post_line,
            supplied,
            u_loss,
            s.control,
            s.position,
            s.strength,
            restrained(b, s),
            s.cohesion,
            s.supplied,
            s.cut_off_days,
            s.post_encircled,
            day.siege,
            b.side_camp,
            b.camp_side,
            b.formation_side,
            b.formation_camp,
            rate.astype(np.float64),
            np.float32(r["supply.unsupplied_cohesion"]),
            r["supply.town_fall_days"],
            b.place_hex,
            b.hex_place,
            adjacency_start,
            adjacency,
            order,
            start,
            posts,
            b.within_two[posts][:, :7],
            b.post_from_day,
            b.side_camp[b.side_index("turkey")] if posts.size else -1,
            hex_camp,
        )  # fmt: skip
    )


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    B = s.batch
    u_loss = day.draws.uniform(len(b.formation_side))
    camps = place_camps(b, s)
    reached = supplied_places(b, camps)

    if kernels.compiled():
        _resolve_compiled(day, camps, reached, u_loss)
        return
    on_map = s.position >= 0
    line = supplied_hexes(b, s, camps, reached)
    supplied = supplied_formations(b, s, line)
    was = s.supplied.copy()
    s.supplied = supplied | ~on_map
    cut = on_map & ~supplied
    w, f = np.nonzero(cut & was)
    day.log.add(Kind.CUT_OFF, w, side=b.formation_side[f], actor=f, hex=s.position[w, f])
    rate = np.array([r["supply.unsupplied_attrition"][side] for side in b.sides])[b.formation_side]
    loss = np.floor(s.strength * rate + u_loss).astype(np.int32) * cut
    loss = np.minimum(loss, s.strength)
    s.strength -= loss  # stragglers, the sick and deserters of a cut-off formation, not counted among the killed
    s.cohesion = np.where(cut, np.maximum(s.cohesion - r["supply.unsupplied_cohesion"], 0), s.cohesion).astype(
        np.float32
    )

    # places cut off, and places that fall
    cut_places = ~reached
    newly = cut_places & (s.cut_off_days == 0)
    w, p = np.nonzero(newly)
    day.log.add(Kind.CUT_OFF, w, side=s.control[w, b.place_hex[p]], place=p, hex=b.place_hex[p])
    s.cut_off_days = np.where(cut_places, s.cut_off_days + 1, 0).astype(np.int16)
    w, p = np.nonzero(s.cut_off_days >= r["supply.town_fall_days"])
    if w.size:
        holder = camps[w, p]
        held_out = garrisoned(b, s, w, b.place_hex[p], holder)
        around = _camps_around(b, camps, w, p)  # camps of the neighbours
        around[np.arange(w.size), holder] = 0
        falls = ~held_out & (around.sum(axis=1) > 0)
        new_camp = around.argmax(axis=1)
        w, p = w[falls], p[falls]
        day.flip_cells(w, p, holder[falls], b.camp_side[new_camp[falls]], siege=True)
        s.cut_off_days[w, p] = 0

    # Turkish observation posts cut off from their camp's supply are encircled ("completely
    # surrounding"): neither their hex nor a neighbour is a supplied hex their camp holds
    if b.post_hex.size and "turkey" in b.sides:
        turkey_camp = b.side_camp[b.side_index("turkey")]
        around = b.within_two[b.post_hex][:, :7]  # (O, 7) the post's hex and its neighbours
        at = np.maximum(around, 0)[None]
        rows = np.arange(B)[:, None, None]
        linked = line[rows, at] & (np.append(b.side_camp, -1)[s.control[rows, at]] == turkey_camp) & (around >= 0)
        encircled = ~linked.any(axis=2) & (s.day >= b.post_from_day)[None, :]
        w, o = np.nonzero(encircled & ~s.post_encircled)
        day.log.add(Kind.POST_ENCIRCLED, w, actor=o, hex=b.post_hex[o], place=b.hex_place[b.post_hex[o]])
        s.post_encircled = encircled
