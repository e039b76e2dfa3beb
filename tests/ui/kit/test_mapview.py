"""The map renderer on its own: caching, navigation, hit tests, the front line."""

import datetime as dt

import numpy as np
import pygame
import pytest

from engine import load_scenario
from engine.hexgrid import HexGrid
from tests.helpers.paths import HISTORICAL, TUTORIAL
from ui import colours as C
from ui.kit.mapview import MapState, MapView, hex_terrain
from ui.replaydata import ReplayData


@pytest.fixture(scope="module")
def view():
    pygame.font.init()
    scenario = load_scenario(HISTORICAL)
    data = ReplayData(scenario)
    v = MapView(scenario, data.grid, (0, 0, 800, 640))
    d = dt.date(2020, 2, 1)
    v.set_state(MapState(d, data.hex_families(d), data.families(d), data.posts(d)))
    return v


def test_panning_reuses_the_composed_map(view):
    view.reset_view()
    view.set_zoom(3)
    first = view.world()
    view.pan(37, -21)
    assert view.world() is first
    view.reset_view()


def test_zooming_keeps_the_point_under_the_mouse(view):
    view.reset_view()
    anchor = view.place_position("idlib")
    view.set_zoom(4, anchor)
    # the anchor is a whole pixel at zoom 1: its half-pixel rounding grows fourfold at zoom 4
    assert np.allclose(view.place_position("idlib"), anchor, atol=0.5 * 4 + 0.5)
    view.reset_view()


def test_panning_stops_at_the_edge_of_the_map(view):
    view.set_zoom(2)
    view.pan(10**6, 10**6)
    w, h = view.world_size
    assert view.offset == [w - view.rect.w, h - view.rect.h]
    view.reset_view()


def test_the_place_under_the_mouse_is_found(view):
    pos = view.place_position("saraqib")
    assert view.place_at(pos).id == "saraqib"
    assert (
        view.place_at((pos[0] + 40, pos[1] + 40)) is None or view.place_at((pos[0] + 40, pos[1] + 40)).id != "saraqib"
    )


def test_the_front_line_runs_between_government_and_opposition_hexes(view):
    fam = view.state.hex_family
    edges = view.front_edges(fam)
    assert 50 < len(edges) < 2000
    # every front edge has a government hex on one side and an opposition-camp hex on the other
    (x0, y0), (x1, y1) = edges[0]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    nx, ny = -(y1 - y0), x1 - x0
    lat_lon = [view.grid.to_latlon(np.array([mx + s * nx * 0.5]), np.array([my + s * ny * 0.5])) for s in (1, -1)]
    sides = {C.FAMILIES[fam[int(view.grid.hex_at(*ll)[0])]] for ll in lat_lon}
    assert "government" in sides and len(sides) == 2


def test_terrain_regions_shade_the_hexes():
    scenario = load_scenario(HISTORICAL)
    grid = HexGrid.for_scenario(scenario)
    terrain = hex_terrain(grid, scenario)
    names = [scenario.map.terrain_types[t] for t in terrain]
    ghab = grid.hex_at(35.6, 36.36)
    assert names[int(ghab)] == "farmland"
    assert {"open", "farmland", "hills", "mountains", "urban"} <= set(names)


def test_a_map_of_the_tutorial_draws_without_the_replay():
    pygame.font.init()
    scenario = load_scenario(TUTORIAL)
    data = ReplayData(scenario)
    v = MapView(scenario, data.grid, (0, 0, 400, 300))
    d = scenario.start_date
    v.set_state(MapState(d, data.hex_families(d), data.families(d)))
    surface = pygame.Surface((400, 300))
    v.draw(surface)
    families = data.families(d)  # the tutorial's start control names HTS as holder of some places: grey
    for p in scenario.settlements:
        assert surface.get_at(v.place_position(p.id))[:3] == C.MARKER[families[p.id]]
    assert "hts" in families.values()
