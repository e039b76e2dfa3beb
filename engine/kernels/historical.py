"""The ``historical`` policy (engine.policies) as one kernel over the batch: the same orders, world by
world, formation by formation, with every float computed as the numpy code computes it (float32
where it works in float32, sums in its order, ties broken as its argmin, argmax and lexsort do)."""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from ..orders import ATTACK, CLOSE_AIR_SUPPORT, DIG_IN, MOVE, REFIT, STRIKE
from ..plans import ACTIVE
from .geometry import Grid, centre_x, centre_y, grid_constants, hex_at_km, hex_distance, line_held_by
from .jit import jit, segment_sum


class Tables(NamedTuple):
    """The board's arrays the policy reads (``policy_tables(board)``)."""

    side_camp: np.ndarray  # (S,) int8
    formation_camp: np.ndarray  # (F,) int8
    neighbours: np.ndarray  # (H, 6) int32
    near: np.ndarray  # (H, 7) int32 each hex and its neighbours (-1 off the map)
    place_hex: np.ndarray  # (P,) int32
    hex_place_km: np.ndarray  # (H, P) float32
    place_hex_km: np.ndarray  # (P, H) float32
    nearest_hexes: np.ndarray  # (P, H) int32 the hexes by distance to each place (ties by index)
    garrison_defence: np.ndarray  # (H,) float64 local garrison x terrain x prepared posture
    objectives: np.ndarray  # (N, L) int32
    members: np.ndarray  # (N, F) bool
    member_rank: np.ndarray  # (N, F) int32
    arm_camp: np.ndarray  # (A,) int8
    line_steps: np.ndarray  # (move_hexes_rear + 1,) float64 fractions along a line, as HexGrid.lines samples it


class Settings(NamedTuple):
    """The rules' coefficients the policy reads, in the types numpy computes with."""

    camp: int
    width: int  # policy.plan_front_width
    min_ratio: float  # policy.historical_min_ratio
    reinforce_km: np.float32  # policy.reinforce_km (compared with float32 distances)
    rear_hexes: int  # ground.move_hexes_rear
    adjacent_support: float
    good_odds: float
    half_hex_km: np.float32  # 0.5 hex, added to float32 distances
    two_hexes_km: np.float32  # 2 hexes, added to float32 distances


@jit
def _camp_of(side_camp, side):
    return -1 if side < 0 else side_camp[side]


@jit
def _camp_sum(w, h, camp, fighting, position, formation_camp, defence, values):
    """The summed defence of ``camp``'s fighting formations in hex h (numpy's order of a sum by key)."""
    n = 0
    for f in range(position.shape[1]):
        if fighting[w, f] and position[w, f] == h and formation_camp[f] == camp:
            values[n] = defence[w, f]
            n += 1
    return segment_sum(values, n)


@jit
def hex_defence(w, h, control, fighting, position, defence, garrison_by_side, adjacent_support, t, values):
    """``rules.ground.hex_defence`` of one (world, hex)."""
    holder = control[w, h]
    if holder < 0:
        return np.inf
    camp = t.side_camp[holder]
    total = _camp_sum(w, h, camp, fighting, position, t.formation_camp, defence, values)
    around = 0.0
    for k in range(6):
        n = t.neighbours[h, k]
        if n >= 0:
            around += _camp_sum(w, n, camp, fighting, position, t.formation_camp, defence, values)
        else:
            around += 0.0
    return total + adjacent_support * around + t.garrison_defence[h] * garrison_by_side[holder]


@jit
def _nearest_held(held, camp, side_camp, order, km):
    """The hex held by ``camp`` nearest a place (its hexes by distance in ``order``) and the km; 0 and inf if none."""
    for i in range(order.size):
        h = order[i]
        if _camp_of(side_camp, held[h]) == camp:
            return h, km[h]
    return 0, np.float32(np.inf)


