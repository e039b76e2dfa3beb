"""The air phase (engine.rules.air) as one kernel over the batch, world by world: the sorties flown,
aircraft lost, strikes, close support and interdiction, air defence hit and civilian harm, with every
float computed as its numpy code computes it. Only the exponential of the air defence destroyed is
left to numpy (``rules.air.resolve``)."""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from ..events import Kind, Reason
from ..orders import CLOSE_AIR_SUPPORT, INTERDICTION, NO_MISSION, STRIKE
from .events import add_event, new_events
from .jit import _pairwise, jit, segment_sum
from .losses import add_garrison_losses, add_losses

GROUND_FIRE, FIGHTERS = 0, 1  # rules.air: causes of an aircraft loss (the event's value2)
# numba reads module-level ints as constants (not IntEnum members)
ORDER_REJECTED, AIR_MISSION, AIRCRAFT_LOST = int(Kind.ORDER_REJECTED), int(Kind.AIR_MISSION), int(Kind.AIRCRAFT_LOST)
CIVILIAN_HARM = int(Kind.CIVILIAN_HARM)
OFF_MAP, ARM_NOT_FLYING, NO_SORTIES_LEFT = int(Reason.OFF_MAP), int(Reason.ARM_NOT_FLYING), int(Reason.NO_SORTIES_LEFT)


class Tables(NamedTuple):
    """The board's arrays and the rules' coefficients the air phase reads (``tables_for(board)``)."""

    inside: np.ndarray  # (H,) bool
    side_camp: np.ndarray  # (S,) int8
    formation_camp: np.ndarray  # (F,) int8
    formation_side: np.ndarray  # (F,) int8
    neighbours: np.ndarray  # (H, 6) int32
    places_near_hex: np.ndarray  # (H, k) int32
    hex_place: np.ndarray  # (H,) int32
    place_hex: np.ndarray  # (P,) int32
    shelters: np.ndarray  # (D,) int32
    garrison: np.ndarray  # (H,) float32
    garrison_by_side: np.ndarray  # (S,) float64
    arm_side: np.ndarray  # (A,) int8
    arm_camp: np.ndarray  # (A,) int8
    arm_turkish: np.ndarray  # (A,) float64 1.0 for Turkey's arms
    arm_sorties: np.ndarray  # (A,) float32
    ground_attack: np.ndarray  # (A,) float64 by arm, and the coefficients below
    ground_fire_loss: np.ndarray
    counter_air: np.ndarray
    fighter_loss: np.ndarray
    strike_kill: np.ndarray
    strike_cohesion: np.ndarray
    air_defence_kill: np.ndarray
    vulnerable: np.ndarray  # (F,) float64 air.vulnerability of each formation's type
    posture_exposure: np.ndarray  # (4,) float64
    turkish_exposure: np.ndarray  # (F,) float64
    civilian_exposure: np.ndarray  # (3,) float64 by weather
    frontage: int  # ground.frontage_fighters
    half: float  # air.half_effect_sorties
    close_support_kill: float
    interdiction_cohesion_max: float
    harm_per_sortie: float
    harm_cap: float
    killed_share: float
    defender_vulnerable: float  # air.vulnerability of infantry
    defender_exposed: float  # air.posture_exposure of prepared positions
    government: int  # the government's side, -1 if none


_tables: WeakKeyDictionary = WeakKeyDictionary()


