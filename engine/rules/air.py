"""Phase 3: air missions - sorties, air defence losses, effects, and civilian harm as a consequence."""

from __future__ import annotations

import numpy as np

from ..events import Kind, Reason
from ..orders import CLOSE_AIR_SUPPORT, INTERDICTION, NO_MISSION, STRIKE
from .ground import KeySums


def available_sorties(board, state, weather: int | None = None) -> np.ndarray:
    """(B, A) sorties each air arm can fly today, after weather (the state's, or the index given) and losses."""
    r = board.rules
    flying = (state.day >= board.arm_from_day)[None, :] & (
        ~board.arm_turkish[None, :] | (state.escalation[:, None] >= 2)
    )
    factor = np.array([r["weather.sortie_factor"][w] for w in ("clear", "rain", "storm")])[
        state.weather if weather is None else np.full(state.batch, weather)
    ]
    full = board.arm_sorties[None, :] * state.aircraft / np.maximum(board.arm_aircraft, 1)[None, :]
    return np.where(flying, np.floor(full * factor[:, None]), 0).astype(np.int32)


def _saturation(sorties, half):
    return sorties / (sorties + half)


def resolve(day) -> None:
    s, b, r, o = day.state, day.board, day.rules, day.orders
    B, H, C = s.batch, b.hexes, len(b.camp_names)
    A, M = o.mission.shape[1:]
    u_loss = day.draws.uniform(A, M)
    noise = day.draws.normal(len(b.formation_side))
    u_harm = day.draws.uniform(len(b.population))

    budget = available_sorties(b, s)
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

    # air defence: each camp's guns and missiles against the other playable camp's aircraft
    loss_rate = np.zeros(A)
    playable = {b.side_camp[b.side_index(x)] for x in b.scenario.playable}
    for i in range(A):
        enemies = [c for c in playable if c != arm_camp[i]]
        loss_rate[i] = sum(r["air.loss_per_sortie"][b.camp_names[c]] for c in enemies)
    turkey_camp = b.side_camp[b.side_index("turkey")] if "turkey" in b.sides else -1
    patrols = s.escalation >= 2 if b.arm_turkish.any() else np.zeros(B, bool)  # Turkish fighters on patrol
    rate = loss_rate[None, :, None] + np.where(
        patrols[:, None, None] & (arm_camp != turkey_camp)[None, :, None], r["air.loss_per_sortie_turkish_patrols"], 0.0
    )
    lost = np.floor(flown * rate + u_loss).astype(np.int32) * (flown > 0)
    lost_arm = np.minimum(lost.sum(axis=2), s.aircraft)
    s.aircraft -= lost_arm
    lw, la, lm = np.nonzero(lost > 0)
    day.log.add(
        Kind.AIRCRAFT_LOST, lw, side=b.arm_side[la], actor=la, hex=o.mission_hex[lw, la, lm], value=lost[lw, la, lm]
    )

    # effects, by the camp that flew them
    camp = arm_camp[a]
    by_camp = (w * C + camp) * H + hexes
    day.close_support = KeySums(by_camp[kinds == CLOSE_AIR_SUPPORT], sorties[kinds == CLOSE_AIR_SUPPORT])
    half = r["air.half_effect_sorties"]
    fw, ff = np.nonzero((s.position >= 0) & (s.strength > 0))
    fcamp = b.formation_camp[ff]

    def enemy_sorties(kind, hexes_of_f):
        k = kinds == kind
        total = KeySums(w[k] * H + hexes[k], sorties[k])
        own = KeySums(by_camp[k], sorties[k])
        ok = hexes_of_f >= 0
        h = np.maximum(hexes_of_f, 0)
        return np.where(ok, total.at(fw * H + h) - own.at((fw * C + fcamp) * H + h), 0.0)

    at = s.position[fw, ff]
    struck = enemy_sorties(STRIKE, at)
    harried = enemy_sorties(INTERDICTION, at)
    for k in range(6):
        harried += enemy_sorties(INTERDICTION, b.neighbours[at, k])
    kill = r["air.strike_kill_max"] * _saturation(struck, half) * np.exp(0.3 * noise[fw, ff] - 0.045)
    killed = np.zeros_like(s.strength)
    killed[fw, ff] = np.minimum(np.floor(s.strength[fw, ff] * kill).astype(np.int32), s.strength[fw, ff])
    s.strength -= killed
    s.cohesion[fw, ff] = np.clip(
        s.cohesion[fw, ff] - r["air.interdiction_cohesion_max"] * _saturation(harried, half), 0, 1
    )
    day.add_turkish_deaths(killed)

    # civilian harm: people in and next to the targeted hexes
    near = b.places_near_hex[hexes]  # (n, k) places on or beside each target
    ok = near >= 0
    P = len(b.population)
    exposure = np.bincount(
        (np.repeat(w, near.shape[1]) * P + np.maximum(near, 0).reshape(-1))[ok.reshape(-1)],
        np.repeat(sorties, near.shape[1])[ok.reshape(-1)].astype(np.float64),
        minlength=B * P,
    ).reshape(B, P)
    weather = np.array([r["weather.civilian_exposure"][x] for x in ("clear", "rain", "storm")])[s.weather]
    share = np.minimum(r["air.civilian_harm_per_sortie"] * exposure * weather[:, None], r["air.civilian_harm_cap"])
    harmed = np.minimum(np.floor(s.residents * share + u_harm).astype(np.int64) * (exposure > 0), s.residents)
    s.residents -= harmed
    s.casualties += harmed
    day.air_exposure = exposure
    hw, hp = np.nonzero(harmed > 0)
    day.log.add(Kind.CIVILIAN_HARM, hw, place=hp, hex=b.place_hex[hp], value=harmed[hw, hp], value2=0)
