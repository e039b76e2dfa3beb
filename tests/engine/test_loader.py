import datetime as dt

import pytest

from engine import ScenarioError, load_scenario
from engine.scenario import Settlement


def test_tutorial_loads_with_every_reference_resolved():
    s = load_scenario("scenarios/tutorial")
    assert s.id == "tutorial"
    assert s.start_date == dt.date(2020, 1, 24)
    m5 = s.map.roads[0]
    assert [p.name for p in m5.places][0] == "Ma'arrat al-Nu'man"
    assert all(isinstance(p, Settlement) for p in m5.places)
    capture = next(e for e in s.timeline if e.id == "2020-01-28-maarat-captured")
    assert capture.places[0].population.value == 110000
    assert capture.source.name.startswith("Syrian state media")
    encirclement = next(e for e in s.timeline if e.type == "encirclement")
    assert encirclement.posts[0].place.id == "saraqib"
    assert encirclement.formations[0].faction.coalition.id == "government"


def test_loaded_scenario_is_frozen():
    s = load_scenario("scenarios/tutorial")
    with pytest.raises(AttributeError):
        s.settlements[0].lat = 0.0  # type: ignore[misc]


def test_place_lookup_accepts_any_spelling_the_document_uses():
    s = load_scenario("scenarios/tutorial")
    assert s.place_named("Ma’arat Al-Nu’man").id == "maarat_al_numan"
    assert s.place_named("saraqib").id == "saraqib"
    assert s.place_named("Aleppo") is None


def test_a_missing_folder_is_one_clear_problem():
    with pytest.raises(ScenarioError) as err:
        load_scenario("scenarios/no_such_scenario")
    assert len(err.value.problems) == 1
    assert "no such scenario folder" in str(err.value)