@jit
def _move_toward(g, neighbours, held, side_camp, here, goal, camp, rear, line_steps):
    """``policies._move_toward`` for one formation: the hex it moves to, or -1."""
    hx, hy = centre_x(g, here), centre_y(g, here)
    tx, ty = centre_x(g, goal), centre_y(g, goal)
    gap = np.hypot(tx - hx, ty - hy)
    for k in range(rear, 1, -1):  # the farthest legal hex on the line, nearest the target first
        share = min(k * g.size_km / max(gap, 1e-9), 1.0)
        cand = hex_at_km(g, hx + (tx - hx) * share + 1e-6, hy + (ty - hy) * share + 1e-6)
        if cand < 0 or cand == here or hex_distance(g, here, cand) > rear:
            continue
        if line_held_by(g, held, side_camp, here, cand, camp, line_steps):
            return cand
    best, pick = np.inf, 0  # otherwise one step through own ground, if it brings the formation closer
    for k in range(6):
        n = neighbours[here, k]
        if n >= 0 and held[n] >= 0 and side_camp[held[n]] == camp:
            d = np.hypot(centre_x(g, n) - tx, centre_y(g, n) - ty)
            if d < best:
                best, pick = d, k
    return neighbours[here, pick] if best < gap - 0.1 else -1


@jit
def _assignment(w, f, op_status, op_since, members):
    """``Plans.assignment`` of one formation: of the active operations it is committed to, the one
    decided last (later in the plan among those decided the same day); -1 if none."""
    N = members.shape[0]
    best, best_key = -1, -1
    for n in range(N):
        if op_status[w, n] == ACTIVE and members[n, f]:
            key = np.int64(op_since[w, n]) * (N + 1) + n
            if key > best_key:
                best, best_key = n, key
    return best


@jit
def _top_keys(keys, sums, n, k, out):
    """The ``k`` keys of largest sum (ties: the smaller key) among the first n, heaviest first, into
    ``out`` (-1 beyond them); return how many."""
    found = 0
    for m in range(k):
        best = -1
        for i in range(n):
            if keys[i] < 0:
                continue
            if best < 0 or sums[i] > sums[best] or (sums[i] == sums[best] and keys[i] < keys[best]):
                best = i
        if best < 0:
            out[m] = -1
            continue
        out[m] = keys[best]
        keys[best] = -1 - keys[best]  # taken (restored below)
        found += 1
    for i in range(n):
        if keys[i] < 0:
            keys[i] = -1 - keys[i]
    return found


@jit
def _add_by_key(keys, sums, n, key, value):
    """Add value to key's running sum (numpy's bincount adds in input order); return the new count of keys."""
    for i in range(n):
        if keys[i] == key:
            sums[i] += value
            return n
    keys[n], sums[n] = key, value
    return n + 1


