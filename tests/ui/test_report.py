"""The batch report PNG: drawn from a real (small) batch, readable back, showing the map's colours
and the record's front."""

import datetime as dt
import math
import sys
import time

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import matplotlib.image as mpimg  # noqa: E402
from PIL import Image  # noqa: E402

from engine.batch import BatchSpec, run_batch  # noqa: E402
from engine.hexgrid import HexGrid  # noqa: E402
from engine.summary import summary  # noqa: E402
from tests.helpers.paths import HISTORICAL, TUTORIAL  # noqa: E402
from ui.report import front_segments, hex_polygons, report_figure, report_image, write_report  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _map_pixels(result, summ, image: np.ndarray, k: int = 0) -> np.ndarray:
    """The RGB pixels inside the k-th map of the report (the maps are the first axes drawn)."""
    fig = report_figure(result, summ)
    fig.canvas.draw()
    box = fig.axes[k].get_window_extent()
    h = image.shape[0]
    # the PNG is the figure at one pixel a point (a fractional size is cut to whole pixels)
    assert abs(image.shape[0] - fig.bbox.height) < 1 and abs(image.shape[1] - fig.bbox.width) < 1
    rows = slice(int(h - box.y1) + 2, int(h - box.y0) - 2)
    cols = slice(int(box.x0) + 2, int(box.x1) - 2)
    return image[rows, cols, :3]


def _share(pixels: np.ndarray, test) -> float:
    r, g, b = (pixels[..., i] * 255 for i in range(3))
    return float(test(r, g, b).mean())


def red(r, g, b):
    return (r > 180) & (g < 110) & (b < 110)


def green(r, g, b):
    return (g > 120) & (r < 110) & (b < 110)


def black(r, g, b):
    return (r < 50) & (g < 50) & (b < 50)


@pytest.fixture(scope="module")
def tutorial_batch():
    result = run_batch(BatchSpec(scenario=str(TUTORIAL), seed=1, snapshot_dates=(dt.date(2020, 2, 1),)), runs=8)
    return result, summary(result)


def test_report_png_of_a_tutorial_batch(tutorial_batch, tmp_path):
    result, summ = tutorial_batch
    figures_before = _pyplot_figures()
    path = tmp_path / "report.png"
    write_report(result, summ, path)

    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert 50_000 < len(data) < 20_000_000
    image = mpimg.imread(path)
    assert image.ndim == 3 and image.shape[0] > 1000 and image.shape[1] > 1500
    assert image[..., :3].std() > 0.1  # far from a blank page

    pixels = _map_pixels(result, summ, image)
    assert _share(pixels, green) > 0.3  # the tutorial's ground is the opposition's in most runs
    assert _share(pixels, black) > 0.002  # the record's front line of 1 February crosses the map
    assert _pyplot_figures() == figures_before  # drawn without pyplot's global figures


def test_report_drawn_by_two_processes_is_the_one_drawn_by_one(tutorial_batch, tmp_path):
    result, summ = tutorial_batch
    alone = report_image(result, summ, processes=1)
    assert np.array_equal(report_image(result, summ, processes=2), alone)
    write_report(result, summ, tmp_path / "two.png", processes=2)
    assert np.array_equal(np.asarray(Image.open(tmp_path / "two.png").convert("RGB")), alone)


def test_report_accepts_a_string_path(tutorial_batch, tmp_path):
    result, summ = tutorial_batch
    write_report(result, summ, str(tmp_path / "r.png"))
    assert (tmp_path / "r.png").read_bytes().startswith(PNG_SIGNATURE)


def test_report_of_a_historical_batch(tmp_path):
    dates = (dt.date(2020, 1, 28), dt.date(2020, 2, 10), dt.date(2020, 3, 5))
    started = time.perf_counter()
    result = run_batch(BatchSpec(scenario=str(HISTORICAL), seed=3, snapshot_dates=dates), runs=16)
    summ = summary(result)
    path = tmp_path / "report.png"
    write_report(result, summ, path)
    assert time.perf_counter() - started < 60

    image = mpimg.imread(path)
    for k in range(len(dates)):
        pixels = _map_pixels(result, summ, image, k)
        assert _share(pixels, red) > 0.1, k  # the government's ground
        assert _share(pixels, green) > 0.1, k  # the opposition's
        assert _share(pixels, black) > 0.003, k  # the record's front line


def test_front_edges_are_the_shared_hex_edges():
    grid = HexGrid(35.0, 35.3, 36.5, 36.8, 2.0)
    radius = grid.size_km / math.sqrt(3)
    control = np.zeros(grid.count, np.int8)
    a = (grid.rows // 2) * grid.cols + grid.cols // 2  # well inside the grid
    assert (grid.neighbours()[a] >= 0).all()
    control[a] = 1
    segments = front_segments(grid, control, [1], [0])
    assert len(segments) == 6  # one edge towards each neighbour
    ax, ay = grid.centre_km(a)
    vertices = hex_polygons(grid, np.array([a]))[0]
    for (x0, y0), (x1, y1) in segments:
        assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(radius)  # an edge is as long as the radius
        for x, y in ((x0, y0), (x1, y1)):  # ends on vertices of the hex
            assert np.hypot(vertices[:, 0] - x, vertices[:, 1] - y).min() == pytest.approx(0, abs=1e-9)
    # and midway between the two centres
    mids = {(round((x0 + x1) / 2, 6), round((y0 + y1) / 2, 6)) for (x0, y0), (x1, y1) in segments}
    for b in grid.neighbours()[a]:
        bx, by = grid.centre_km(b)
        assert (round((ax + bx) / 2, 6), round((ay + by) / 2, 6)) in mids
    assert len(front_segments(grid, control, [1], [2])) == 0  # no side 2 anywhere: no front


def _pyplot_figures():
    plt = sys.modules.get("matplotlib.pyplot")
    return list(plt.get_fignums()) if plt else []
