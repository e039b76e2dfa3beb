"""The compiled kernels give exactly what the numpy paths of the rules give."""

import contextlib

import numpy as np
import pytest

from engine import kernels
from engine.events import digest
from engine.kernels.jit import jit
from engine.runner import run

pytestmark = pytest.mark.skipif(not kernels.compiled(), reason="numba is not installed")


def test_float_sums_add_in_numpys_order():
    rng = np.random.default_rng(0)
    for n in (0, 1, 2, 3, 7, 8, 9, 17, 128, 129, 300, 1000):
        for _ in range(20):
            values = rng.random(max(n, 1)) * 10.0 ** rng.integers(-8, 8, max(n, 1))
            expected = np.add.reduceat(values[:n], [0])[0] if n else 0.0
            assert kernels.segment_sum(values, n) == expected


def test_a_new_install_is_known_to_compile_the_kernels_and_a_used_one_not(historical_board, tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    run(historical_board, 1, {"government": "historical", "opposition": "historical"}, worlds=1, days=2)
    assert not kernels.uncompiled()
    fresh = tmp_path / "engine"  # the same code without numba's cache beside it
    shutil.copytree(Path(kernels.__file__).parent.parent, fresh, ignore=shutil.ignore_patterns("__pycache__"))
    ask = "from engine import kernels; print(kernels.uncompiled())"
    said = subprocess.run([sys.executable, "-c", ask], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert said.stdout.strip() == "True"


def test_the_fronts_advance_adds_as_the_rules_numpy_path_does(historical_board):
    from engine.kernels.humanitarian import advance

    b, rng = historical_board, np.random.default_rng(1)
    weight = np.exp(-b.near_km / 7.0)
    for share in (0.01, 0.1, 0.5, 1.0):
        captured = rng.random((32, len(b.population))) < share
        plain = captured + (captured[:, b.near_places] * weight[None]).sum(axis=2)
        compiled = advance(captured, b.near_places, weight)
        assert compiled.dtype == plain.dtype and np.array_equal(compiled.view(np.uint32), plain.view(np.uint32))


@pytest.mark.parametrize("policies", [("greedy", "greedy"), ("historical", "historical"), ("greedy", "historical")])
def test_compiled_and_numpy_campaigns_give_the_same_events(historical_board, policies):
    plans = dict(zip(("government", "opposition"), policies))
    compiled = run(historical_board, 5, plans, worlds=3)
    with kernels.numpy_only():
        plain = run(historical_board, 5, plans, worlds=3)
    assert [digest(compiled.events, k) for k in range(3)] == [digest(plain.events, k) for k in range(3)]
    assert [compiled.state.digest(k) for k in range(3)] == [plain.state.digest(k) for k in range(3)]
    assert len(compiled.captures(0)) > 0  # the campaign did move


@jit
def _call_off_attacks(action, target, truce):
    for w in range(action.shape[0]):
        if truce[w]:
            for f in range(action.shape[1]):
                if action[w, f] == 2:
                    action[w, f], target[w, f] = 3, -1


def test_a_conditional_update_of_small_integers_compiles_to_what_it_says():
    # LLVM 22 compiled this loop for AVX-512 into stores of zeros over the orders it did not touch
    action = np.array([[3, 3, 4, 3, 3, 3, 4, 3] + [3] * 11 + [0, 3, 0, 3, 0, 3] + [0, 2] * 22], np.int8)
    target = np.full(action.shape, 7, np.int32)
    expected_action, expected_target = action.copy(), target.copy()
    attacks = expected_action == 2
    expected_action[attacks], expected_target[attacks] = 3, -1
    _call_off_attacks(action, target, np.array([True]))
    assert np.array_equal(action, expected_action) and np.array_equal(target, expected_target)


def _random_orders(board, state, rng):
    """Orders of every kind for every unit, legal or not: moves and attacks to nearby or far hexes, air
    missions of every kind with too many sorties or off the map, ceasefire proposals."""
    from engine.orders import Orders

    B, F = state.position.shape
    orders = Orders.empty(board, B)
    orders.action[:] = rng.integers(0, 5, (B, F))
    near = board.within_two[np.maximum(state.position, 0), rng.integers(0, 19, (B, F))]
    far = rng.integers(-2, board.hexes + 2, (B, F))
    orders.target[:] = np.where(rng.random((B, F)) < 0.8, near, far)
    shape = orders.mission.shape
    orders.mission[:] = rng.integers(0, 4, shape)
    hexes = board.within_two[np.maximum(state.position[:, rng.integers(0, F, shape[1:])], 0), 1]
    orders.mission_hex[:] = np.where(rng.random(shape) < 0.9, hexes, rng.integers(-3, board.hexes + 3, shape))
    orders.mission_sorties[:] = rng.integers(-2, 60, shape)
    orders.diplomacy[:] = rng.integers(0, 3, orders.diplomacy.shape) * (rng.random(orders.diplomacy.shape) < 0.1)
    return orders


def test_any_orders_give_the_same_day_on_both_paths(historical_board):
    from engine.step import step
    from engine.streams import Streams

    b = historical_board
    rng = np.random.default_rng(11)
    plans = {"government": "historical", "opposition": "historical"}
    for days, seed in ((3, 1), (40, 2), (62, 3)):
        start = run(b, seed, plans, days=days, worlds=4)
        for trial in range(3):
            before = start.state.copy()
            before.ceasefire[:] &= trial == 0  # most trials with no truce, so that attacks go ahead
            if trial == 2:  # Turkey on any rung of its ladder, its retaliation under way or not
                before.escalation[:] = rng.integers(0, 3, 4)
                before.retaliation_days[:] = rng.integers(0, 3, 4)
            orders = _random_orders(b, before, rng)
            out = []
            for numpy_path in (False, True):
                streams = Streams(100 + trial, 4)
                with kernels.numpy_only() if numpy_path else contextlib.nullcontext():
                    state, events = step(b, before, orders, streams)
                out.append(([state.digest(k) for k in range(4)], [digest(events, k) for k in range(4)]))
            assert out[0] == out[1], (days, trial)


def test_the_supply_line_asked_where_needed_is_the_rules_whole_line(historical_board):
    from engine.kernels.supply import links
    from engine.rules.supply import place_camps, supplied_formations, supplied_hexes, supplied_places

    b = historical_board
    rng = np.random.default_rng(3)
    state = run(b, 4, {"government": "historical", "opposition": "historical"}, days=45, worlds=6).state
    inside = np.flatnonzero(b.inside)
    for w in range(1, 6):  # ground changing hands here and there, places cut off
        flip = rng.choice(inside, 60 * w, replace=False)
        state.control[w, flip] = rng.integers(0, 3, flip.size)
    camps = place_camps(b, state)
    reached = supplied_places(b, camps)
    reached[3:, rng.integers(0, len(b.population), 20)] = False
    with kernels.numpy_only():
        line = supplied_hexes(b, state, camps, reached)
        expected = supplied_formations(b, state, line)
    posts = b.within_two[b.post_hex][:, :7]
    supplied, post_line = links(
        state.control, reached, np.append(b.side_camp, -1), b.place_hex, b.cell, b.neighbours,
        b.rules["supply.reach_hexes"], state.position, b.formation_camp, b.within_two[:, :7], posts,
    )  # fmt: skip
    assert np.array_equal(supplied, expected)
    assert np.array_equal(post_line, line[:, np.maximum(posts, 0)] & (posts >= 0))
    assert (~expected & (state.position >= 0)).any()  # some formations are cut off
