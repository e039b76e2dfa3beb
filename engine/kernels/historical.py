"""The ``historical`` policy (engine.policies) as one kernel over the batch: the same orders, world by
world, formation by formation, with every float computed as the numpy code computes it (float32
where it works in float32, sums in its order, ties broken as its argmin, argmax and lexsort do)."""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from ..orders import ATTACK, CLOSE_AIR_SUPPORT, DIG_IN, MOVE, REFIT, STRIKE
from ..plans import ACTIVE
from . import forces
from .geometry import Grid, centre_x, centre_y, grid_constants, hex_at_km, hex_distance, line_held_by
from .jit import jit, segment_sum


class Tables(NamedTuple):
    """The board's arrays the policy reads (``policy_tables(board)``)."""

    side_camp: np.ndarray  # (S,) int8
    hex_camp: np.ndarray  # (S + 1,) int8 the camp of each side, and -1 last (for control -1)
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
def _add_keyed(keys, sums, n_keys, key, value):
    """Add ``value`` to the sum kept for ``key`` among the first ``n_keys`` (a new key goes last, in
    the order keys first appear); return the number of keys."""
    j = 0
    while j < n_keys and keys[j] != key:
        j += 1
    if j == n_keys:
        keys[j], sums[j] = key, 0.0
        n_keys += 1
    sums[j] += value
    return n_keys


