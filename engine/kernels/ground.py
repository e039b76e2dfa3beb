"""The ground phase (engine.rules.ground) as kernels over the batch, world by world, with every float
computed as its numpy code computes it: arrivals, order checks, moves, digging in and refits
(``prepare``); the engagements and their odds (``engagements``); losses, captures and retreats once
numpy has priced the odds (``fight``); breakthroughs step by step (``exploit_odds``, ``exploit_take``)
and the day's end (``finish``). The capture probabilities and loss rates (logarithms, exponentials
and powers) stay numpy's, between the kernels."""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from ..events import Kind, Reason
from ..orders import ATTACK, DIG_IN, HOLD, MOVE, REFIT
from .events import add_event, new_events
from .forces import broken, camp_of, engaged, fighting, force_tables, hex_defence, power, restrained
from .geometry import grid_constants, hex_distance, line_held_by
from .jit import jit, segment_sum
from .losses import add_garrison_losses, add_losses

MOVING, HASTY, PREPARED, FORTIFIED = range(4)  # rules.ground's postures
ARRIVAL, MOVE_EVENT, ORDER_REJECTED = int(Kind.ARRIVAL), int(Kind.MOVE), int(Kind.ORDER_REJECTED)
ATTACK_EVENT, RETREAT, DESTROYED = int(Kind.ATTACK), int(Kind.RETREAT), int(Kind.DESTROYED)
NOT_ON_MAP, OFF_MAP, NOT_OWN_GROUND, TOO_FAR = (int(r) for r in (Reason.NOT_ON_MAP, Reason.OFF_MAP,
                                                                  Reason.NOT_OWN_GROUND, Reason.TOO_FAR))  # fmt: skip
NOT_ADJACENT, NOT_ENEMY, TURKEY_NOT_ENGAGED = (
    int(Reason.NOT_ADJACENT),
    int(Reason.NOT_ENEMY),
    int(Reason.TURKEY_NOT_ENGAGED),
)
# rules.ground.ORDER_CHECKS, in order: the reason and the action each concerns (-1: any but hold)
CHECK_REASON = np.array(
    [int(r) for r in (Reason.NOT_ON_MAP, Reason.OFF_MAP, Reason.OFF_MAP, Reason.NOT_OWN_GROUND, Reason.TOO_FAR,
                      Reason.NOT_ADJACENT, Reason.NOT_ENEMY, Reason.TURKEY_NOT_ENGAGED, Reason.BROKEN)]
)  # fmt: skip
CHECK_ACTION = np.array([-1, MOVE, ATTACK, MOVE, MOVE, ATTACK, ATTACK, ATTACK, ATTACK])


class Tables(NamedTuple):
    """What the ground phase reads of the board and the rules beyond the forces' tables (``tables_for``)."""

    inside: np.ndarray  # (H,) bool
    road: np.ndarray  # (H,) bool
    place_hex: np.ndarray  # (P,) int32
    within_two: np.ndarray  # (H, 19) int32
    supply_start: np.ndarray  # (C + 1,) each camp's supply sources in ``supply_places``
    supply_places: np.ndarray  # (n,) int32
    arrival: np.ndarray  # (F,) int32 day
    arrival_hex: np.ndarray  # (F,) int32
    check_reason: np.ndarray  # (9,) CHECK_REASON
    check_action: np.ndarray  # (9,) CHECK_ACTION
    line_steps: np.ndarray  # (move_hexes_rear + 1,) float64
    combat_factor: np.ndarray  # (3,) float64 by weather
    turkish_exposure: np.ndarray  # (F,) float64
    move_road: int
    move_open: int
    move_rear: int
    fortify_days: int
    refit_strength: float
    refit_cohesion: np.float32
    cohesion_loss_failed: np.float32
    cohesion_loss_retreat: np.float32
    cohesion_recovery: np.float32
    close_support_max: float
    half: float  # air.half_effect_sorties
    defender_loss_cap: float
    contact_exposure: float  # turkey.contact_exposure
    surrender_loss: float
    killed_share: float


