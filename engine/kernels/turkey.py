"""The day's fire between the government and Turkish troops (``rules.turkey.fire``) as a kernel over
the batch, world by world."""

from __future__ import annotations

import numpy as np

from ..events import Kind
from ..orders import ATTACK
from .events import add_event, new_events
from .forces import engaged
from .geometry import hex_distance
from .jit import jit
from .losses import add_losses

TURKISH_FIRE = int(Kind.TURKISH_FIRE)


@jit
def _in_reach(g, position, strength, turkish, w, h, reach):
    """Whether hex h is within ``reach`` hexes of a Turkish formation on the map in world w."""
    for i in range(turkish.size):
        f = turkish[i]
        at = position[w, f]
        if at >= 0 and strength[w, f] > 0 and hex_distance(g, at, h) <= reach:
            return True
    return False


@jit
def fire(c, g, control, position, strength, cohesion, posture, escalation, retaliation_days, action, target,
         side_camp, formation_camp, formation_side, neighbours, posture_exposure, turkish_exposure, turkish, ally,
         turkey, contact_fire, u, spread, artillery, reach, support, kill, shaken, killed_share, government,
         killed_by_formation, day_killed, killed, killed_by_turkey):  # fmt: skip
    """Government artillery on Turkish troops in contact, then (``artillery``: Turkey intervenes and some
    world has climbed the ladder) Turkey's fire support and fire; return the close-support keys and
    sorties Turkey adds, and the events."""
    B, F = position.shape
    H = control.shape[1]
    C = side_camp.max() + 1
    ev, n_ev = new_events(B), 0
    cas_keys, cas_sums = np.empty(B * F, np.int64), np.empty(B * F)
    n_cas = 0
    losses = np.zeros(F, np.int64)
    backed = np.zeros(H, np.bool_)
    for w in range(B):
        # government artillery on Turkish troops with government formations in or beside their hex
        losses[:] = 0
        for i in range(turkish.size):
            f = turkish[i]
            at = position[w, f]
            if at < 0 or strength[w, f] <= 0:
                continue
            contact = False
            for o in range(F):
                x = position[w, o]
                if x < 0 or strength[w, o] <= 0 or formation_camp[o] == ally:
                    continue
                if x == at:
                    contact = True
                for k in range(6):
                    if neighbours[at, k] >= 0 and neighbours[at, k] == x:
                        contact = True
            if not contact:
                continue
            share = min(contact_fire * posture_exposure[posture[w, f]] * turkish_exposure[f] * spread[w, f], 1.0)
            loss = min(np.int32(np.floor(engaged(c, strength[w, f]) * share + u[w, f])), strength[w, f])
            strength[w, f] -= loss
            losses[f] = loss
        add_losses(formation_side, w, losses, killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        if not artillery or escalation[w] < 1:
            continue
        # fire support to the attacks by or on the Turkish camp within reach, as close-support sorties
        first = n_cas
        for f in range(F):
            if action[w, f] != ATTACK:
                continue
            h = min(max(target[w, f], 0), H - 1)
            holder = side_camp[max(control[w, h], 0)]
            if (formation_camp[f] == ally or holder == ally) and not backed[h]:
                if _in_reach(g, position, strength, turkish, w, h, reach):
                    backed[h] = True
                    cas_keys[n_cas] = (w * C + ally) * H + h
                    cas_sums[n_cas] = support[w]
                    n_cas += 1
        for j in range(first, n_cas):
            backed[cas_keys[j] % H] = False
        # fire on the government's formations within reach: retaliation days, and every day of the operation
        operation = escalation[w] >= 2
        if not (operation or retaliation_days[w] > 0):
            continue
        total, hits = 0, 0
        for f in range(F):
            losses[f] = 0
            at = position[w, f]
            if at < 0 or strength[w, f] <= 0 or formation_camp[f] == ally:
                continue
            if not _in_reach(g, position, strength, turkish, w, at, reach):
                continue
            loss = min(np.int32(np.floor(engaged(c, strength[w, f]) * kill[w] + u[w, f])), strength[w, f])
            strength[w, f] -= loss
            cohesion[w, f] = max(np.float64(cohesion[w, f]) - shaken[w], 0.0)
            losses[f] = loss
            total += loss
            hits += 1
        add_losses(formation_side, w, losses, killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, government)  # fmt: skip
        n_ev = add_event(ev, n_ev, w, TURKISH_FIRE, side=turkey, value=total, value2=hits)
        if not operation:
            retaliation_days[w] = max(retaliation_days[w] - 1, 0)
    return cas_keys[:n_cas], cas_sums[:n_cas], ev[:n_ev]
