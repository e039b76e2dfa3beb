"""Phase 6: control. A place taken in combat brings its surroundings (its cell's hexes still held by
the losing camp and not occupied by its formations); captures are reported place by place."""

from __future__ import annotations

import numpy as np

from ..events import Kind


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    u_harm = day.draws.uniform(len(b.population))
    taken_places = day.taken[:, b.place_hex] & (b.hex_place[b.place_hex] >= 0)
    before = day.place_control_before
    w, p = np.nonzero(taken_places)
    old, new = before[w, p], s.control[w, b.place_hex[p]]
    keep = (old >= 0) & (new != old)
    day.flip_cells(w[keep], p[keep], b.side_camp[old[keep]], new[keep], siege=False)
    now = s.control[:, b.place_hex]
    changed = now != before
    w, p = np.nonzero(changed)
    day.log.add(Kind.CAPTURE, w, side=now[w, p], place=p, hex=b.place_hex[p], flag=day.siege[w, p])
    day.captured = changed
    share = r["humanitarian.ground_harm"]
    harmed = np.minimum(np.floor(s.residents * share + u_harm).astype(np.int64) * changed, s.residents)
    s.residents -= harmed
    s.casualties += harmed
    hw, hp = np.nonzero(harmed > 0)
    day.log.add(Kind.CIVILIAN_HARM, hw, place=hp, hex=b.place_hex[hp], value=harmed[hw, hp], value2=1)
