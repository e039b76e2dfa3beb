"""The play screen driven by posted mouse and key events (SDL dummy driver): orders, undo, air, turns, saves."""

import json

import numpy as np
import pygame
import pytest

from engine.game import Game
from engine.orders import AirMission, Attack, Ceasefire, DigIn, Move
from tests.helpers.paths import HISTORICAL, TUTORIAL
from tests.helpers.screens import click, key, pump, type_text
from ui import saves
from ui.play import GHOST, KEYS, PlayScreen, ratio_text

SHOTS = None


@pytest.fixture(autouse=True)
def home(wargame_home):
    return wargame_home


@pytest.fixture(scope="module")
def display():
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 800))
    yield surface


@pytest.fixture
def play(display):
    """A new game as the government against the historical plan, on the historical scenario."""
    pygame.event.clear()
    game = Game.new(HISTORICAL, side="government", opponent="historical", seed=1)
    screen = PlayScreen(game, scenario_path=HISTORICAL)
    pump(screen, display, 1)
    return screen, display


def zoom_on(screen, surface, f: int) -> None:
    screen.map.set_zoom(4)
    screen.centre_on_hex(int(screen.game.state.position[0, f]))
    pump(screen, surface, 1)


def counter_of(screen, f: int) -> pygame.Rect:
    return next(rect for rect, g in screen._counter_rects if g == f)


def select_by_click(screen, surface, f: int) -> None:
    """Click the formation's counter (a click on a stack goes through its counters)."""
    for _ in range(8):
        click(counter_of(screen, f).center)
        pump(screen, surface)
        if screen.selected == f:
            return
    raise AssertionError(f"could not select formation {f}")


def free_hex(screen, hexes) -> int:
    """A hex from ``hexes`` with no counter drawn over its centre."""
    for h in hexes:
        pos = screen.hex_screen(h)
        if screen.map_rect.collidepoint(pos) and screen.counter_at(pos) is None:
            return h
    raise AssertionError("every hex is under a counter")


def test_a_click_on_a_counter_shows_the_formation_its_reach_and_its_odds(play, tmp_path):
    screen, surface = play
    g = screen.game
    position = g.state.position[0]
    f = next(f for f in g.my_formations() if (position == position[f]).sum() == 1)  # alone in its hex
    zoom_on(screen, surface, f)
    before = surface.copy()
    click(counter_of(screen, f).center)
    pump(screen, surface)
    assert screen.selected == f
    texts = screen.texts()
    formation = g.board.scenario.formations[f]
    assert formation.name in texts
    strength = int(g.board.formation_strength[f])
    assert f"strength {strength:,} of {strength:,} (100%)" in texts
    for h, ratio, chance in g.attack_options(f):
        assert f"{ratio_text(ratio)} {chance:.0%}" in texts  # drawn on the map, over the hex
    # a reachable hex is lit: lighter than before the selection
    h = free_hex(screen, g.reachable(f))
    x, y = (round(v) for v in screen.hex_screen(h))
    lit, plain = surface.get_at((x + 6, y + 6))[:3], before.get_at((x + 6, y + 6))[:3]
    assert sum(lit) > sum(plain) + 60
    pygame.image.save(surface, str(tmp_path / "selected.png"))
    key(pygame.K_ESCAPE)
    pump(screen, surface)
    assert screen.selected is None


def test_move_by_click_and_the_day_resolves_on_enter(play, home):
    screen, surface = play
    g = screen.game
    f = g.my_formations()[2]
    zoom_on(screen, surface, f)
    select_by_click(screen, surface, f)
    h = free_hex(screen, g.reachable(f))
    click(screen.hex_screen(h))
    pump(screen, surface)
    assert g.pending == [Move(screen.fid(f), h)]
    assert "Order today: move to " + screen.hex_name(h) in screen.texts()
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    assert g.day == 1 and g.pending == []
    assert int(g.state.position[0, f]) == h
    assert (home / "autosave.json").is_file()  # autosaved after the turn
    assert saves.inspect(home / "autosave.json").days == 1


