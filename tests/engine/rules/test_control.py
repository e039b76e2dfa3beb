"""The control phase on the historical board arranged by hand: outflanked places fall unless garrisoned,
on the numpy paths and the compiled kernels alike."""

import contextlib

import numpy as np
import pytest

from engine import kernels
from engine.events import Kind
from engine.orders import ATTACK, Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams

WORLDS = 60


@pytest.fixture(params=["kernels", "numpy"])
def path(request):
    if request.param == "kernels" and not kernels.compiled():
        pytest.skip("numba is not installed")
    with kernels.numpy_only() if request.param == "numpy" else contextlib.nullcontext():
        yield


def _outflanking(board, place_id, garrison_id):
    """The place's surroundings held by the government but for the place's hex, the garrison's hex and one
    hex the 25th division attacks from beside it; the Turkish garrison at its post, before Turkey's
    operation (it neither attacks nor defends); every other formation off the map. Return the state, the
    orders and the place's index."""
    gov, opp = board.side_index("government"), board.side_index("opposition")
    p, turks = board.place_index(place_id), board.formation_index(garrison_id)
    place, post = int(board.place_hex[p]), int(board.formation_start[turks])
    if post < 0:
        post = int(board.formation_arrival_hex[turks])
    cell = [int(h) for h in board.cell_hexes[p] if h not in (place, post)]
    target, origin = next((a, b) for a in cell for b in board.neighbours[a] if b in cell)
    state = initial_state(board, WORLDS)
    state.control[:] = opp
    state.control[:, cell] = gov
    state.control[:, [place, post, target]] = opp
    saa = board.formation_index("saa_25th_smfd_1")
    state.position[:] = -1
    state.position[:, saa], state.position[:, turks] = origin, post
    state.strength[:, turks] = board.formation_strength[turks]
    state.supplied[:] = True
    orders = Orders.empty(board, WORLDS)
    orders.action[:, saa], orders.target[:, saa] = ATTACK, target
    return state, orders, p


def _captures(board, events, p):
    took = events[(events["kind"] == Kind.ATTACK) & (events["flag"] == 1)]["world"]
    fell = events[(events["kind"] == Kind.CAPTURE) & (events["place"] == p)]["world"]
    return np.unique(took), np.unique(fell)


def test_a_place_held_by_turkish_troops_before_the_operation_does_not_fall_when_outflanked(historical_board, path):
    board = historical_board
    state, orders, p = _outflanking(board, "taftanaz_airbase", "tsk_taftanaz")
    assert (state.escalation == 0).all()  # the Turkish troops are restrained: they neither attack nor defend
    new, events = step(board, state, orders, Streams(4, WORLDS))
    took, fell = _captures(board, events, p)
    assert took.size > WORLDS // 2
    assert fell.size == 0
    assert (new.control[:, board.place_hex[p]] == board.side_index("opposition")).all()


def test_a_town_beside_a_post_falls_when_outflanked_and_the_post_is_surrounded_not_stormed(historical_board, path):
    board = historical_board
    post = [o.id for o in board.scenario.observation_posts].index("op_sarman")
    here = int(board.post_hex[post])
    assert here != board.place_hex[board.place_index("sarman")]  # "near Sarman": beside it
    state, orders, p = _outflanking(board, "sarman", "tsk_op_sarman")
    new, events = step(board, state, orders, Streams(4, WORLDS))
    took, fell = _captures(board, events, p)
    assert took.size > WORLDS // 2
    assert set(fell) == set(took)
    turks = board.formation_index("tsk_op_sarman")
    assert (new.position[:, turks] == here).all() and (new.strength[:, turks] > 0).all()  # the post holds
    # the ground it stands on goes with the town: restrained troops hold their post, not the hex
    assert (new.control[took, here] == board.side_index("government")).all()
