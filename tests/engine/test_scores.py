"""Proper scores of an ensemble's dates against the record."""

import numpy as np

from engine import scores
from engine.runner import run


def brute_crps(samples, y):
    samples = np.asarray(samples, float)
    return np.abs(samples - y).mean() - 0.5 * np.abs(samples[:, None] - samples[None, :]).mean()


def test_crps_of_counts_is_the_ensembles_exact_crps():
    rng = np.random.default_rng(1)
    for _ in range(20):
        samples = rng.integers(0, 40, size=rng.integers(1, 60))
        y = int(rng.integers(0, 40))
        assert np.isclose(scores.crps(np.bincount(samples, minlength=41), y), brute_crps(samples, y))


def test_a_sharp_right_forecast_beats_a_spread_one_and_a_wrong_one():
    right = np.bincount([10] * 50, minlength=31)
    spread = np.bincount(np.arange(0, 30), minlength=31)
    wrong = np.bincount([20] * 50, minlength=31)
    assert scores.crps(right, 10) == 0 < scores.crps(spread, 10) < scores.crps(wrong, 10) == 10


def test_the_pit_of_a_calibrated_forecast_is_flat():
    rng = np.random.default_rng(2)
    counts = np.bincount(rng.integers(0, 50, 20000), minlength=51)
    pit = sum(scores.pit_mass(counts, int(y)) for y in rng.integers(0, 50, 2000))
    assert np.abs(pit / pit.sum() - 0.1).max() < 0.02


def test_the_interval_score_penalises_a_miss():
    counts = np.bincount(np.arange(10, 21), minlength=40)
    inside, hit = scores.interval_score(counts, 15)
    outside, miss = scores.interval_score(counts, 35)
    assert hit and not miss and outside > inside


def test_folding_counts_each_change_of_hands_in_order(historical_board):
    b = historical_board
    campaign = run(b, 1, {"government": "historical", "opposition": "historical"}, worlds=4)
    control = campaign.daily["place_control"]
    hist, camp = scores.fold_changes(b, control)
    days = control.shape[1]
    assert (hist.sum(axis=2) == 4).all()  # every world lands in a day bin or "never"
    changed = b.side_camp[control] != b.side_camp[b.start_control[b.place_hex]][None, None, :]
    ever = changed.any(axis=1).sum(axis=0)
    assert np.array_equal(4 - hist[:, 0, days], ever)
    assert (camp[:, 0].sum(axis=1) == ever).all()


def test_the_record_scores_name_every_change_and_a_climatology(historical_board):
    b = historical_board
    campaign = run(b, 1, {"government": "historical", "opposition": "historical"}, worlds=4)
    hist, _ = scores.fold_changes(b, campaign.daily["place_control"])
    out = scores.change_scores(b, hist)
    government = out["by_camp"]["government"]
    assert government["changes"] == sum(c["to"] == "government" for c in out["changes"])
    assert government["climatology_crps_days"] > 0 and government["crps_days"] >= 0
    lo, hi = government["skill_vs_climatology_95"]
    assert lo <= government["skill_vs_climatology"] <= hi
    assert abs(sum(government["pit_histogram"]) - government["changes"]) < 1e-6 + 0.05 * government["changes"]
