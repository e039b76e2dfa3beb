"""Phase 3: air missions - sorties, air defence and fighter losses, effects on the ground, and
civilian harm as a consequence (MODELLING.md §2).

Each air arm is one class of aircraft (jets, helicopters, drones, fighters on patrol) with its own
coefficients in rules.yaml: how much of its effort attacks the ground, how lethal its strikes are,
how exposed it is to the guns and missiles of the ground it flies over (``air.ground_fire_loss``,
scaled by the state of that camp's air defence) and to the other camp's fighter patrols
(``air.fighter_loss``, scaled by the share of a full patrol those fighters fly today). Strikes and
close support kill a share of the formations in the target hex, more of vehicles and of troops in
the open; drones also destroy the air defence of the ground they strike.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import Kind, Reason
from ..kernels import air as air_kernels
from ..orders import CLOSE_AIR_SUPPORT, INTERDICTION, NO_MISSION, STRIKE
from ..rulebook import POSTURES
from ..scenario import AIRCRAFT_KINDS, FORMATION_TYPES
from .ground import KeySums, engaged, turkish_exposure

GROUND_FIRE, FIGHTERS = 0, 1  # causes of an aircraft loss (the event's value2)


def flying(board, state) -> np.ndarray:
    """(B, A) air arms in the air today: the others from their first date; Turkey's only in its open
    operation (and its drones only when ``turkey.drones`` allows them)."""
    r = board.rules
    turkish = board.arm_turkish[None, :]
    drone = board.arm_kind == AIRCRAFT_KINDS.index("drone")
    grounded = turkish & drone[None, :] & (not r["turkey.drones"])
    return np.where(turkish, state.escalation[:, None] >= 2, (state.day >= board.arm_from_day)[None, :]) & ~grounded


def available_sorties(board, state, weather: int | None = None) -> np.ndarray:
    """(B, A) sorties each air arm can fly today, after weather (the state's, or the index given) and losses."""
    r = board.rules
    factor = np.array([r["weather.sortie_factor"][w] for w in ("clear", "rain", "storm")])[
        state.weather if weather is None else np.full(state.batch, weather)
    ]
    full = board.arm_sorties[None, :] * state.aircraft / np.maximum(board.arm_aircraft, 1)[None, :]
    return np.where(flying(board, state), np.floor(full * factor[:, None]), 0).astype(np.int32)


def by_arm(board, key: str) -> np.ndarray:
    """(A,) a coefficient of rules.yaml given per air arm."""
    table = board.rules[key]
    return np.array([table[a.id] for a in board.scenario.air_arms], dtype=np.float64)


def _saturation(sorties, half):
    return sorties / (sorties + half)


def _loss_chances(day, budget, w, a, hexes) -> tuple[np.ndarray, np.ndarray]:
    """Per-sortie chances of losing an aircraft to ground fire and to fighters, for missions (w, a, hex)."""
    s, b = day.state, day.board
    arm_camp = b.side_camp[b.arm_side]
    attack = by_arm(b, "air.ground_attack")
    holder = b.side_camp[np.maximum(s.control[w, hexes], 0)]
    over_enemy = (holder != arm_camp[a]) & (attack[a] > 0)
    ground = by_arm(b, "air.ground_fire_loss")[a] * s.air_defence[w, holder] * over_enemy
    # fighter patrols: each camp's share of a full patrol flown today, against the other camps' aircraft
    C = len(b.camp_names)
    patrol_share = budget * by_arm(b, "air.counter_air")[None, :] / np.maximum(b.arm_sorties, 1)[None, :]
    patrols = np.zeros((s.batch, C))
    for c in range(C):
        patrols[:, c] = patrol_share[:, arm_camp == c].sum(axis=1)
    hostile = patrols.sum(axis=1)[w] - patrols[w, arm_camp[a]]
    return ground, by_arm(b, "air.fighter_loss")[a] * hostile


def resolve(day) -> None:
    s, b, r, o = day.state, day.board, day.rules, day.orders
    B, H, C, D = s.batch, b.hexes, len(b.camp_names), len(b.shelters)
    A, M = o.mission.shape[1:]
    u_loss = day.draws.uniform(A, M, 2)
    noise = day.draws.normal(len(b.formation_side))
    u_harm = day.draws.uniform(len(b.population))
    u_harm_sheltered = day.draws.uniform(D)

    budget = available_sorties(b, s)
    if kernels.compiled():
        sigma = r["air.kill_noise"]
        spread = np.exp(sigma * noise - sigma * sigma / 2)
        keys, sums, destroyed, exposure, rows = air_kernels.fly(
            air_kernels.tables_for(b), budget, o.mission, o.mission_hex, o.mission_sorties, u_loss, spread, u_harm,
            u_harm_sheltered, s.control, s.position, s.strength, s.posture, s.cohesion, s.aircraft, s.air_defence,
            s.weather, s.residents, s.sheltering, s.casualties, s.killed, s.killed_by_turkey, day.killed,
            day.killed_by_formation,
        )  # fmt: skip
        day.log.add_rows(rows)
        day.close_support = KeySums(keys, sums)
        s.air_defence = (s.air_defence * np.exp(-destroyed)).astype(np.float32)
        np.minimum(s.newly_displaced, s.sheltering, out=s.newly_displaced)  # as _civilian_harm leaves them
        day.air_exposure = exposure
        return
    asked = np.where(o.mission != NO_MISSION, np.maximum(o.mission_sorties, 0), 0)
    valid_hex = (o.mission_hex >= 0) & (o.mission_hex < H)
    valid_hex &= b.inside[np.clip(o.mission_hex, 0, H - 1)]
    before = np.cumsum(asked * valid_hex, axis=2) - asked * valid_hex
    flown = np.clip(budget[:, :, None] - before, 0, asked) * valid_hex
    for reason, mask in (
        (Reason.OFF_MAP, (asked > 0) & ~valid_hex),
        (Reason.ARM_NOT_FLYING, (asked > 0) & valid_hex & (budget[:, :, None] == 0)),
        (Reason.NO_SORTIES_LEFT, (asked > 0) & valid_hex & (budget[:, :, None] > 0) & (flown < asked)),
    ):
        w, a, m = np.nonzero(mask)
        day.log.add(Kind.ORDER_REJECTED, w, actor=a, hex=o.mission_hex[w, a, m], value=int(reason), flag=1)

    arm_camp = b.side_camp[b.arm_side]
    w, a, m = np.nonzero(flown > 0)
    hexes, sorties, kinds = o.mission_hex[w, a, m], flown[w, a, m], o.mission[w, a, m]
    day.log.add(
        Kind.AIR_MISSION,
        w,
        side=b.arm_side[a],
        actor=a,
        hex=hexes,
        place=b.hex_place[hexes],
        value=sorties,
        value2=kinds,
    )

    # losses to the guns and missiles of the ground flown over, and to enemy fighters
    ground_p, fighter_p = _loss_chances(day, budget, w, a, hexes)
    lost_ground = np.floor(sorties * ground_p + u_loss[w, a, m, 0]).astype(np.int32)
    lost_fighters = np.floor(sorties * fighter_p + u_loss[w, a, m, 1]).astype(np.int32)
    for cause, lost in ((GROUND_FIRE, lost_ground), (FIGHTERS, lost_fighters)):
        lost = np.minimum(lost, s.aircraft[w, a])
        np.subtract.at(s.aircraft, (w, a), lost)
        np.maximum(s.aircraft, 0, out=s.aircraft)
        k = lost > 0
        day.log.add(
            Kind.AIRCRAFT_LOST, w[k], side=b.arm_side[a[k]], actor=a[k], hex=hexes[k], value=lost[k], value2=cause
        )

    # effects, by the camp that flew them: only the share of an arm's effort that attacks the ground
    effort = sorties * by_arm(b, "air.ground_attack")[a]
    camp = arm_camp[a]
    by_camp = (w * C + camp) * H + hexes
    cas = kinds == CLOSE_AIR_SUPPORT
    day.close_support = KeySums(by_camp[cas], effort[cas])
    half = r["air.half_effect_sorties"]
    hits = effort * np.where(kinds == STRIKE, 1.0, np.where(cas, r["air.close_support_kill"], 0.0))
    turkish_arm = b.arm_turkish[a]
    _strike(day, w, hexes, camp, hits, a, turkish_arm, noise)
    fw, ff = np.nonzero((s.position >= 0) & (s.strength > 0))
    interdiction = _OnHexes(b, w, hexes, camp, effort * (kinds == INTERDICTION))
    harried = interdiction.enemy(fw, ff, s.position[fw, ff])[:, 0]
    for k in range(6):
        harried += interdiction.enemy(fw, ff, b.neighbours[s.position[fw, ff], k])[:, 0]
    s.cohesion[fw, ff] = np.clip(
        s.cohesion[fw, ff] - r["air.interdiction_cohesion_max"] * _saturation(harried, half), 0, 1
    )

    # air defence destroyed by strikes on the ground it defends
    holder = b.side_camp[np.maximum(s.control[w, hexes], 0)]
    hostile = holder != camp
    destroyed = np.zeros((B, C))
    np.add.at(destroyed, (w[hostile], holder[hostile]), (hits * by_arm(b, "air.air_defence_kill")[a])[hostile])
    s.air_defence = (s.air_defence * np.exp(-destroyed)).astype(np.float32)

    _civilian_harm(day, w, hexes, effort, u_harm, u_harm_sheltered)


class _OnHexes:
    """Mission weights summed by (world, hex) and by the camp that flew them, for lookups by formation."""

    def __init__(self, b, w, hexes, camp, weights):
        H, C = b.hexes, len(b.camp_names)
        self.board = b
        self.keys, where = np.unique(w.astype(np.int64) * H + hexes, return_inverse=True)
        weights = np.asarray(weights, np.float64)
        weights = weights.reshape(len(w), weights.shape[1] if weights.ndim == 2 else 1)
        self.sums = np.zeros((len(self.keys), C, weights.shape[1]))
        np.add.at(self.sums, (where, camp), weights)

    def enemy(self, fw, ff, at) -> np.ndarray:
        """(m, k) for formations (fw, ff) at hexes ``at`` (-1: none), the weights flown on their hex by
        the other camps."""
        out = np.zeros((len(fw), self.sums.shape[2]))
        if not self.keys.size:
            return out
        key = fw.astype(np.int64) * self.board.hexes + np.maximum(at, 0)
        i = np.clip(np.searchsorted(self.keys, key), 0, len(self.keys) - 1)
        hit = (self.keys[i] == key) & (at >= 0)
        s = self.sums[i[hit]]
        out[hit] = s.sum(axis=1) - s[np.arange(hit.sum()), self.board.formation_camp[ff[hit]]]
        return out


def _strike(day, w, hexes, camp, hits, a, turkish_arm, noise) -> None:
    """Strikes and close support on a hex kill a share of the engaged strength of the other camps'
    formations in it: sum over arms of strike_kill x sorties / (all sorties + half), more for vehicles
    and for troops in the open, with a log-normal spread; they also cost cohesion."""
    s, b, r = day.state, day.board, day.rules
    half = r["air.half_effect_sorties"]
    fw, ff = np.nonzero((s.position >= 0) & (s.strength > 0))
    at = s.position[fw, ff]
    kill_a = by_arm(b, "air.strike_kill")[a]
    columns = np.stack(
        [hits, hits * kill_a, hits * kill_a * turkish_arm, hits * by_arm(b, "air.strike_cohesion")[a]], axis=1
    )
    total, lethal, lethal_turkish, shaken = _OnHexes(b, w, hexes, camp, columns).enemy(fw, ff, at).T
    _strike_local_defenders(day, w, hexes, camp, hits, kill_a)
    struck = total > 0
    fw, ff, total, lethal, lethal_turkish, shaken = (x[struck] for x in (fw, ff, total, lethal, lethal_turkish, shaken))
    if not fw.size:
        return
    vulnerable = np.array([r["air.vulnerability"][t] for t in FORMATION_TYPES])[
        [FORMATION_TYPES.index(f.type) for f in b.scenario.formations]
    ]
    exposed = np.array([r["air.posture_exposure"][p] for p in POSTURES])[s.posture[fw, ff]]
    sigma = r["air.kill_noise"]
    spread = np.exp(sigma * noise[fw, ff] - sigma * sigma / 2)
    share = lethal / (total + half) * vulnerable[ff] * exposed * turkish_exposure(b)[ff] * spread
    killed = np.minimum(np.floor(engaged(b, s)[fw, ff] * np.minimum(share, 1.0)), s.strength[fw, ff]).astype(np.int32)
    by_turkey = np.floor(killed * lethal_turkish / np.maximum(lethal, 1e-12) + 0.5).astype(np.int32)
    s.strength[fw, ff] -= killed
    day.add_losses_at(fw, ff, killed - by_turkey)
    day.add_losses_at(fw, ff, by_turkey, by_turkey=True)
    s.cohesion[fw, ff] = np.maximum(s.cohesion[fw, ff] - shaken / (total + half), 0)


def _strike_local_defenders(day, w, hexes, camp, hits, kill_a) -> None:
    """The local defenders of a struck hex held by another camp (fighters of no named formation, dug in)
    are killed and wounded like a prepared infantry formation."""
    s, b, r = day.state, day.board, day.rules
    holder = s.control[w, hexes]
    hostile = (holder >= 0) & (b.side_camp[np.maximum(holder, 0)] != camp) & (hits > 0)
    if not hostile.any():
        return
    H = b.hexes
    key = w[hostile] * H + hexes[hostile]
    total, lethal = KeySums(key, hits[hostile]), KeySums(key, (hits * kill_a)[hostile])
    key = np.unique(key)
    kw, kh = np.divmod(key, H)
    side = s.control[kw, kh]
    by_side = np.array([r["ground.garrison_by_side"][x] for x in b.sides])[side]
    share = lethal.at(key) / (total.at(key) + r["air.half_effect_sorties"])
    share = share * r["air.vulnerability"]["infantry"] * r["air.posture_exposure"]["prepared"]
    day.add_garrison_losses(kw, side, b.garrison[kh] * by_side * share)


def _civilian_harm(day, w, hexes, effort, u_harm, u_harm_sheltered) -> None:
    """People living in and next to the targeted hexes, and those sheltering there, are killed or injured."""
    s, b, r = day.state, day.board, day.rules
    B, P = s.batch, len(b.population)
    near = b.places_near_hex[hexes]  # (n, k) places on or beside each target
    ok = near >= 0
    exposure = np.bincount(
        (np.repeat(w, near.shape[1]) * P + np.maximum(near, 0).reshape(-1))[ok.reshape(-1)],
        np.repeat(effort, near.shape[1])[ok.reshape(-1)].astype(np.float64),
        minlength=B * P,
    ).reshape(B, P)
    weather = np.array([r["weather.civilian_exposure"][x] for x in ("clear", "rain", "storm")])[s.weather]
    share = np.minimum(r["air.civilian_harm_per_sortie"] * exposure * weather[:, None], r["air.civilian_harm_cap"])
    harmed = np.minimum(np.floor(s.residents * share + u_harm).astype(np.int64) * (exposure > 0), s.residents)
    s.residents -= harmed
    at_shelter = share[:, b.shelters]
    sheltered = s.sheltering[:, :-1]
    harmed_sheltered = np.minimum(
        np.floor(sheltered * at_shelter + u_harm_sheltered).astype(np.int64) * (at_shelter > 0), sheltered
    )
    s.sheltering[:, :-1] -= harmed_sheltered
    np.minimum(s.newly_displaced, s.sheltering, out=s.newly_displaced)
    for d, place in enumerate(b.shelters):  # two shelters may share a place
        harmed[:, place] += harmed_sheltered[:, d]
    s.casualties += harmed
    day.air_exposure = exposure
    hw, hp = np.nonzero(harmed > 0)
    day.log.add(Kind.CIVILIAN_HARM, hw, place=hp, hex=b.place_hex[hp], value=harmed[hw, hp], value2=0)
