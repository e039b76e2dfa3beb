"""The replay drawn without a window (SDL dummy driver): colours at known towns, text on screen, the command."""

import datetime as dt
import json
import subprocess
import sys

import pygame
import pytest

from engine import load_scenario
from tests.helpers.paths import HISTORICAL
from ui import colours as C
from ui.cli import main
from ui.replaydata import ReplayData
from ui.screens.replay.describe import parse_user_date
from ui.screens.replay.screen import ReplayScreen

D = dt.date


@pytest.fixture(scope="module")
def screen():
    pygame.font.init()
    scenario = load_scenario(HISTORICAL)
    return ReplayScreen(scenario, ReplayData(scenario))


@pytest.fixture(scope="module")
def frames(screen):
    """One drawn frame per date, shared by the tests (drawing is the slow part)."""
    cache = {}

    def frame(date: dt.date):
        if date not in cache:
            screen.controller.go(date)
            surface = pygame.Surface(screen.size)
            screen.draw(surface)
            cache[date] = (surface, screen.texts(), list(screen.items()))
        screen.controller.go(date)
        return cache[date]

    return frame


def family_at(surface: pygame.Surface, pos) -> str:
    """The control family whose place-marker colour is nearest to the pixel at ``pos``."""
    colour = surface.get_at(pos)[:3]
    return min(C.MARKER, key=lambda f: sum((a - b) ** 2 for a, b in zip(C.MARKER[f], colour)))


@pytest.mark.parametrize(
    "place, date, family",
    [
        ("maarat_al_numan", D(2020, 1, 29), "government"),
        ("maarat_al_numan", D(2020, 1, 20), "hts"),  # HTS's southern sector (engine/holders.py)
        ("saraqib", D(2020, 2, 28), "hts"),
        ("kafr_nabl", D(2020, 1, 20), "opposition"),
        ("saraqib", D(2020, 3, 4), "government"),
    ],
)
def test_a_place_shows_the_colour_of_its_controller_on_that_day(screen, frames, place, date, family):
    surface, _, _ = frames(date)
    pos = screen.shell.map.place_position(place)
    assert screen.shell.map.rect.collidepoint(pos)
    assert family_at(surface, pos) == family
    assert surface.get_at(pos)[:3] == C.MARKER[family]


def test_the_hexes_around_a_town_take_its_controller(screen):
    data, places = screen.controller.data, screen.controller.scenario.places
    hex_id = int(data.grid.hex_at(places["saraqib"].lat, places["saraqib"].lon))
    assert C.FAMILIES[data.hex_families(D(2020, 2, 28))[hex_id]] == "hts"  # retaken: back to its HTS holders
    assert C.FAMILIES[data.hex_families(D(2020, 3, 4))[hex_id]] == "government"


def test_the_days_events_and_their_sources_are_on_screen(screen, frames):
    _, texts, _ = frames(D(2020, 1, 29))
    joined = " ".join(texts)
    assert "Wed 29 January 2020" in texts
    assert "Events of 29 January 2020: 8 entries" in texts
    assert "Al-Masdar News" in texts
    assert "the Syrian Army had secured Ma'arrat al-Nu'man's flanks" in joined
    assert "day 42 of the offensive" in joined


def test_claims_about_one_event_stand_side_by_side(screen, frames):
    _, texts, items = frames(D(2020, 2, 28))
    assert "4 claims about one event, side by side:" in texts
    events = [i for i in items if i.where == "events"]
    turkey = next(i for i in events if i.text.startswith("Turkish president"))  # the claim's source, atop its card
    narrative = [i for i in events if i.text.startswith("The article's own") and i.rect.y == turkey.rect.y]
    assert len(narrative) == 2 and all(i.rect.x > turkey.rect.x for i in narrative)  # one row of three columns
    quotes = [i.text for i in events if i.text.startswith(("\u201cTurkey said", "\u201cTurkish drone"))]
    assert len(quotes) == 2


def test_counters_show_displacement_and_area_held(screen, frames):
    _, texts, _ = frames(D(2020, 2, 28))
    assert "900,000" in texts  # the UN figure of 17 February is the latest total by 28 February
    area = screen.controller.data.area_km2(D(2020, 2, 28))
    assert f"government {area['government']:,.0f}" in texts and f"opposition {area['opposition']:,.0f}" in texts
    assert "Displaced (dots: UN figures)" in texts


def test_labels_do_not_collide_at_the_default_zoom(screen, frames):
    frames(D(2020, 1, 29))
    view = screen.shell.map
    assert view.zoom_index == 0
    rects = [r for _, _, r in view.labels]
    assert len(rects) > 40
    for k, r in enumerate(rects):
        assert r.inflate(-2, -2).collidelist(rects[k + 1 :]) == -1, view.labels[k][1]  # halos may touch
    labelled = {p for p, _, _ in view.labels}
    assert {"maarat_al_numan", "saraqib", "idlib", "aleppo", "kafr_nabl", "khan_shaykhun"} <= labelled


def test_hovering_a_place_opens_its_tooltip(screen):
    screen.controller.go(D(2020, 2, 8))
    screen.controller.hovered = "saraqib"
    surface = pygame.Surface(screen.size)
    screen.draw(surface)
    screen.controller.hovered = None
    texts = screen.texts()
    assert "Saraqib" in texts
    assert "held by government on 08 Feb 2020" in texts
    assert any(t.startswith("changed hands: 07 Feb to government") for t in texts)
    assert any("encircled since 06 Feb" in t for t in texts)