_tables: WeakKeyDictionary = WeakKeyDictionary()


def tables_for(board):
    """(force tables, their coefficients, ground tables, grid constants) of the board, made once per board."""
    from ..rulebook import WEATHER
    from ..rules.ground import turkish_exposure

    if board not in _tables:
        r = board.rules
        sources = [np.asarray(p, np.int32) for p in board.supply_places]
        _tables[board] = (
            *force_tables(board),
            Tables(
                inside=board.inside,
                road=board.road,
                place_hex=board.place_hex,
                within_two=board.within_two,
                supply_start=np.cumsum([0] + [len(p) for p in sources]).astype(np.int64),
                supply_places=np.concatenate(sources) if sources else np.zeros(0, np.int32),
                arrival=board.formation_arrival,
                arrival_hex=board.formation_arrival_hex,
                check_reason=CHECK_REASON,
                check_action=CHECK_ACTION,
                line_steps=np.linspace(0, 1, r["ground.move_hexes_rear"] + 1),
                combat_factor=np.array([r["weather.combat_factor"][x] for x in WEATHER], np.float64),
                turkish_exposure=turkish_exposure(board).astype(np.float64),
                move_road=int(r["ground.move_hexes_road"]),
                move_open=int(r["ground.move_hexes_open"]),
                move_rear=int(r["ground.move_hexes_rear"]),
                fortify_days=int(r["ground.fortify_days"]),
                refit_strength=float(r["ground.refit_strength"]),
                refit_cohesion=np.float32(r["ground.refit_cohesion"]),
                cohesion_loss_failed=np.float32(r["ground.cohesion_loss_failed"]),
                cohesion_loss_retreat=np.float32(r["ground.cohesion_loss_retreat"]),
                cohesion_recovery=np.float32(r["ground.cohesion_recovery"]),
                close_support_max=float(r["air.close_support_max"]),
                half=float(r["air.half_effect_sorties"]),
                defender_loss_cap=float(r["ground.defender_loss_cap"]),
                contact_exposure=float(r["turkey.contact_exposure"]) if "turkey" in board.sides else 0.0,
                surrender_loss=float(r["ground.surrender_loss"]),
                killed_share=float(r["ground.killed_share"]),
            ),
            grid_constants(board.grid),
        )
    return _tables[board]


# -- arrivals, order checks, moves, digging in and refits --------------------------------------
@jit
def _far_move_refused(g, control_w, side_camp, road, line_steps, move_road, move_open, move_rear, pos, tt, camp):
    """``rules.ground.within_reach`` failed: beyond a day's move off the roads and along them, and not
    behind the camp's own lines all the way."""
    distance = hex_distance(g, pos, tt)
    if distance <= (move_road if road[pos] and road[tt] else move_open):
        return False
    return distance > move_rear or not line_held_by(g, control_w, side_camp, pos, tt, camp, line_steps)