def tables_for(board) -> Tables:
    from ..rulebook import POSTURES
    from ..rules.air import by_arm
    from ..rules.ground import turkish_exposure
    from ..scenario import FORMATION_TYPES

    if board not in _tables:
        r = board.rules
        vulnerability = np.array([r["air.vulnerability"][t] for t in FORMATION_TYPES])
        _tables[board] = Tables(
            inside=board.inside,
            side_camp=board.side_camp,
            formation_camp=board.formation_camp,
            formation_side=board.formation_side,
            neighbours=board.neighbours,
            places_near_hex=board.places_near_hex,
            hex_place=board.hex_place,
            place_hex=board.place_hex,
            shelters=board.shelters,
            garrison=board.garrison,
            garrison_by_side=np.array([r["ground.garrison_by_side"][x] for x in board.sides], np.float64),
            arm_side=board.arm_side,
            arm_camp=board.side_camp[board.arm_side],
            arm_turkish=board.arm_turkish.astype(np.float64),
            arm_sorties=board.arm_sorties,
            ground_attack=by_arm(board, "air.ground_attack"),
            ground_fire_loss=by_arm(board, "air.ground_fire_loss"),
            counter_air=by_arm(board, "air.counter_air"),
            fighter_loss=by_arm(board, "air.fighter_loss"),
            strike_kill=by_arm(board, "air.strike_kill"),
            strike_cohesion=by_arm(board, "air.strike_cohesion"),
            air_defence_kill=by_arm(board, "air.air_defence_kill"),
            vulnerable=vulnerability[[FORMATION_TYPES.index(f.type) for f in board.scenario.formations]].astype(
                np.float64
            ),
            posture_exposure=np.array([r["air.posture_exposure"][p] for p in POSTURES], np.float64),
            turkish_exposure=turkish_exposure(board).astype(np.float64),
            civilian_exposure=np.array(
                [r["weather.civilian_exposure"][x] for x in ("clear", "rain", "storm")], np.float64
            ),
            frontage=int(r["ground.frontage_fighters"]),
            half=float(r["air.half_effect_sorties"]),
            close_support_kill=float(r["air.close_support_kill"]),
            interdiction_cohesion_max=float(r["air.interdiction_cohesion_max"]),
            harm_per_sortie=float(r["air.civilian_harm_per_sortie"]),
            harm_cap=float(r["air.civilian_harm_cap"]),
            killed_share=float(r["ground.killed_share"]),
            defender_vulnerable=float(r["air.vulnerability"]["infantry"]),
            defender_exposed=float(r["air.posture_exposure"]["prepared"]),
            government=board.side_index("government") if "government" in board.sides else -1,
        )
    return _tables[board]


@jit
def _strike_local_defenders(t, w, fh, fa, hits, n, control, day_killed, killed):
    """``rules.air._strike_local_defenders`` in world w: the local defenders of hexes struck by another
    camp are killed and wounded like a prepared infantry formation."""
    order = np.argsort(fh[:n], kind="mergesort")  # the hexes in order, each hex's missions in their order
    total_hits, lethal_hits = np.empty(n), np.empty(n)
    i = 0
    while i < n:
        h = fh[order[i]]
        holder = control[w, h]
        m = 0
        j = i
        while j < n and fh[order[j]] == h:
            k = order[j]
            if holder >= 0 and t.side_camp[holder] != t.arm_camp[fa[k]] and hits[k] > 0:
                total_hits[m], lethal_hits[m] = hits[k], hits[k] * t.strike_kill[fa[k]]
                m += 1
            j += 1
        if m:
            share = segment_sum(lethal_hits, m) / (segment_sum(total_hits, m) + t.half)
            share = share * t.defender_vulnerable * t.defender_exposed
            losses = np.float64(t.garrison[h]) * t.garrison_by_side[holder] * share
            add_garrison_losses(w, holder, losses, t.killed_share, day_killed, killed)
        i = j


