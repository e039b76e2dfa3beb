"""Forecasts from a day of the record: control held to the record before it, nothing read after it."""

import datetime as dt
import re
import shutil

import numpy as np

from engine import forecast, history, load_scenario
from engine.board import compile_board
from engine.runner import run
from tests.helpers.paths import HISTORICAL, REPO

PLANS = {"government": "historical", "opposition": "historical"}
FEBRUARY = dt.date(2020, 2, 1)


def test_the_state_on_the_start_day_is_the_records(historical_board):
    b = historical_board
    day = b.day_of(FEBRUARY)
    campaign = run(b, 3, PLANS, worlds=2, days=day + 3, start_day=day)
    held = campaign.daily["place_control"][:, day - 1]
    record = history.control_on(b.scenario, b.date(day - 1))
    expected = np.array([b.scenario.sides.index(record[p.id]) for p in b.scenario.settlements])
    alone = np.bincount(b.place_hex, minlength=b.hexes)[b.place_hex] == 1  # places closer than a hex share it
    assert alone.mean() > 0.9
    assert (held[:, alone] == expected[alone]).all()
    assert (forecast.record_control(b, day - 1)[b.place_hex][alone] == expected[alone]).all()
    # formations stand on ground their side holds
    pos = campaign.state.position
    on_map = (pos >= 0) & (campaign.state.strength > 0)
    camp_of_hex = b.side_camp[np.maximum(campaign.state.control[np.arange(2)[:, None], np.maximum(pos, 0)], 0)]
    assert (camp_of_hex[on_map] == np.broadcast_to(b.formation_camp, pos.shape)[on_map]).mean() > 0.9
    assert all(c["day"] >= day for c in campaign.captures(0))  # the forecast's captures only


def test_the_record_after_the_start_day_is_never_read(tmp_path, historical_board):
    copy = tmp_path / "idlib_2019_2020"
    shutil.copytree(HISTORICAL, copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    text = (copy / "timeline.yaml").read_text(encoding="utf-8")

    def drop_after_february(match):  # move every change of hands after 1 February to 2020-07-30
        date = dt.date.fromisoformat(match.group(2))
        return f"{match.group(1)}{'2020-07-30' if date > FEBRUARY else match.group(2)}{match.group(3)}"

    edited = re.sub(
        r"(\n    date: )(\d{4}-\d\d-\d\d)((?:\n    [^\n]*)*?\n    type: (?:capture|withdrawal)\n)",
        drop_after_february,
        text,
    )
    (copy / "timeline.yaml").write_text(edited, encoding="utf-8")
    other = compile_board(load_scenario(copy))
    day = historical_board.day_of(FEBRUARY)
    a = run(historical_board, 4, PLANS, worlds=2, days=day + 10, start_day=day)
    b = run(other, 4, PLANS, worlds=2, days=day + 10, start_day=day)
    assert np.array_equal(a.daily["place_control"], b.daily["place_control"])