@jit
def prepare(ft, c, t, g, fr, day, action, target):
    """Arrivals, order checks (refused orders become holds, each with its reason in the events), moves,
    digging in and refits in every world; return the (B, F) formations that refitted and the events."""
    ev, n_ev = new_events(3 * fr.position.shape[0] * fr.position.shape[1]), 0
    control, position, strength, cohesion = fr.control, fr.position, fr.strength, fr.cohesion
    posture, dug_in_days, supplied, escalation = fr.posture, fr.dug_in_days, fr.supplied, fr.escalation
    side_camp, formation_camp, formation_side = ft.side_camp, ft.formation_camp, ft.formation_side
    neighbours, hex_place, full_strength = ft.neighbours, ft.hex_place, ft.formation_strength
    arrival, arrival_hex, supply_start, supply_places = t.arrival, t.arrival_hex, t.supply_start, t.supply_places
    place_hex, check_action, check_reason, inside = t.place_hex, t.check_action, t.check_reason, t.inside
    B, F = position.shape
    H = control.shape[1]
    refit = np.zeros((B, F), np.bool_)
    refused = np.empty(F, np.int64)
    for w in range(B):
        for f in range(F):  # arrivals; a place lost before: the nearest supply source still held
            if arrival[f] > day or position[w, f] >= 0 or strength[w, f] <= 0:
                continue
            h = arrival_hex[f]
            camp = formation_camp[f]
            held = control[w, max(h, 0)]
            ok = h >= 0 and side_camp[max(held, 0)] == camp and held >= 0
            if not ok:
                for j in range(supply_start[camp], supply_start[camp + 1]):
                    x = place_hex[supply_places[j]]
                    if control[w, x] >= 0 and side_camp[control[w, x]] == camp:
                        h, ok = x, True
                        break
            if ok:
                position[w, f] = h
                posture[w, f] = HASTY
                n_ev = add_event(ev, n_ev, w, ARRIVAL, side=formation_side[f], actor=f, hex=h,
                                     place=hex_place[h])  # fmt: skip
        # the order checks of rules.ground.ORDER_CHECKS: the first each order fails (-1: none)
        for f in range(F):
            refused[f] = -1
            a = action[w, f]
            if a == HOLD:
                continue
            on_map = position[w, f] >= 0 and strength[w, f] > 0
            valid = target[w, f] >= 0 and target[w, f] < H
            tt = min(max(target[w, f], 0), H - 1)
            pos = max(position[w, f], 0)
            own = formation_camp[f]
            holder = control[w, tt]
            target_camp = side_camp[holder] if valid and holder >= 0 else -1
            adjacent = False
            for k in range(6):
                adjacent = adjacent or neighbours[pos, k] == tt
            for i in range(check_action.size):
                if check_action[i] >= 0 and a != check_action[i]:
                    continue
                reason = check_reason[i]
                if reason == NOT_ON_MAP:
                    fails = not on_map and a != REFIT
                elif reason == OFF_MAP:
                    fails = not valid or not inside[tt]
                elif reason == NOT_OWN_GROUND:
                    fails = target_camp != own
                elif reason == TOO_FAR:
                    fails = _far_move_refused(g, control[w], side_camp, t.road, t.line_steps, t.move_road, t.move_open,
                                              t.move_rear, pos, tt, own)  # fmt: skip
                elif reason == NOT_ADJACENT:
                    fails = not adjacent
                elif reason == NOT_ENEMY:
                    fails = target_camp == own or target_camp < 0
                elif reason == TURKEY_NOT_ENGAGED:
                    fails = restrained(c, formation_side[f], escalation[w])
                else:
                    fails = broken(c, strength[w, f], cohesion[w, f], full_strength[f])
                if fails:
                    refused[f] = i
                    break
        for i in range(check_reason.size):
            for f in range(F):
                if refused[f] == i:
                    n_ev = add_event(ev, n_ev, w, ORDER_REJECTED, side=formation_side[f], actor=f,
                                         hex=target[w, f], value=check_reason[i])  # fmt: skip
        for f in range(F):
            if refused[f] >= 0:
                action[w, f] = HOLD
        for f in range(F):
            a = action[w, f]
            if a == MOVE and target[w, f] != position[w, f]:
                h = target[w, f]
                n_ev = add_event(ev, n_ev, w, MOVE_EVENT, side=formation_side[f], actor=f, hex=h,
                                     place=hex_place[h])  # fmt: skip
            if a == MOVE:
                position[w, f] = target[w, f]
                posture[w, f] = MOVING
            if a == MOVE or a == ATTACK:
                dug_in_days[w, f] = 0
            if a == DIG_IN:
                dug_in_days[w, f] += 1
                days = dug_in_days[w, f]
                posture[w, f] = FORTIFIED if days >= t.fortify_days else (PREPARED if days >= 1 else HASTY)
            elif a == HOLD and posture[w, f] == MOVING:
                posture[w, f] = HASTY
            if a == REFIT and supplied[w, f] and position[w, f] >= 0:
                refit[w, f] = True
                gain = np.int32(np.floor(t.refit_strength * full_strength[f]))
                strength[w, f] = min(strength[w, f] + gain, full_strength[f])
                cohesion[w, f] = min(cohesion[w, f] + t.refit_cohesion, np.float32(1))
    return refit, ev[:n_ev]


