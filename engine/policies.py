"""Policies: ``policy(board, state, camp, rng) -> Orders`` for one camp's units in every world.

``hold``: every formation digs in; no air missions. ``greedy``: each formation attacks the adjacent
enemy hex with the best estimated odds when they reach ``policy.greedy_min_ratio``, otherwise
closes on the nearest place held by the enemy, refitting when broken; each air arm flies close
support over the camp's main attack, or strikes the strongest enemy position in contact.
Policies use only the public rule functions, so they estimate odds as a player would.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .board import Board
from .orders import ATTACK, CLOSE_AIR_SUPPORT, DIG_IN, MOVE, REFIT, STRIKE, Orders
from .rules.air import available_sorties
from .rules.ground import broken, defence, power
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


def greedy(board: Board, state: State, camp: int, rng: Streams | None = None) -> Orders:
    r = board.rules
    B, F, H = state.batch, len(board.formation_side), board.hexes
    orders = Orders.empty(board, B)
    rows = np.arange(B)[:, None]
    mine = (board.formation_camp == camp)[None, :] & (state.position >= 0) & (state.strength > 0)
    turkey = board.side_index("turkey") if "turkey" in board.sides else -1
    restrained = (board.formation_side == turkey)[None, :] & (state.escalation[:, None] < 2)
    enemies = _enemy_camps(board, camp)
    side_camp = np.append(board.side_camp, -1)  # control -1 (beyond the border) maps to camp -1
    hex_camp = side_camp[state.control]  # (B, H)
    is_enemy = np.zeros(len(board.camp_names) + 1, bool)
    is_enemy[enemies] = True
    hostile_hex = is_enemy[hex_camp]

    # enemy defence per hex: formations plus the local garrison
    enemy_units = np.isin(board.formation_camp, enemies)[None, :] & (state.position >= 0)
    w, f = np.nonzero(enemy_units)
    held_defence = np.bincount(w * H + state.position[w, f], defence(board, state)[w, f], B * H).reshape(B, H)
    held_defence += board.garrison * board.terrain_defence * r["ground.posture"]["prepared"]

    pos = np.maximum(state.position, 0)
    nbr = board.neighbours[pos]  # (B, F, 6)
    valid = nbr >= 0
    n = np.maximum(nbr, 0)
    target_hostile = valid & hostile_hex[rows[:, :, None], n]
    odds = power(board, state)[:, :, None] / np.maximum(held_defence[rows[:, :, None], n], 1.0)
    place = board.hex_place[n]
    value = np.where(place >= 0, board.place_value[np.maximum(place, 0)], OPEN_HEX_VALUE)
    score = np.where(target_hostile, np.minimum(odds, 3.0) * value, -1.0)  # past 3:1, the prize decides
    best = score.argmax(axis=2)
    best_odds = np.take_along_axis(np.where(target_hostile, odds, 0), best[:, :, None], 2)[:, :, 0]
    best_hex = np.take_along_axis(n, best[:, :, None], 2)[:, :, 0]
    attack = mine & ~restrained & ~broken(board, state) & (best_odds >= r["policy.greedy_min_ratio"])
    orders.action[attack] = ATTACK
    orders.target[attack] = best_hex[attack]

    # others: refit if broken, dig in at the front, or close on the nearest enemy place
    weak = mine & ~attack & broken(board, state)
    orders.action[weak] = REFIT
    in_contact = target_hostile.any(axis=2)
    rest = mine & ~attack & ~weak
    orders.action[rest & (in_contact | restrained)] = DIG_IN
    movers = rest & ~in_contact & ~restrained
    if movers.any():
        cx, cy = board.grid.centre_km(np.arange(H))
        place_camp = hex_camp[:, board.place_hex]  # (B, P)
        goal_ok = is_enemy[place_camp]
        px, py = cx[board.place_hex], cy[board.place_hex]
        w, f = np.nonzero(movers)
        here = state.position[w, f]
        d = np.hypot(cx[here][:, None] - px[None, :], cy[here][:, None] - py[None, :])
        d = np.where(goal_ok[w], d, np.inf)
        goal = d.argmin(axis=1)
        has_goal = np.isfinite(d.min(axis=1))
        steps = board.neighbours[here]  # (n, 6)
        ok = (steps >= 0) & (hex_camp[w[:, None], np.maximum(steps, 0)] == camp)
        gx, gy = px[goal], py[goal]
        dist_next = np.where(ok, np.hypot(cx[np.maximum(steps, 0)] - gx[:, None], cy[np.maximum(steps, 0)] - gy[:, None]), np.inf)
        choice = dist_next.argmin(axis=1)
        nearer = dist_next[np.arange(len(w)), choice] < np.hypot(cx[here] - gx, cy[here] - gy) - 0.1
        go = has_goal & nearer
        orders.action[w[go], f[go]] = MOVE
        orders.target[w[go], f[go]] = steps[np.arange(len(w)), choice][go]
        orders.action[w[~go], f[~go]] = DIG_IN

    # air: close support over the heaviest attack, else strike the strongest enemy position in contact
    sorties = available_sorties(board, state)
    arms = np.flatnonzero(board.side_camp[board.arm_side] == camp)
    if arms.size:
        w, f = np.nonzero(attack)
        attack_weight = np.bincount(w * H + orders.target[w, f], power(board, state)[w, f], B * H).reshape(B, H)
        contact = np.zeros((B, H), bool)
        w, f = np.nonzero(mine)
        for k in range(6):
            nk = board.neighbours[state.position[w, f], k]
            ok = nk >= 0
            contact[w[ok], nk[ok]] = True
        w, f = np.nonzero(enemy_units)
        enemy_power = np.bincount(w * H + state.position[w, f], power(board, state)[w, f], B * H).reshape(B, H)
        enemy_power *= contact & hostile_hex
        cas_hex, strike_hex = attack_weight.argmax(axis=1), enemy_power.argmax(axis=1)
        use_cas = attack_weight.max(axis=1) > 0
        use_strike = ~use_cas & (enemy_power.max(axis=1) > 0)
        for a in arms:
            orders.mission[:, a, 0] = np.where(use_cas, CLOSE_AIR_SUPPORT, np.where(use_strike, STRIKE, 0))
            orders.mission_hex[:, a, 0] = np.where(use_cas, cas_hex, np.where(use_strike, strike_hex, -1))
            orders.mission_sorties[:, a, 0] = np.where(use_cas | use_strike, sorties[:, a], 0)
    return orders


POLICIES: dict[str, Policy] = {"hold": hold, "greedy": greedy}
