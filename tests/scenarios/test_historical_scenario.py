"""The bundled scenario is valid and agrees with what the document says about places and dates."""

import datetime as dt
import math

import numpy as np
import pytest

from engine import history, load_scenario
from engine.hexgrid import HexGrid
from engine.territory import OUTSIDE, hex_control

D = dt.date


@pytest.fixture(scope="module")
def scenario():
    return load_scenario()


def km(a, b):
    dy = (a.lat - b.lat) * 110.574
    dx = (a.lon - b.lon) * 111.320 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, dy)


def test_it_holds_the_documents_places_and_record(scenario):
    assert len(scenario.settlements) >= 160  # every place the document names inside the map
    assert len(scenario.timeline) >= 300
    kinds = {e.type for e in scenario.timeline}
    assert {"capture", "airstrike", "aircraft_downed", "displacement", "ceasefire", "weather", "escalation"} <= kinds


@pytest.mark.parametrize(
    "place,date,side",
    [
        ("maarat_al_numan", D(2020, 1, 20), "opposition"),
        ("maarat_al_numan", D(2020, 1, 29), "government"),
        ("saraqib", D(2020, 2, 5), "opposition"),
        ("saraqib", D(2020, 2, 10), "government"),
        ("saraqib", D(2020, 2, 28), "opposition"),
        ("saraqib", D(2020, 3, 4), "government"),
        ("kafr_nabl", D(2020, 2, 24), "opposition"),
        ("kafr_nabl", D(2020, 2, 26), "government"),
        ("jarjnaz", D(2019, 12, 24), "government"),
        ("idlib", D(2020, 3, 6), "opposition"),
        ("aleppo", D(2019, 12, 19), "government"),
    ],
)
def test_the_record_gives_the_documented_controller(scenario, place, date, side):
    assert history.control_on(scenario, date)[place] == side


def test_the_m5_runs_north_through_maarat_al_numan_and_saraqib(scenario):
    m5 = next(r for r in scenario.map.roads if r.id == "m5")
    ids = [pl.id for pl in m5.places]
    assert ids.index("maarat_al_numan") < ids.index("saraqib") < ids.index("aleppo")
    hops = [km(a, b) for a, b in zip(m5.places[:-1], m5.places[1:])]
    assert max(hops) < 25  # no jumps: the road is traced place by place


def test_start_control_fills_the_map_with_a_front_between_the_sides(scenario):
    grid = HexGrid.for_scenario(scenario)
    control = hex_control(grid, scenario, history.control_on(scenario, scenario.start_date))
    gov, opp = scenario.sides.index("government"), scenario.sides.index("opposition")
    assert control[grid.hex_at(scenario.places["aleppo"].lat, scenario.places["aleppo"].lon)] == gov
    assert control[grid.hex_at(scenario.places["idlib"].lat, scenario.places["idlib"].lon)] == opp
    inside = control[control != OUTSIDE]
    share = np.bincount(inside, minlength=len(scenario.sides)) / inside.size
    assert 0.2 < share[opp] < 0.8 and 0.2 < share[gov] < 0.8


def test_hexes_beyond_the_turkish_border_belong_to_no_side(scenario):
    grid = HexGrid.for_scenario(scenario)
    control = hex_control(grid, scenario, history.control_on(scenario, scenario.start_date))
    in_turkey = grid.hex_at(36.25, 36.25)  # Hatay, west of the border
    in_syria = grid.hex_at(36.10, 36.60)  # north-western Idlib, east of it
    assert control[in_turkey] == OUTSIDE and control[in_syria] != OUTSIDE
    for place in scenario.settlements:
        assert control[grid.hex_at(place.lat, place.lon)] != OUTSIDE, place.id


def test_un_displacement_figures_rise_over_the_campaign(scenario):
    un = sorted(
        (e.date, f.value)
        for e in scenario.timeline
        if e.type == "displacement" and e.source.id == "un"
        for f in e.figures
        if f.what == "displaced" and not isinstance(f.value, tuple) and f.value >= 50000
    )
    assert len(un) >= 4
    assert un[-1][1] > un[0][1]
