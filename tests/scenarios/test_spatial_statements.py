"""Every statement of the document about where a place lies holds on the scenario's map.

The statements are in spatial_statements.yaml beside this file. One the real map contradicts carries
a `contradiction` note; for it the test checks that it still fails, so the note stays true.
"""

import pytest

from engine import load_scenario
from engine.loader import normalise
from engine.paths import find_document
from tests.helpers.geography import geomatch as gm
from tests.helpers.paths import HISTORICAL

STATEMENTS = gm.read_statements()


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(HISTORICAL)


@pytest.fixture(scope="module")
def geography(scenario):
    roads = {r.id: [p.id for p in r.places] for r in scenario.map.roads}
    regions = {r.id: r.polygon for r in scenario.map.regions}

    def where(pid):
        place = scenario.places[pid]
        return place.lat, place.lon

    return where, roads, regions


def label(statement):
    return f"{'/'.join(gm.subjects(statement))}: {statement['quote'][:50]}"


@pytest.mark.parametrize("statement", STATEMENTS, ids=label)
def test_the_map_keeps_the_documents_statement_or_it_is_a_known_contradiction(statement, geography):
    broken = gm.failures(statement, *geography)
    if statement.get("contradiction"):
        assert broken, f"no longer contradicted, drop the note: {statement['contradiction']}"
    else:
        assert not broken, broken


def test_every_statement_quotes_the_document_and_names_known_places(scenario):
    text = normalise(find_document(HISTORICAL, scenario.source_path).read_text(encoding="utf-8"))
    roads = {r.id for r in scenario.map.roads}
    regions = {r.id for r in scenario.map.regions}
    for statement in STATEMENTS:
        assert normalise(statement["quote"]) in text, statement["quote"]
        for pid in [*gm.subjects(statement), *gm.anchors(statement)]:
            assert pid in scenario.places, pid
        for check in statement["checks"]:
            assert check.get("on_road", next(iter(roads))) in roads
            assert check.get("in_region", next(iter(regions))) in regions


def test_there_are_dozens_of_statements_and_few_contradictions():
    assert len(STATEMENTS) >= 40
    assert sum(bool(s.get("contradiction")) for s in STATEMENTS) <= 8
