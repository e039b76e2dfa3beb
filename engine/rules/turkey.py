"""Turkey: its artillery before the ground battle (``fire``) and its escalation ladder after the
day's losses are known (``resolve``), MODELLING.md §4.

The ladder (``state.escalation``): 0, posts only; 1, retaliation and fire support for the
opposition; 2, the open operation (Spring Shield), in which Turkish formations fight, its drones and
F-16s fly and its artillery fires every day. Turkey climbs to 1 after a day on which government fire
kills Turkish soldiers, or when a post it set up during the offensive is encircled; to 2 on the day
it decides to (``turkey.intervention``), or earlier when one day's deaths or the total pass their
thresholds, or when its deadline passes with posts encircled. With ``turkey.intervention: none``
Turkey keeps to its posts whatever happens.

Turkish soldiers die only from government fire: its artillery on troops in contact (here), its
attacks on and beside the hexes they hold (ground.py) and its air strikes on them (air.py); the
posts agreed before the offensive are spared (``turkey.agreed_post_exposure``).
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import Kind
from ..kernels import turkey as turkey_kernels
from ..kernels.forces import force_tables
from ..kernels.geometry import grid_constants
from ..orders import ATTACK
from ..rulebook import POSTURES
from ..scenario import AIRCRAFT_KINDS
from .air import available_sorties
from .ground import KeySums, engaged, hex_distance, turkish_exposure

# why Turkey climbed a rung (the ESCALATION event's value2)
DECISION, DAY_DEATHS, TOTAL_DEATHS, DEADLINE, DEADLY_FIRE, POST_ENCIRCLED = range(6)


def intervenes(board) -> bool:
    return "turkey" in board.sides and board.rules["turkey.intervention"] != "none"


def in_reach(board, state, worlds: np.ndarray, hexes: np.ndarray) -> np.ndarray:
    """For (world, hex) pairs: within ``turkey.artillery_reach_hexes`` of a Turkish formation on the map."""
    out = np.zeros(np.shape(worlds), bool)
    if "turkey" not in board.sides or not np.size(worlds):
        return out
    reach = board.rules["turkey.artillery_reach_hexes"]
    for f in np.flatnonzero(board.formation_side == board.side_index("turkey")):
        at = state.position[worlds, f]
        here = (at >= 0) & (state.strength[worlds, f] > 0)
        out |= here & (hex_distance(board, np.maximum(at, 0), hexes) <= reach)
    return out


def artillery_reach(board, state) -> np.ndarray:
    """(B, H) hexes within ``turkey.artillery_reach_hexes`` of a Turkish formation on the map."""
    B, H = state.batch, board.hexes
    worlds, hexes = np.repeat(np.arange(B), H), np.tile(np.arange(H), B)
    return in_reach(board, state, worlds, hexes).reshape(B, H)


def fire_support_available(board, state) -> np.ndarray:
    """(B, H) hexes where Turkish artillery supports the opposition today (escalation 1 or 2): the
    signal an opposition plan can wait for before a counter-offensive."""
    return artillery_reach(board, state) & (state.escalation[:, None] >= 1)


def fire(day) -> None:
    """The day's fire between the government and Turkish troops, before the ground battle: government
    artillery on Turkish troops in contact, whatever Turkey decides; then Turkey's, on the ladder."""
    u = day.draws.uniform(len(day.board.formation_side))
    noise = day.draws.normal(len(day.board.formation_side))
    if "turkey" not in day.board.sides:
        return
    if kernels.compiled():
        _fire_compiled(day, u, noise)
        return
    _fire_on_troops_in_contact(day, u, noise)
    if intervenes(day.board) and (day.state.escalation >= 1).any():
        _turkish_artillery(day, u)


