"""Phase 4: arrivals, order checks, movement and combat on the hex grid.

Combat is a continuous combat results table priced in QJM terms (MODELLING.md §1): attackers'
power against the defence of the target hex gives the force ratio r, P(capture) =
logistic(k (ln r - ln r50)), and both sides lose a share of strength that falls (attacker) or rises
(defender) with r, capped at the QJM daily limits.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..events import Kind, Reason
from ..kernels import ground as ground_kernels
from ..kernels.forces import forces_of
from ..orders import ATTACK, DIG_IN, HOLD, MOVE, REFIT
from ..rulebook import POSTURES, WEATHER

MOVING, HASTY, PREPARED, FORTIFIED = range(4)


def hex_distance(board, a, b):
    q1, r1 = board.axial_q[a], board.axial_r[a]
    q2, r2 = board.axial_q[b], board.axial_r[b]
    dq, dr = q1 - q2, r1 - r2
    return (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2


def broken(board, state) -> np.ndarray:
    """(B, F) formations too weak to attack."""
    return (state.strength < board.rules["ground.break_threshold"] * board.formation_strength) | (state.cohesion < 0.25)


def engaged(board, state) -> np.ndarray:
    """(B, F) fighters of each formation that can fight for one hex: the rest of a large formation
    holds the neighbouring front and supplies the reserves."""
    return np.minimum(state.strength, board.rules["ground.frontage_fighters"])


def power(board, state) -> np.ndarray:
    """(B, F) attacking combat power of each formation before support and weather."""
    r = board.rules
    fatigue = np.maximum(r["ground.fatigue_floor"], 1 - r["ground.fatigue_per_day"] * state.combat_days)
    supply = np.where(state.supplied, 1.0, r["supply.unsupplied_power"])
    return engaged(board, state) * state.cohesion * board.formation_cev * supply * fatigue


def restrained(board, state) -> np.ndarray:
    """(B, F) Turkish formations before Turkey opens its operation: they hold their posts and neither
    attack nor defend hexes (the record's posts were encircled, not stormed)."""
    turkey = board.side_index("turkey") if "turkey" in board.sides else -1
    return (board.formation_side == turkey)[None, :] & (state.escalation[:, None] < 2)


def turkish_exposure(board) -> np.ndarray:
    """(F,) share of the fire on its hex that each formation takes: 1, except for the Turkish troops of
    the posts agreed before the offensive (on the map from the start), whose positions the government
    and Russia knew and spared (``turkey.agreed_post_exposure``)."""
    turkey = board.side_index("turkey") if "turkey" in board.sides else -1
    agreed = (board.formation_side == turkey) & (board.formation_start >= 0)
    return np.where(agreed, board.rules["turkey.agreed_post_exposure"], 1.0)


def fighting(board, state) -> np.ndarray:
    """(B, F) formations on the map that take part in ground combat."""
    return (state.position >= 0) & (state.strength > 0) & ~restrained(board, state)


def defence(board, state) -> np.ndarray:
    """(B, F) defending combat power of each formation in its hex (posture and terrain included)."""
    r = board.rules
    posture = np.array([r["ground.posture"][p] for p in POSTURES])[state.posture]
    terrain = board.terrain_defence[np.maximum(state.position, 0)]
    supply = np.where(state.supplied, 1.0, r["supply.unsupplied_power"])
    return engaged(board, state) * state.cohesion * board.formation_cev * posture * terrain * supply


class KeySums:
    """Sums of weights by integer key, looked up for many keys at once."""

    def __init__(self, keys: np.ndarray, weights: np.ndarray):
        order = np.argsort(keys, kind="stable")
        k, w = keys[order], weights[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if k.size else np.zeros(0, int)
        self.keys = k[starts]
        self.sums = np.add.reduceat(w, starts) if k.size else np.zeros(0)

    def at(self, query: np.ndarray) -> np.ndarray:
        if self.keys.size == 0:
            return np.zeros(np.shape(query))
        i = np.clip(np.searchsorted(self.keys, query), 0, self.keys.size - 1)
        return np.where(self.keys[i] == query, self.sums[i], 0.0)


def hex_defence(board, state, worlds: np.ndarray, hexes: np.ndarray) -> np.ndarray:
    """Defence of hexes against attack: the holder's formations in the hex, a share of those in the
    hexes around it (they shift fire and reserves to the threatened hex) and the local garrison."""
    r = board.rules
    H, C = board.hexes, len(board.camp_names)
    holder = state.control[worlds, hexes]
    camp = board.side_camp[np.maximum(holder, 0)]
    if kernels.compiled():
        total, around = kernels.hex_defence_sums(
            np.asarray(worlds, np.int64).reshape(-1),
            np.asarray(hexes, np.int64).reshape(-1),
            camp.reshape(-1),
            fighting(board, state),
            state.position,
            board.formation_camp,
            defence(board, state),
            board.neighbours,
        )
        total, around = total.reshape(np.shape(holder)), around.reshape(np.shape(holder))
    else:
        w, f = np.nonzero(fighting(board, state))
        sums = KeySums((w * H + state.position[w, f]) * C + board.formation_camp[f], defence(board, state)[w, f])
        total = sums.at((worlds * H + hexes) * C + camp)
        around = np.zeros(total.shape)
        for k in range(6):
            n = board.neighbours[hexes, k]
            ok = n >= 0
            around += np.where(ok, sums.at((worlds * H + np.maximum(n, 0)) * C + camp), 0.0)
    by_side = np.array([r["ground.garrison_by_side"][x] for x in board.sides])[np.maximum(holder, 0)]
    garrison = board.garrison[hexes] * board.terrain_defence[hexes] * r["ground.posture"]["prepared"] * by_side
    return np.where(holder >= 0, total + r["ground.adjacent_support"] * around + garrison, np.inf)


def capture_probability(board, ratio: np.ndarray) -> np.ndarray:
    """P(an attack at force ratio ``ratio`` takes the hex) = logistic(k (ln r - ln r50))."""
    r = board.rules
    return 1.0 / (1.0 + np.exp(-r["ground.k"] * (np.log(np.maximum(ratio, 1e-12)) - np.log(r["ground.r50"]))))


def _reject(day, mask, reason, hexes):
    w, f = np.nonzero(mask)
    day.log.add(Kind.ORDER_REJECTED, w, side=day.board.formation_side[f], actor=f, hex=hexes[w, f], value=int(reason))
    day.orders.action[mask] = HOLD


def exploit(day, worlds, leads, origins, hexes, ratios, u) -> None:
    """After a breakthrough at ``ground.exploit_ratio`` or better, the lead formation presses on in
    the same direction through hexes with no enemy formation, up to ``ground.exploit_hexes`` a day
    (none in storms), each taken with the probability the rules give against its local defence."""
    s, b, r = day.state, day.board, day.rules
    direction = np.argmax(b.neighbours[np.maximum(origins, 0)] == hexes[:, None], axis=1)
    going = (ratios >= r["ground.exploit_ratio"]) & (s.weather[worlds] < 2)
    for step in range(r["ground.exploit_hexes"]):
        nxt = b.neighbours[hexes, direction]
        holder = np.where(nxt >= 0, s.control[worlds, np.maximum(nxt, 0)], -1)
        mine = b.formation_camp[leads]
        hostile = (nxt >= 0) & (holder >= 0) & (b.side_camp[np.maximum(holder, 0)] != mine)
        occupied = _occupied_by(b, s, worlds, np.maximum(nxt, 0), exclude_camp=mine)
        going &= hostile & ~occupied
        if not going.any():
            return
        i = np.flatnonzero(going)
        attack = (
            power(b, s)[worlds[i], leads[i]]
            * np.array([r["weather.combat_factor"][x] for x in WEATHER])[s.weather[worlds[i]]]
        )
        ratio = attack / np.maximum(hex_defence(b, s, worlds[i], nxt[i]), 1e-9)
        taken = u[worlds[i], leads[i], step] < capture_probability(b, ratio)
        i = i[taken]
        going[:] = False
        going[i] = True
        w, f, h = worlds[i], leads[i], nxt[i]
        s.control[w, h] = b.camp_side[mine[i]]
        day.taken[w, h] = True
        s.position[w, f] = h
        day.log.add(Kind.MOVE, w, side=b.formation_side[f], actor=f, hex=h, place=b.hex_place[h])
        hexes = np.where(going, nxt, hexes)


def _occupied_by(b, s, worlds, hexes, exclude_camp) -> np.ndarray:
    """For each (world, hex), whether a formation of a camp other than ``exclude_camp`` stands there."""
    H, C = b.hexes, len(b.camp_names)
    fw, ff = np.nonzero(fighting(b, s))
    total = KeySums(fw * H + s.position[fw, ff], np.ones(fw.size))
    own = KeySums((fw * H + s.position[fw, ff]) * C + b.formation_camp[ff], np.ones(fw.size))
    return total.at(worlds * H + hexes) - own.at((worlds * H + hexes) * C + exclude_camp) > 0


def _standing_in_lost_hexes(b, s, worlds, hexes, camps) -> np.ndarray:
    """(B, F) fighting formations in the (world, hex) pairs just taken by ``camps``, not of the taker's camp."""
    taken_by = np.full((s.batch, b.hexes), -1, np.int64)
    taken_by[worlds, hexes] = camps
    rows, pos = np.arange(s.batch)[:, None], np.maximum(s.position, 0)
    return fighting(b, s) & (taken_by[rows, pos] >= 0) & (taken_by[rows, pos] != b.formation_camp[None, :])


def within_reach(board, state, worlds, formations, pos, target, asked) -> np.ndarray:
    """Whether a day's move from ``pos`` to ``target`` hexes is within reach, for the moves ``asked``
    (arrays of one shape, with each move's world and formation): one hex off the roads,
    ``ground.move_hexes_road`` along a road, and ``ground.move_hexes_rear`` through ground the
    formation's camp holds all the way."""
    r = board.rules
    distance = hex_distance(board, pos, target)
    speed = np.where(board.road[pos] & board.road[target], r["ground.move_hexes_road"], r["ground.move_hexes_open"])
    ok = distance <= speed
    far = asked & ~ok & (distance <= r["ground.move_hexes_rear"])
    if far.any():
        camps = board.formation_camp[formations[far]]
        ok[far] = behind_the_lines(board, state, worlds[far], pos[far], target[far], camps)
    return ok


def behind_the_lines(board, state, worlds, origins, targets, camps) -> np.ndarray:
    """(n,) whether every hex of the straight line from each origin to its target is held by the camp."""
    line = board.grid.lines(origins, targets, board.rules["ground.move_hexes_rear"])  # (n, steps + 1)
    held = np.where(line >= 0, state.control[worlds[:, None], np.maximum(line, 0)], -1)
    return ((line >= 0) & (held >= 0) & (board.side_camp[np.maximum(held, 0)] == camps[:, None])).all(axis=1)


# The order checks in the order they apply, each for the actions it concerns (None: any but hold);
# an order is refused with the first that fails.
ORDER_CHECKS = (
    (Reason.NOT_ON_MAP, None),
    (Reason.OFF_MAP, (MOVE,)),
    (Reason.OFF_MAP, (ATTACK,)),
    (Reason.NOT_OWN_GROUND, (MOVE,)),
    (Reason.TOO_FAR, (MOVE,)),
    (Reason.NOT_ADJACENT, (ATTACK,)),
    (Reason.NOT_ENEMY, (ATTACK,)),
    (Reason.TURKEY_NOT_ENGAGED, (ATTACK,)),
    (Reason.BROKEN, (ATTACK,)),
)


def order_refusals(board, state, worlds, formations, actions, targets) -> np.ndarray:
    """The reason each order is refused (0: accepted), for orders given as equal-shaped arrays of
    world, formation, action and target hex: the first of ``ORDER_CHECKS`` that fails. The rules'
    own check and the legal orders a play screen offers both come from here."""
    s, b = state, board
    H = b.hexes
    on_map = (s.position[worlds, formations] >= 0) & (s.strength[worlds, formations] > 0)
    valid = (targets >= 0) & (targets < H)
    t = np.clip(targets, 0, H - 1)
    pos = np.maximum(s.position[worlds, formations], 0)
    own = b.formation_camp[formations]
    holder = s.control[worlds, t]
    target_camp = np.where(valid & (holder >= 0), b.side_camp[np.maximum(holder, 0)], -1)
    fails = {
        Reason.NOT_ON_MAP: ~on_map & (actions != REFIT),
        Reason.OFF_MAP: ~valid | ~b.inside[t],
        Reason.NOT_OWN_GROUND: target_camp != own,
        Reason.NOT_ADJACENT: ~(b.neighbours[pos] == t[..., None]).any(axis=-1),
        Reason.NOT_ENEMY: (target_camp == own) | (target_camp < 0),
        Reason.TURKEY_NOT_ENGAGED: restrained(b, s)[worlds, formations],
        Reason.BROKEN: broken(b, s)[worlds, formations],
    }
    reasons = np.zeros(np.shape(actions), np.int8)
    for reason, acts in ORDER_CHECKS:
        applies = (reasons == 0) & ((actions != HOLD) if acts is None else np.isin(actions, acts))
        if reason == Reason.TOO_FAR:  # the long move through the rear is traced only for the moves still open
            failing = ~within_reach(b, s, worlds, formations, pos, t, applies)
        else:
            failing = fails[reason]
        reasons = np.where(applies & failing, int(reason), reasons)
    return reasons


def check_orders(day) -> None:
    """Turn illegal formation orders into holds, each with its reason in the events."""
    s, b, o = day.state, day.board, day.orders
    worlds, formations = np.indices(o.action.shape)
    reasons = order_refusals(b, s, worlds, formations, o.action, o.target)
    for reason, acts in ORDER_CHECKS:
        applies = (o.action != HOLD) if acts is None else np.isin(o.action, acts)
        _reject(day, applies & (reasons == reason), reason, o.target)


def arrive(day) -> None:
    s, b = day.state, day.board
    due = (b.formation_arrival[None, :] <= s.day) & (s.position < 0) & (s.strength > 0)
    w, f = np.nonzero(due)
    if w.size == 0:
        return
    hexes = b.formation_arrival_hex[f]
    ok = (hexes >= 0) & (b.side_camp[np.maximum(s.control[w, np.maximum(hexes, 0)], 0)] == b.formation_camp[f])
    ok &= s.control[w, np.maximum(hexes, 0)] >= 0
    # a place lost before the arrival: come in at the nearest supply source still held
    for i in np.flatnonzero(~ok):
        camp = b.formation_camp[f[i]]
        for p in b.supply_places[camp]:
            h = b.place_hex[p]
            if s.control[w[i], h] >= 0 and b.side_camp[s.control[w[i], h]] == camp:
                hexes[i], ok[i] = h, True
                break
    w, f, hexes = w[ok], f[ok], hexes[ok]
    s.position[w, f] = hexes
    s.posture[w, f] = HASTY
    day.log.add(Kind.ARRIVAL, w, side=b.formation_side[f], actor=f, hex=hexes, place=b.hex_place[hexes])


def resolve(day) -> None:
    s, b, r = day.state, day.board, day.rules
    F = len(b.formation_side)
    u_capture = day.draws.uniform(F)
    u_exploit = day.draws.uniform(F, r["ground.exploit_hexes"])
    noise = day.draws.normal(F)
    if kernels.compiled():
        _resolve_compiled(day, u_capture, u_exploit, noise)
        return
    arrive(day)
    check_orders(day)
    refit = _move_dig_refit(day)
    in_combat = _combat(day, u_capture, u_exploit, noise)
    destroyed = (s.strength <= 0) & (s.position >= 0)
    w, f = np.nonzero(destroyed)
    day.log.add(Kind.DESTROYED, w, side=b.formation_side[f], actor=f, hex=s.position[w, f])
    s.position[destroyed] = -1
    s.strength = np.maximum(s.strength, 0)
    s.combat_days = np.where(in_combat, s.combat_days + 1, 0).astype(np.int16)
    resting = ~in_combat & s.supplied & (s.position >= 0) & ~refit
    s.cohesion = np.where(resting, np.minimum(s.cohesion + r["ground.cohesion_recovery"], 1), s.cohesion).astype(
        np.float32
    )


def _loss_rates(board, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The day's loss rates at force ratios ``ratio``: attackers', defenders' and local defenders'."""
    r = board.rules
    g = r["ground.loss_ratio_exponent"] * 1.0
    scale = r["ground.intensity"]
    att_frac = np.minimum(r["ground.attacker_base_loss"] * ratio**-g * scale, r["ground.attacker_loss_cap"])
    def_frac = np.minimum(r["ground.defender_base_loss"] * ratio**g * scale, r["ground.defender_loss_cap"])
    local_frac = np.minimum(r["ground.defender_base_loss"] * ratio**g * scale, 1.0)
    return att_frac, def_frac, local_frac


def _resolve_compiled(day, u_capture, u_exploit, noise) -> None:
    """``resolve`` on the compiled kernels (engine.kernels.ground); numpy prices the odds and the loss rates."""
    s, b, r, o = day.state, day.board, day.rules, day.orders
    ft, c, t, grid = ground_kernels.tables_for(b)
    fr = forces_of(s)
    refit, rows = ground_kernels.prepare(ft, c, t, grid, fr, s.day, o.action, o.target)
    day.log.add_rows(rows)
    in_combat = np.zeros(s.position.shape, bool)
    cas = day.close_support
    e_world, e_hex, e_camp, lead, ratio, aw, af, which = ground_kernels.engagements(
        ft, c, t, fr, o.action, o.target, cas.keys, cas.sums
    )
    if e_world.size:
        success = u_capture[e_world, lead] < capture_probability(b, ratio)
        att_frac, def_frac, local_frac = _loss_rates(b, ratio)
        sigma = r["ground.loss_noise"]
        spread = np.exp(sigma * noise - sigma * sigma / 2)
        cw, clead, origin, chex, won, rows = ground_kernels.fight(
            ft, c, t, fr, e_world, e_hex, e_camp, lead, success, att_frac, def_frac, local_frac, spread, aw, af, which,
            in_combat, day.taken, day.killed_by_formation, day.killed, s.killed, s.killed_by_turkey,
        )  # fmt: skip
        day.log.add_rows(rows)
        # breakthroughs: the lead presses on in the same direction, a hex at a time
        direction = np.argmax(b.neighbours[np.maximum(origin, 0)] == chex[:, None], axis=1).astype(np.int64)
        going = (ratio[won] >= r["ground.exploit_ratio"]) & (s.weather[cw] < 2)
        for step in range(r["ground.exploit_hexes"] if cw.size else 0):
            nxt, odds = ground_kernels.exploit_odds(ft, c, t, fr, cw, clead, chex, direction, going)
            if not going.any():
                break
            taken = np.zeros(cw.size, bool)
            i = np.flatnonzero(going)
            taken[i] = u_exploit[cw[i], clead[i], step] < capture_probability(b, odds[i])
            day.log.add_rows(ground_kernels.exploit_take(ft, fr, cw, clead, chex, nxt, going, taken, day.taken))
    day.log.add_rows(ground_kernels.finish(ft, t, fr, in_combat, refit))


def _fire_around(board, e_world, e_hex, holder_camp, def_frac) -> KeySums:
    """Defenders' loss rates of the engagements, summed on the six hexes around each attacked hex,
    keyed by (world * H + hex) * C + defending camp."""
    H, C = board.hexes, len(board.camp_names)
    around = board.neighbours[e_hex]  # (n, 6)
    ok = around >= 0
    keys = ((e_world[:, None] * H + around) * C + holder_camp[:, None])[ok]
    return KeySums(keys, np.repeat(def_frac, 6).reshape(-1, 6)[ok])


def _fire_on_neighbours(day, e_world, e_hex, holder_camp, def_frac, spread) -> None:
    """Formations beside an attacked hex of their camp, whose fire counts in its defence
    (``ground.adjacent_support``), take that share of its defenders' losses."""
    s, b, r = day.state, day.board, day.rules
    fire = _fire_around(b, e_world, e_hex, holder_camp, def_frac)
    nw, nf = np.nonzero(fighting(b, s))
    key = (nw * b.hexes + s.position[nw, nf]) * len(b.camp_names) + b.formation_camp[nf]
    rate = np.minimum(fire.at(key), r["ground.defender_loss_cap"]) * r["ground.adjacent_support"]
    loss = np.minimum(np.floor(engaged(b, s)[nw, nf] * rate * spread[nw, nf]).astype(np.int32), s.strength[nw, nf])
    s.strength[nw, nf] -= loss
    day.add_losses_at(nw, nf, loss)


def _fire_on_posts(day, e_world, e_hex, holder_camp, def_frac, spread) -> None:
    """Turkish troops holding posts in or beside a hex of their camp under attack do not fight for it,
    but the fire falls on them too (``turkey.contact_exposure`` of the defenders' loss rate, summed over
    the attacks around them); the posts agreed before the offensive were spared."""
    s, b, r = day.state, day.board, day.rules
    if "turkey" not in b.sides:
        return
    H, C = b.hexes, len(b.camp_names)
    tw, tf = np.nonzero(restrained(b, s) & (s.position >= 0) & (s.strength > 0))
    if not tw.size:
        return
    around = _fire_around(b, e_world, e_hex, holder_camp, def_frac)
    inside = KeySums((e_world * H + e_hex) * C + holder_camp, def_frac)
    key = (tw * H + s.position[tw, tf]) * C + b.formation_camp[tf]
    rate = np.minimum(inside.at(key) + around.at(key), r["ground.defender_loss_cap"])
    share = rate * r["turkey.contact_exposure"] * turkish_exposure(b)[tf] * spread[tw, tf]
    loss = np.minimum(np.floor(engaged(b, s)[tw, tf] * share).astype(np.int32), s.strength[tw, tf])
    s.strength[tw, tf] -= loss
    day.add_losses_at(tw, tf, loss)


def _move_dig_refit(day) -> np.ndarray:
    """Movement, digging in and refitting; return the (B, F) formations that refitted."""
    s, b, r, o = day.state, day.board, day.rules, day.orders
    moving = o.action == MOVE
    w, f = np.nonzero(moving & (o.target != s.position))
    day.log.add(Kind.MOVE, w, side=b.formation_side[f], actor=f, hex=o.target[w, f], place=b.hex_place[o.target[w, f]])
    s.position = np.where(moving, o.target, s.position).astype(np.int32)
    s.posture = np.where(moving, MOVING, s.posture).astype(np.int8)
    s.dug_in_days = np.where(moving | (o.action == ATTACK), 0, s.dug_in_days).astype(np.int16)
    digging = o.action == DIG_IN
    s.dug_in_days = np.where(digging, s.dug_in_days + 1, s.dug_in_days).astype(np.int16)
    dug = np.where(s.dug_in_days >= r["ground.fortify_days"], FORTIFIED, np.where(s.dug_in_days >= 1, PREPARED, HASTY))
    s.posture = np.where(digging, dug, np.where((o.action == HOLD) & (s.posture == MOVING), HASTY, s.posture)).astype(
        np.int8
    )
    refit = (o.action == REFIT) & s.supplied & (s.position >= 0)
    gain = np.floor(r["ground.refit_strength"] * b.formation_strength).astype(np.int32)
    s.strength = np.where(refit, np.minimum(s.strength + gain, b.formation_strength), s.strength).astype(np.int32)
    s.cohesion = np.where(refit, np.minimum(s.cohesion + r["ground.refit_cohesion"], 1), s.cohesion).astype(np.float32)
    return refit


def _combat(day, u_capture, u_exploit, noise) -> np.ndarray:
    """Every attack ordered, one engagement per (world, target hex, attacking camp): odds, losses both
    ways, captures, retreats and breakthroughs. Return the (B, F) formations that fought."""
    s, b, r, o = day.state, day.board, day.rules, day.orders
    B, F, H, C = s.batch, len(b.formation_side), b.hexes, len(b.camp_names)
    in_combat = np.zeros((B, F), bool)
    w, f = np.nonzero(o.action == ATTACK)
    if not w.size:
        return in_combat
    weather = np.array([r["weather.combat_factor"][x] for x in WEATHER])[s.weather]
    att_power = power(b, s)[w, f] * weather[w]
    target = o.target[w, f]
    camp = b.formation_camp[f]
    key = (w.astype(np.int64) * H + target) * C + camp
    engagements, which = np.unique(key, return_inverse=True)
    n = len(engagements)
    e_world = (engagements // C) // H
    e_hex = (engagements // C) % H
    e_camp = engagements % C
    total = np.bincount(which, weights=att_power, minlength=n)
    # the engagement's lead is its strongest attacker (the first formation among equals)
    order = np.lexsort((f, -att_power, which))
    first = np.r_[True, which[order][1:] != which[order][:-1]]
    lead = f[order][first]
    half = r["air.half_effect_sorties"]
    cas = day.close_support.at((e_world * C + e_camp) * H + e_hex)
    total = total * (1 + r["air.close_support_max"] * cas / (cas + half))

    holder = s.control[e_world, e_hex]
    holder_camp = b.side_camp[np.maximum(holder, 0)]
    def_cas = day.close_support.at((e_world * C + holder_camp) * H + e_hex)
    d_total = hex_defence(b, s, e_world, e_hex) * (1 + r["air.close_support_max"] * def_cas / (def_cas + half))
    ratio = np.maximum(total, 1e-9) / np.maximum(d_total, 1e-9)
    p = capture_probability(b, ratio)
    success = u_capture[e_world, lead] < p

    att_frac, def_frac, local_frac = _loss_rates(b, ratio)
    sigma = r["ground.loss_noise"]
    spread = np.exp(sigma * noise - sigma * sigma / 2)

    # attacker losses
    front = engaged(b, s)
    a_loss = np.minimum(np.floor(front[w, f] * att_frac[which] * spread[w, f]).astype(np.int32), s.strength[w, f])
    s.strength[w, f] -= a_loss
    in_combat[w, f] = True
    failed = ~success[which]
    s.cohesion[w[failed], f[failed]] = np.maximum(
        s.cohesion[w[failed], f[failed]] - r["ground.cohesion_loss_failed"], 0
    )
    day.add_losses_at(w, f, a_loss)

    # defender losses, retreats and captures
    e_key = (e_world * H + e_hex) * C + holder_camp
    unique_key, first = np.unique(e_key, return_index=True)  # two camps on one hex: the first engagement
    by_key = KeySums(unique_key, first + 1.0)  # engagement index + 1 by key
    dw, df = np.nonzero(fighting(b, s))
    hit = by_key.at((dw * H + s.position[dw, df]) * C + b.formation_camp[df]).astype(np.int64) - 1
    dw, df, hit = dw[hit >= 0], df[hit >= 0], hit[hit >= 0]
    d_loss = np.minimum(np.floor(front[dw, df] * def_frac[hit] * spread[dw, df]).astype(np.int32), s.strength[dw, df])
    s.strength[dw, df] -= d_loss
    in_combat[dw, df] = True
    day.add_losses_at(dw, df, d_loss)
    _fire_on_neighbours(day, e_world, e_hex, holder_camp, def_frac, spread)
    _fire_on_posts(day, e_world, e_hex, holder_camp, def_frac, spread)
    # the local defenders of the hex (fighters of no named formation) lose at the defenders' rate, without
    # the QJM cap of a large formation: a village's defenders cannot fall back into a division's depth
    by_side = np.array([r["ground.garrison_by_side"][x] for x in b.sides])[np.maximum(holder, 0)]
    local = np.where(holder >= 0, b.garrison[e_hex] * by_side * local_frac, 0.0)
    day.add_garrison_losses(e_world, np.maximum(holder, 0), local)
    a_sum = np.bincount(which, weights=a_loss, minlength=n)
    d_sum = np.bincount(hit, weights=d_loss, minlength=n)
    day.log.add(
        Kind.ATTACK,
        e_world,
        side=b.formation_side[lead],
        actor=lead,
        hex=e_hex,
        place=b.hex_place[e_hex],
        value=a_sum.astype(np.int64),
        value2=d_sum.astype(np.int64),
        flag=success,
    )

    # captures: one winner per (world, hex) - the first engagement in key order
    won = np.flatnonzero(success & (holder >= 0))
    won = won[np.unique(e_world[won] * H + e_hex[won], return_index=True)[1]]
    if won.size:
        cw, ch, ccamp, clead = e_world[won], e_hex[won], e_camp[won], lead[won]
        s.control[cw, ch] = b.camp_side[ccamp]
        day.taken[cw, ch] = True
        lost_hex = _standing_in_lost_hexes(b, s, cw, ch, ccamp)
        dw, df = np.nonzero(lost_hex)
        if dw.size:
            around = b.within_two[s.position[dw, df]][:, 1:]  # the six neighbours first, then the next ring
            held = np.where(around >= 0, s.control[dw[:, None], np.maximum(around, 0)], -1)
            own = (held >= 0) & (b.side_camp[np.maximum(held, 0)] == b.formation_camp[df][:, None])
            can = own.any(axis=1)
            back = around[np.arange(dw.size), own.argmax(axis=1)]
            rw, rf, rh = dw[can], df[can], back[can]
            s.position[rw, rf] = rh
            s.posture[rw, rf] = MOVING
            s.cohesion[rw, rf] = np.maximum(s.cohesion[rw, rf] - r["ground.cohesion_loss_retreat"], 0)
            day.log.add(Kind.RETREAT, rw, side=b.formation_side[rf], actor=rf, hex=rh)
            sw, sf = dw[~can], df[~can]  # surrounded: part lost, the rest surrender or scatter
            # the killed are counted among the engaged; the rest of the formation surrenders or scatters
            lost = np.floor(engaged(b, s)[sw, sf] * r["ground.surrender_loss"]).astype(np.int32)
            day.add_losses_at(sw, sf, lost)
            s.strength[sw, sf] = 0
        origin = s.position[cw, clead]
        s.position[cw, clead] = ch
        s.posture[cw, clead] = MOVING
        exploit(day, cw, clead, origin, ch, ratio[won], u_exploit)
    return in_combat
