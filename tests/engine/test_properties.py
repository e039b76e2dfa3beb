"""Properties of the engine that hold for any seed, any batch and any orders (hypothesis)."""

import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import events as ev
from engine.orders import Orders
from engine.runner import run
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import nowhere_nan, totals, tutorial_board

BOARD = tutorial_board()
GREEDY = {"government": "greedy", "opposition": "greedy"}


def random_orders(board, state, rng):
    """Any orders at all, legal or not, as a careless player would give."""
    B, F = state.batch, len(board.formation_side)
    orders = Orders.empty(board, B)
    orders.action[:] = rng.integers(0, 5, (B, F))
    orders.target[:] = rng.integers(-2, board.hexes + 2, (B, F))
    orders.mission[:] = rng.integers(0, 4, orders.mission.shape)
    orders.mission_hex[:] = rng.integers(-2, board.hexes + 2, orders.mission.shape)
    orders.mission_sorties[:] = rng.integers(-5, 60, orders.mission.shape)
    orders.diplomacy[:] = rng.integers(0, 3, orders.diplomacy.shape)
    return orders


@settings(max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), batch=st.integers(2, 6), data=st.data())
def test_world_k_of_a_batch_is_the_same_world_run_alone(seed, batch, data):
    k = data.draw(st.integers(0, batch - 1))
    together = run(BOARD, seed, GREEDY, days=8, worlds=batch)
    alone = run(BOARD, seed, GREEDY, days=8, worlds=[k])
    assert ev.digest(together.events, k) == ev.digest(alone.events, 0)
    assert together.state.digest(k) == alone.state.digest(0)


def test_the_adaptive_opponent_decides_the_same_for_a_world_alone_or_in_a_batch():
    plans = {"government": "adaptive", "opposition": "historical"}
    together = run(BOARD, 9, plans, days=3, worlds=3)
    alone = run(BOARD, 9, plans, days=3, worlds=[2])
    assert ev.digest(together.events, 2) == ev.digest(alone.events, 0)


@settings(max_examples=10)
@given(seed=st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_events(seed):
    a = run(BOARD, seed, GREEDY, days=10, worlds=2)
    b = run(BOARD, seed, GREEDY, days=10, worlds=2)
    assert ev.digest(a.events) == ev.digest(b.events)


@settings(max_examples=25)
@given(seed=st.integers(0, 2**32 - 1))
def test_random_orders_keep_the_world_sound(seed):
    rng = np.random.default_rng(seed)
    streams = Streams(seed, 3)
    state = initial_state(BOARD, 3)
    start = totals(state)
    for _ in range(6):
        state, events = step(BOARD, state, random_orders(BOARD, state, rng), streams)
        assert nowhere_nan(state)
        assert (state.strength >= 0).all() and (state.aircraft >= 0).all()
        assert (state.residents >= 0).all() and (state.casualties >= 0).all()
        assert (totals(state) == start).all()
        assert ((state.cohesion >= 0) & (state.cohesion <= 1)).all()
        assert set(np.unique(events["world"])) <= {0, 1, 2}


def test_population_is_conserved_over_the_historical_campaign(historical_board):
    campaign = run(historical_board, 11, GREEDY, worlds=2)
    assert (totals(campaign.state) == historical_board.people).all()
    assert (np.diff(campaign.daily["displaced"], axis=1) >= 0).all()
    assert nowhere_nan(campaign.state)


def test_importing_the_engine_does_not_import_pygame():
    code = (
        "import sys, engine, engine.runner, engine.records, engine.policies, engine.step; "
        "sys.exit('pygame' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