def _fire_compiled(day, u, noise) -> None:
    """``fire`` on the compiled kernel (engine.kernels.turkey)."""
    s, b, r, o = day.state, day.board, day.rules, day.orders
    artillery = intervenes(b) and bool((s.escalation >= 1).any())
    operation = s.escalation >= 2
    spotted = np.where(operation, _spotting(b, s), 1.0) if artillery else np.ones(s.batch)
    sigma = r["turkey.contact_fire_noise"]
    turkey = b.side_index("turkey")
    posture = np.array([r["air.posture_exposure"][p] for p in POSTURES], np.float64)
    keys, sums, rows = turkey_kernels.fire(
        force_tables(b)[1], grid_constants(b.grid), s.control, s.position, s.strength, s.cohesion, s.posture,
        s.escalation, s.retaliation_days, o.action, o.target, b.side_camp, b.formation_camp, b.formation_side,
        b.neighbours, posture, turkish_exposure(b).astype(np.float64), np.flatnonzero(b.formation_side == turkey),
        int(b.side_camp[turkey]), turkey, float(r["turkey.contact_fire"]), u, np.exp(sigma * noise - sigma * sigma / 2),
        artillery, int(r["turkey.artillery_reach_hexes"]),
        np.where(operation, r["turkey.operation_fire_support"], r["turkey.retaliation_fire_support"]) * spotted,
        np.where(operation, r["turkey.operation_kill"], r["turkey.retaliation_kill"]) * spotted,
        np.where(operation, r["turkey.operation_cohesion"], r["turkey.retaliation_cohesion"]) * spotted,
        float(r["ground.killed_share"]), b.side_index("government") if "government" in b.sides else -1,
        day.killed_by_formation, day.killed, s.killed, s.killed_by_turkey,
    )  # fmt: skip
    if keys.size:
        old = day.close_support
        day.close_support = KeySums(np.concatenate([old.keys, keys]), np.concatenate([old.sums, sums]))
    day.log.add_rows(rows)


def _fire_on_troops_in_contact(day, u, noise) -> None:
    """Government artillery shells the Turkish troops with government formations in or beside their hex:
    a share ``turkey.contact_fire`` of their engaged strength a day, more for troops on the move or just
    arrived, with a log-normal spread (most days little, a shell on a building or a column now and then);
    the posts agreed before the offensive were spared."""
    s, b, r = day.state, day.board, day.rules
    H = b.hexes
    ally = b.side_camp[b.side_index("turkey")]
    on_map = (s.position >= 0) & (s.strength > 0)
    gw, gf = np.nonzero(on_map & (b.formation_camp != ally)[None, :])
    hostile = KeySums(gw * H + s.position[gw, gf], np.ones(gw.size))
    tw, tf = np.nonzero(on_map & (b.formation_side == b.side_index("turkey"))[None, :])
    if not tw.size:
        return
    at = s.position[tw, tf]
    around = np.concatenate([at[:, None], b.neighbours[at]], axis=1)
    contact = np.zeros(tw.size, bool)
    for k in range(7):
        ok = around[:, k] >= 0
        contact |= ok & (hostile.at(tw * H + np.maximum(around[:, k], 0)) > 0)
    tw, tf = tw[contact], tf[contact]
    exposed = np.array([r["air.posture_exposure"][p] for p in POSTURES])[s.posture[tw, tf]]
    sigma = r["turkey.contact_fire_noise"]
    spread = np.exp(sigma * noise[tw, tf] - sigma * sigma / 2)
    share = np.minimum(r["turkey.contact_fire"] * exposed * turkish_exposure(b)[tf] * spread, 1.0)
    loss = np.minimum(np.floor(engaged(b, s)[tw, tf] * share + u[tw, tf]).astype(np.int32), s.strength[tw, tf])
    s.strength[tw, tf] -= loss
    day.add_losses_at(tw, tf, loss)