def test_the_help_overlay_lists_the_shortcuts(screen):
    screen.shell.show_help = True
    surface = pygame.Surface(screen.size)
    screen.draw(surface)
    screen.shell.show_help = False
    texts = " ".join(screen.texts())
    assert "play / pause" in texts and "one day back / forward" in texts and "jump to a date (type it, Enter)" in texts


def test_playing_advances_one_day_per_period(screen):
    c = screen.controller
    c.go(D(2020, 1, 1))
    c.speed_index = 1  # one day per second
    c.toggle_play()
    screen.update(2.5)
    c.toggle_play()
    assert c.date == D(2020, 1, 3)


def test_a_typed_date_is_understood():
    scenario = load_scenario(HISTORICAL)
    data = ReplayData(scenario)
    assert parse_user_date("2020-02-05", data) == D(2020, 2, 5)
    assert parse_user_date("5 feb", data) == D(2020, 2, 5)
    assert parse_user_date("dec 24", data) == D(2019, 12, 24)
    assert parse_user_date("6 March 2020", data) == D(2020, 3, 6)


def test_the_record_gives_displacement_and_observation_posts(screen):
    data = screen.controller.data
    assert data.displaced(D(2020, 2, 17)).value == 900_000
    assert data.displaced(D(2020, 2, 17)).is_un
    assert data.displaced(D(2019, 12, 20)) is None
    values = [r.value for r in data.displaced_reports]
    assert values == sorted(values)  # cumulative totals only: no flows or local figures
    posts = {p.id: enc for p, enc in data.posts(D(2020, 2, 10))}
    assert posts["op_saraqib_1"] and posts["op_sarman"] and posts["op_maar_hattat"]  # the record's 27 January entry
    assert not dict((p.id, enc) for p, enc in data.posts(D(2020, 1, 26)))["op_maar_hattat"]
    assert "op_idlib_city" not in posts  # established on 12 February


def test_area_held_adds_up_to_the_theatre(screen):
    data = screen.controller.data
    start, end = data.area_km2(D(2019, 12, 19)), data.area_km2(D(2020, 3, 6))
    theatre = (~data.outside).sum() * data.hex_area_km2
    assert sum(start.values()) == pytest.approx(theatre, rel=1e-4)
    assert end["government"] > start["government"] + 1000


def test_replay_at_writes_the_png_and_the_state_json(tmp_path, capsys):
    png, state = tmp_path / "day.png", tmp_path / "day.json"
    assert main(["replay", "--at", "2020-01-29", "--png", str(png), "--state-json", str(state)]) == 0
    doc = json.loads(state.read_text())
    assert doc["date"] == "2020-01-29"
    assert doc["control"]["maarat_al_numan"] == "government"
    assert doc["displaced"] == 235_000
    assert "2020-01-29-b-al-harradah-captured" in [e["id"] for e in doc["events"]]
    assert all(e["source"] and e["quote"] for e in doc["events"])
    image = pygame.image.load(str(png))
    assert image.get_size() == (1280, 800)


def test_frames_writes_one_png_per_day_and_never_overwrites(tmp_path, capsys):
    out = tmp_path / "frames"
    assert main(["replay", "--frames", str(out), "--start", "2020-03-04", "--end", "2020-03-06"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2020-03-04.png", "2020-03-05.png", "2020-03-06.png"]
    before = (out / "2020-03-05.png").stat().st_mtime_ns
    assert main(["replay", "--frames", str(out), "--start", "2020-03-05", "--end", "2020-03-05"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (out / "2020-03-05.png").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "2021-01-01", "--png", "{tmp}/x.png"], "outside the record"),
        (["--at", "29 jan", "--png", "{tmp}/x.png"], "not a date"),
        (["--at", "2020-01-29", "--png", "{tmp}"], "must end in .png"),
        (["--at", "2020-01-29", "--png", "{tmp}/folder.png"], "is a folder"),
        (["--at", "2020-01-29", "--png", "{tmp}/missing/x.png"], "does not exist"),
        (["--at", "2020-01-29"], "needs --png"),
        (["--png", "{tmp}/x.png"], "need --at"),
        (["--at", "", "--png", "{tmp}/x.png"], "--at: '' is not a date"),
        (["--frames", "{tmp}/f", "--at", "2020-01-29"], "--at DATE (one day) and --frames DIR (every day) cannot be"),
        (["--frames", "{tmp}/f", "--png", "{tmp}/x.png"], "--png and --state-json go with --at DATE"),
        (["--at", "2020-01-29", "--state-json", "/dev/full"], "must end in .json"),
        (["--frames", "{tmp}/folder.png/f", "--end", "2019-01-01"], "--end: 2019-01-01 is outside the record"),
    ],
)
def test_bad_input_gives_one_clear_line_and_a_non_zero_exit(tmp_path, capsys, args, message):
    (tmp_path / "folder.png").mkdir()
    assert main(["replay", *[a.format(tmp=tmp_path) for a in args]]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "f").exists()


def test_a_bad_scenario_is_refused(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nowhere"), "--at", "2020-01-29", "--png", str(tmp_path / "x.png")]) == 2
    assert "no such scenario folder" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_without_a_display_wargame_says_so_in_one_line(tmp_path):
    env = {
        k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    result = subprocess.run([sys.executable, "-m", "ui.cli"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "--png" in lines[0] and "--frames" in lines[0]
    assert "Traceback" not in result.stderr


def test_the_state_json_alone_does_not_import_pygame(tmp_path):
    code = (
        "import sys, ui.cli; rc = ui.cli.main(['replay', '--at', '2020-03-06', '--state-json', sys.argv[1]]);"
        " print(rc, 'pygame' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.json")], capture_output=True, text=True)
    assert result.stdout.strip().endswith("0 False"), result.stderr
