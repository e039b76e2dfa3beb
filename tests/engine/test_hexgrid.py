import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from engine.hexgrid import HexGrid

GRID = HexGrid(south=35.25, north=36.30, west=36.10, east=37.62, size_km=2.0)


def test_grid_covers_the_bounds_with_hexes_of_about_two_km():
    assert GRID.count > 3000
    a = GRID.hex_at(35.6, 36.6)
    nb = GRID.neighbours()[a]
    assert (nb >= 0).all()
    ax, ay = GRID.centre_km(a)
    for n in nb:
        nx, ny = GRID.centre_km(n)
        assert abs(np.hypot(nx - ax, ny - ay) - 2.0) < 1e-9


@given(st.integers(0, GRID.count - 1))
def test_a_hex_centre_maps_back_to_its_own_hex(index):
    lat, lon = GRID.centre_latlon(index)
    assert GRID.hex_at(lat, lon) == index


@given(st.integers(0, GRID.count - 1), st.integers(0, GRID.count - 1))
def test_distance_is_symmetric_and_neighbours_are_one_step_away(a, b):
    assert GRID.distance(a, b) == GRID.distance(b, a)
    for n in GRID.neighbours()[a]:
        if n >= 0:
            assert GRID.distance(a, n) == 1


def test_ring_and_line():
    centre = int(GRID.hex_at(35.8, 36.8))
    assert len(GRID.ring(centre, 3)) == 18
    assert all(GRID.distance(centre, h) == 3 for h in GRID.ring(centre, 3))
    far = int(GRID.hex_at(36.1, 37.2))
    path = GRID.line(centre, far)
    assert path[0] == centre and path[-1] == far
    assert len(path) == GRID.distance(centre, far) + 1
    assert all(GRID.distance(a, b) == 1 for a, b in zip(path[:-1], path[1:]))


def test_points_outside_the_grid_have_no_hex():
    assert GRID.hex_at(34.0, 36.5) == -1
