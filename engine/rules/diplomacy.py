"""Phase 2: ceasefires - scheduled ones, negotiated ones, violations and collapse (MODELLING.md §4)."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from ..orders import ACCEPT, ATTACK, HOLD, PROPOSE


def resolve(day) -> None:
    s, b, r, o = day.state, day.board, day.rules, day.orders
    u_onset, u_collapse = day.draws.uniform(2).T
    begins = np.zeros(s.batch, bool)
    scheduled = bool(np.any(b.ceasefire_days == s.day))
    if scheduled:
        begins |= ~s.ceasefire

    # proposals and answers: a truce starts when both camps want it on the same day or one accepts an open proposal
    proposing = o.diplomacy == PROPOSE
    accepting = o.diplomacy == ACCEPT
    for code, mask in ((1, proposing), (2, accepting)):
        w, side = np.nonzero(mask)
        day.log.add(Kind.PROPOSAL, w, side=side, value=code)
    agreed = np.zeros(s.batch, bool)
    playable = [b.side_camp[b.side_index(x)] for x in b.scenario.playable]
    if len(set(playable)) == 2:
        sides = [b.side_camp == c for c in playable]
        acts = [(proposing | accepting)[:, m].any(axis=1) for m in sides]
        accepts = [accepting[:, m].any(axis=1) for m in sides]
        open_ = [s.proposals[:, m].any(axis=1) for m in sides]
        agreed = (acts[0] & acts[1]) | (accepts[0] & open_[1]) | (accepts[1] & open_[0])
    s.proposals = proposing.copy()

    pressure = (
        r["ceasefire.onset_bias"]
        + r["ceasefire.onset_per_turkish_death"] * s.deaths_week.sum(axis=1)
        + r["ceasefire.onset_per_100k_displaced"] * s.displaced_week.sum(axis=1) / 1e5
    )
    negotiated = (agreed | (u_onset < 1.0 / (1.0 + np.exp(-pressure)))) & ~s.ceasefire & ~begins
    start = begins | negotiated
    w = np.flatnonzero(start)
    day.log.add(Kind.CEASEFIRE_BEGINS, w, value=np.where(begins[w], 0, 1))
    s.ceasefire |= start
    s.ceasefire_age[start] = 0
    s.tension[start] = 0
    s.proposals[start] = False

    # offensive orders during a truce are called off and counted as violations
    attacking = (o.action == ATTACK) & s.ceasefire[:, None]
    w, f = np.nonzero(attacking)
    day.log.add(Kind.VIOLATION, w, side=b.formation_side[f], actor=f, hex=o.target[w, f])
    o.action[attacking] = HOLD
    count = attacking.sum(axis=1)
    s.violations += count
    s.tension = np.where(
        s.ceasefire, r["ceasefire.tension_decay"] * s.tension + r["ceasefire.tension_per_violation"] * count, 0
    ).astype(np.float32)

    h0, h1, tau = r["ceasefire.hazard_initial"], r["ceasefire.hazard_final"], r["ceasefire.hazard_days"]
    hazard = h1 + (h0 - h1) * np.exp(-s.ceasefire_age / tau)
    collapse = s.ceasefire & ~start & ((u_collapse < hazard) | (s.tension > r["ceasefire.collapse_tension"]))
    w = np.flatnonzero(collapse)
    day.log.add(Kind.CEASEFIRE_COLLAPSES, w, value=s.ceasefire_age[w])
    s.ceasefire &= ~collapse
    s.ceasefire_age = np.where(s.ceasefire, s.ceasefire_age + 1, 0).astype(np.int16)
