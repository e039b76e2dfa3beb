"""The air phase on boards arranged by hand, over many worlds at once."""

import datetime as dt

import numpy as np

from engine.events import Kind, Reason
from engine.orders import CLOSE_AIR_SUPPORT, STRIKE, Orders
from engine.rules.air import FIGHTERS, GROUND_FIRE, available_sorties
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import open_pair, tutorial_board

WORLDS = 200


def test_storms_ground_aircraft():
    storm = [[0.0, 0.0, 1.0]] * 3
    for transition, flies in ((storm, False), ([[1.0, 0.0, 0.0]] * 3, True)):
        board = tutorial_board(weather__transition=transition)
        state = initial_state(board, 5)
        orders = Orders.empty(board, 5)
        arm = board.arm_index("russian_aerospace_forces")
        orders.mission[:, arm, 0] = CLOSE_AIR_SUPPORT
        orders.mission_hex[:, arm, 0] = board.place_hex[0]
        orders.mission_sorties[:, arm, 0] = 10
        new, events = step(board, state, orders, Streams(5, 5))
        flown = events[events["kind"] == Kind.AIR_MISSION]
        rejected = events[(events["kind"] == Kind.ORDER_REJECTED) & (events["value"] == Reason.ARM_NOT_FLYING)]
        assert (len(flown) == 5) == flies
        assert (len(rejected) == 5) == (not flies)


def _clear_skies(board):
    from dataclasses import replace

    return replace(board, rules=board.rules.replace(weather__transition=[[1.0, 0.0, 0.0]] * 3))


def _missions(board, batch, arms, hexes, sorties):
    orders = Orders.empty(board, batch)
    for arm, h in zip(arms, hexes):
        a = board.arm_index(arm)
        orders.mission[:, a, 0], orders.mission_hex[:, a, 0], orders.mission_sorties[:, a, 0] = STRIKE, h, sorties
    return orders


def _losses(events, board, arm, cause):
    lost = events[(events["kind"] == Kind.AIRCRAFT_LOST) & (events["actor"] == board.arm_index(arm))]
    return int(lost[lost["value2"] == cause]["value"].sum())


def test_helicopters_fall_to_rebel_air_defence_far_more_often_than_jets_and_russian_jets_almost_never(historical_board):
    board = _clear_skies(historical_board)
    state = initial_state(board, WORLDS)
    state.day = board.day_of(dt.date(2020, 2, 1))
    rebel = int(board.place_hex[board.place_index("idlib")])
    own = int(board.place_hex[board.place_index("aleppo")])
    arms = ("russian_aerospace_forces", "syaaf_fixed_wing", "syaaf_helicopters")
    lost = {a: 0 for a in arms}
    lost_over_own = 0
    streams = Streams(1, WORLDS)
    for _ in range(10):
        _, events = step(board, state, _missions(board, WORLDS, arms, [rebel] * 3, 10), streams)
        for a in arms:
            lost[a] += _losses(events, board, a, GROUND_FIRE)
        _, events = step(board, state, _missions(board, WORLDS, arms, [own] * 3, 10), streams)
        lost_over_own += sum(_losses(events, board, a, GROUND_FIRE) for a in arms)
    assert lost["syaaf_helicopters"] > 5 * max(lost["syaaf_fixed_wing"], 1)
    assert lost["russian_aerospace_forces"] <= 2  # of 20,000 Russian sorties over rebel ground
    assert lost_over_own == 0


def test_turkish_f16s_down_syrian_aircraft_only_in_the_open_operation_and_never_russian_ones(historical_board):
    board = _clear_skies(historical_board)
    a, _ = open_pair(board)
    arms = ("russian_aerospace_forces", "syaaf_fixed_wing")
    lost = {}
    for level in (0, 2):
        state = initial_state(board, WORLDS)
        state.day = board.day_of(dt.date(2020, 3, 1))
        state.control[:] = board.side_index("government")  # over their own ground: no rebel air defence
        state.escalation[:] = level
        f16 = available_sorties(board, state)[:, board.arm_index("turkish_f16")]
        assert (f16 > 0).all() == (level == 2)
        _, events = step(board, state, _missions(board, WORLDS, arms, [a, a], 10), Streams(2, WORLDS))
        lost[level] = {x: _losses(events, board, x, FIGHTERS) for x in arms}
    assert lost[0] == {x: 0 for x in arms}
    assert lost[2]["syaaf_fixed_wing"] > 0 and lost[2]["russian_aerospace_forces"] == 0


def _drone_target(board, batch, drones=True):
    """A government armoured division and an infantry division in one rebel-adjacent hex under a drone strike."""
    board = _clear_skies(board)
    if not drones:
        from dataclasses import replace

        board = replace(board, rules=board.rules.replace(turkey__drones=False))
    state = initial_state(board, batch)
    state.day = board.day_of(dt.date(2020, 3, 1))
    state.escalation[:] = 2
    a, _ = open_pair(board)
    state.position[:] = -1
    gov = board.side_index("government")
    kinds = [f.type for f in board.scenario.formations]
    armour, infantry = (
        next(f for f, k in enumerate(kinds) if k == kind and board.formation_side[f] == gov)
        for kind in ("armour", "infantry")
    )
    state.position[:, armour] = state.position[:, infantry] = a
    state.strength[:, armour] = state.strength[:, infantry] = 4000
    return board, state, _missions(board, batch, ["turkish_drones"], [a], 20), armour, infantry


def test_drone_strikes_destroy_armour_before_infantry_shake_formations_and_wreck_air_defence(historical_board):
    board, state, orders, armour, infantry = _drone_target(historical_board, WORLDS)
    new, events = step(board, state, orders, Streams(3, WORLDS))
    lost = state.strength - new.strength
    assert lost[:, armour].sum() > 1.5 * lost[:, infantry].sum() > 0
    assert (new.cohesion[:, armour] < state.cohesion[:, armour]).all()
    gov = board.side_camp[board.side_index("government")]
    assert (new.air_defence[:, gov] < 1).all()
    assert new.killed_by_turkey.sum() > 0


def test_drones_stay_on_the_ground_when_switched_off(historical_board):
    board, state, orders, armour, infantry = _drone_target(historical_board, 5, drones=False)
    new, events = step(board, state, orders, Streams(3, 5))
    assert (new.strength == state.strength).all()
    rejected = events[(events["kind"] == Kind.ORDER_REJECTED) & (events["value"] == Reason.ARM_NOT_FLYING)]
    assert len(rejected) == 5


def test_close_support_kills_defenders_in_the_hex_attacked():
    board = _clear_skies(tutorial_board())
    a, t = open_pair(board)
    hts = board.formation_index("hts_south")
    killed = {}
    for sorties in (0, 20):
        state = initial_state(board, WORLDS)
        state.control[:] = board.side_index("opposition")
        state.position[:] = -1
        state.position[:, hts] = t
        orders = Orders.empty(board, WORLDS)
        arm = board.arm_index("russian_aerospace_forces")
        orders.mission[:, arm, 0], orders.mission_hex[:, arm, 0] = CLOSE_AIR_SUPPORT, t
        orders.mission_sorties[:, arm, 0] = sorties
        new, _ = step(board, state, orders, Streams(4, WORLDS))
        killed[sorties] = new.killed[:, board.side_index("opposition")].sum()
    assert killed[0] == 0 < killed[20]
    assert np.isfinite(new.cohesion).all()
