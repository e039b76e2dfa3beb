"""The play screen driven by posted mouse and key events (SDL dummy driver): orders, undo, air, turns, saves."""

import json

import numpy as np
import pygame
import pytest

from engine.game import AirMission, Attack, Ceasefire, DigIn, Game, Move
from tests.helpers.paths import HISTORICAL, TUTORIAL
from tests.helpers.screens import click, key, pump, type_text
from ui import colours as C
from ui import saves
from ui.kit.gamemap import GHOST
from ui.screens.play.controller import AIR, ConfirmAir, FinishDialog, LoadDialog, SaveDialog
from ui.screens.play.describe import hex_name, ratio_text
from ui.screens.play.screen import PlayScreen
from ui.screens.play.targets import Counter, LogEntry
from ui.screens.play.view import READABLE_HEX, hex_point
from ui.screens.report import ReportScreen, write_png
from ui.screens.transitions import ToMenu, ToReport

SIZE = (1280, 800)


@pytest.fixture(autouse=True)
def home(wargame_home):
    return wargame_home


@pytest.fixture(scope="module")
def display():
    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(SIZE)


@pytest.fixture
def play(display):
    """A new game as the government against the historical plan, on the historical scenario."""
    pygame.event.clear()
    game = Game.new(HISTORICAL, side="government", opponent="historical", seed=1)
    screen = PlayScreen(game, SIZE, scenario_path=HISTORICAL)
    pump(screen, display, 1)
    return screen, display


def zoom_on(screen, surface, f: int) -> None:
    view = screen.shell.map
    view.set_zoom(5)
    h = screen.controller.hex_of(f)
    view.centre_on_km(view.cx[h], view.cy[h])
    pump(screen, surface, 1)


def counters(screen) -> list[tuple[pygame.Rect, Counter]]:
    return list(screen.compose().hits.of(Counter))


def counter_of(screen, f: int) -> pygame.Rect:
    return next(rect for rect, c in counters(screen) if c.formation == f)


def counter_at(screen, pos):
    return screen.compose().hits.top(pos, Counter)


def select_by_click(screen, surface, f: int) -> None:
    """Click the formation's counter (a click on a stack goes through its counters)."""
    for _ in range(8):
        click(counter_of(screen, f).center)
        pump(screen, surface)
        if screen.controller.selected == f:
            return
    raise AssertionError(f"could not select formation {f}")


def free_hex(screen, hexes) -> int:
    """A hex from ``hexes`` with no counter drawn over its centre."""
    for h in hexes:
        pos = hex_point(screen.shell.map, h)
        if screen.shell.layout.map.collidepoint(pos) and counter_at(screen, pos) is None:
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
    assert screen.controller.selected == f
    texts = screen.texts()
    formation = g.board.scenario.formations[f]
    assert formation.name in texts
    strength = int(g.board.formation_strength[f])
    assert f"strength {strength:,} of {strength:,} (100%)" in texts
    for a in g.legal_orders(f).attacks:
        assert f"{hex_name(g, a.hex)}: {ratio_text(a.ratio)}, {a.chance:.0%}" in texts  # listed in the panel
    if g.legal_orders(f).attacks:
        assert any(t.endswith("%") and t[:-1].isdigit() for t in texts)  # the chance is written on the map
    # a reachable hex is lit: lighter than before the selection
    h = free_hex(screen, g.legal_orders(f).moves)
    x, y = (round(v) for v in hex_point(screen.shell.map, h))
    lit, plain = surface.get_at((x + 6, y + 6))[:3], before.get_at((x + 6, y + 6))[:3]
    assert sum(lit) > sum(plain) + 60
    key(pygame.K_ESCAPE)
    pump(screen, surface)
    assert screen.controller.selected is None


def test_selecting_at_the_opening_zoom_zooms_in_until_the_odds_are_readable(play):
    screen, surface = play
    view = screen.shell.map
    assert view.zoom_index == 0 and view.hex_px < READABLE_HEX
    key(pygame.K_TAB)
    pump(screen, surface)
    f = screen.controller.selected
    assert f is not None and view.hex_px >= READABLE_HEX
    assert view.rect.collidepoint(hex_point(view, screen.controller.hex_of(f)))


def test_a_second_click_on_a_stack_goes_through_it_and_gives_no_order(play):
    screen, surface = play
    g, c = screen.game, screen.controller
    pos = g.state.position[0]
    stacked = next(h for h in set(pos[g.my_formations()].tolist()) if len(c.formations_at(h)) > 1)
    stack = c.formations_at(stacked)
    zoom_on(screen, surface, stack[0])
    top = counter_of(screen, stack[-1])
    seen = []
    for _ in range(len(stack) + 1):
        click(top.center)
        pump(screen, surface)
        seen.append(c.selected)
    assert set(seen) == set(stack) and seen[0] == seen[-1]  # round the stack and back to the top
    assert g.pending == []


