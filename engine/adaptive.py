"""The adaptive opponent: it weighs a few candidate courses of action by short rollouts in the
batched engine and takes the best.

Each day, for every world, each candidate (the historical plan, a bolder and a more cautious
version of it, the greedy policy, holding) is played forward ROLLOUT_DAYS days in ROLLOUTS
worlds at once, the other side following its historical plan; the candidate whose rollouts end
with the most value (places held, weighted by their size, and forces kept against forces
destroyed) gives today's orders. The rollouts draw from streams fixed by the world, the day and
the candidate, so the choice is deterministic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np

from .board import Board
from .orders import Orders, merge
from .rules.supply import place_camps
from .state import State, stack
from .step import step
from .streams import Streams

if TYPE_CHECKING:
    from .policies import Policy

ROLLOUTS = 16
ROLLOUT_DAYS = 5
STRENGTH_WEIGHT = 0.5 / 1000  # value of a thousand fighters kept (or destroyed) against one place of weight 2

_variants: WeakKeyDictionary = WeakKeyDictionary()


def _candidates(board: Board) -> list[tuple[str, Board, Policy]]:
    """(name, board with the candidate's policy settings, policy) for each candidate course."""
    from .policies import greedy, historical, hold

    if board not in _variants:
        r = board.rules
        bold = replace(board, rules=r.replace(policy__historical_min_ratio=r["policy.historical_min_ratio"] * 0.6))
        careful = replace(board, rules=r.replace(policy__historical_min_ratio=r["policy.historical_min_ratio"] * 1.6))
        _variants[board] = [
            ("historical", board, historical),
            ("bold", bold, historical),
            ("careful", careful, historical),
            ("greedy", board, greedy),
            ("hold", board, hold),
        ]
    return _variants[board]


def _value(board: Board, state: State, camp: int) -> np.ndarray:
    """(B,) what a camp has at the end of a rollout: places held by size, and fighters kept over the enemy's."""
    held = place_camps(board, state) == camp
    places = (held * board.place_value[None, :]).sum(axis=1)
    mine = (board.formation_camp == camp)[None, :]
    strength = np.where(mine, state.strength, -state.strength).sum(axis=1)
    return places + STRENGTH_WEIGHT * strength


def adaptive(board: Board, state: State, camp: int, rng: Streams | None = None) -> Orders:
    from .policies import historical

    candidates = _candidates(board)
    B, K, R = state.batch, len(candidates), ROLLOUTS
    other = next(
        int(board.side_camp[board.side_index(s)])
        for s in board.scenario.playable
        if board.side_camp[board.side_index(s)] != camp
    )
    today = [policy(variant, state, camp, rng) for _, variant, policy in candidates]  # K x (B worlds)

    # K * B * R worlds: candidate-major, then world, then rollout
    worlds = stack([state.world(b) for b in range(B)] * (K * R))
    index = np.arange(K * B * R)
    cand, world = index // (B * R), (index // R) % B
    seed = int(state.day) * 1_000_003 + (int(rng.seed) if rng is not None else 0)
    ids = np.array(rng.worlds if rng is not None else range(B))[world]  # the worlds' own numbers, not their slots
    streams = Streams(seed, [int(w) * 1000 + int(k) * 100 + int(i % R) for w, k, i in zip(ids, cand, index)])
    days_left = board.scenario.days - state.day
    for d in range(min(ROLLOUT_DAYS, days_left)):
        mine = Orders.empty(board, K * B * R)
        for k, (_, variant, policy) in enumerate(candidates):
            rows = np.flatnonzero(cand == k)
            if d == 0:  # today's orders as the candidate gives them on the real state
                for name, array in vars(today[k]).items():
                    getattr(mine, name)[rows] = array[world[rows]]
            else:
                orders = policy(variant, worlds, camp, streams)
                for name, array in vars(orders).items():
                    getattr(mine, name)[rows] = array[rows]
        theirs = historical(board, worlds, other, streams)
        worlds, _ = step(board, worlds, merge(board, {camp: mine, other: theirs}), streams)
    value = _value(board, worlds, camp).reshape(K, B, R).mean(axis=2)  # (K, B)
    best = value.argmax(axis=0)  # ties go to the first candidate (the historical plan)
    out = Orders.empty(board, B)
    for b in range(B):
        chosen = today[best[b]]
        for name in vars(out):
            getattr(out, name)[b] = getattr(chosen, name)[b]
    return out