@jit
def historical_orders(s, t, g, fr, ft, fc, op_status, op_since, ceasefire, sorties, garrison_by_side, is_enemy,
                      action, target, mission, mission_hex, mission_sorties):  # fmt: skip
    """Fill the camp's orders (``action``, ``target`` and its arms' missions) in every world. ``fr``, ``ft``,
    ``fc``: the state's forces, their tables and coefficients (``kernels.forces``), whose figures (power,
    defence, who fights, who is broken or restrained) the kernel works out as the ground rules do."""
    control, position, strength = fr.control, fr.position, fr.strength
    B, F = position.shape
    H = control.shape[1]
    W, camp, half_hex, two_hexes = s.width, s.camp, s.half_hex_km, s.two_hexes_km
    side_camp, hex_camp, formation_camp, neighbours, near = (
        t.side_camp,
        t.hex_camp,
        t.formation_camp,
        t.neighbours,
        t.near,
    )
    place_hex, hex_place_km, place_hex_km, nearest_hexes = t.place_hex, t.hex_place_km, t.place_hex_km, t.nearest_hexes
    garrison_defence, objectives, members, member_rank = t.garrison_defence, t.objectives, t.members, t.member_rank
    arm_camp, line_steps = t.arm_camp, t.line_steps
    P, N, C, M = place_hex.size, members.shape[0], side_camp.max() + 1, mission.shape[2]
    values = np.empty(F)
    committed, ops = np.empty(F, np.int64), np.empty(F, np.int64)
    goals = np.empty((F, W), np.int64)
    count = np.empty(F, np.int64)
    in_contact = np.zeros(F, np.bool_)
    aim, odds_best = np.empty(F, np.int64), np.empty(F)
    idle = np.empty(F, np.int64)
    near_enemy = np.zeros(H, np.bool_)
    threatened = np.empty(P, np.int64)
    jump_hex, searched = np.full(P, -2, np.int64), np.empty(P, np.int64)  # a world's jump-off hex by objective
    contact = np.zeros(H, np.bool_)
    keys, sums = np.empty(F, np.int64), np.empty(F)
    top = np.empty(M, np.int64)
    toward, odds_all, score = np.empty(6, np.bool_), np.empty(6), np.empty(6)
    nearest_km = np.empty(6, np.float32)
    # the defence of each camp's fighting formations by hex, as hex_defence sums them (the last group: none)
    group_at = np.full((H + 1, C), F, np.int64)  # row H: beyond the grid (neighbour -1)
    group_sum, group_n, group_values = np.zeros(F + 1), np.zeros(F, np.int64), np.empty((F, F))
    power = np.empty(F)  # of each formation in the world
    for w in range(B):
        held = control[w]
        for f in range(F):
            power[f] = forces.power(
                fc, strength[w, f], fr.cohesion[w, f], ft.formation_cev[f], fr.supplied[w, f], fr.combat_days[w, f]
            )
        grouped = False  # the world's groups, made when an attack is first weighed
        n_committed, n_idle = 0, 0
        for f in range(F):
            if formation_camp[f] != camp or position[w, f] < 0 or strength[w, f] <= 0:
                continue
            if forces.broken(fc, strength[w, f], fr.cohesion[w, f], ft.formation_strength[f]):
                action[w, f] = REFIT
                continue
            action[w, f] = DIG_IN
            if forces.restrained(fc, ft.formation_side[f], fr.escalation[w]):
                continue
            op, latest = -1, -1  # of the active operations it is committed to, the one decided last
            for n in range(N):
                if op_status[w, n] == ACTIVE and members[n, f]:
                    decided = np.int64(op_since[w, n]) * (N + 1) + n
                    if decided > latest:
                        op, latest = n, decided
            if op < 0:
                idle[n_idle] = f
                n_idle += 1
                continue
            c = 0  # the next objectives of the operation's axis the camp does not hold
            for j in range(objectives.shape[1]):
                p = objectives[op, j]
                if p >= 0 and c < W and hex_camp[held[place_hex[p]]] != camp:
                    goals[n_committed, c] = p
                    c += 1
            if c == 0:
                continue
            committed[n_committed], ops[n_committed], count[n_committed] = f, op, c
            n_committed += 1

        # committed formations: the best attack on the way to one of their objectives, else a move
        for i in range(n_committed):
            f, here = committed[i], position[w, committed[i]]
            for k in range(6):
                nearest_km[k] = np.float32(np.inf)
                toward[k] = False
            for j in range(count[i]):  # a place's distances to the hex and its neighbours lie close together
                goal = goals[i, j]
                now = place_hex_km[goal, here] + half_hex
                for k in range(6):
                    km = place_hex_km[goal, max(neighbours[here, k], 0)]
                    nearest_km[k] = min(nearest_km[k], km)
                    if km < now:
                        toward[k] = True
            for k in range(6):
                n = neighbours[here, k]
                nearest = nearest_km[k]
                toward[k] = toward[k] and n >= 0 and is_enemy[hex_camp[held[max(n, 0)]]]
                odds_all[k] = 0.0
                score[k] = -1.0
                if toward[k] and not grouped:
                    n_groups = 0
                    for x in range(F):
                        if forces.fighting(fc, position[w, x], strength[w, x], ft.formation_side[x], fr.escalation[w]):
                            y = group_at[position[w, x], formation_camp[x]]
                            if y == F:
                                y = n_groups
                                group_at[position[w, x], formation_camp[x]] = y
                                group_n[y] = 0
                                n_groups += 1
                            group_values[y, group_n[y]] = forces.defence(
                                fc, strength[w, x], fr.cohesion[w, x], ft.formation_cev[x], fr.supplied[w, x],
                                ft.posture_defence[fr.posture[w, x]], ft.terrain_defence[position[w, x]],
                            )  # fmt: skip
                            group_n[y] += 1
                    for y in range(n_groups):
                        one = group_n[y] == 1
                        group_sum[y] = group_values[y, 0] if one else segment_sum(group_values[y], group_n[y])
                    grouped = True
                if toward[k]:
                    holder = held[n]  # the rules' hex_defence of the neighbour
                    d = np.inf
                    if holder >= 0:
                        c = side_camp[holder]
                        around = 0.0
                        for x in range(6):
                            around += group_sum[group_at[neighbours[n, x], c]]
                        d = group_sum[group_at[n, c]] + s.adjacent_support * around
                        d = d + garrison_defence[n] * garrison_by_side[holder]
                    odds_all[k] = power[f] / max(d, 1.0)
                    bonus = np.float32(1) + np.float32(2) / (np.float32(1) + nearest)
                    score[k] = min(odds_all[k], s.good_odds) * np.float64(bonus)
            best = 0
            for k in range(1, 6):
                if score[k] > score[best]:
                    best = k
            in_contact[i] = toward[best]
            aim[i] = neighbours[here, best]
            odds_best[i] = odds_all[best]
        n_searched = 0
        for i in range(n_committed):
            f, here, op = committed[i], position[w, committed[i]], ops[i]
            attack = False
            if in_contact[i]:
                # formations that chose the same hex attack it together: their powers add up
                m = 0
                for j in range(n_committed):
                    if in_contact[j] and aim[j] == aim[i]:
                        values[m] = power[committed[j]]
                        m += 1
                odds = odds_best[i] * segment_sum(values, m) / max(power[f], 1e-9)
                attack = odds >= s.min_ratio
            if attack:
                action[w, f], target[w, f] = ATTACK, aim[i]
                continue
            mine = goals[i, member_rank[op, f] % max(count[i], 1)]
            if jump_hex[mine] < -1:  # the hex of the camp nearest the objective (0 and inf: none)
                jump_hex[mine] = -1
                searched[n_searched] = mine
                n_searched += 1
                for j in range(H):
                    h = nearest_hexes[mine, j]
                    if hex_camp[held[h]] == camp:
                        jump_hex[mine] = h
                        break
            jump_off, jump_km = max(jump_hex[mine], 0), np.float32(np.inf)
            if jump_hex[mine] >= 0:
                jump_km = place_hex_km[mine, jump_off]
            astray = hex_place_km[here, mine] > jump_km + two_hexes
            if in_contact[i] and not astray:
                continue
            goal = jump_off if astray else place_hex[mine]
            to = _move_toward(g, neighbours, held, side_camp, here, goal, camp, s.rear_hexes, line_steps)
            if to >= 0:
                action[w, f], target[w, f] = MOVE, to
        for j in range(n_searched):
            jump_hex[searched[j]] = -2
        for x in range(F):
            if grouped and forces.fighting(fc, position[w, x], strength[w, x], ft.formation_side[x], fr.escalation[w]):
                group_at[position[w, x], formation_camp[x]] = F

        # formations in no operation: to the nearest threatened place of their camp within reach
        if n_idle:
            for f in range(F):
                if is_enemy[formation_camp[f]] and position[w, f] >= 0 and strength[w, f] > 0:
                    for k in range(7):
                        if near[position[w, f], k] >= 0:
                            near_enemy[near[position[w, f], k]] = True
            n_threatened = 0  # the camp's places with an enemy formation on or beside them, in place order
            for p in range(P):
                h = place_hex[p]
                if near_enemy[h] and hex_camp[held[h]] == camp:
                    threatened[n_threatened] = p
                    n_threatened += 1
            for i in range(n_idle):
                f = idle[i]
                here = position[w, f]
                best_km, pick = np.float32(np.inf), 0
                for j in range(n_threatened):
                    p = threatened[j]
                    if hex_place_km[here, p] < best_km:
                        best_km, pick = hex_place_km[here, p], p
                if not near_enemy[here] and best_km <= s.reinforce_km:
                    to = _move_toward(g, neighbours, held, side_camp, here, place_hex[pick], camp, s.rear_hexes,
                                      line_steps)  # fmt: skip
                    if to >= 0:
                        action[w, f], target[w, f] = MOVE, to
            near_enemy[:] = False

        if ceasefire[w]:  # nobody attacks during a truce
            for f in range(F):
                if action[w, f] == ATTACK:
                    action[w, f], target[w, f] = DIG_IN, -1

        # air support: close support over the heaviest attacks (powers summed by target in formation
        # order), else a strike on the strongest enemy position in contact
        n_keys = 0
        for f in range(F):
            if action[w, f] == ATTACK:
                n_keys = _add_keyed(keys, sums, n_keys, target[w, f], power[f])
        n_cas = 0
        for m in range(M):  # the heaviest first; among equals, the lowest hex
            best = -1
            for j in range(n_keys):
                if keys[j] >= 0 and (
                    best < 0 or sums[j] > sums[best] or (sums[j] == sums[best] and keys[j] < keys[best])
                ):
                    best = j
            top[m] = -1 if best < 0 else keys[best]
            if best >= 0:
                keys[best] = -1
                n_cas += 1
        strike = -1
        if n_cas == 0:
            for f in range(F):
                if formation_camp[f] == camp and position[w, f] >= 0 and strength[w, f] > 0:
                    for k in range(6):
                        if neighbours[position[w, f], k] >= 0:
                            contact[neighbours[position[w, f], k]] = True
            n_keys = 0
            for f in range(F):
                if (
                    is_enemy[formation_camp[f]]
                    and position[w, f] >= 0
                    and strength[w, f] > 0
                    and contact[position[w, f]]
                ):
                    n_keys = _add_keyed(keys, sums, n_keys, position[w, f], power[f])
            contact[:] = False
            for j in range(n_keys):
                if strike < 0 or sums[j] > sums[strike] or (sums[j] == sums[strike] and keys[j] < keys[strike]):
                    strike = j
            if strike >= 0:
                strike = keys[strike]
        for a in range(arm_camp.size):
            if arm_camp[a] != camp:
                continue
            share = sorties[w, a] // max(n_cas, 1) if n_cas > 0 else 0
            for m in range(M):
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
            hex_camp=np.append(board.side_camp, -1).astype(np.int8),
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