def test_zoom_keys_zoom_at_the_selection(play):
    screen, surface = play
    view = screen.shell.map
    key(pygame.K_TAB)
    pump(screen, surface)
    f = screen.controller.selected
    point = hex_point(view, screen.controller.hex_of(f))
    before = view.zoom_index
    key(pygame.K_EQUALS, unicode="=")
    pump(screen, surface)
    assert view.zoom_index == before + 1
    assert np.allclose(hex_point(view, screen.controller.hex_of(f)), point, atol=2)


def test_move_by_click_and_the_day_resolves_on_enter(play, home):
    screen, surface = play
    g = screen.game
    f = g.my_formations()[2]
    zoom_on(screen, surface, f)
    select_by_click(screen, surface, f)
    h = free_hex(screen, g.legal_orders(f).moves)
    click(hex_point(screen.shell.map, h))
    pump(screen, surface)
    assert g.pending == [Move(screen.controller.fid(f), h)]
    assert "Order today: move to " + hex_name(g, h) in " ".join(screen.texts())  # wrapped to the panel
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    assert g.day == 1 and g.pending == []
    assert int(g.state.position[0, f]) == h
    assert saves.inspect(home / "autosave.json").days == 1  # autosaved after the turn


def test_the_first_day_after_an_install_says_the_rules_are_being_compiled(play, monkeypatch):
    from engine import kernels

    screen, surface = play
    hint = "first day after an install: the rules are being compiled, about a minute"
    monkeypatch.setattr(kernels, "uncompiled", lambda: True)
    key(pygame.K_RETURN)
    pump(screen, surface, 1)  # the wait is announced before the day resolves
    assert "Resolving 19 December 2019…" in screen.frame.texts() and hint in screen.frame.texts()
    pump(screen, surface, 2)
    assert screen.game.day == 1
    key(pygame.K_RETURN)
    pump(screen, surface, 1)
    assert "Resolving 20 December 2019…" in screen.frame.texts() and hint not in screen.frame.texts()