# -- engagements and their odds -----------------------------------------------------------------
@jit
def _lookup(keys, sums, key):
    """``rules.ground.KeySums.at`` for one key."""
    if keys.size == 0:
        return 0.0
    i = min(np.searchsorted(keys, key), keys.size - 1)
    return sums[i] if keys[i] == key else 0.0


@jit
def engagements(ft, c, t, fr, action, target, cas_keys, cas_sums):
    """One engagement per (world, target hex, attacking camp), in that order: (world, hex, camp, lead,
    ratio of forces) of each, and the attackers' (world, formation, engagement) in world then formation order."""
    B, F = fr.position.shape
    H = fr.control.shape[1]
    C = ft.camp_side.size
    strength, cohesion, supplied, combat_days, cev = (
        fr.strength,
        fr.cohesion,
        fr.supplied,
        fr.combat_days,
        ft.formation_cev,
    )
    n_att = 0
    for w in range(B):
        for f in range(F):
            if action[w, f] == ATTACK:
                n_att += 1
    aw, af, which = np.empty(n_att, np.int64), np.empty(n_att, np.int64), np.empty(n_att, np.int64)
    ew, eh, ec = np.empty(n_att, np.int64), np.empty(n_att, np.int64), np.empty(n_att, np.int64)
    lead, ratio = np.empty(n_att, np.int64), np.empty(n_att)
    att_power = np.empty(F)
    keys = np.empty(F, np.int64)
    values, counts = np.empty((7, F)), np.empty(7, np.int64)
    n, m = 0, 0
    for w in range(B):
        k = 0
        factor = t.combat_factor[fr.weather[w]]
        for f in range(F):
            if action[w, f] == ATTACK:
                att_power[f] = (
                    power(c, strength[w, f], cohesion[w, f], cev[f], supplied[w, f], combat_days[w, f]) * factor
                )
                keys[k] = np.int64(target[w, f]) * C + ft.formation_camp[f]
                aw[n + k], af[n + k] = w, f
                k += 1
        if k == 0:
            continue
        order = np.argsort(keys[:k])
        first = m
        for j in range(k):
            key = keys[order[j]]
            if j == 0 or key != keys[order[j - 1]]:
                ew[m], eh[m], ec[m] = w, key // C, key % C
                m += 1
        for i in range(k):  # each attacker's engagement
            e = first
            while eh[e] * C + ec[e] != keys[i]:
                e += 1
            which[n + i] = e
        for e in range(first, m):
            total, best = 0.0, -1
            for i in range(k):
                if which[n + i] == e:
                    f = af[n + i]
                    total += att_power[f]
                    if best < 0 or att_power[f] > att_power[best]:
                        best = f
            lead[e] = best
            h, camp = eh[e], ec[e]
            cas = _lookup(cas_keys, cas_sums, (w * C + camp) * H + h)
            total = total * (1 + t.close_support_max * cas / (cas + t.half))
            holder = fr.control[w, h]
            holder_camp = ft.side_camp[max(holder, 0)]
            def_cas = _lookup(cas_keys, cas_sums, (w * C + holder_camp) * H + h)
            defended = hex_defence(ft, c, fr, w, h, values, counts) * (
                1 + t.close_support_max * def_cas / (def_cas + t.half)
            )
            ratio[e] = max(total, 1e-9) / max(defended, 1e-9)
        n += k
    return ew[:m], eh[:m], ec[:m], lead[:m], ratio[:m], aw, af, which


# -- losses, captures and retreats ----------------------------------------------------------------
@jit
def _fire_around(ft, e_hex, holder_camp, def_frac, lo, hi, h, camp, values):
    """The defenders' loss rates of the engagements lo..hi on the hexes around hex h held by ``camp``,
    summed as numpy's sums by key add them (engagements in order, then their neighbours in order)."""
    n = 0
    for e in range(lo, hi):
        if holder_camp[e] != camp:
            continue
        for k in range(6):
            if ft.neighbours[e_hex[e], k] == h:
                values[n] = def_frac[e]
                n += 1
    return segment_sum(values, n)


