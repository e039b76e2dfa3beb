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

from .board import Board
from .orders import ATTACK, CLOSE_AIR_SUPPORT, DIG_IN, MOVE, REFIT, STRIKE, Orders
from .rules.air import available_sorties
from .rules.ground import KeySums, broken, hex_defence, power, restrained
from .state import State
from .streams import Streams

OPEN_HEX_VALUE = 0.3  # a hex with no place is worth taking mainly on the way to one

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
    """The record as a plan: each formation pursues the nearest place the record shows its camp
    taking in the coming week (``policy.historical_lookahead_days``), or failing one within reach a
    place the record shows it taking earlier that it does not hold now,
    attacking along the axis to it at ``policy.historical_min_ratio`` or better, and holds its
    sector when no such place lies within ``policy.historical_reach_km``. The plan gives the
    intents and their timing; the rules decide whether and when places fall.
    """
    r = board.rules
    B = state.batch
    orders = Orders.empty(board, B)
    side_camp = np.append(board.side_camp, -1)
    hex_camp = side_camp[state.control]  # (B, H)
    is_enemy = np.zeros(len(board.camp_names) + 1, bool)
    is_enemy[_enemy_camps(board, camp)] = True
    ahead = min(state.day + r["policy.historical_lookahead_days"], board.record_camp.shape[0] - 1)
    missing = hex_camp[:, board.place_hex] != camp  # (B, P)
    planned = board.record_camp[ahead] == camp
    current = planned & (board.record_camp[max(state.day - 3, 0)] != camp)  # the record's axes this week

    mine = (board.formation_camp == camp)[None, :] & (state.position >= 0) & (state.strength > 0)
    held_back = restrained(board, state)
    w, f = np.nonzero(mine)
    here = state.position[w, f]
    # this week's objectives first; then the record's earlier captures still missing (the plan
    # catches up with the record; it does not invent counter-offensives the record does not show)
    taken_in_record = planned & (board.record_camp[0] != camp)
    d = np.where((current[None, :] & missing)[w], board.hex_place_km[here], np.inf)  # (n, P)
    late = np.where((taken_in_record[None, :] & missing)[w], board.hex_place_km[here], np.inf)
    d = np.where((d.min(axis=1) <= r["policy.historical_reach_km"])[:, None], d, late)
    goal = d.argmin(axis=1)
    reach = d[np.arange(w.size), goal] <= r["policy.historical_reach_km"]
    weak = broken(board, state)[w, f]
    orders.action[w[weak], f[weak]] = REFIT
    orders.action[w[~weak], f[~weak]] = DIG_IN
    act = np.flatnonzero(reach & ~weak & ~held_back[w, f])
    if act.size:
        aw, af, ah, ag = w[act], f[act], here[act], goal[act]
        around = board.neighbours[ah]  # (n, 6)
        n_hex = np.maximum(around, 0)
        to_goal = np.where(around >= 0, board.hex_place_km[n_hex, ag[:, None]], np.inf)
        now = board.hex_place_km[ah, ag]
        hostile = (around >= 0) & is_enemy[hex_camp[aw[:, None], n_hex]]
        own = (around >= 0) & (hex_camp[aw[:, None], n_hex] == camp)
        # attack: of the hostile neighbours that do not lead away from the objective, the one with the
        # best odds (strongpoints are bypassed; outflanked places fall by themselves)
        rows = np.arange(act.size)
        toward = hostile & (to_goal < now[:, None] + 0.5 * board.grid.size_km)
        tw, tk = np.nonzero(toward)
        odds_all = np.zeros(hostile.shape)
        if tw.size:
            odds_all[tw, tk] = power(board, state)[aw[tw], af[tw]] / np.maximum(
                hex_defence(board, state, aw[tw], around[tw, tk]), 1.0
            )
        score = np.where(toward, odds_all * (1 + 1 / (1 + to_goal)), -1.0)  # nearer the objective breaks ties
        step_to = score.argmax(axis=1)
        can_attack = toward[rows, step_to]
        target = around[rows, step_to]
        odds = odds_all[rows, step_to]
        attack = can_attack & (odds >= r["policy.historical_min_ratio"])
        orders.action[aw[attack], af[attack]] = ATTACK
        orders.target[aw[attack], af[attack]] = target[attack]
        # otherwise close up along own ground, if not already in contact on the axis
        move_to = np.where(own, to_goal, np.inf).argmin(axis=1)
        closer = own[rows, move_to] & (to_goal[rows, move_to] < now - 0.1) & ~can_attack
        orders.action[aw[closer], af[closer]] = MOVE
        orders.target[aw[closer], af[closer]] = around[rows, move_to][closer]
    _air_support(board, state, camp, orders, is_enemy)
    return orders


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