def test_attack_then_undo_takes_the_orders_back(play):
    screen, surface = play
    g, c = screen.game, screen.controller
    f = next(f for f in g.my_formations() if g.legal_orders(f).attacks)
    zoom_on(screen, surface, f)
    select_by_click(screen, surface, f)
    target = max(g.legal_orders(f).attacks, key=lambda o: o.chance).hex
    click(hex_point(screen.shell.map, target))
    pump(screen, surface)
    assert g.pending == [Attack(c.fid(f), target)]
    key(pygame.K_d, unicode="d")  # dig in instead: replaces the attack
    pump(screen, surface)
    assert g.pending == [DigIn(c.fid(f))]
    key(pygame.K_u, unicode="u")
    pump(screen, surface)
    assert g.pending == []
    click(hex_point(screen.shell.map, target))
    pump(screen, surface)
    assert len(g.pending) == 1
    key(pygame.K_z, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    assert g.pending == []
    assert "taken back: " in c.message


def test_an_air_mission_shows_the_civilian_risk_before_it_is_confirmed(play):
    screen, surface = play
    g, c, b = screen.game, screen.controller, screen.game.board
    key(pygame.K_2, unicode="2")
    pump(screen, surface)
    assert c.tab == AIR and "Russian Aerospace Forces" in screen.texts()
    key(pygame.K_k, unicode="k")
    key(pygame.K_k, unicode="k")  # close air support -> interdiction -> strike
    pump(screen, surface)
    town = int(b.place_hex[b.place_index("saraqib")])
    view = screen.shell.map
    view.centre_on_km(view.cx[town], view.cy[town])
    pump(screen, surface, 1)
    click(hex_point(view, town))
    pump(screen, surface)
    assert isinstance(c.dialog, ConfirmAir)
    residents, harmed = g.civilian_risk(town, 10)
    texts = screen.texts()
    assert f"People living on and beside the hex: {residents:,}." in texts
    assert f"Expected civilians killed or injured (model estimate): {harmed:,}." in texts
    assert g.pending == []  # nothing ordered before the confirmation
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert g.pending == [AirMission("russian_aerospace_forces", "strike", town, 10)]
    assert g.sorties()["russian_aerospace_forces"] == 20
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    flown = g.events[(g.events["kind"] == 6) & (g.events["hex"] == town)]
    assert flown.size and "sorties flown" in c.banner


def test_escape_cancels_the_air_confirmation(play):
    screen, surface = play
    key(pygame.K_2)
    pump(screen, surface)
    click(screen.shell.layout.map.center)
    pump(screen, surface)
    assert screen.controller.dialog is not None
    click(screen.shell.layout.map.center, button=3)  # right-click cancels
    pump(screen, surface)
    assert screen.controller.dialog is None and screen.game.pending == []


def test_the_log_is_searchable_and_an_entry_centres_the_map(play):
    screen, surface = play
    c = screen.controller
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    key(pygame.K_4, unicode="4")
    key(pygame.K_SLASH, unicode="/")
    type_text("/flee")  # the opening key also arrives as text
    pump(screen, surface)
    assert c.log.filter == "flee"
    rows = c.log.filtered(c.game, c.fog, c.version)
    assert rows and all("flee" in e.text for e in rows)
    assert len(rows) < len(c.log.rows(c.game, c.fog, c.version))
    key(pygame.K_RETURN)  # ends typing
    screen.shell.map.set_zoom(3)
    pump(screen, surface)
    rect, entry = next(screen.compose().hits.of(LogEntry))
    click(rect.center)
    pump(screen, surface)
    place = entry.event.place
    x, y = hex_point(screen.shell.map, int(c.game.board.place_hex[place]))
    cx, cy = screen.shell.layout.map.center
    assert abs(x - cx) < 40 and abs(y - cy) < 40


def test_fog_of_war_hides_enemy_formations_until_toggled(play):
    screen, surface = play
    g = screen.game
    shown_fog = {c.formation for _, c in counters(screen)}
    key(pygame.K_f, unicode="f")
    pump(screen, surface)
    assert not screen.controller.fog
    shown_all = {c.formation for _, c in counters(screen)}
    assert set(g.visible(fog=False)) <= shown_all
    assert len(shown_all) > len(shown_fog)
    enemy = [f for f in shown_all if f not in g.my_formations()]
    assert enemy and all(f in g.visible(fog=False) for f in enemy)


def test_the_record_front_line_is_drawn_on_g(play):
    screen, surface = play
    for _ in range(20):
        screen.game.end_turn()
    pump(screen, surface)

    def ghost_pixels():
        pixels = pygame.surfarray.pixels3d(surface)
        r = screen.shell.layout.map
        area = np.asarray(pixels[r.x : r.right, r.y : r.bottom])
        return int(np.all(area == np.array(GHOST), axis=2).sum())

    assert ghost_pixels() == 0
    key(pygame.K_g, unicode="g")
    pump(screen, surface)
    assert screen.controller.ghost and ghost_pixels() > 200
    assert "the record's front line (G)" in screen.texts()


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


def test_the_help_overlay_lists_every_key_of_the_table(play):
    screen, surface = play
    key(pygame.K_h, unicode="h")
    pump(screen, surface)
    words = " ".join(screen.texts()).split()
    for keys, what in screen.keys.help_rows():
        assert " ".join(keys.split()) in " ".join(words) and " ".join(what.split()) in " ".join(words)
    key(pygame.K_ESCAPE)
    pump(screen, surface)
    assert not screen.shell.show_help


def test_every_key_of_the_help_acts_and_q_goes_back_to_the_start(play):
    screen, _ = play
    rows = {keys: row for keys, row in zip([r.keys for r in screen.keys.rows], screen.keys.rows)}
    assert any(k.code == pygame.K_q for k in rows["Q"].press)
    key(pygame.K_q, unicode="q")
    pump(screen, pygame.Surface(SIZE), 1)
    assert isinstance(screen.update(0), ToMenu)


def test_save_never_overwrites_silently_and_load_restores_the_game(play, home):
    screen, surface = play
    g, c = screen.game, screen.controller
    key(pygame.K_RETURN)
    pump(screen, surface, 3)
    key(pygame.K_s, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    assert isinstance(c.dialog, SaveDialog)
    for _ in range(40):
        key(pygame.K_BACKSPACE)
    type_text("my game")
    key(pygame.K_RETURN)
    pump(screen, surface)
    path = home / "my game.json"
    assert path.is_file() and c.dialog is None
    first = path.read_bytes()
    key(pygame.K_RETURN)
    pump(screen, surface, 3)  # day 2
    key(pygame.K_s, mod=pygame.KMOD_CTRL)
    for _ in range(40):
        key(pygame.K_BACKSPACE)
    type_text("my game")
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert c.dialog is not None and "exists" in c.dialog.error
    assert path.read_bytes() == first  # not replaced without a second Enter
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert c.dialog is None and path.read_bytes() != first
    digest = g.state.digest(0)
    key(pygame.K_RETURN)
    pump(screen, surface, 3)  # day 3, then load the day-2 save
    key(pygame.K_o, mod=pygame.KMOD_CTRL)
    pump(screen, surface)
    assert isinstance(c.dialog, LoadDialog)
    names = [i.path.name for i in c.dialog.items]
    for _ in range(names.index("my game.json")):
        key(pygame.K_DOWN)
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert c.dialog is None
    assert screen.game is not g and screen.game.day == 2 and screen.game.state.digest(0) == digest


def test_a_corrupt_or_foreign_save_is_refused_on_screen_and_kept(play, home):
    screen, surface = play
    c = screen.controller
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
        c.dialog.index = [i.path.name for i in c.dialog.items].index(name)
        key(pygame.K_RETURN)
        pump(screen, surface)
        assert c.dialog is not None and message in c.dialog.error
        assert any(message in t for t in screen.texts())
        assert screen.game is game
        key(pygame.K_ESCAPE)
        pump(screen, surface)
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_finish_opens_the_report(play, tmp_path):
    screen, surface = play
    c = screen.controller
    for _ in range(30):
        screen.game.end_turn()
    key(pygame.K_F10)
    pump(screen, surface)
    assert isinstance(c.dialog, FinishDialog)
    key(pygame.K_RETURN)
    pump(screen, surface)
    answer = screen.update(0)
    assert isinstance(answer, ToReport) and answer.game is screen.game
    report = ReportScreen(screen.game, SIZE)
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
    png = write_png(screen.game, tmp_path / "report.png")
    assert pygame.image.load(str(png)).get_size() == (1280, 800)


def test_places_taken_yesterday_are_ringed_on_the_map(play):
    from ui import colours as C
    from ui.kit.maplabels import marker_radius

    screen, surface = play
    g = screen.game
    for _ in range(60):
        key(pygame.K_RETURN)
        pump(screen, surface, 3)
        captured = g.day_results(g.day - 1).captured
        if captured:
            break
    assert captured, "no place changed hands in 60 days"
    place = g.board.scenario.settlements[captured[0]]
    view = screen.shell.map
    assert place.id in view.state.highlight
    assert place.name in screen.controller.banner
    view.set_zoom(3)
    view.centre_on(place.id)
    pump(screen, surface, 1)
    x, y = view.place_position(place.id)
    r = marker_radius(place, view.zoom) + 4  # the middle of the ring (3 pixels wide, out to r + 5)
    ring = [surface.get_at((round(x + r * np.cos(a)), round(y + r * np.sin(a))))[:3] for a in np.linspace(0, 6.2, 24)]
    assert sum(c == C.TEXT_ACCENT for c in ring) >= 4


def test_key_5_opens_the_score_panel_with_the_objectives(display):
    pygame.event.clear()
    game = Game.new(TUTORIAL, side="government", seed=3, playable="saraqib")
    screen = PlayScreen(game, SIZE, scenario_path=TUTORIAL)
    key(pygame.K_5, unicode="5")
    pump(screen, display)
    texts = screen.texts()
    assert any(t.startswith("Government: 0 of 100 points") for t in texts)
    assert any("Take Saraqib by 6 February" in t for t in texts)
    assert any(t.startswith("Victory: 60 of the side's 100 objective points") for t in texts)


def test_counters_are_app6_symbols_in_the_factions_colour(play):
    screen, surface = play
    c = screen.controller
    mine = c.game.my_formations()[0]
    zoom_on(screen, surface, mine)
    rect = counter_of(screen, mine)
    colour = C.COUNTER[C.family_of_side(c.game.board.scenario.formations[mine].faction.map_colour)]
    inside = [surface.get_at((x, y))[:3] for x in range(rect.x, rect.right) for y in range(rect.y, rect.bottom)]
    assert inside.count(colour) > 10  # the frame's fill
    assert rect.h >= 26  # zoomed in: room for strength and movement under the symbol
    bottom = [
        surface.get_at((x, y))[:3] for x in range(rect.x, rect.right) for y in range(rect.bottom - 10, rect.bottom)
    ]
    assert bottom.count((20, 20, 24)) > 15  # printed in the counter's ink


def test_hts_ground_shows_grey_on_the_play_map(play):
    screen, surface = play
    view = screen.shell.map
    pos = view.place_position("idlib")
    assert surface.get_at(pos)[:3] == C.MARKER["hts"]
    pos = view.place_position("kafr_nabl")
    assert surface.get_at(pos)[:3] == C.MARKER["opposition"]
