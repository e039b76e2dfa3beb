"""A batch's summary: counts over worlds that add up, read the way the event log and the scores read a campaign."""

import pickle

import numpy as np
import pytest

from engine import scores
from engine.events import Kind
from engine.runner import run
from engine.summary import CHANGES, Summary

PLANS = {"government": "historical", "opposition": "historical"}


@pytest.fixture(scope="module")
def campaign(historical_board):
    return run(historical_board, 2, PLANS, worlds=4)


def test_the_summary_counts_each_place_s_changes_of_hands_as_the_event_log_has_them(historical_board, campaign):
    c = campaign
    summary = Summary(historical_board)
    summary.add_campaign(historical_board, c)
    D = historical_board.scenario.days
    assert summary.change_day_hist.shape == (len(historical_board.population), CHANGES, D + 1)
    assert (summary.change_day_hist.sum(axis=2) == 4).all()  # every world counted once per place and change
    assert (summary.change_camp.sum(axis=2) == summary.change_day_hist[:, :, :D].sum(axis=2)).all()
    assert (summary.holder_counts.sum(axis=2) == 4).all()
    saraqib = historical_board.place_index("saraqib")
    e = c.events[(c.events["kind"] == Kind.CAPTURE) & (c.events["place"] == saraqib)]
    for k in range(CHANGES):  # the k-th capture event of the place in each world, by day
        days = []
        for w in range(4):
            mine = np.sort(e[e["world"] == w]["day"])
            if len(mine) > k:
                days.append(int(mine[k]))
        assert np.bincount(days, minlength=D)[:D].tolist() == summary.change_day_hist[saraqib, k, :D].tolist()
    held = historical_board.side_camp[c.daily["place_control"][:, :, saraqib]]
    for camp in range(len(historical_board.camp_names)):
        assert (summary.holder_counts[:, saraqib, camp] == (held == camp).sum(axis=0)).all()


def test_changes_before_from_day_are_not_counted(historical_board, campaign):
    c = campaign
    late = Summary(historical_board, from_day=40)
    late.add_campaign(historical_board, c)
    assert not late.change_day_hist[:, :, :40].any()
    assert not late.first_held_hist[:, :, :40].any()
    counted = (c.events["kind"] == Kind.CAPTURE) & (c.events["day"] >= 40)
    assert late.change_day_hist[:, 0, :-1].sum() == len(np.unique(c.events[counted][["world", "place"]]))


def test_summaries_add_up_and_travel_small(historical_board, campaign):
    c = campaign
    whole = Summary(historical_board)
    whole.add_campaign(historical_board, c)
    quantiles = whole.series["displaced"].quantile(0.5)
    exact = np.quantile(c.daily["displaced"], 0.5, axis=0, method="lower")
    assert (np.abs(quantiles - exact) <= 0.005 * exact + 1e-9).all()  # within half a per cent
    sent = pickle.dumps(whole)
    assert len(sent) < 2_000_000
    back = pickle.loads(sent)
    back += whole
    assert back.runs == 8 and (back.holder_counts == 2 * whole.holder_counts).all()
    assert (back.series["displaced"].counts == 2 * whole.series["displaced"].counts).all()


def test_the_counts_of_changes_are_those_the_scores_fold(historical_board, campaign):
    for from_day in (0, 40):
        summary = Summary(historical_board, from_day=from_day)
        summary.add_campaign(historical_board, campaign)
        hist, camp = scores.fold_changes(historical_board, campaign.daily["place_control"], from_day)
        assert np.array_equal(summary.change_day_hist, hist)
        assert np.array_equal(summary.change_camp, camp)
        assert np.array_equal(
            summary.holder_counts, scores.fold_holders(historical_board, campaign.daily["place_control"])
        )