def _turkish_artillery(day, u) -> None:
    """Turkish artillery: fire support to the opposition's attacks and defences within reach, counted as
    close-support sorties in the ground battle, and fire on the government's formations within reach
    on retaliation days (rung 1) and every day of the open operation (rung 2)."""
    s, b, r, o = day.state, day.board, day.rules, day.orders
    B, H, C = s.batch, b.hexes, len(b.camp_names)
    operation = s.escalation >= 2
    ally = b.side_camp[b.side_index("turkey")]
    spotted = np.where(operation, _spotting(b, s), 1.0)  # the operation's guns fire on what its drones find

    support = np.where(operation, r["turkey.operation_fire_support"], r["turkey.retaliation_fire_support"]) * spotted
    w, f = np.nonzero(o.action == ATTACK)
    target = np.clip(o.target[w, f], 0, H - 1)
    holder = b.side_camp[np.maximum(s.control[w, target], 0)]
    backed = (s.escalation[w] >= 1) & ((b.formation_camp[f] == ally) | (holder == ally))
    backed &= in_reach(b, s, w, target)
    keys = np.unique((w[backed] * C + ally) * H + target[backed])
    if keys.size:
        old = day.close_support
        day.close_support = KeySums(
            np.concatenate([old.keys, keys]), np.concatenate([old.sums, support[keys // C // H]])
        )

    firing = operation | ((s.escalation == 1) & (s.retaliation_days > 0))
    kill = np.where(operation, r["turkey.operation_kill"], r["turkey.retaliation_kill"]) * spotted
    shaken = np.where(operation, r["turkey.operation_cohesion"], r["turkey.retaliation_cohesion"]) * spotted
    on_map = (s.position >= 0) & (s.strength > 0) & (b.formation_camp != ally)[None, :]
    gw, gf = np.nonzero(on_map & firing[:, None])
    hit = in_reach(b, s, gw, s.position[gw, gf])
    gw, gf = gw[hit], gf[hit]
    loss = np.minimum(np.floor(engaged(b, s)[gw, gf] * kill[gw] + u[gw, gf]).astype(np.int32), s.strength[gw, gf])
    s.strength[gw, gf] -= loss
    s.cohesion[gw, gf] = np.maximum(s.cohesion[gw, gf] - shaken[gw], 0)
    day.add_losses_at(gw, gf, loss, by_turkey=True)
    worlds = np.flatnonzero(firing)
    total = np.bincount(gw, weights=loss, minlength=B)
    hit_count = np.bincount(gw, minlength=B)
    day.log.add(
        Kind.TURKISH_FIRE,
        worlds,
        side=b.side_index("turkey"),
        value=total[worlds].astype(np.int64),
        value2=hit_count[worlds],
    )
    s.retaliation_days = np.where(
        firing & ~operation, np.maximum(s.retaliation_days - 1, 0), s.retaliation_days
    ).astype(np.int16)


def _spotting(board, state) -> np.ndarray:
    """(B,) effect of the operation's artillery: ``1 - turkey.drone_spotting`` without drones, all of it
    with every Turkish drone sortie flying (they found the targets and directed the fire)."""
    drones = board.arm_turkish & (board.arm_kind == AIRCRAFT_KINDS.index("drone"))
    share = board.rules["turkey.drone_spotting"]
    if not drones.any():
        return np.full(state.batch, 1 - share)
    flying = available_sorties(board, state)[:, drones].sum(axis=1) / max(board.arm_sorties[drones].sum(), 1)
    return 1 - share + share * np.minimum(flying, 1.0)


def resolve(day) -> None:
    """Count the day's Turkish dead and climb the ladder."""
    s, b, r = day.state, day.board, day.rules
    if "turkey" not in b.sides:
        return
    turkey = b.side_index("turkey")
    today = day.killed[:, turkey]
    dead = day.killed_by_formation * (b.formation_side == turkey)[None, :]
    w, f = np.nonzero(dead > 0)
    at = np.maximum(s.position[w, f], 0)
    day.log.add(Kind.TURKISH_DEATHS, w, side=turkey, actor=f, hex=at, place=b.cell[at], value=dead[w, f])
    s.turkish_deaths += today.astype(np.int32)
    s.deaths_week = np.roll(s.deaths_week, 1, axis=1)
    s.deaths_week[:, 0] = today
    if not intervenes(b):
        return

    deadly = today > 0
    s.retaliation_days = np.where(deadly, r["turkey.retaliation_days"], s.retaliation_days).astype(np.int16)
    new_post = (b.post_from_day > 0)[None, :]  # posts set up during the offensive, not agreed before it
    relief = (s.post_encircled & new_post).any(axis=1)
    deadline = r["turkey.deadline"]
    past_deadline = deadline != "none" and b.date(s.day) > deadline
    reasons = np.stack(
        [
            np.full(s.batch, s.day >= b.intervention_day),
            today >= r["turkey.open_operation_day_deaths"],
            s.turkish_deaths >= r["turkey.open_operation_total_deaths"],
            np.full(s.batch, past_deadline) & s.post_encircled.any(axis=1),
            deadly,
            relief,
        ],
        axis=1,
    )
    level = np.where(reasons[:, :4].any(axis=1), 2, np.where(reasons[:, 4:].any(axis=1), 1, 0))
    rising = level > s.escalation
    w = np.flatnonzero(rising)
    why = np.argmax(reasons[w] & (np.where(np.arange(6) < 4, 2, 1)[None, :] == level[w][:, None]), axis=1)
    day.log.add(Kind.ESCALATION, w, side=turkey, value=level[w], value2=why)
    s.escalation = np.maximum(s.escalation, level).astype(np.int8)