def test_attack_then_undo_takes_the_orders_back(play):
    screen, surface = play
    g = screen.game
    f = next(f for f in g.my_formations() if g.attack_options(f))
    zoom_on(screen, surface, f)
    select_by_click(screen, surface, f)
    target, ratio, chance = max(g.attack_options(f), key=lambda o: o[2])
    click(screen.hex_screen(target))
    pump(screen, surface)
    assert g.pending == [Attack(screen.fid(f), target)]
    key(pygame.K_d, unicode="d")  # dig in instead: replaces the attack
    pump(screen, surface)
    assert g.pending == [DigIn(screen.fid(f))]
    key(pygame.K_u, unicode="u")
    pump(screen, surface)
    assert g.pending == []
    click(screen.hex_screen(target))
    pump(screen, surface)
    assert len(g.pending) == 1
    key(pygame.K_z, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    assert g.pending == []
    assert "taken back: " in screen.message


def test_an_air_mission_shows_the_civilian_risk_before_it_is_confirmed(play, tmp_path):
    screen, surface = play
    g, b = screen.game, screen.game.board
    key(pygame.K_2, unicode="2")
    pump(screen, surface)
    assert screen.tab == 1 and "Russian Aerospace Forces" in screen.texts()
    key(pygame.K_k, unicode="k")
    key(pygame.K_k, unicode="k")  # close air support -> interdiction -> strike
    pump(screen, surface)
    town = int(b.place_hex[b.place_index("saraqib")])
    screen.centre_on_hex(town)
    pump(screen, surface, 1)
    click(screen.hex_screen(town))
    pump(screen, surface)
    assert screen.dialog is not None and screen.dialog.kind == "confirm_air"
    residents, harmed = g.civilian_risk(town, 10)
    texts = screen.texts()
    assert f"People living on and beside the hex: {residents:,}." in texts
    assert f"Expected civilians killed or injured (model estimate): {harmed:,}." in texts
    assert g.pending == []  # nothing ordered before the confirmation
    pygame.image.save(surface, str(tmp_path / "air-confirm.png"))
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert g.pending == [AirMission("russian_aerospace_forces", "strike", town, 10)]
    assert g.sorties()["russian_aerospace_forces"] == 20
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    flown = g.events[(g.events["kind"] == 6) & (g.events["hex"] == town)]
    assert flown.size and "sorties flown" in screen.banner


def test_escape_cancels_the_air_confirmation(play):
    screen, surface = play
    key(pygame.K_2)
    pump(screen, surface)
    click(screen.map_rect.center)
    pump(screen, surface)
    assert screen.dialog is not None
    click(screen.map_rect.center, button=3)  # right-click cancels
    pump(screen, surface)
    assert screen.dialog is None and screen.game.pending == []


def test_the_log_is_searchable_and_an_entry_centres_the_map(play):
    screen, surface = play
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    key(pygame.K_4, unicode="4")
    key(pygame.K_SLASH, unicode="/")
    type_text("/flee")  # the opening key also arrives as text
    pump(screen, surface)
    assert screen.log_filter == "flee"
    rows = screen.filtered_log()
    assert rows and all("flee" in text for _, text, _, _ in rows)
    assert len(rows) < len(screen.log_rows())
    key(pygame.K_RETURN)  # ends typing
    screen.map.set_zoom(3)
    pump(screen, surface)
    rect, row = screen._log_rects[0]
    click(rect.center)
    pump(screen, surface)
    place = row[2]
    x, y = screen.map.world_to_screen(*screen.game.board.grid.centre_km(int(screen.game.board.place_hex[place])))
    cx, cy = screen.map_rect.center
    assert abs(x - cx) < 40 and abs(y - cy) < 40


def test_fog_of_war_hides_enemy_formations_until_toggled(play):
    screen, surface = play
    g = screen.game
    shown_fog = {f for _, f in screen._counter_rects}
    key(pygame.K_f, unicode="f")
    pump(screen, surface)
    assert not screen.fog
    shown_all = {f for _, f in screen._counter_rects}
    assert set(g.visible(fog=False)) <= shown_all
    assert len(shown_all) > len(shown_fog)
    enemy = [f for f in shown_all if f not in g.my_formations()]
    assert enemy and all(f in g.visible(fog=False) for f in enemy)


def test_the_record_front_line_is_drawn_on_g(play, tmp_path):
    screen, surface = play
    for _ in range(20):
        screen.game.end_turn()
    screen._refresh()
    pump(screen, surface)

    def ghost_pixels():
        pixels = pygame.surfarray.pixels3d(surface)
        r = screen.map_rect
        area = np.asarray(pixels[r.x : r.right, r.y : r.bottom])
        return int(np.all(area == np.array(GHOST), axis=2).sum())

    assert ghost_pixels() == 0
    key(pygame.K_g, unicode="g")
    pump(screen, surface)
    assert screen.ghost and ghost_pixels() > 200
    assert "the record's front line, same date" in screen.texts()
    pygame.image.save(surface, str(tmp_path / "ghost.png"))


def test_diplomacy_panel_proposes_a_ceasefire(play):
    screen, surface = play
    key(pygame.K_3, unicode="3")
    pump(screen, surface)
    texts = screen.texts()
    assert "No ceasefire in force" in texts and "Violations counted so far: 0" in texts
    assert any(t.startswith("Turkish soldiers killed:") for t in texts)
    assert any(t.startswith("People displaced:") for t in texts)
    key(pygame.K_p, unicode="p")
    pump(screen, surface)
    assert screen.game.pending == [Ceasefire("government", accept=False)]
    assert "Ordered today: propose a ceasefire" in screen.texts()
    key(pygame.K_y, unicode="y")  # nothing to accept: the other side has proposed nothing
    pump(screen, surface)
    assert screen.game.pending == [Ceasefire("government", accept=False)]


def test_the_help_overlay_lists_every_shortcut(play):
    screen, surface = play
    key(pygame.K_h, unicode="h")
    pump(screen, surface)
    texts = screen.texts()
    assert all(keys in texts and what in texts for keys, what in KEYS)
    key(pygame.K_ESCAPE)
    pump(screen, surface)
    assert not screen.show_help


def test_save_never_overwrites_silently_and_load_restores_the_game(play, home):
    screen, surface = play
    g = screen.game
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    key(pygame.K_s, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    assert screen.dialog.kind == "save"
    for _ in range(40):
        key(pygame.K_BACKSPACE)
    type_text("my game")
    key(pygame.K_RETURN)
    pump(screen, surface)
    path = home / "my game.json"
    assert path.is_file() and screen.dialog is None
    first = path.read_bytes()
    key(pygame.K_RETURN)
    pump(screen, surface, 3)  # day 2
    key(pygame.K_s, mod=pygame.KMOD_CTRL)
    for _ in range(40):
        key(pygame.K_BACKSPACE)
    type_text("my game")
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert screen.dialog is not None and "exists" in screen.dialog.error
    assert path.read_bytes() == first  # not replaced without a second Enter
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert screen.dialog is None and path.read_bytes() != first
    digest = g.state.digest(0)
    key(pygame.K_RETURN)
    pump(screen, surface, 3)  # day 3, then load the day-2 save
    key(pygame.K_o, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    names = [i.path.name for i in screen.dialog.items]
    key(pygame.K_DOWN)
    for _ in range(names.index("my game.json")):
        pass
    screen.dialog.index = names.index("my game.json")
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert screen.dialog is None
    assert screen.game is not g and screen.game.day == 2 and screen.game.state.digest(0) == digest


def test_a_corrupt_or_foreign_save_is_refused_on_screen_and_kept(play, home):
    screen, surface = play
    home.mkdir(parents=True, exist_ok=True)
    (home / "broken.json").write_text("{not json")
    other = Game.new(TUTORIAL, seed=2)
    other.end_turn()
    other.save(home / "tampered.json")
    data = json.loads((home / "tampered.json").read_text())
    data["days"][0]["state_sha256"] = "0" * 64
    (home / "tampered.json").write_text(json.dumps(data))
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    game = screen.game
    for name, message in (("broken.json", "not a readable record"), ("tampered.json", "differs from the record")):
        key(pygame.K_o, mod=pygame.KMOD_CTRL)
        pump(screen, surface)
        screen.dialog.index = [i.path.name for i in screen.dialog.items].index(name)
        key(pygame.K_RETURN)
        pump(screen, surface)
        assert screen.dialog is not None and message in screen.dialog.error
        assert any(message in t for t in screen.texts())
        assert screen.game is game
        key(pygame.K_ESCAPE)
        pump(screen, surface)
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_finish_opens_the_report(play, tmp_path):
    from ui.postgame import ReportScreen, write_png

    screen, surface = play
    for _ in range(30):
        screen.game.end_turn()
    screen._refresh()
    key(pygame.K_F10)
    pump(screen, surface)
    assert screen.dialog.kind == "finish"
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert screen.next == ("report", screen.game)
    report = ReportScreen(screen.game)
    report.draw(surface)
    texts = report.texts()
    assert "After-action report" in texts
    assert "Places that changed hands: your date against the record's" in texts
    name, mine, real = report.report.captures[0]
    assert name in texts
    dates = screen.game.capture_dates()
    place = next(p for p in dates if screen.game.board.scenario.places[p].name == name)
    assert dates[place] == (mine, real)
    assert any(t.startswith("government side:") and "fighters lost in combat" in t for t in texts)
    assert len(report.report.displaced) == 30
    png = write_png(report, tmp_path / "report.png")
    assert pygame.image.load(str(png)).get_size() == report.size


def test_places_taken_yesterday_are_ringed_on_the_map(play, tmp_path):
    from ui import colours as C
    from ui.mapview import marker_radius

    screen, surface = play
    g = screen.game
    for _ in range(60):
        key(pygame.K_RETURN)
        pump(screen, surface, 3)
        captured = screen.last_events[screen.last_events["kind"] == 10]
        if captured.size:
            break
    assert captured.size, "no place changed hands in 60 days"
    place = g.board.scenario.settlements[int(captured["place"][0])]
    assert place.id in screen.map.state.highlight
    assert place.name in screen.banner
    screen.map.set_zoom(3)
    screen.map.centre_on(place.id)
    pump(screen, surface, 1)
    x, y = screen.map.place_position(place.id)
    r = marker_radius(place, screen.map.zoom) + 5
    ring = [surface.get_at((round(x + r * np.cos(a)), round(y + r * np.sin(a))))[:3] for a in np.linspace(0, 6.2, 24)]
    assert sum(c == C.TEXT_ACCENT for c in ring) >= 4
    pygame.image.save(surface, str(tmp_path / "captured.png"))
