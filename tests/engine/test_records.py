"""Saved records: re-simulated on load, refused when damaged, foreign or not reproducible."""

import json

import pytest

from engine import events as ev
from engine.records import RecordError, load, record_of, replay, save
from engine.runner import run
from tests.helpers.boards import tutorial_board

BOARD = tutorial_board()


@pytest.fixture
def saved(tmp_path):
    campaign = run(BOARD, 5, {"government": "greedy", "opposition": "greedy"}, keep_orders=True)
    path = tmp_path / "game.json"
    save(record_of(campaign), path)
    return campaign, path


def test_a_saved_game_replays_to_the_same_events(saved):
    campaign, path = saved
    again = replay(BOARD, load(path))
    assert ev.digest(again.events, 0) == ev.digest(campaign.events, 0)
    assert again.state.digest(0) == campaign.state.digest(0)


def test_a_changed_day_is_named(saved, tmp_path):
    _, path = saved
    data = json.loads(path.read_text())
    data["days"][3]["orders"] = []  # day 4 played differently
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError, match=r"day 4 \(2020-01-27\)"):
        replay(BOARD, load(path))


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not a readable record"),
        ('{"format": "something-else"}', "not an idlib-wargame record"),
        ('{"format": "idlib-wargame-record", "version": 99}', "version 99"),
        ('{"format": "idlib-wargame-record", "version": 2, "days": [1]}', "damaged"),
    ],
)
def test_a_corrupt_or_foreign_file_is_refused(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(RecordError, match=message):
        load(path)
    assert path.read_text() == text  # never touched


def test_a_record_of_another_scenario_is_refused(saved, historical_board):
    _, path = saved
    with pytest.raises(RecordError, match="scenario 'tutorial'"):
        replay(historical_board, load(path))