@jit
def fight(ft, c, t, fr, e_world, e_hex, e_camp, lead, success, att_frac, def_frac, local_frac, spread, aw, af,
          which, in_combat, taken, killed_by_formation, day_killed, killed, killed_by_turkey):  # fmt: skip
    """Losses both ways, the fire on neighbours and posts, local defenders, captures and retreats of the
    engagements, world by world; return the captures (world, lead, origin hex, hex, engagement) and the events."""
    ev, n_ev = new_events(e_world.size + fr.position.shape[0] * fr.position.shape[1]), 0
    control, position, strength, cohesion, posture = fr.control, fr.position, fr.strength, fr.cohesion, fr.posture
    formation_side, escalation = ft.formation_side, fr.escalation
    B, F = position.shape
    n_e = e_world.size
    holder, holder_camp = np.empty(n_e, np.int64), np.empty(n_e, np.int64)
    a_sum, d_sum = np.zeros(n_e, np.int64), np.zeros(n_e, np.int64)
    cw, clead, corigin = np.empty(n_e, np.int64), np.empty(n_e, np.int64), np.empty(n_e, np.int64)
    chex, ceng = np.empty(n_e, np.int64), np.empty(n_e, np.int64)
    n_cap = 0
    front = np.empty(F, np.int64)
    losses = np.zeros(F, np.int64)
    values = np.empty(max(6 * n_e, F))
    lost_hex = np.zeros(F, np.bool_)
    back = np.empty(F, np.int64)
    lo, a_lo = 0, 0
    for w in range(B):
        hi = lo
        while hi < n_e and e_world[hi] == w:
            hi += 1
        a_hi = a_lo
        while a_hi < aw.size and aw[a_hi] == w:
            a_hi += 1
        if hi == lo:
            lo, a_lo = hi, a_hi
            continue
        for e in range(lo, hi):
            holder[e] = control[w, e_hex[e]]
            holder_camp[e] = ft.side_camp[max(holder[e], 0)]
        for f in range(F):
            front[f] = engaged(c, strength[w, f])
            losses[f] = 0
        # attackers
        for i in range(a_lo, a_hi):
            f, e = af[i], which[i]
            loss = min(np.int32(np.floor(front[f] * att_frac[e] * spread[w, f])), strength[w, f])
            strength[w, f] -= loss
            in_combat[w, f] = True
            if not success[e]:
                cohesion[w, f] = max(cohesion[w, f] - t.cohesion_loss_failed, np.float32(0))
            losses[f] = loss
            a_sum[e] += loss
        add_losses(ft.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        # defenders in the attacked hexes (two camps attacking one hex: the first engagement)
        for f in range(F):
            losses[f] = 0
            if not fighting(c, position[w, f], strength[w, f], formation_side[f], escalation[w]):
                continue
            hit = -1
            for e in range(lo, hi):
                if e_hex[e] == position[w, f] and holder_camp[e] == ft.formation_camp[f]:
                    hit = e
                    break
            if hit < 0:
                continue
            loss = min(np.int32(np.floor(front[f] * def_frac[hit] * spread[w, f])), strength[w, f])
            strength[w, f] -= loss
            in_combat[w, f] = True
            losses[f] = loss
            d_sum[hit] += loss
        add_losses(ft.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        # formations beside an attacked hex of their camp take a share of its defenders' losses
        for f in range(F):
            losses[f] = 0
            if not fighting(c, position[w, f], strength[w, f], formation_side[f], escalation[w]):
                continue
            fire = _fire_around(ft, e_hex, holder_camp, def_frac, lo, hi, position[w, f], ft.formation_camp[f],
                                values)  # fmt: skip
            rate = min(fire, t.defender_loss_cap) * c.adjacent_support
            loss = min(np.int32(np.floor(engaged(c, strength[w, f]) * rate * spread[w, f])), strength[w, f])
            strength[w, f] -= loss
            losses[f] = loss
        add_losses(ft.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        # Turkish troops holding posts in or beside an attacked hex of their camp take some of the fire
        if c.turkey >= 0:
            for f in range(F):
                losses[f] = 0
                if not (restrained(c, formation_side[f], escalation[w]) and position[w, f] >= 0 and strength[w, f] > 0):
                    continue
                at, camp = position[w, f], ft.formation_camp[f]
                n = 0
                for e in range(lo, hi):
                    if e_hex[e] == at and holder_camp[e] == camp:
                        values[n] = def_frac[e]
                        n += 1
                inside = segment_sum(values, n)
                around = _fire_around(ft, e_hex, holder_camp, def_frac, lo, hi, at, camp, values)
                rate = min(inside + around, t.defender_loss_cap)
                share = rate * t.contact_exposure * t.turkish_exposure[f] * spread[w, f]
                loss = min(np.int32(np.floor(engaged(c, strength[w, f]) * share)), strength[w, f])
                strength[w, f] -= loss
                losses[f] = loss
            add_losses(ft.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                       killed_by_turkey, -1)  # fmt: skip
        # the local defenders of each attacked hex
        for e in range(lo, hi):
            side = max(holder[e], 0)
            local = ft.garrison[e_hex[e]] * ft.garrison_by_side[side] * local_frac[e] if holder[e] >= 0 else 0.0
            add_garrison_losses(w, side, local, t.killed_share, day_killed, killed)
        for e in range(lo, hi):
            n_ev = add_event(ev, n_ev, w, ATTACK_EVENT, side=ft.formation_side[lead[e]], actor=lead[e],
                                 hex=e_hex[e], place=ft.hex_place[e_hex[e]], value=a_sum[e], value2=d_sum[e],
                                 flag=success[e])  # fmt: skip
        # captures: one winner per hex, the first engagement in key order
        first_cap = n_cap
        for e in range(lo, hi):
            if success[e] and holder[e] >= 0 and (n_cap == first_cap or chex[n_cap - 1] != e_hex[e]):
                cw[n_cap], clead[n_cap], chex[n_cap], ceng[n_cap] = w, lead[e], e_hex[e], e
                n_cap += 1
        if n_cap == first_cap:
            lo, a_lo = hi, a_hi
            continue
        for j in range(first_cap, n_cap):
            control[w, chex[j]] = ft.camp_side[e_camp[ceng[j]]]
            taken[w, chex[j]] = True
        for f in range(F):  # fighting formations of other camps in the hexes taken fall back, or surrender
            lost_hex[f] = False
            if not fighting(c, position[w, f], strength[w, f], formation_side[f], escalation[w]):
                continue
            for j in range(first_cap, n_cap):
                if position[w, f] == chex[j] and ft.formation_camp[f] != e_camp[ceng[j]]:
                    lost_hex[f] = True
        for f in range(F):
            back[f] = -1
            if lost_hex[f]:
                for k in range(1, 19):
                    x = t.within_two[position[w, f], k]
                    if x >= 0 and camp_of(ft.side_camp, control[w, x]) == ft.formation_camp[f]:
                        back[f] = x
                        break
        for f in range(F):
            losses[f] = 0
            if lost_hex[f] and back[f] >= 0:
                position[w, f] = back[f]
                posture[w, f] = MOVING
                cohesion[w, f] = max(cohesion[w, f] - t.cohesion_loss_retreat, np.float32(0))
                n_ev = add_event(ev, n_ev, w, RETREAT, side=ft.formation_side[f], actor=f, hex=back[f])
            elif lost_hex[f]:  # surrounded: part lost, the rest surrender or scatter
                losses[f] = np.int32(np.floor(engaged(c, strength[w, f]) * t.surrender_loss))
        add_losses(ft.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        for f in range(F):
            if lost_hex[f] and back[f] < 0:
                strength[w, f] = 0
        for j in range(first_cap, n_cap):
            corigin[j] = position[w, clead[j]]
            position[w, clead[j]] = chex[j]
            posture[w, clead[j]] = MOVING
        lo, a_lo = hi, a_hi
    return cw[:n_cap], clead[:n_cap], corigin[:n_cap], chex[:n_cap], ceng[:n_cap], ev[:n_ev]


# -- breakthroughs ----------------------------------------------------------------------------
@jit
def exploit_odds(ft, c, t, fr, worlds, leads, hexes, direction, going):
    """One step of the breakthroughs: the next hex of each lead still going (``going`` updated: on
    through hostile ground with no enemy formation), and the odds there; -1 and 0 for the others."""
    position, strength, escalation, side = fr.position, fr.strength, fr.escalation, ft.formation_side
    n = worlds.size
    nxt, ratio = np.full(n, -1, np.int64), np.zeros(n)
    values, counts = np.empty((7, position.shape[1])), np.empty(7, np.int64)
    for i in range(n):
        if not going[i]:
            continue
        w, f = worlds[i], leads[i]
        x = ft.neighbours[hexes[i], direction[i]]
        mine = ft.formation_camp[f]
        holder = fr.control[w, max(x, 0)] if x >= 0 else -1
        hostile = x >= 0 and holder >= 0 and ft.side_camp[max(holder, 0)] != mine
        occupied = False
        if x >= 0:
            for o in range(position.shape[1]):
                if (
                    position[w, o] == x
                    and ft.formation_camp[o] != mine
                    and fighting(c, x, strength[w, o], side[o], escalation[w])
                ):
                    occupied = True
                    break
        going[i] = hostile and not occupied
        if going[i]:
            nxt[i] = x
    for i in range(n):  # the odds of every lead going on, before any of them moves
        if going[i]:
            w, f = worlds[i], leads[i]
            attack = power(c, strength[w, f], fr.cohesion[w, f], ft.formation_cev[f], fr.supplied[w, f],
                           fr.combat_days[w, f]) * t.combat_factor[fr.weather[w]]  # fmt: skip
            ratio[i] = attack / max(hex_defence(ft, c, fr, w, nxt[i], values, counts), 1e-9)
    return nxt, ratio


@jit
def exploit_take(ft, fr, worlds, leads, hexes, nxt, going, won, taken):
    """The leads that take their next hex move into it (``going``: only they go on); return the events."""
    ev, n_ev = new_events(worlds.size), 0
    for i in range(worlds.size):
        going[i] = going[i] and won[i]
        if going[i]:
            w, f, h = worlds[i], leads[i], nxt[i]
            fr.control[w, h] = ft.camp_side[ft.formation_camp[f]]
            taken[w, h] = True
            fr.position[w, f] = h
            hexes[i] = h
            n_ev = add_event(ev, n_ev, w, MOVE_EVENT, side=ft.formation_side[f], actor=f, hex=h,
                                 place=ft.hex_place[h])  # fmt: skip
    return ev[:n_ev]


# -- the day's end ---------------------------------------------------------------------------------
@jit
def finish(ft, t, fr, in_combat, refit):
    """Destroyed formations leave the map; days in combat; cohesion recovers at rest; return the events."""
    ev, n_ev = new_events(fr.position.shape[0] * fr.position.shape[1]), 0
    B, F = fr.position.shape
    for w in range(B):
        for f in range(F):
            if fr.strength[w, f] <= 0 and fr.position[w, f] >= 0:
                n_ev = add_event(ev, n_ev, w, DESTROYED, side=ft.formation_side[f], actor=f,
                                     hex=fr.position[w, f])  # fmt: skip
                fr.position[w, f] = -1
            fr.strength[w, f] = max(fr.strength[w, f], 0)
            fr.combat_days[w, f] = fr.combat_days[w, f] + 1 if in_combat[w, f] else 0
            if not in_combat[w, f] and fr.supplied[w, f] and fr.position[w, f] >= 0 and not refit[w, f]:
                fr.cohesion[w, f] = min(fr.cohesion[w, f] + t.cohesion_recovery, np.float32(1))
    return ev[:n_ev]