@jit
def historical_orders(s, t, g, control, position, strength, power, fighting, defence, broken, restrained,
                      op_status, op_since, ceasefire, sorties, garrison_by_side, is_enemy,
                      action, target, mission, mission_hex, mission_sorties):  # fmt: skip
    """Fill the camp's orders (``action``, ``target`` and its arms' missions) in every world."""
    B, F = position.shape
    H = control.shape[1]
    P = t.place_hex.size
    W, camp, side_camp = s.width, s.camp, t.side_camp
    values = np.empty(F)
    committed, ops = np.empty(F, np.int64), np.empty(F, np.int64)
    goals = np.empty((F, W), np.int64)
    count = np.empty(F, np.int64)
    in_contact = np.zeros(F, np.bool_)
    aim, odds_best = np.empty(F, np.int64), np.empty(F)
    idle = np.empty(F, np.int64)
    near_enemy = np.zeros(H, np.bool_)
    contact = np.zeros(H, np.bool_)
    keys, sums = np.empty(F, np.int64), np.empty(F)
    top = np.empty(mission.shape[2], np.int64)
    toward, odds_all, score = np.empty(6, np.bool_), np.empty(6), np.empty(6)
    now = np.empty(W, np.float32)
    for w in range(B):
        held = control[w]
        n_committed, n_idle = 0, 0
        for f in range(F):
            if t.formation_camp[f] != camp or position[w, f] < 0 or strength[w, f] <= 0:
                continue
            if broken[w, f]:
                action[w, f] = REFIT
                continue
            action[w, f] = DIG_IN
            if restrained[w, f]:
                continue
            op = _assignment(w, f, op_status, op_since, t.members)
            if op < 0:
                idle[n_idle] = f
                n_idle += 1
                continue
            c = 0  # the next objectives of the operation's axis the camp does not hold
            for j in range(t.objectives.shape[1]):
                p = t.objectives[op, j]
                if p >= 0 and c < W and _camp_of(side_camp, held[t.place_hex[p]]) != camp:
                    goals[n_committed, c] = p
                    c += 1
            if c == 0:
                continue
            committed[n_committed], ops[n_committed], count[n_committed] = f, op, c
            n_committed += 1

        # committed formations: the best attack on the way to one of their objectives, else a move
        for i in range(n_committed):
            f, here = committed[i], position[w, committed[i]]
            for j in range(count[i]):
                now[j] = t.hex_place_km[here, goals[i, j]]
            for k in range(6):
                n = t.neighbours[here, k]
                nearest = np.float32(np.inf)
                toward[k] = False
                for j in range(W):
                    km = t.hex_place_km[max(n, 0), goals[i, j]] if j < count[i] else np.float32(np.inf)
                    nearest = min(nearest, km)
                    if j < count[i] and km < now[j] + s.half_hex_km:
                        toward[k] = True
                toward[k] = toward[k] and n >= 0 and is_enemy[_camp_of(side_camp, held[max(n, 0)])]
                odds_all[k] = 0.0
                score[k] = -1.0
                if toward[k]:
                    d = hex_defence(w, n, control, fighting, position, defence, garrison_by_side,
                                    s.adjacent_support, t, values)  # fmt: skip
                    odds_all[k] = power[w, f] / max(d, 1.0)
                    bonus = np.float32(1) + np.float32(2) / (np.float32(1) + nearest)
                    score[k] = min(odds_all[k], s.good_odds) * np.float64(bonus)
            best = 0
            for k in range(1, 6):
                if score[k] > score[best]:
                    best = k
            in_contact[i] = toward[best]
            aim[i] = t.neighbours[here, best]
            odds_best[i] = odds_all[best]
        for i in range(n_committed):
            f, here, op = committed[i], position[w, committed[i]], ops[i]
            attack = False
            if in_contact[i]:
                # formations that chose the same hex attack it together: their powers add up
                m = 0
                for j in range(n_committed):
                    if in_contact[j] and aim[j] == aim[i]:
                        values[m] = power[w, committed[j]]
                        m += 1
                odds = odds_best[i] * segment_sum(values, m) / max(power[w, f], 1e-9)
                attack = odds >= s.min_ratio
            if attack:
                action[w, f], target[w, f] = ATTACK, aim[i]
                continue
            mine = goals[i, t.member_rank[op, f] % max(count[i], 1)]
            jump_off, jump_km = _nearest_held(held, camp, side_camp, t.nearest_hexes[mine], t.place_hex_km[mine])
            astray = t.hex_place_km[here, mine] > jump_km + s.two_hexes_km
            if in_contact[i] and not astray:
                continue
            goal = jump_off if astray else t.place_hex[mine]
            to = _move_toward(g, t.neighbours, held, side_camp, here, goal, t.formation_camp[f], s.rear_hexes,
                              t.line_steps)  # fmt: skip
            if to >= 0:
                action[w, f], target[w, f] = MOVE, to

        # formations in no operation: to the nearest threatened place of their camp within reach
        if n_idle:
            for f in range(F):
                if is_enemy[t.formation_camp[f]] and position[w, f] >= 0 and strength[w, f] > 0:
                    for k in range(7):
                        if t.near[position[w, f], k] >= 0:
                            near_enemy[t.near[position[w, f], k]] = True
            for i in range(n_idle):
                f = idle[i]
                here = position[w, f]
                best_km, pick = np.float32(np.inf), 0
                for p in range(P):
                    h = t.place_hex[p]
                    if near_enemy[h] and _camp_of(side_camp, held[h]) == camp and t.hex_place_km[here, p] < best_km:
                        best_km, pick = t.hex_place_km[here, p], p
                if not near_enemy[here] and best_km <= s.reinforce_km:
                    to = _move_toward(g, t.neighbours, held, side_camp, here, t.place_hex[pick], t.formation_camp[f],
                                      s.rear_hexes, t.line_steps)  # fmt: skip
                    if to >= 0:
                        action[w, f], target[w, f] = MOVE, to
            near_enemy[:] = False

        if ceasefire[w]:  # nobody attacks during a truce
            for f in range(F):
                if action[w, f] == ATTACK:
                    action[w, f], target[w, f] = DIG_IN, -1

        # air support: close support over the heaviest attacks, else a strike on the strongest enemy in contact
        n_keys = 0
        for f in range(F):
            if action[w, f] == ATTACK:
                n_keys = _add_by_key(keys, sums, n_keys, np.int64(target[w, f]), power[w, f])
        n_cas = _top_keys(keys, sums, n_keys, top.size, top)
        strike = -1
        if n_cas == 0:
            for f in range(F):
                if t.formation_camp[f] == camp and position[w, f] >= 0 and strength[w, f] > 0:
                    for k in range(6):
                        if t.neighbours[position[w, f], k] >= 0:
                            contact[t.neighbours[position[w, f], k]] = True
            n_keys = 0
            for f in range(F):
                if is_enemy[t.formation_camp[f]] and position[w, f] >= 0 and strength[w, f] > 0:
                    if contact[position[w, f]]:
                        n_keys = _add_by_key(keys, sums, n_keys, np.int64(position[w, f]), power[w, f])
            contact[:] = False
            pick = np.empty(1, np.int64)
            if _top_keys(keys, sums, n_keys, 1, pick):
                strike = pick[0]
        for a in range(t.arm_camp.size):
            if t.arm_camp[a] != camp:
                continue
            share = sorties[w, a] // max(n_cas, 1) if n_cas > 0 else 0
            for m in range(top.size):
                on = m < n_cas
                mission[w, a, m] = CLOSE_AIR_SUPPORT if on else 0
                mission_hex[w, a, m] = top[m] if on else -1
                extra = sorties[w, a] - share * n_cas if m == 0 else 0
                mission_sorties[w, a, m] = share + extra if on else 0
            if strike >= 0:
                mission[w, a, 0], mission_hex[w, a, 0], mission_sorties[w, a, 0] = STRIKE, strike, sorties[w, a]


