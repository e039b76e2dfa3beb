"""The replay's data: claims, posts and the faction colour of each place, day by day."""

import datetime as dt

import pytest

from engine import load_scenario
from tests.helpers.paths import HISTORICAL
from ui.replaydata import ReplayData


@pytest.fixture(scope="module")
def data():
    return ReplayData(load_scenario(HISTORICAL))


def test_one_sentence_under_two_sources_is_one_claim_with_both(data):
    day = dt.date(2020, 2, 3)
    claims = [c for group in data.claims(day) for c in group]
    turkish = [c for c in claims if c.quote.startswith("Turkey and the SOHR reported seven Turkish soldiers")]
    assert len(turkish) == 1 and [s.id for s in turkish[0].sources] == ["turkish_government", "sohr"]
    assert len(claims) < len(data.entries(day))
    assert len({c.quote for c in claims}) == len(claims)  # no sentence twice on a day


def test_claims_keep_every_entry(data):
    for day in (dt.date(2020, 2, 3), dt.date(2020, 2, 5), dt.date(2019, 12, 22)):
        merged = [e.id for group in data.claims(day) for c in group for e in c.entries]
        assert sorted(merged) == sorted(e.id for e in data.entries(day))


def test_the_saraqib_posts_encirclement_is_lifted_on_27_february(data):
    def saraqib(day):
        return {p.post.id: p for p in data.post_states(day) if p.post.id.startswith("op_saraqib")}

    assert all(p.encircled for p in saraqib(dt.date(2020, 2, 26)).values())
    assert not any(p.encircled for p in saraqib(dt.date(2020, 2, 27)).values())
    assert all(p.lifted for p in saraqib(dt.date(2020, 2, 28)).values())
    state = data.state(dt.date(2020, 2, 28))["observation_posts"]
    assert not any(p["encircled"] for p in state if p["id"].startswith("op_saraqib"))


def test_hts_and_turkish_backed_ground_are_told_apart(data):
    start = data.families(dt.date(2019, 12, 19))
    assert start["idlib"] == "hts" and start["kafr_nabl"] == "opposition"
    assert data.families(dt.date(2020, 3, 1))["halluba"] == "turkey"  # retaken by the SNA
    assert data.families(dt.date(2020, 2, 29))["halluba"] == "government"
