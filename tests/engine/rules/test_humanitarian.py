"""The humanitarian phase on the tutorial board arranged by hand, over many worlds at once."""

import numpy as np

from engine.events import Kind
from engine.orders import STRIKE, Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import totals

WORLDS = 200


def test_strikes_on_a_populated_place_displace_people_toward_the_border(historical_board):
    board = historical_board
    place = board.place_index("kafr_nabl")
    state = initial_state(board, 1)
    quiet, _ = step(board, state, Orders.empty(board, 1), Streams(6, 1))
    orders = Orders.empty(board, 1)
    for arm in np.flatnonzero(board.arm_side == board.side_index("government")):
        orders.mission[0, arm, 0] = STRIKE
        orders.mission_hex[0, arm, 0] = board.place_hex[place]
        orders.mission_sorties[0, arm, 0] = 10
    struck, events = step(board, state, orders, Streams(6, 1))
    fled = state.residents[0, place] - struck.residents[0, place]
    assert fled > 5 * (state.residents[0, place] - quiet.residents[0, place])
    assert struck.sheltering.sum() > quiet.sheltering.sum()
    # the shelters that received people lie nearer the Turkish border than the place they fled
    border = np.array(board.scenario.map.borders[0].points)
    bx, by = board.grid.to_km(border[:, 0], border[:, 1])

    def to_border(p):
        x, y = board.grid.centre_km(board.place_hex[p])
        return np.hypot(bx - x, by - y).min()

    received = board.shelters[np.flatnonzero((struck.sheltering - quiet.sheltering)[0, :-1] > 0)]
    assert received.size and all(to_border(s) < to_border(place) for s in received)
    assert (totals(struck) == board.people).all()
    assert (events["kind"] == Kind.CIVILIAN_HARM).any()


def test_the_offensive_starts_with_the_displaced_the_record_implies_and_the_area_around_the_shelters(historical_board):
    board = historical_board
    state = initial_state(board, 2)
    assert (state.displaced_total == board.rules["humanitarian.displaced_before_start"]).all()
    assert (state.sheltering[:, :-1] == board.shelter_start).all() and (state.sheltering[:, -1] == 0).all()
    opposition = board.start_control[board.place_hex] == board.side_index("opposition")
    area = board.population[opposition].sum() + board.shelter_start.sum()
    assert area == board.rules["humanitarian.area_population"]


def _front_at(board, batch, place):
    """The start, with the government holding the place nearest ``place``: the front next to it."""
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state = initial_state(board, batch)
    state.position[:] = -1
    state.control[:, board.place_hex[board.near_places[place][0]]] = gov
    state.control[:, board.place_hex[place]] = opp
    return state, gov, opp


def test_people_sheltering_at_a_place_the_front_reaches_flee_again(historical_board):
    board = historical_board
    d = int(np.flatnonzero(board.shelters == board.place_index("atarib"))[0])
    state, _, _ = _front_at(board, WORLDS, board.shelters[d])
    new, events = step(board, state, Orders.empty(board, WORLDS), Streams(11, WORLDS))
    left = state.sheltering[:, d] - new.sheltering[:, d]
    assert (left > 0).all()
    assert (new.fled_from[:, board.shelters[d]] >= left).all()
    assert (new.displaced_total - state.displaced_total == new.fled_from.sum(axis=1)).all()
    assert (totals(new) == board.people).all()
    flows = events[(events["kind"] == Kind.DISPLACEMENT) & (events["place"] == board.shelters[d])]
    assert len(flows) == WORLDS


def test_people_displaced_since_the_start_who_flee_again_are_counted_once(historical_board):
    board = historical_board
    d = int(np.flatnonzero(board.shelters == board.place_index("atarib"))[0])
    counted = {}
    for newcomers in (False, True):
        state, _, _ = _front_at(board, WORLDS, board.shelters[d])
        state.residents[:, board.shelters[d]] = 0  # only the sheltering leave Atarib
        if newcomers:  # everyone sheltering at Atarib fled there after the first day
            state.newly_displaced[:, d] = state.sheltering[:, d]
        new, _ = step(board, state, Orders.empty(board, WORLDS), Streams(11, WORLDS))
        left = new.fled_from[:, board.shelters[d]]
        counted[newcomers] = new.displaced_total - state.displaced_total
    assert (left > 0).all()
    assert (counted[True] == counted[False] - left).all()  # the same flight, the second time not counted


def test_people_flee_ahead_of_an_advance_more_the_nearer_it_comes(historical_board):
    from types import SimpleNamespace

    from engine.rules.humanitarian import advance

    board = historical_board
    taken = board.place_index("saraqib")
    captured = np.zeros((1, len(board.population)), bool)
    captured[0, taken] = True
    near = advance(SimpleNamespace(board=board, rules=board.rules, captured=captured))[0]
    assert near[taken] == 1
    rows = np.flatnonzero((board.near_places == taken).any(axis=1))
    km = np.array([board.near_km[p][board.near_places[p] == taken][0] for p in rows])
    assert (0 < near[rows]).all() and (near[rows] < 1).all()
    assert (np.diff(near[rows][np.argsort(km)]) <= 0).all()  # nearer, more pressure to leave
    far = np.setdiff1d(np.arange(len(near)), np.r_[rows, taken])
    assert (near[far] == 0).all()


def test_the_displaced_go_to_shelters_farther_from_the_front_and_wait_in_the_open_when_all_are_full(historical_board):
    from dataclasses import replace

    place = historical_board.place_index("kafr_nabl")
    moved = {}
    for room in (historical_board.rules["humanitarian.shelter_room"], 0):
        board = replace(historical_board, shelter_capacity=historical_board.shelter_start + room // 9)
        state, _, _ = _front_at(board, WORLDS, place)
        state.residents[:] = 0
        state.residents[:, place] = 50_000
        new, _ = step(board, state, Orders.empty(board, WORLDS), Streams(12, WORLDS))
        moved[room] = new.sheltering - state.sheltering
        assert (totals(new) == totals(state)).all()
    full = moved[0]
    assert (full[:, :-1] <= 0).all() and (full[:, -1] > 0).all()  # no room anywhere: all in the open
    roomy = moved[historical_board.rules["humanitarian.shelter_room"]]
    assert (roomy[:, -1] < 0.01 * roomy[:, :-1].sum(axis=1)).all()  # with room, (almost) nobody in the open
