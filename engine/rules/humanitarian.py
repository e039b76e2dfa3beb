"""Phase 8: displacement toward the Turkish border, as a vectorised Markov flow (MODELLING.md §3).

Each place loses a share 1 - exp(-(mu + c)) of its residents, and of the displaced sheltering there,
where the pressure c grows near the front, under air attack, and on the day the place or one near it
changes hands (people flee ahead of an advance more than beside a front that stands still). People
displaced before flee again, but the displaced total counts each person displaced since before the
first day once, as the record's totals of "people displaced since December" do. Leavers go
to the shelters still held by the opposition, weighted as in Flee by 1 / (10 km + distance)^p and by
the room left (Flee's capacity rule: full weight below 90 % of capacity, none when full) and by the
pressure on the shelter itself (Flee's conflict weight), and only to shelters farther from the
front than the place they leave; those who find no room stay in the
open, and move in when room frees. The shelters start with the people of
the opposition's area who do not live in its named places (board.shelter_start). People are whole
numbers, so residents + sheltering + casualties stay exactly constant.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import REPORT_MIN_DISPLACED, Kind
from ..kernels import humanitarian as humanitarian_kernels
from .supply import place_camps

FULL_FROM = 0.9  # Flee: a destination's weight falls linearly from 90 % of its capacity to none when full


def front_distance(board, camps: np.ndarray) -> np.ndarray:
    """(B, P) km from each place to the nearest place held by the other playable camp (``camps``: the
    (B, P) camp holding each place)."""
    playable = [board.side_camp[board.side_index(x)] for x in board.scenario.playable]
    in_play = np.zeros(len(board.camp_names), bool)
    in_play[playable] = True
    if kernels.compiled():
        return humanitarian_kernels.front_distance(camps, board.near_places, board.near_km, in_play)
    near = camps[:, board.near_places]  # (B, P, K)
    hostile = (near != camps[:, :, None]) & in_play[near] & in_play[camps][:, :, None]
    return np.where(hostile, board.near_km[None], np.inf).min(axis=2, initial=np.inf)


def pressure(day, front: np.ndarray) -> np.ndarray:
    """(B, P) the day's pressure to flee each place: the front near it, air attack on and beside it, and
    its capture or that of places near it today."""
    r = day.rules
    return (
        r["humanitarian.front_pressure"] * np.exp(-front / r["humanitarian.front_distance_km"])
        + r["humanitarian.strike_pressure"] * day.air_exposure
        + r["humanitarian.capture_pressure"] * advance(day)
    )


def advance(day) -> np.ndarray:
    """(B, P) how near each place the front moved today: 1 for a place changing hands, and for each
    of its nearest places that did, a share decaying with the distance (people flee ahead of an advance)."""
    b, r = day.board, day.rules
    weight = np.exp(-b.near_km / r["humanitarian.advance_distance_km"])
    if kernels.compiled():
        return humanitarian_kernels.advance(day.captured, b.near_places, weight)
    return day.captured + (day.captured[:, b.near_places] * weight[None]).sum(axis=2)


def leaving_share(day, camps: np.ndarray, push: np.ndarray) -> np.ndarray:
    """(B, P) share of the people in each place who flee today under the (B, P) pressure ``push``
    (``camps``: the camp holding each place)."""
    b, r = day.board, day.rules
    # people flee the opposition's shrinking area and places as they change hands; the record's
    # displacement figures are of that flight (displacement inside government areas is not modelled)
    opposition = b.side_camp[b.side_index("opposition")] if "opposition" in b.sides else 0
    exposed = (camps == opposition) | day.captured
    return np.where(exposed, 1 - np.exp(-(r["humanitarian.base_leave_rate"] + push)), 0.0)


def resolve(day) -> None:
    s, b = day.state, day.board
    P, D = len(b.population), len(b.shelters)
    u_leave = day.draws.uniform(P)
    u_shelter = day.draws.uniform(D)
    camps = place_camps(b, s)
    front = front_distance(b, camps)
    push = pressure(day, front)
    share = leaving_share(day, camps, push)
    opposition = b.side_camp[b.side_index("opposition")] if "opposition" in b.sides else 0
    held = b.side_camp[s.control[:, b.place_hex[b.shelters]]] == opposition  # (B, D)
    capacity = b.shelter_capacity[None, :].astype(np.float64)
    if kernels.compiled():
        avoid = np.exp(-day.rules["humanitarian.avoidance"] * push[:, b.shelters])
        leaving, counted = humanitarian_kernels.flee(
            s.residents, s.sheltering, s.newly_displaced, s.fled_from, share, u_leave, u_shelter, front, held,
            capacity[0], avoid, b.shelters, b.shelter_weight, 1 - FULL_FROM,
        )  # fmt: skip
    else:
        leaving, counted = _flee(day, share, u_leave, u_shelter, front, push, held, capacity)
    moved = leaving.sum(axis=1)
    s.displaced_total += counted
    s.displaced_week = np.roll(s.displaced_week, 1, axis=1)
    s.displaced_week[:, 0] = moved
    w, p = np.nonzero(leaving >= REPORT_MIN_DISPLACED)
    day.log.add(Kind.DISPLACEMENT, w, place=p, hex=b.place_hex[p], value=leaving[w, p])


def _flee(day, share, u_leave, u_shelter, front, push, held, capacity) -> tuple[np.ndarray, np.ndarray]:
    """The day's flight from the places to the shelters (the numpy path of ``kernels.humanitarian.flee``):
    (B, P) people who left each place, and (B,) of them the people displaced for the first time since
    the first day."""
    s, b = day.state, day.board
    B, D = s.batch, len(b.shelters)
    residents_leaving = np.minimum(np.floor(s.residents * share + u_leave).astype(np.int64), s.residents)
    sheltered = s.sheltering[:, :D]
    sheltered_leaving = np.minimum(np.floor(sheltered * share[:, b.shelters] + u_shelter).astype(np.int64), sheltered)
    # the people displaced since the first day leave a shelter in proportion to their share of it
    newly = s.newly_displaced[:, :D]
    newly_leaving = np.minimum(
        np.floor(
            sheltered_leaving * np.divide(newly, sheltered, out=np.zeros(newly.shape), where=sheltered > 0)
        ).astype(np.int64),
        newly,
    )
    s.residents -= residents_leaving
    s.sheltering[:, :D] -= sheltered_leaving
    s.newly_displaced[:, :D] -= newly_leaving
    leaving = residents_leaving.copy()
    for d, place in enumerate(b.shelters):
        leaving[:, place] += sheltered_leaving[:, d]
    s.fled_from += leaving
    room = np.maximum(capacity - s.sheltering[:, :D], 0) * held
    welcome = np.clip(room / np.maximum((1 - FULL_FROM) * capacity, 1), 0, 1)
    welcome *= np.exp(-day.rules["humanitarian.avoidance"] * push[:, b.shelters])  # Flee: conflict zones repel
    w, p = np.nonzero(leaving)
    weight = b.shelter_weight[p] * welcome[w]  # (n, D) Flee route weights to the shelters open with room
    weight[front[:, b.shelters][w] <= front[w, p][:, None]] = 0  # away from the fighting, never to where they are
    total = weight.sum(axis=1, keepdims=True)
    share_d = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    to_shelter = np.floor(leaving[w, p][:, None] * share_d).astype(np.int64)
    to_shelter[np.arange(w.size), share_d.argmax(axis=1)] += leaving[w, p] - to_shelter.sum(axis=1)
    has = total[:, 0] > 0
    inflow = (
        np.bincount(
            (w[:, None] * D + np.arange(D)).reshape(-1)[np.repeat(has, D)], to_shelter[has].reshape(-1), minlength=B * D
        )
        .reshape(B, D)
        .astype(np.int64)
    )
    accepted = np.minimum(inflow, room.astype(np.int64))
    s.sheltering[:, :D] += accepted
    s.newly_displaced[:, :D] += accepted
    stranded = np.bincount(w[~has], leaving[w, p][~has], minlength=B).astype(np.int64)
    s.sheltering[:, D] += (inflow - accepted).sum(axis=1) + stranded
    s.newly_displaced[:, D] += (inflow - accepted).sum(axis=1) + stranded
    _rehouse(s, np.maximum(capacity - s.sheltering[:, :D], 0) * held)
    # the record counts people displaced since December once, however often they move again
    return leaving, residents_leaving.sum(axis=1) + (sheltered_leaving - newly_leaving).sum(axis=1)


def _rehouse(s, room: np.ndarray) -> None:
    """People in the open move into the room the shelters have, in proportion to it."""
    D = room.shape[1]
    free = room.sum(axis=1)
    moving = np.minimum(s.sheltering[:, D], free.astype(np.int64))
    if not moving.any():
        return
    part = np.floor(room * (moving / np.maximum(free, 1))[:, None]).astype(np.int64)
    s.sheltering[:, :D] += part
    s.sheltering[:, D] -= part.sum(axis=1)
    s.newly_displaced[:, :D] += part  # everyone in the open was displaced since the first day
    s.newly_displaced[:, D] -= part.sum(axis=1)
