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
    assert (totals(struck) == board.population.sum()).all()
    assert (events["kind"] == Kind.CIVILIAN_HARM).any()
