"""Campaigns and batches give, run for run, what they gave when their digests were recorded
(tests/helpers/reference.py): events, every day's state, orders, series and the batch's files, on the
compiled kernels and on the numpy paths, with one worker or two."""

import json

import pytest

from engine import kernels
from tests.helpers import reference

RECORDED = json.loads(reference.RECORD.read_text())


def _scenario_unchanged(scenario) -> None:
    key = str(scenario.relative_to(reference.REPO))
    if reference.scenario_digests()[key] != RECORDED["scenarios"][key]:
        pytest.skip(
            f"{key} changed since the reference digests were recorded (python -m tests.helpers.reference --write)"
        )


@pytest.mark.parametrize("case", reference.CAMPAIGNS, ids=[c[0] for c in reference.CAMPAIGNS])
def test_campaigns_give_the_recorded_digests(case):
    name, scenario, *spec = case
    _scenario_unchanged(scenario)
    assert reference.campaign_digests(scenario, *spec) == RECORDED["campaigns"][name]


@pytest.mark.parametrize("case", reference.CAMPAIGNS[:3] + reference.CAMPAIGNS[4:5], ids=lambda c: c[0])
def test_the_numpy_paths_give_the_recorded_digests(case):
    name, scenario, *spec = case
    _scenario_unchanged(scenario)
    with kernels.numpy_only():
        assert reference.campaign_digests(scenario, *spec) == RECORDED["campaigns"][name]


@pytest.mark.parametrize("case", reference.BATCHES, ids=[c[0] for c in reference.BATCHES])
def test_batches_write_the_recorded_files(case):
    name, scenario, *spec = case
    _scenario_unchanged(scenario)
    assert reference.batch_digests(scenario, *spec) == RECORDED["batches"][name]
