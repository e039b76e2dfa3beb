"""Phase 7: Turkey - deaths at encircled posts and in combat, and the escalation ladder
(0 observation posts, 1 retaliation after a deadly incident, 2 open operation: Spring Shield).
Turkey opens its operation when losses pass a threshold, or on the scenario's intervention date."""

from __future__ import annotations

import numpy as np

from ..events import Kind


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    O = len(b.post_hex)
    u_incident = day.draws.uniform(O)
    u_size = day.draws.uniform(O)
    if "turkey" not in b.sides:
        return
    incident = s.post_encircled & (u_incident < r["turkey.post_incident_rate"])
    size = np.floor(2 * r["turkey.post_incident_deaths"] * u_size + 0.5).astype(np.int32) * incident
    w, o = np.nonzero(size > 0)
    day.log.add(
        Kind.TURKISH_DEATHS,
        w,
        side=b.side_index("turkey"),
        actor=o,
        hex=b.post_hex[o],
        place=b.hex_place[b.post_hex[o]],
        value=size[w, o],
        flag=1,
    )
    combat = day.turkish_deaths
    w = np.flatnonzero(combat > 0)
    day.log.add(Kind.TURKISH_DEATHS, w, side=b.side_index("turkey"), value=combat[w], flag=0)
    today = combat + size.sum(axis=1)
    s.turkish_deaths += today.astype(np.int32)
    s.deaths_week = np.roll(s.deaths_week, 1, axis=1)
    s.deaths_week[:, 0] = today
    scheduled = s.day >= b.intervention_day  # the record's decision, switchable in a what-if run
    level = np.where(
        scheduled
        | (today >= r["turkey.open_operation_day_deaths"])
        | (s.turkish_deaths >= r["turkey.open_operation_total_deaths"]),
        2,
        np.where(s.turkish_deaths > 0, 1, 0),
    )
    rising = level > s.escalation
    w = np.flatnonzero(rising)
    day.log.add(Kind.ESCALATION, w, side=b.side_index("turkey"), value=level[w])
    s.escalation = np.maximum(s.escalation, level).astype(np.int8)
