"""Phase 8: displacement toward the Turkish border, as a vectorised Markov flow (MODELLING.md §3).

Each place loses a share 1 - exp(-(mu + c)) of its residents, where the pressure c grows near the
front, under air attack and on the day the place changes hands. Leavers go to the shelters still
held by the opposition, weighted as in Flee by 1 / (10 km + distance)^p; with none left they stay
in the open. People are whole numbers, so residents + displaced + casualties stay exactly constant.
"""

from __future__ import annotations

import numpy as np

from ..events import REPORT_MIN_DISPLACED, Kind
from .supply import place_camps


def front_distance(board, state) -> np.ndarray:
    """(B, P) km from each place to the nearest place held by the other playable camp."""
    camps = place_camps(board, state)
    playable = [board.side_camp[board.side_index(x)] for x in board.scenario.playable]
    near = camps[:, board.near_places]  # (B, P, K)
    in_play = np.zeros(len(board.camp_names), bool)
    in_play[playable] = True
    hostile = (near != camps[:, :, None]) & in_play[near] & in_play[camps][:, :, None]
    return np.where(hostile, board.near_km[None], np.inf).min(axis=2, initial=np.inf)


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    P, D = len(b.population), len(b.shelters)
    u_leave = day.draws.uniform(P)
    pressure = (
        r["humanitarian.front_pressure"] * np.exp(-front_distance(b, s) / r["humanitarian.front_distance_km"])
        + r["humanitarian.strike_pressure"] * day.air_exposure
        + r["humanitarian.capture_pressure"] * day.captured
    )
    # people flee the opposition's shrinking area and places as they change hands; the record's
    # displacement figures are of that flight (displacement inside government areas is not modelled)
    opposition = b.side_camp[b.side_index("opposition")] if "opposition" in b.sides else 0
    exposed = (place_camps(b, s) == opposition) | day.captured
    share = np.where(exposed, 1 - np.exp(-(r["humanitarian.base_leave_rate"] + pressure)), 0.0)
    leaving = np.minimum(np.floor(s.residents * share + u_leave).astype(np.int64), s.residents)

    held = b.side_camp[s.control[:, b.place_hex[b.shelters]]] == opposition  # (B, D)
    w, p = np.nonzero(leaving)
    weight = b.shelter_weight[p] * held[w]  # (n, D) Flee route weights to the shelters still open
    weight[b.shelters[None, :] == p[:, None]] = 0  # nobody "flees" to where they are
    total = weight.sum(axis=1, keepdims=True)
    share_d = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    to_shelter = np.floor(leaving[w, p][:, None] * share_d).astype(np.int64)
    to_shelter[np.arange(w.size), share_d.argmax(axis=1)] += leaving[w, p] - to_shelter.sum(axis=1)
    has = total[:, 0] > 0
    B = s.batch
    s.sheltering[:, :D] += (
        np.bincount(
            (w[:, None] * D + np.arange(D)).reshape(-1)[np.repeat(has, D)], to_shelter[has].reshape(-1), minlength=B * D
        )
        .reshape(B, D)
        .astype(np.int64)
    )
    s.sheltering[:, D] += np.bincount(w[~has], leaving[w, p][~has], minlength=B).astype(np.int64)
    s.residents -= leaving
    moved = leaving.sum(axis=1)
    s.displaced_total += moved
    s.displaced_week = np.roll(s.displaced_week, 1, axis=1)
    s.displaced_week[:, 0] = moved
    w, p = np.nonzero(leaving >= REPORT_MIN_DISPLACED)
    day.log.add(Kind.DISPLACEMENT, w, place=p, hex=b.place_hex[p], value=leaving[w, p])
