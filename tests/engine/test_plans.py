"""Plans of operations: decisions start operations, the rules decide the outcomes, and nothing reads
the record's dates of change of hands."""

import re
import shutil

import numpy as np

from engine import load_scenario
from engine.board import compile_board
from engine.events import Kind
from engine.plans import ACTIVE, CALLED_OFF, DONE, WAITING, decide
from engine.policies import historical
from engine.runner import run
from engine.state import initial_state
from tests.helpers.boards import tutorial_board
from tests.helpers.paths import HISTORICAL, REPO

PLANS = {"government": "historical", "opposition": "historical"}


def op_index(board, op_id):
    return [o.id for o in board.scenario.operations].index(op_id)


def test_a_dated_decision_starts_its_operation_on_its_day():
    board = tutorial_board()
    state = initial_state(board, 2)
    assert (state.op_status[:, op_index(board, "m5_offensive")] == ACTIVE).all()  # decided for 24 January, day 0
    assert (state.op_status[:, op_index(board, "saraqib_counterattack")] == WAITING).all()


def test_a_counter_attack_needs_the_turkish_support_its_decision_names():
    board = tutorial_board()
    state = initial_state(board, 2)
    gov = board.side_index("government")
    state.control[:, board.place_hex[board.place_index("saraqib")]] = gov  # the enemy now holds its objective
    state.day = 5
    decide(board, state)
    counter = op_index(board, "saraqib_counterattack")
    assert (state.op_status[:, counter] == WAITING).all()  # no Turkish fire support yet
    state.escalation[1] = 1
    decide(board, state)
    assert state.op_status[0, counter] == WAITING and state.op_status[1, counter] == ACTIVE


def test_an_operation_is_done_when_its_objectives_are_held_and_called_off_by_its_losses():
    board = tutorial_board()
    state = initial_state(board, 3)
    gov = board.side_index("government")
    m5, counter = op_index(board, "m5_offensive"), op_index(board, "saraqib_counterattack")
    for p in board.plans.objectives[m5]:
        if p >= 0:
            state.control[0, board.place_hex[p]] = gov
    state.control[1:, board.place_hex[board.place_index("saraqib")]] = gov
    state.escalation[1:] = 1
    state.day = 1
    decide(board, state)
    assert state.op_status[0, m5] == DONE and state.op_status[1, m5] == ACTIVE
    assert state.op_status[1, counter] == ACTIVE
    hts = board.formation_index("hts_south")
    state.strength[2, hts] = state.op_strength[2, counter] // 2  # half its committed strength lost
    state.day = 2
    decide(board, state)
    assert state.op_status[1, counter] == ACTIVE and state.op_status[2, counter] == CALLED_OFF


def test_formations_in_an_operation_attack_toward_its_objectives():
    board = tutorial_board()
    state = initial_state(board, 8)
    camp = board.side_camp[board.side_index("government")]
    orders = historical(board, state, int(camp))
    saa = board.formation_index("saa_25th_smfd")
    assert (orders.action[:, saa] > 0).all()  # it moves or attacks: the offensive has begun


def test_operations_begin_and_end_in_the_event_log(historical_board):
    campaign = run(historical_board, 2, PLANS, worlds=2)
    ops = campaign.events[campaign.events["kind"] == Kind.OPERATION]
    begun = {historical_board.scenario.operations[a].id for a in ops["actor"][ops["value"] == ACTIVE]}
    assert {"maarat_offensive", "aleppo_axis"} <= begun


def test_simulated_dates_do_not_follow_the_record(tmp_path, historical_board):
    """Shift every capture and withdrawal of the record a week later: the forecast does not move."""
    copy = tmp_path / "idlib_2019_2020"
    shutil.copytree(HISTORICAL, copy)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    timeline = (copy / "timeline.yaml").read_text(encoding="utf-8")

    def later(match):
        import datetime as dt

        date = dt.date.fromisoformat(match.group(2)) + dt.timedelta(days=7)
        return f"{match.group(1)}{date.isoformat()}{match.group(3)}"

    shifted = re.sub(
        r"(\n    date: )(\d{4}-\d\d-\d\d)((?:\n    [^\n]*)*?\n    type: (?:capture|withdrawal)\n)", later, timeline
    )
    assert shifted != timeline
    (copy / "timeline.yaml").write_text(shifted, encoding="utf-8")
    moved = compile_board(load_scenario(copy))
    assert moved.digest != historical_board.digest
    a = run(historical_board, 5, PLANS, worlds=3)
    b = run(moved, 5, PLANS, worlds=3)
    assert np.array_equal(a.daily["place_control"], b.daily["place_control"])


def test_a_what_if_moves_cancels_or_reassigns_a_decision():
    import pytest

    from engine import ScenarioError
    from engine.rulebook import with_settings
    from tests.helpers.paths import TUTORIAL

    scenario = load_scenario(TUTORIAL)
    later = compile_board(with_settings(scenario, ["plans.m5_offensive.date=2020-01-30"]))
    m5 = op_index(later, "m5_offensive")
    assert (initial_state(later, 1).op_status[:, m5] == WAITING).all()
    campaign = run(later, 1, PLANS, worlds=1, days=8)
    began = campaign.events[(campaign.events["kind"] == Kind.OPERATION) & (campaign.events["actor"] == m5)]
    assert later.date(int(began["day"][0])).isoformat() == "2020-01-30"

    cancelled = compile_board(with_settings(scenario, ["plans.saraqib_counterattack.cancelled=true"]))
    state = initial_state(cancelled, 1)
    state.control[:, cancelled.place_hex[cancelled.place_index("saraqib")]] = cancelled.side_index("government")
    state.escalation[:] = 2
    state.day = 5
    decide(cancelled, state)
    assert state.op_status[0, op_index(cancelled, "saraqib_counterattack")] == WAITING

    with pytest.raises(ScenarioError) as error:
        with_settings(scenario, ["plans.m5_offensive.formations=[hts_south]", "plans.nowhere.date=2020-01-30"])
    messages = [p.message for p in error.value.problems]
    assert any("government camp" in m for m in messages) and any("no operation 'nowhere'" in m for m in messages)
