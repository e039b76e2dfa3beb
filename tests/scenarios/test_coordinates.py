"""Places lie where the gazetteer puts them, and every exception says why."""

import pytest

from engine import load_scenario
from tests.helpers.geography import geomatch as gm
from tests.helpers.paths import HISTORICAL


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(HISTORICAL)


@pytest.fixture(scope="module")
def gazetteer():
    return gm.Index(gm.read_gazetteer())


def test_most_places_lie_within_3_km_of_their_same_named_gazetteer_point(scenario, gazetteer):
    distances = {}
    for place in scenario.settlements:
        same = gazetteer.same_named(place.names)
        if same:
            distances[place.id] = min(gm.km((place.lat, place.lon), (p.lat, p.lon)) for p in same)
    assert len(distances) >= 70
    near = sum(d <= 3 for d in distances.values())
    assert near / len(distances) >= 0.85, sorted(distances.items(), key=lambda kv: -kv[1])[:10]


def test_a_place_away_from_its_namesakes_says_why_each_is_another_place(scenario, gazetteer):
    for place in scenario.settlements:
        explained = {(r.source, r.name) for r in place.rejected if r.why}
        for p in gazetteer.same_named(place.names):
            if gm.km((place.lat, place.lon), (p.lat, p.lon)) > 3:
                assert ("gazetteer", p.name) in explained, f"{place.id}: {p.name} unexplained"


def test_a_matched_place_names_the_entry_it_was_matched_to(scenario):
    by_source = {}
    for place in scenario.settlements:
        by_source[place.coord_source] = by_source.get(place.coord_source, 0) + 1
        if place.coord_source in ("geonames", "gazetteer"):
            keys = {gm.loose_key(n) for n in place.names}
            assert place.matched_name and gm.loose_key(place.matched_name) in keys, place.id
        else:
            assert place.confidence in ("high", "medium", "low"), place.id
    assert by_source["gazetteer"] + by_source["geonames"] > by_source["estimated"]


def test_the_orontes_runs_through_the_al_ghab_plain_past_jisr_al_shughur(scenario):
    orontes = next(r for r in scenario.map.rivers if r.id == "orontes")
    ghab = next(r for r in scenario.map.regions if r.id == "al_ghab_plain")
    jisr = scenario.places["jisr_al_shughur"]
    assert gm.km_to_line((jisr.lat, jisr.lon), list(orontes.points)) < 2
    reach = [p for p in orontes.points if 35.45 <= p[0] <= 35.78]
    assert reach and all(gm.inside(p, ghab.polygon) for p in reach)
    assert "Natural Earth" in next(b for b in scenario.map.borders if b.id == "syria_turkey").source