_tables: WeakKeyDictionary = WeakKeyDictionary()


def tables_for(board) -> tuple[Tables, Grid, np.ndarray]:
    """The board's tables, grid constants and garrison strength by side for the kernel (made once per board)."""
    if board not in _tables:
        r = board.rules
        order = np.argsort(board.place_hex_km, axis=1, kind="stable").astype(np.int32)
        tables = Tables(
            side_camp=board.side_camp,
            formation_camp=board.formation_camp,
            neighbours=board.neighbours,
            near=np.ascontiguousarray(board.within_two[:, :7]),
            place_hex=board.place_hex,
            hex_place_km=board.hex_place_km,
            place_hex_km=board.place_hex_km,
            nearest_hexes=order,
            garrison_defence=board.garrison * board.terrain_defence * r["ground.posture"]["prepared"],
            objectives=board.plans.objectives,
            members=board.plans.members,
            member_rank=board.plans.member_rank,
            arm_camp=board.side_camp[board.arm_side],
            line_steps=np.linspace(0, 1, r["ground.move_hexes_rear"] + 1),
        )
        by_side = np.array([r["ground.garrison_by_side"][x] for x in board.sides], np.float64)
        _tables[board] = tables, grid_constants(board.grid), by_side
    return _tables[board]


def settings_for(board, camp: int, good_odds: float) -> Settings:
    r, size = board.rules, board.grid.size_km
    return Settings(
        camp=int(camp),
        width=int(r["policy.plan_front_width"]),
        min_ratio=float(r["policy.historical_min_ratio"]),
        reinforce_km=np.float32(r["policy.reinforce_km"]),
        rear_hexes=int(r["ground.move_hexes_rear"]),
        adjacent_support=float(r["ground.adjacent_support"]),
        good_odds=float(good_odds),
        half_hex_km=np.float32(0.5 * size),
        two_hexes_km=np.float32(2 * size),
    )