@jit
def fly(t, budget, mission, mission_hex, mission_sorties, u_loss, spread, u_harm, u_harm_sheltered, control,
        position, strength, posture, cohesion, aircraft, air_defence, weather, residents, sheltering, casualties,
        killed, killed_by_turkey, day_killed, killed_by_formation):  # fmt: skip
    """The air phase in every world; return (close support keys and sums, the air defence destroyed (B, C),
    the sorties on and beside each place (B, P), the events)."""
    ev, n_ev = new_events(mission.shape[0] * (4 * mission.shape[1] * mission.shape[2] + residents.shape[1])), 0
    B, A, M = mission.shape
    H = control.shape[1]
    F = position.shape[1]
    C = air_defence.shape[1]
    P = residents.shape[1]
    D = t.shelters.size
    half = t.half
    cas_keys = np.empty(B * A * M, np.int64)
    cas_sums = np.empty(B * A * M)
    n_cas = 0
    destroyed = np.zeros((B, C))
    exposure = np.zeros((B, P))
    # a world's missions flown: arm, slot, hex, sorties, kind
    fa, fm, fh = np.empty(A * M, np.int64), np.empty(A * M, np.int64), np.empty(A * M, np.int64)
    fs, fk = np.empty(A * M, np.int64), np.empty(A * M, np.int64)
    asked, valid = np.empty((A, M), np.int64), np.empty((A, M), np.bool_)
    flown = np.empty((A, M), np.int64)
    patrols = np.empty(C)
    share_of = np.empty(A)
    lost = np.empty(A * M, np.int64)
    sums = np.zeros((C, A * M, 4))  # weights flown on each of the world's mission hexes, by camp
    hexes = np.empty(A * M, np.int64)
    losses, killed_f = np.empty(F, np.int64), np.empty(F, np.int64)
    values = np.empty(A * M)
    slot_of = np.full(H, -1, np.int64)  # each hex's place among the world's mission hexes
    other = np.empty(4)
    for w in range(B):
        # sorties flown within each arm's budget, in the order of its missions
        for a in range(A):
            before = 0
            for m in range(M):
                h = mission_hex[w, a, m]
                asked[a, m] = max(mission_sorties[w, a, m], 0) if mission[w, a, m] != NO_MISSION else 0
                valid[a, m] = h >= 0 and h < H and t.inside[h]
                use = asked[a, m] if valid[a, m] else 0
                flown[a, m] = min(max(budget[w, a] - before, 0), asked[a, m]) if valid[a, m] else 0
                before += use
        for reason in (OFF_MAP, ARM_NOT_FLYING, NO_SORTIES_LEFT):
            for a in range(A):
                for m in range(M):
                    if asked[a, m] <= 0:
                        continue
                    if reason == OFF_MAP:
                        rejected = not valid[a, m]
                    elif reason == ARM_NOT_FLYING:
                        rejected = valid[a, m] and budget[w, a] == 0
                    else:
                        rejected = valid[a, m] and budget[w, a] > 0 and flown[a, m] < asked[a, m]
                    if rejected:
                        n_ev = add_event(ev, n_ev, w, ORDER_REJECTED, actor=a, hex=mission_hex[w, a, m],
                                             value=reason, flag=1)  # fmt: skip
        n = 0
        for a in range(A):
            for m in range(M):
                if flown[a, m] > 0:
                    fa[n], fm[n], fh[n], fs[n], fk[n] = a, m, mission_hex[w, a, m], flown[a, m], mission[w, a, m]
                    n += 1
        for i in range(n):
            n_ev = add_event(ev, n_ev, w, AIR_MISSION, side=t.arm_side[fa[i]], actor=fa[i],
                                 place=t.hex_place[fh[i]], hex=fh[i], value=fs[i], value2=fk[i])  # fmt: skip

        # losses to the guns and missiles of the ground flown over, and to enemy fighters
        for a in range(A):
            share_of[a] = budget[w, a] * t.counter_air[a] / max(t.arm_sorties[a], np.float32(1))
        for c in range(C):
            k = 0
            for a in range(A):
                if t.arm_camp[a] == c:
                    values[k] = share_of[a]
                    k += 1
            patrols[c] = _pairwise(values, 0, k)
        all_patrols = _pairwise(patrols, 0, C)
        for cause in (GROUND_FIRE, FIGHTERS):
            for i in range(n):
                a = fa[i]
                if cause == GROUND_FIRE:
                    holder = t.side_camp[max(control[w, fh[i]], 0)]
                    over_enemy = holder != t.arm_camp[a] and t.ground_attack[a] > 0
                    chance = t.ground_fire_loss[a] * np.float64(air_defence[w, holder]) * over_enemy
                else:
                    chance = t.fighter_loss[a] * (all_patrols - patrols[t.arm_camp[a]])
                lost[i] = min(np.int32(np.floor(fs[i] * chance + u_loss[w, a, fm[i], cause])), aircraft[w, a])
            for i in range(n):
                aircraft[w, fa[i]] = max(aircraft[w, fa[i]] - lost[i], 0)
            for i in range(n):
                if lost[i] > 0:
                    n_ev = add_event(ev, n_ev, w, AIRCRAFT_LOST, side=t.arm_side[fa[i]], actor=fa[i],
                                         hex=fh[i], value=lost[i], value2=cause)  # fmt: skip

        # effects, by the camp that flew them: only the share of an arm's effort that attacks the ground
        n_hexes = 0
        for i in range(n):
            a = fa[i]
            effort = fs[i] * t.ground_attack[a]
            camp = t.arm_camp[a]
            if fk[i] == CLOSE_AIR_SUPPORT:
                cas_keys[n_cas], cas_sums[n_cas] = (w * C + camp) * H + fh[i], effort
                n_cas += 1
            hits = effort * (1.0 if fk[i] == STRIKE else (t.close_support_kill if fk[i] == CLOSE_AIR_SUPPORT else 0.0))
            j = slot_of[fh[i]]
            if j < 0:
                j = n_hexes
                slot_of[fh[i]] = j
                hexes[j] = fh[i]
                sums[:, j, :] = 0.0
                n_hexes += 1
            kill = hits * t.strike_kill[a]
            sums[camp, j, 0] += hits
            sums[camp, j, 1] += kill
            sums[camp, j, 2] += kill * t.arm_turkish[a]
            sums[camp, j, 3] += hits * t.strike_cohesion[a]
            values[i] = hits
        # strikes and close support on the formations in the hexes struck (formations on the map before any loss)
        for f in range(F):
            losses[f], killed_f[f] = 0, 0
        for f in range(F if n_hexes else 0):
            at = position[w, f]
            if at < 0 or strength[w, f] <= 0 or slot_of[at] < 0:
                continue
            j, camp = slot_of[at], t.formation_camp[f]
            for k in range(4):  # what the other camps flew on the hex: all camps' sums, less the own camp's
                other[k] = sums[0, j, k]
                for c in range(1, C):
                    other[k] += sums[c, j, k]
                other[k] -= sums[camp, j, k]
            total, lethal, lethal_turkish, shaken = other[0], other[1], other[2], other[3]
            if not total > 0:
                continue
            exposed = t.posture_exposure[posture[w, f]]
            share = lethal / (total + half) * t.vulnerable[f] * exposed * t.turkish_exposure[f] * spread[w, f]
            engaged = min(strength[w, f], t.frontage)
            dead = np.int32(min(np.floor(engaged * min(share, 1.0)), strength[w, f]))
            by_turkey = np.int32(np.floor(dead * lethal_turkish / max(lethal, 1e-12) + 0.5))
            strength[w, f] -= dead
            losses[f] = dead - by_turkey
            killed_f[f] = by_turkey
            cohesion[w, f] = max(np.float64(cohesion[w, f]) - shaken / (total + half), 0.0)
        _strike_local_defenders(t, w, fh, fa, values, n, control, day_killed, killed)
        add_losses(t.formation_side, w, losses, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, -1)  # fmt: skip
        add_losses(t.formation_side, w, killed_f, t.killed_share, killed_by_formation, day_killed, killed,
                   killed_by_turkey, t.government)  # fmt: skip

        # interdiction: cohesion lost by formations on and beside the hexes it hits (none: none lost)
        interdicted = False
        for j in range(n_hexes):
            for c in range(C):
                sums[c, j, 0] = 0.0
        for i in range(n):
            if fk[i] == INTERDICTION:
                interdicted = True
                sums[t.arm_camp[fa[i]], slot_of[fh[i]], 0] += fs[i] * t.ground_attack[fa[i]]
        for f in range(F if interdicted else 0):
            at = position[w, f]
            if at < 0 or strength[w, f] <= 0:
                continue
            camp = t.formation_camp[f]
            harried = 0.0
            for k in range(7):  # the hex, then its neighbours
                x = at if k == 0 else t.neighbours[at, k - 1]
                j = slot_of[x] if x >= 0 else -1
                on_hex = 0.0
                if j >= 0:
                    on_hex = sums[0, j, 0]
                    for c in range(1, C):
                        on_hex += sums[c, j, 0]
                    on_hex -= sums[camp, j, 0]
                harried = on_hex if k == 0 else harried + on_hex
            lost_cohesion = t.interdiction_cohesion_max * (harried / (harried + half))
            cohesion[w, f] = min(max(np.float64(cohesion[w, f]) - lost_cohesion, 0.0), 1.0)
        for j in range(n_hexes):
            slot_of[hexes[j]] = -1

        # air defence destroyed by strikes on the ground it defends
        for i in range(n):
            holder = t.side_camp[max(control[w, fh[i]], 0)]
            if holder != t.arm_camp[fa[i]]:
                destroyed[w, holder] += values[i] * t.air_defence_kill[fa[i]]

        # people living in and next to the targeted hexes, and those sheltering there
        for i in range(n):
            effort = fs[i] * t.ground_attack[fa[i]]
            for k in range(t.places_near_hex.shape[1]):
                p = t.places_near_hex[fh[i], k]
                if p >= 0:
                    exposure[w, p] += effort
        factor = t.civilian_exposure[weather[w]]
        harmed = np.zeros(P, np.int64)
        for p in range(P):
            if exposure[w, p] > 0:
                share = min(t.harm_per_sortie * exposure[w, p] * factor, t.harm_cap)
                harmed[p] = min(np.int64(np.floor(residents[w, p] * share + u_harm[w, p])), residents[w, p])
                residents[w, p] -= harmed[p]
        for d in range(D):
            p = t.shelters[d]
            if exposure[w, p] > 0:
                share = min(t.harm_per_sortie * exposure[w, p] * factor, t.harm_cap)
                if share > 0:
                    there = sheltering[w, d]
                    hit = min(np.int64(np.floor(there * share + u_harm_sheltered[w, d])), there)
                    sheltering[w, d] -= hit
                    harmed[p] += hit
        for p in range(P):
            casualties[w, p] += harmed[p]
            if harmed[p] > 0:
                n_ev = add_event(ev, n_ev, w, CIVILIAN_HARM, place=p, hex=t.place_hex[p],
                                     value=harmed[p], value2=0)  # fmt: skip
    return cas_keys[:n_cas], cas_sums[:n_cas], destroyed, exposure, ev[:n_ev]
