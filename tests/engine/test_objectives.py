"""Objectives, the record's score on them and the computer's batch: what the score panel shows."""

import numpy as np
import pytest

from engine import load_scenario
from engine.board import compile_board
from engine.objectives import (
    Comparison,
    computer_runs,
    objective_points,
    record_changes,
    record_standing,
    standing,
)
from engine.scenario import Objective
from tests.helpers.paths import TUTORIAL


@pytest.fixture(scope="module")
def board():
    return compile_board(load_scenario(TUTORIAL))


def sides_with(board, holders: dict[str, str]) -> np.ndarray:
    """(1, P) every place opposition-held except ``holders``."""
    out = np.full((1, len(board.scenario.settlements)), board.side_index("opposition"))
    for place, side in holders.items():
        out[0, board.place_index(place)] = board.side_index(side)
    return out


def test_a_road_objective_pays_in_proportion_to_the_places_held(board):
    setup = board.scenario.playable_scenarios[0]
    m5 = next(o for o in setup.objectives if o.id == "m5" and o.side == "government")
    held, points = objective_points(board, m5, sides_with(board, {"maarat_al_numan": "government"}))
    assert held[0] == 1 and points[0] == pytest.approx(50 / 4)
    everything = sides_with(board, {p.id: "government" for p in m5.places})
    assert objective_points(board, m5, everything)[1][0] == 50


def test_need_any_pays_in_full_for_one_place(board):
    setup = board.scenario.playable_scenarios[0]
    cut = next(o for o in setup.objectives if o.id == "m5_cut")
    all_lost = sides_with(board, {p.id: "government" for p in cut.places})
    one_held = all_lost.copy()
    one_held[0, board.place_index("khan_al_subl")] = board.side_index("opposition")
    assert objective_points(board, cut, all_lost)[1][0] == 0
    assert objective_points(board, cut, one_held)[1][0] == 40


def test_turkish_held_places_count_for_the_opposition(board):
    hold = Objective("x", "opposition", "Hold Saraqib", (board.scenario.places["saraqib"],), 100)
    assert objective_points(board, hold, sides_with(board, {"saraqib": "turkey"}))[1][0] == 100


def test_a_dated_objective_is_settled_on_its_day_and_keeps_its_points(board):
    setup = next(s for s in board.scenario.playable_scenarios if s.id == "saraqib")
    early_day = board.day_of(setup.objectives[0].date)
    taken = sides_with(board, {"saraqib": "government"})
    lost_again = sides_with(board, {})

    def history(day):
        return taken if day <= early_day else lost_again

    before = standing(board, setup, "government", history, early_day - 1)
    on_day = standing(board, setup, "government", history, early_day)
    after = standing(board, setup, "government", history, early_day + 2)
    assert [o.settled for o in before.objectives] == [False, False]
    assert on_day.objectives[0].settled and on_day.objectives[0].points == 40
    assert after.objectives[0].points == 40 and after.objectives[1].points == 0  # lost since: only the end's counts
    assert after.points == 40 and not after.winning and after.needed == 60


def test_the_record_scores_what_history_achieved(board):
    setup = board.scenario.playable_scenarios[0]
    end = board.day_of(setup.end_date)
    # both towns taken by 10 February; Khan al-Subl on the M5 never changes hands in the tutorial's record
    assert record_standing(board, setup, "government", end).points == 50 + 50 * 3 / 4
    assert record_standing(board, setup, "opposition", end).points == 40
    assert record_standing(board, setup, "government", board.day_of(setup.start_date) - 1).points == 0


def test_record_changes_are_those_within_the_games_days(board):
    setup = next(s for s in board.scenario.playable_scenarios if s.id == "saraqib")
    start, end = board.day_of(setup.start_date), board.day_of(setup.end_date) + 1
    changes = record_changes(board, start, end)
    assert [board.scenario.settlements[p].id for p, _, _ in changes] == ["saraqib"]
    assert all(start <= day < end for _, day, _ in changes)


def test_the_percentile_counts_worlds_below_and_half_the_ties():
    c = Comparison(50.0, np.array([0.0, 25.0, 50.0, 50.0, 75.0, 100.0, 100.0, 100.0]))
    assert c.percentile == pytest.approx(100 * (2 + 1) / 8)
    assert c.median == 62.5


def test_the_computers_batch_is_run_once_and_read_back_from_the_cache(board, tmp_path, monkeypatch):
    setup = next(s for s in board.scenario.playable_scenarios if s.id == "saraqib")
    policies = {"government": "historical", "opposition": "historical"}
    runs = computer_runs(board, setup, policies, seed=5, worlds=4, cache=tmp_path)
    start, end = board.day_of(setup.start_date), board.day_of(setup.end_date)
    assert runs.place_sides.shape == (4, end - start + 2, len(board.scenario.settlements))
    # every world starts from the record's front of the evening before
    record = record_standing(board, setup, "government", start - 1).points
    assert (runs.points(board, setup, "government", start - 1) == record).all()
    assert len(list(tmp_path.glob("computer-*.npz"))) == 1

    import engine.objectives as objectives
    import engine.runner

    monkeypatch.setattr(objectives, "_RUNS", {})  # a new session: only the file is left
    monkeypatch.setattr(engine.runner, "run", lambda *a, **k: pytest.fail("the batch ran again"))
    again = computer_runs(board, setup, policies, seed=5, worlds=4, cache=tmp_path)
    assert (again.place_sides == runs.place_sides).all()


def test_a_damaged_cache_file_is_run_again(board, tmp_path, monkeypatch):
    import engine.objectives as objectives

    setup = next(s for s in board.scenario.playable_scenarios if s.id == "saraqib")
    policies = {"government": "historical", "opposition": "greedy"}
    first = computer_runs(board, setup, policies, seed=6, worlds=2, cache=tmp_path)
    (path,) = tmp_path.glob("computer-*.npz")
    path.write_bytes(b"not a numpy file")
    monkeypatch.setattr(objectives, "_RUNS", {})
    again = computer_runs(board, setup, policies, seed=6, worlds=2, cache=tmp_path)
    assert (again.place_sides == first.place_sides).all()
