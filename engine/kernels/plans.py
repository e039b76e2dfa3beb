"""The commanders' overnight decisions (``plans.decide``) as a kernel over the batch, world by world."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from .events import add_event, new_events
from .jit import jit

WAITING, ACTIVE, DONE, CALLED_OFF = range(4)  # plans' statuses
OPERATION = int(Kind.OPERATION)


@jit
def decide(day, control, strength, escalation, op_status, op_since, op_strength, side_camp, camp_side, place_hex,
           playable, plan_camp, members, objective_mask, needs_held, needs_enemy, listed_start, listed, start_day,
           stop_day, after, support, keep_share, stop_days, rest_days):  # fmt: skip
    """Start, finish and call off operations in every world (updating ``op_status``, ``op_since`` and
    ``op_strength``); return the events of the operations that changed status. ``listed`` holds, from
    ``listed_start[n]``, the places operation n names (objectives and conditions)."""
    B, N = op_status.shape
    P, F = place_hex.size, members.shape[1]
    ev, n_ev = new_events(B * N), 0
    camps = np.zeros(P, np.int64)
    new, committed = np.empty(N, np.int64), np.empty(N, np.int64)
    start = np.empty(N, np.bool_)
    for w in range(B):
        for j in range(listed.size):
            p = listed[j]
            camps[p] = side_camp[control[w, place_hex[p]]]
        for n in range(N):
            held_ok, enemy_ok, taken = True, True, True
            for j in range(listed_start[n], listed_start[n + 1]):  # the places the plan names
                p = listed[j]
                own = camps[p] == plan_camp[n]
                if needs_held[n, p] and not own:
                    held_ok = False
                if needs_enemy[n, p] and not (playable[camps[p]] and not own):
                    enemy_ok = False
                if objective_mask[n, p] and not own:
                    taken = False
            after_ok = op_status[w, after[n]] == DONE if after[n] >= 0 else True
            ready = day >= start_day[n] and day < stop_day[n] and held_ok and enemy_ok and after_ok
            ready = ready and escalation[w] >= support[n]
            total = np.int64(0)
            for f in range(F):
                if members[n, f]:
                    total += strength[w, f]
            committed[n] = total
            age = day - op_since[w, n]
            status = op_status[w, n]
            if status == CALLED_OFF and rest_days[n] >= 0 and age >= rest_days[n]:
                status = WAITING
            start[n] = status == WAITING and ready
            if start[n]:
                status = ACTIVE
            if status == ACTIVE and taken:
                status = DONE
            elif status == ACTIVE and not start[n]:
                spent = total < np.float64(keep_share[n]) * op_strength[w, n]
                if spent or age >= stop_days[n] or day >= stop_day[n]:
                    status = CALLED_OFF
            new[n] = status
        for n in range(N):
            if new[n] != op_status[w, n]:
                op_since[w, n] = day
                if new[n] != WAITING:
                    n_ev = add_event(ev, n_ev, w, OPERATION, side=camp_side[plan_camp[n]], actor=n, value=new[n])
            if start[n]:
                op_strength[w, n] = committed[n]
            op_status[w, n] = new[n]
    return ev[:n_ev]
