"""Small boards and states for the rule tests: the tutorial scenario, arranged by hand."""

from __future__ import annotations

import numpy as np

from engine import load_scenario
from engine.board import compile_board
from engine.orders import Orders
from engine.state import initial_state

from .paths import TUTORIAL


def tutorial_board(**rule_changes):
    scenario = load_scenario(TUTORIAL)
    rules = scenario.rules.replace(**rule_changes) if rule_changes else None
    return compile_board(scenario, rules)


def open_pair(board):
    """Two adjacent open hexes with no place, well inside the map."""
    for h in range(board.hexes):
        if (
            board.hex_place[h] < 0
            and board.terrain_names[board.terrain[h]] == "open"
            and (board.neighbours[h] >= 0).all()
        ):
            for n in board.neighbours[h]:
                if (
                    board.hex_place[n] < 0
                    and board.terrain_names[board.terrain[n]] == "open"
                    and (board.neighbours[n] >= 0).all()
                ):
                    return h, int(n)
    raise AssertionError("no open pair")


def duel(board, batch, attacker_hex, target_hex, attacker_strength, defender_strength, defender_posture=1):
    """A state where the government's 25th division faces HTS across two hexes, and its attack order."""
    state = initial_state(board, batch)
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state.control[:] = opp
    state.control[:, attacker_hex] = gov
    for p in board.supply_places[board.side_camp[gov]]:  # keep the attacker supplied
        state.control[:, board.place_hex[p]] = gov
    saa, hts = board.formation_index("saa_25th_smfd"), board.formation_index("hts_south")
    state.position[:] = -1
    state.position[:, saa], state.position[:, hts] = attacker_hex, target_hex
    state.strength[:, saa], state.strength[:, hts] = attacker_strength, defender_strength
    state.supplied[:] = True
    state.posture[:, hts] = defender_posture
    orders = Orders.empty(board, batch)
    orders.action[:, saa], orders.target[:, saa] = 2, target_hex
    return state, orders, saa, hts


def totals(state):
    return state.residents.sum(axis=1) + state.sheltering.sum(axis=1) + state.casualties.sum(axis=1)


def nowhere_nan(state):
    return all(not np.isnan(v).any() for v in vars(state).values() if isinstance(v, np.ndarray) and v.dtype.kind == "f")
