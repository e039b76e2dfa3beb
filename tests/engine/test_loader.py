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


def test_playable_scenarios_load_with_briefings_objectives_and_victory():
    s = load_scenario("scenarios/tutorial")
    campaign, saraqib = s.playable_scenarios
    assert campaign.start_date == s.start_date and campaign.turns == s.days
    assert saraqib.start_date == dt.date(2020, 2, 1) and saraqib.turns == 10
    assert saraqib.briefings["government"].quotes[0].source.id == "document"
    m5 = next(o for o in campaign.objectives if o.id == "m5")
    assert [p.id for p in m5.places] == ["maarat_al_numan", "maar_shamshah", "khan_al_subl", "saraqib"]
    assert campaign.victory == {"government": 60, "opposition": 50}


def test_without_playable_yaml_the_one_game_is_the_whole_campaign(tutorial_copy):
    (tutorial_copy / "playable.yaml").unlink()
    (only,) = load_scenario(tutorial_copy).playable_scenarios
    assert only.id == "campaign" and only.objectives == () and only.start_date == dt.date(2020, 1, 24)


BAD_PLAYABLE = """\
scenarios:
  - id: campaign
    name: Campaign
    summary: the whole of it
    start: 2020-01-24
    end: 2020-02-10
    briefing:
      government:
        situation: go
        quotes:
          - {quote: "words the document never wrote", source: document, date: 2020-01-24}
          - {quote: "established three new observation posts around Saraqib", source: document, date: 2020-02-01}
          - {quote: "the opposition stronghold of Saraqib", source: nobody, date: 2020-01-20}
    objectives:
      - {id: a, side: government, label: A, places: [atlantis], weight: 60}
      - {id: b, side: government, label: B, road: m5, from: nayrab, weight: 30}
      - {id: c, side: opposition, label: C, places: [saraqib], weight: 100, date: 2020-03-01}
      - {id: c, side: opposition, label: C again, places: [nayrab], weight: 10, need: most}
    victory: {government: 60}
"""


def test_every_problem_of_playable_yaml_is_reported_with_its_line(tutorial_copy):
    (tutorial_copy / "playable.yaml").write_text(BAD_PLAYABLE)
    with pytest.raises(ScenarioError) as err:
        load_scenario(tutorial_copy)
    text = str(err.value)
    expected = [
        ("playable.yaml:11:", "quote not found in the document"),
        ("playable.yaml:12:", "is after the scenario starts"),
        ("playable.yaml:13:", "unknown source 'nobody'"),
        ("playable.yaml:7:", "no briefing for the opposition side"),
        ("playable.yaml:15:", "unknown place 'atlantis'"),
        ("playable.yaml:16:", "'nayrab' is not on the road 'm5'"),
        ("playable.yaml:17:", "is outside the scenario's days"),
        ("playable.yaml:18:", "'most' is not one of: all, any"),
        ("playable.yaml:19:", "missing field 'opposition'"),
    ]
    for where, what in expected:
        assert any(where in line and what in line for line in text.splitlines()), (where, what, text)
