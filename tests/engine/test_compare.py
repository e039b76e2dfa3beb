"""What-if tables on common random numbers: paired differences and their intervals."""

import datetime as dt

import numpy as np
import pytest

from engine import load_scenario
from engine.compare import Measure, compare, measure, paired_interval, t_quantile
from tests.helpers.paths import TUTORIAL


def test_the_interval_of_paired_differences_is_students():
    mean, low, high = paired_interval(np.array([1.0, 2.0, 3.0, 4.0]))
    half = 3.182 * np.std([1, 2, 3, 4], ddof=1) / 2
    assert mean == 2.5 and low == pytest.approx(2.5 - half) and high == pytest.approx(2.5 + half)
    assert t_quantile(10) == pytest.approx(2.228, abs=0.005) and t_quantile(100) == pytest.approx(1.984, abs=0.002)
    assert np.isnan(paired_interval(np.array([1.0]))[1])


def test_a_what_if_that_changes_nothing_differs_in_no_world():
    scenario = load_scenario(TUTORIAL)
    c = compare(scenario, ["reinforcements.shift_days=0"], runs=6, seed=3, places=["saraqib"], roads=["m5"])
    assert (c.whatif == c.base).all()
    assert all(r["difference_mean"] == 0 and r["worlds_changed"] == 0 for r in c.rows())


def test_world_k_is_the_same_world_in_any_chunk():
    scenario = load_scenario(TUTORIAL)
    settings = ["ground.r50=1.5"]
    one = compare(scenario, settings, runs=5, seed=4, chunk=2)
    other = compare(scenario, settings, runs=5, seed=4, chunk=5)
    assert (one.base == other.base).all() and (one.whatif == other.whatif).all()
    assert (one.whatif != one.base).any()  # an easier attack changes something


def test_places_roads_and_recaptures_are_measured_on_their_dates():
    scenario = load_scenario(TUTORIAL)
    from engine.board import compile_board

    board = compile_board(scenario)
    gov, opp = board.side_index("government"), board.side_index("opposition")
    days, P = scenario.days, len(board.population)
    control = np.full((2, days, P), opp, np.int8)
    saraqib = board.place_index("saraqib")
    control[:, 5:, saraqib] = gov  # both worlds: taken on day 5
    control[1, 9:, saraqib] = opp  # world 1: retaken on day 9
    daily = {
        "place_control": control,
        "area_km2": np.zeros((2, days, len(board.sides))),
        "turkish_deaths": np.zeros((2, days)),
    }
    when = board.date(7).isoformat()
    late = board.date(days - 1).isoformat()
    ms = [
        Measure(f"held:saraqib@{when}", "", "share of worlds"),
        Measure(f"retaken:saraqib@{when}", "", "share of worlds"),
        Measure(f"retaken:saraqib@{late}", "", "share of worlds"),
        Measure(f"government_places@{late}", "", "places"),
    ]
    values = measure(board, daily, ms)
    assert values.tolist() == [[1, 0, 0, 1], [1, 0, 1, 0]]
    assert dt.date.fromisoformat(late) == scenario.end_date
