"""Policies: ``policy(board, state, camp, rng) -> Orders`` for one camp's units in every world.

``hold``: every formation digs in; no air missions. ``historical``: the record as a plan (below).
``greedy``: each formation attacks the adjacent enemy hex with the best estimated odds when they
reach ``policy.greedy_min_ratio``, otherwise closes on the nearest place held by the enemy,
refitting when broken; each air arm flies close support over the camp's main attack, or strikes
the strongest enemy position in contact. Policies use only the public rule functions, so they
estimate odds as a player would.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import kernels
from .board import Board
from .kernels import historical as historical_kernel
from .kernels.forces import force_tables, forces_of
from .orders import ATTACK, CLOSE_AIR_SUPPORT, DIG_IN, MOVE, REFIT, STRIKE, Orders
from .rules.air import available_sorties
from .rules.ground import (
    KeySums,
    behind_the_lines,
    broken,
    hex_defence,
    hex_distance,
    power,
    restrained,
)
from .state import State
from .streams import Streams

OPEN_HEX_VALUE = 0.3  # a hex with no place is worth taking mainly on the way to one
GOOD_ODDS = 3.0  # past these odds an attack's target is chosen by what it brings, not by its odds

Policy = Callable[[Board, State, int, Streams | None], Orders]


def hold(board: Board, state: State, camp: int, rng: Streams | None = None) -> Orders:
    orders = Orders.empty(board, state.batch)
    mine = (board.formation_camp == camp)[None, :] & (state.position >= 0)
    orders.action[mine] = DIG_IN
    return orders


def _enemy_camps(board: Board, camp: int) -> np.ndarray:
    playable = {int(board.side_camp[board.side_index(s)]) for s in board.scenario.playable}
    return np.array(sorted(playable - {camp}))


def _top_per_world(worlds: np.ndarray, keys: np.ndarray, weights: np.ndarray, batch: int, k: int) -> np.ndarray:
    """(batch, k) for each world, the keys with the largest summed weights, heaviest first (-1: none)."""
    top = np.full((batch, k), -1, np.int64)
    if keys.size:
        unique, inverse = np.unique(keys, return_inverse=True)
        sums = np.bincount(inverse, weights)
        owner = worlds[np.unique(inverse, return_index=True)[1]]
        order = np.lexsort((unique, -sums, owner))
        owner, unique = owner[order], unique[order]
        rank = np.arange(owner.size) - np.searchsorted(owner, owner)  # position within its world
        keep = rank < k
        top[owner[keep], rank[keep]] = unique[keep]
    return top


def greedy(board: Board, state: State, camp: int, rng: Streams | None = None) -> Orders:
    r = board.rules
    B = state.batch
    orders = Orders.empty(board, B)
    mine = (board.formation_camp == camp)[None, :] & (state.position >= 0) & (state.strength > 0)
    held_back = restrained(board, state)
    is_enemy = np.zeros(len(board.camp_names) + 1, bool)
    is_enemy[_enemy_camps(board, camp)] = True
    side_camp = np.append(board.side_camp, -1)  # control -1 (beyond the border) maps to camp -1
    strength = power(board, state)

    # the best adjacent target of each of my formations, priced with the rules' own defence
    w, f = np.nonzero(mine)
    here = state.position[w, f]
    around = board.neighbours[here]  # (n, 6)
    ww = np.repeat(w, 6)
    nh = np.maximum(around, 0).reshape(-1)
    hostile = ((around >= 0).reshape(-1) & is_enemy[side_camp[state.control[ww, nh]]]).reshape(-1, 6)
    defended = np.full(hostile.shape, np.inf)
    defended[hostile] = hex_defence(board, state, ww[hostile.reshape(-1)], nh[hostile.reshape(-1)])
    odds = strength[w, f][:, None] / np.maximum(defended, 1.0)
    place = board.hex_place[nh].reshape(-1, 6)
    value = np.where(place >= 0, board.place_value[np.maximum(place, 0)], OPEN_HEX_VALUE)
    score = np.where(hostile, np.minimum(odds, 3.0) * value, -1.0)  # past 3:1, the prize decides
    best = score.argmax(axis=1)
    pick = np.arange(w.size)
    attack = (
        ~held_back[w, f]
        & ~broken(board, state)[w, f]
        & hostile[pick, best]
        & (odds[pick, best] >= r["policy.greedy_min_ratio"])
    )
    orders.action[w[attack], f[attack]] = ATTACK
    orders.target[w[attack], f[attack]] = around[pick, best][attack]

    # the others: refit if broken, dig in at the front, or close on the nearest place the enemy holds
    weak = ~attack & broken(board, state)[w, f]
    orders.action[w[weak], f[weak]] = REFIT
    in_contact = hostile.any(axis=1)
    rest = ~attack & ~weak
    stay = rest & (in_contact | held_back[w, f])
    orders.action[w[stay], f[stay]] = DIG_IN
    movers = np.flatnonzero(rest & ~stay)
    if movers.size:
        mw, mf, mh = w[movers], f[movers], here[movers]
        goal_ok = is_enemy[side_camp[state.control[:, board.place_hex]]]  # (B, P)
        d = np.where(goal_ok[mw], board.hex_place_km[mh], np.inf)
        goal = d.argmin(axis=1)
        has_goal = np.isfinite(d[np.arange(mw.size), goal])
        steps = board.neighbours[mh]  # (n, 6)
        ok = (steps >= 0) & (side_camp[state.control[mw[:, None], np.maximum(steps, 0)]] == camp)
        dist_next = np.where(ok, board.hex_place_km[np.maximum(steps, 0), goal[:, None]], np.inf)
        choice = dist_next.argmin(axis=1)
        nearer = dist_next[np.arange(mw.size), choice] < d[np.arange(mw.size), goal] - 0.1
        go = has_goal & nearer
        orders.action[mw[go], mf[go]] = MOVE
        orders.target[mw[go], mf[go]] = steps[np.arange(mw.size), choice][go]
        orders.action[mw[~go], mf[~go]] = DIG_IN

    _air_support(board, state, camp, orders, is_enemy)
    return orders


def historical(board: Board, state: State, camp: int, rng: Streams | None = None) -> Orders:
    """The coalition's plans of operations (plans.yaml, ``engine.plans``): intents, not a timetable.

    A formation committed to an active operation goes for the next ``policy.plan_front_width``
    objectives of its axis that its camp does not hold: it attacks the neighbouring hex on the way to
    one of them with the best odds once they reach ``policy.historical_min_ratio`` (strongpoints are
    bypassed: outflanked places fall by themselves); out of contact it moves up toward the nearest,
    behind its own lines as far as a day allows. A formation in no active operation holds its sector, or moves to
    a threatened place of its side within ``policy.reinforce_km``. Broken formations refit; nobody
    attacks during a truce. Whether and when places fall is the rules' answer.
    """
    B = state.batch
    orders = Orders.empty(board, B)
    is_enemy = np.zeros(len(board.camp_names) + 1, bool)
    is_enemy[_enemy_camps(board, camp)] = True
    if kernels.compiled():
        tables, grid, garrison_by_side = historical_kernel.tables_for(board)
        historical_kernel.historical_orders(
            historical_kernel.settings_for(board, camp, GOOD_ODDS),
            tables,
            grid,
            forces_of(state),
            *force_tables(board),
            state.op_status,
            state.op_since,
            state.ceasefire,
            available_sorties(board, state),
            garrison_by_side,
            is_enemy,
            orders.action,
            orders.target,
            orders.mission,
            orders.mission_hex,
            orders.mission_sorties,
        )
        return orders
    hex_camp = np.append(board.side_camp, -1)[state.control]  # (B, H), -1 beyond the border
    mine = (board.formation_camp == camp)[None, :] & (state.position >= 0) & (state.strength > 0)
    w, f = np.nonzero(mine)
    weak = broken(board, state)[w, f]
    orders.action[w[weak], f[weak]] = REFIT
    orders.action[w[~weak], f[~weak]] = DIG_IN
    able = ~weak & ~restrained(board, state)[w, f]
    op = board.plans.assignment(state.op_status, state.op_since)[w, f]
    goals = _objectives(board, hex_camp[:, board.place_hex], camp, w, op)
    committed = able & (goals[:, 0] >= 0)
    _advance(
        board, state, orders, camp, is_enemy, hex_camp, w[committed], f[committed], op[committed], goals[committed]
    )
    idle = able & (op < 0)
    _reinforce(board, state, orders, camp, is_enemy, hex_camp, w[idle], f[idle])
    truce = state.ceasefire[:, None] & (orders.action == ATTACK)
    orders.action[truce], orders.target[truce] = DIG_IN, -1
    _air_support(board, state, camp, orders, is_enemy)
    return orders


def _objectives(board: Board, place_camp: np.ndarray, camp: int, w: np.ndarray, op: np.ndarray) -> np.ndarray:
    """(n, W) the next ``policy.plan_front_width`` objectives of each formation's operation that its
    camp does not hold, in axis order (-1: none; no operation, or every objective held)."""
    plans, width = board.plans, board.rules["policy.plan_front_width"]
    out = np.full((w.size, width), -1, np.int64)
    i = np.flatnonzero(op >= 0)
    if not i.size:
        return out
    axis = plans.objectives[op[i]]  # (m, L)
    open_ = (axis >= 0) & (place_camp[w[i, None], np.maximum(axis, 0)] != camp)
    rank = np.cumsum(open_, axis=1) - 1
    keep = open_ & (rank < width)
    rows, cols = np.nonzero(keep)
    out[i[rows], rank[rows, cols]] = axis[rows, cols]
    return out


def _advance(board, state, orders, camp, is_enemy, hex_camp, w, f, op, goals) -> None:
    """Attack the neighbouring hex on the way to one of each formation's next objectives with the
    best odds, if they are good enough (with the other formations attacking it); otherwise move up to
    the formation's own objective among them (they are shared out by the formations' order in the
    operation), by way of the part of the front nearest it."""
    if not w.size:
        return
    r = board.rules
    here = state.position[w, f]
    valid = goals >= 0
    g = np.maximum(goals, 0)
    around = board.neighbours[here]  # (n, 6)
    n_hex = np.maximum(around, 0)
    now = np.where(valid, board.hex_place_km[here[:, None], g], np.inf)  # (n, W)
    then = np.where(valid[:, None, :], board.hex_place_km[n_hex[:, :, None], g[:, None, :]], np.inf)  # (n, 6, W)
    toward = ((then < now[:, None, :] + 0.5 * board.grid.size_km) & valid[:, None, :]).any(axis=2)
    hostile = (around >= 0) & is_enemy[hex_camp[w[:, None], n_hex]]
    toward &= hostile
    rows = np.arange(w.size)
    strength = power(board, state)[w, f]
    tw, tk = np.nonzero(toward)
    odds_all = np.zeros(hostile.shape)
    if tw.size:
        odds_all[tw, tk] = strength[tw] / np.maximum(hex_defence(board, state, w[tw], around[tw, tk]), 1.0)
    nearest = then.min(axis=2)
    # past good odds the objective decides: its own hex first, then the hexes nearest it
    score = np.where(toward, np.minimum(odds_all, GOOD_ODDS) * (1 + 2 / (1 + nearest)), -1.0)
    step_to = score.argmax(axis=1)
    in_contact = toward[rows, step_to]
    target = around[rows, step_to]
    # formations that chose the same hex attack it together: their powers add up against its defence
    key = w.astype(np.int64) * board.hexes + target
    mass = KeySums(key[in_contact], strength[in_contact]).at(key)
    odds = odds_all[rows, step_to] * mass / np.maximum(strength, 1e-9)
    attack = in_contact & (odds >= r["policy.historical_min_ratio"])
    orders.action[w[attack], f[attack]] = ATTACK
    orders.target[w[attack], f[attack]] = target[attack]
    # the others go for their own objective, from the part of the front nearest it
    count = valid.sum(axis=1)
    mine = g[rows, board.plans.member_rank[op, f] % np.maximum(count, 1)]
    jump_off, jump_km = _jump_off(board, hex_camp, camp, w, mine)
    astray = board.hex_place_km[here, mine] > jump_km + 2 * board.grid.size_km
    moving = np.flatnonzero(~attack & (~in_contact | astray))
    _move_toward(board, state, orders, w[moving], f[moving], np.where(astray, jump_off, board.place_hex[mine])[moving])


def _jump_off(board, hex_camp, camp, w, goal) -> tuple[np.ndarray, np.ndarray]:
    """For each (world, objective place): the hex its camp holds nearest the objective, and the km."""
    key, inverse = np.unique(w.astype(np.int64) * len(board.population) + goal, return_inverse=True)
    kw, kg = np.divmod(key, len(board.population))
    km = np.where(hex_camp[kw] == camp, board.hex_place_km[:, kg].T, np.inf)  # (m, H)
    best = km.argmin(axis=1)
    return best[inverse], km[np.arange(key.size), best][inverse]


def _move_toward(board, state, orders, w, f, target_hex) -> None:
    """Move each formation as far toward its target hex as a day's legal move allows: along the
    straight line behind its own lines, else one hex closer through its own ground."""
    if not w.size:
        return
    grid, R = board.grid, board.rules["ground.move_hexes_rear"]
    here = state.position[w, f]
    camp = board.formation_camp[f]
    hx, hy = grid.centre_km(here)
    tx, ty = grid.centre_km(target_hex)
    gap = np.hypot(tx - hx, ty - hy)
    best = np.full(w.size, -1, np.int64)
    for k in range(R, 1, -1):  # the farthest legal hex on the line, nearest the target first
        open_ = best < 0
        if not open_.any():
            break
        share = np.minimum(k * grid.size_km / np.maximum(gap, 1e-9), 1.0)
        lat, lon = grid.to_latlon(hx + (tx - hx) * share + 1e-6, hy + (ty - hy) * share + 1e-6)
        cand = grid.hex_at(lat, lon)
        near = (cand >= 0) & (hex_distance(board, here, np.maximum(cand, 0)) <= R)
        i = np.flatnonzero(open_ & near & (cand != here))
        if i.size:
            ok = behind_the_lines(board, state, w[i], here[i], cand[i], camp[i])
            best[i[ok]] = cand[i[ok]]
    # otherwise one step through own ground, if it brings the formation closer
    rest = np.flatnonzero(best < 0)
    if rest.size:
        rw, rh = w[rest], here[rest]
        around = board.neighbours[rh]
        held = np.where(around >= 0, state.control[rw[:, None], np.maximum(around, 0)], -1)
        own = (held >= 0) & (board.side_camp[np.maximum(held, 0)] == camp[rest, None])
        ax, ay = grid.centre_km(np.maximum(around, 0))
        dist = np.where(own, np.hypot(ax - tx[rest, None], ay - ty[rest, None]), np.inf)
        pick = dist.argmin(axis=1)
        closer = dist[np.arange(rest.size), pick] < gap[rest] - 0.1
        best[rest[closer]] = around[np.arange(rest.size), pick][closer]
    go = best >= 0
    orders.action[w[go], f[go]] = MOVE
    orders.target[w[go], f[go]] = best[go]


def _reinforce(board, state, orders, camp, is_enemy, hex_camp, w, f) -> None:
    """Formations in no operation and out of contact move to the nearest threatened place of their
    side (an enemy formation on or beside it) within ``policy.reinforce_km``."""
    if not w.size:
        return
    B, H = state.batch, board.hexes
    ew, ef = np.nonzero(is_enemy[board.formation_camp][None, :] & (state.position >= 0) & (state.strength > 0))
    near_enemy = np.zeros((B, H), bool)
    if ew.size:
        spots = board.within_two[state.position[ew, ef]][:, :7]  # the enemy's hex and its neighbours
        ok = spots >= 0
        near_enemy[np.repeat(ew, 7)[ok.reshape(-1)], spots[ok]] = True
    here = state.position[w, f]
    contact = near_enemy[w, here]
    threatened = near_enemy[:, board.place_hex] & (hex_camp[:, board.place_hex] == camp)  # (B, P)
    km = np.where(threatened[w], board.hex_place_km[here], np.inf)
    pick = km.argmin(axis=1)
    go = ~contact & (km[np.arange(w.size), pick] <= board.rules["policy.reinforce_km"])
    _move_toward(board, state, orders, w[go], f[go], board.place_hex[pick[go]])


def _air_support(board: Board, state: State, camp: int, orders: Orders, is_enemy: np.ndarray) -> None:
    """Each air arm of the camp: close support spread over the heaviest attacks ordered (one mission
    each, up to ``air.missions_per_arm``), else a strike on the strongest enemy position in contact."""
    arms = np.flatnonzero(board.side_camp[board.arm_side] == camp)
    if not arms.size:
        return
    B, H = state.batch, board.hexes
    strength = power(board, state)
    aw, af = np.nonzero(orders.action == ATTACK)
    M = orders.mission.shape[2]
    cas = _top_per_world(aw, aw * H + orders.target[aw, af], strength[aw, af], B, M)  # (B, M)
    mw, mf = np.nonzero((board.formation_camp == camp)[None, :] & (state.position >= 0) & (state.strength > 0))
    around = board.neighbours[state.position[mw, mf]].reshape(-1)
    contact = KeySums((np.repeat(mw, 6) * H + around)[around >= 0], np.ones(int((around >= 0).sum())))
    ew, ef = np.nonzero(is_enemy[board.formation_camp][None, :] & (state.position >= 0) & (state.strength > 0))
    ekey = ew * H + state.position[ew, ef]
    near = contact.at(ekey) > 0
    strike = _top_per_world(ew[near], ekey[near], strength[ew[near], ef[near]], B, 1)[:, 0]
    n_cas = (cas >= 0).sum(axis=1)
    use_strike = (n_cas == 0) & (strike >= 0)
    sorties = available_sorties(board, state)
    for a in arms:
        share = np.where(n_cas > 0, sorties[:, a] // np.maximum(n_cas, 1), 0)
        for m in range(M):  # close support spread over the heaviest attacks, one mission each
            on = cas[:, m] >= 0
            orders.mission[:, a, m] = np.where(on, CLOSE_AIR_SUPPORT, 0)
            orders.mission_hex[:, a, m] = np.where(on, cas[:, m] % H, -1)
            orders.mission_sorties[:, a, m] = np.where(on, share + (m == 0) * (sorties[:, a] - share * n_cas), 0)
        orders.mission[:, a, 0] = np.where(use_strike, STRIKE, orders.mission[:, a, 0])
        orders.mission_hex[:, a, 0] = np.where(use_strike, strike % H, orders.mission_hex[:, a, 0])
        orders.mission_sorties[:, a, 0] = np.where(use_strike, sorties[:, a], orders.mission_sorties[:, a, 0])


POLICIES: dict[str, Policy] = {"hold": hold, "greedy": greedy, "historical": historical}

from .adaptive import adaptive  # noqa: E402  (it plays the policies above in its rollouts)

POLICIES["adaptive"] = adaptive
