"""The start screen and the flow between screens: new game, resume after a closed window, load, report."""

import json

import pygame
import pytest

from engine import load_scenario
from engine.game import Game
from engine.policies import POLICIES
from tests.helpers.paths import TUTORIAL
from tests.helpers.screens import button, click, key, pump
from ui import saves
from ui.app import report_screen
from ui.cli import main
from ui.screens.play.screen import PlayScreen
from ui.screens.replay.screen import ReplayScreen
from ui.screens.start import StartScreen
from ui.screens.transitions import Quit, ToMenu, ToPlay, ToReplay, ToReport

SIZE = (1280, 800)


@pytest.fixture(autouse=True)
def home(wargame_home):
    return wargame_home


def test_the_start_screen_offers_replay_play_load_and_quit(surface):
    pygame.event.clear()
    screen = StartScreen(TUTORIAL, SIZE)
    pump(screen, surface)
    texts = screen.texts()
    for label in ("Play (P or Enter)", "Replay the record (R)", "Load a saved game (L)", "Quit (Q)"):
        assert label in texts
    assert not any(t.startswith("Resume") for t in texts)
    assert all(name in texts for name in POLICIES)  # every opponent the engine has, the adaptive one included
    key(pygame.K_s, unicode="s")
    key(pygame.K_o, unicode="o")
    pump(screen, surface)
    assert screen.side == "opposition"
    assert screen.opponent == list(POLICIES)[(list(POLICIES).index("historical") + 1) % len(POLICIES)]
    click(button(screen, "Play").center)
    pump(screen, surface)
    game = screen.next.game
    assert isinstance(screen.next, ToPlay)
    assert game.side == "opposition" and game.opponent == screen.opponent and game.day == 0


def test_replay_and_quit(surface):
    pygame.event.clear()
    screen = StartScreen(TUTORIAL, SIZE)
    key(pygame.K_r, unicode="r")
    pump(screen, surface)
    assert screen.next == ToReplay()
    replay = ReplayScreen(load_scenario(TUTORIAL), size=SIZE)
    replay.draw(surface)
    assert replay.controller.scenario.id == "tutorial"
    screen = StartScreen(TUTORIAL, SIZE)
    click(button(screen, "Quit").center)
    pump(screen, surface)
    assert screen.next == Quit()


def test_an_unfinished_game_is_offered_for_resuming(surface, home):
    game = Game.new(TUTORIAL, side="government", seed=5)
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    for _ in range(3):
        play.controller.end_turn()  # autosaved each turn; then the window is closed
    digest = game.state.digest(0)
    pygame.event.clear()
    screen = StartScreen(TUTORIAL, SIZE)
    pump(screen, surface)
    assert "Resume: government, 3 day(s) played (C)" in screen.texts()
    click(button(screen, "Resume").center)
    pump(screen, surface)
    again, autosaver = screen.next.game, screen.next.autosaver
    assert again.day == 3 and again.state.digest(0) == digest and autosaver.owned


def test_a_finished_game_is_not_offered_and_leaves_a_report(surface, home):
    game = Game.new(TUTORIAL, side="opposition", seed=6)
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    while play.controller.next is None:
        play.controller.end_turn()
    assert isinstance(play.controller.next, ToReport) and play.controller.next.game is game and game.over
    report = report_screen(game, play.autosaver, SIZE)
    assert report.png is not None and report.png.is_file() and report.png.parent == home
    assert not (home / "autosave.json").exists()
    assert list(home.glob("finished-opposition-*.json"))  # the finished game is kept, loadable
    assert StartScreen(TUTORIAL, SIZE).resume is None
    report.draw(surface)
    assert f"report saved as {report.png}" in report.texts()
    key(pygame.K_RETURN)
    pump(report, surface)
    assert report.update(0) == ToMenu()


def test_a_corrupt_autosave_is_reported_and_kept(surface, home):
    home.mkdir(parents=True)
    (home / "autosave.json").write_text('{"format": "something else"}')
    screen = StartScreen(TUTORIAL, SIZE)
    screen.draw(surface)
    assert screen.resume is None
    assert "cannot be resumed" in screen.message and "It is kept as it is." in screen.message
    # the next game's autosave moves it aside instead of overwriting it
    game = Game.new(TUTORIAL, seed=1)
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    play.controller.end_turn()
    kept = list(home.glob("autosave-unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == '{"format": "something else"}'
    assert saves.inspect(home / "autosave.json").ok


def test_load_from_the_start_screen_refuses_a_foreign_save(surface, home):
    home.mkdir(parents=True)
    game = Game.new(TUTORIAL, seed=2)
    game.end_turn()
    game.save(home / "good.json")
    data = json.loads((home / "good.json").read_text())
    data["scenario"] = "somewhere_else"
    (home / "foreign.json").write_text(json.dumps(data))
    pygame.event.clear()
    screen = StartScreen(TUTORIAL, SIZE)
    key(pygame.K_l, unicode="l")
    pump(screen, surface)
    names = [i.path.name for i in screen.loading]
    assert set(names) == {"good.json", "foreign.json"}
    screen.load_index = names.index("foreign.json")
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert screen.next is None and "somewhere_else" in screen.message
    assert any("somewhere_else" in t for t in screen.texts())
    screen.load_index = names.index("good.json")
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert isinstance(screen.next, ToPlay) and screen.next.game.day == 1


def test_play_load_refuses_a_corrupt_save_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "idlib-wargame-record", "version": 2, "days": 3}')
    before = bad.read_bytes()
    assert main(["play", str(TUTORIAL), "--load", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("wargame play: cannot load") and "damaged" in err[0]
    assert bad.read_bytes() == before
    assert main(["play", "--opponent", "nobody"]) == 2
    assert "unknown" in capsys.readouterr().err


def test_closing_the_window_mid_turn_keeps_the_orders_given(tmp_path):
    from engine.orders import DigIn
    from ui.app import run_app

    game = Game.new(TUTORIAL, side="government", opponent="historical", seed=2)
    game.end_turn()
    path = tmp_path / "autosave.json"
    autosaver = saves.Autosaver(path)

    def script(frame):
        if frame == 2:
            return [
                pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=c, scancode=0)
                for k, c in ((pygame.K_TAB, "\t"), (pygame.K_d, "d"))
            ]
        if frame == 5:
            return [pygame.event.Event(pygame.QUIT)]
        return []

    assert run_app(TUTORIAL, ToPlay(game, autosaver), max_frames=50, events=script) == 0
    assert game.pending and all(isinstance(o, DigIn) for o in game.pending)
    resumed = Game.load(path, TUTORIAL)
    assert resumed.day == 1 and resumed.pending == game.pending


def test_the_start_screen_offers_the_games_with_their_briefing_objectives_and_victory(surface):
    pygame.event.clear()
    from tests.helpers.paths import HISTORICAL

    screen = StartScreen(HISTORICAL, SIZE)
    pump(screen, surface)
    texts = screen.texts()
    games = [g for g in screen.games]
    assert len(games) >= 4
    for g in games:
        assert any(t.startswith(g.name) for t in texts)  # each listed with its turns
    assert "Briefing for the government side" in texts
    assert any(t.startswith("You win with 60 or more of your 100 points") for t in texts)
    key(pygame.K_DOWN)
    key(pygame.K_DOWN)
    key(pygame.K_s, unicode="s")
    pump(screen, surface)
    texts = screen.texts()
    assert screen.game.id == "saraqib" and screen.side == "opposition"
    assert "Briefing for the opposition side" in texts
    assert any("Hold Saraqib" in t for t in texts) and any(
        "The Turkish military" in t or "Turkish military" in t for t in texts
    )
    click(button(screen, "Play").center)
    pump(screen, surface)
    game = screen.next.game
    assert game.setup.id == "saraqib" and game.date.isoformat() == "2020-02-01" and game.side == "opposition"


def test_hot_seat_is_an_opponent_of_the_start_screen(surface):
    pygame.event.clear()
    screen = StartScreen(TUTORIAL, SIZE)
    pump(screen, surface)
    assert "hot-seat" in screen.texts()
    click(button(screen, "hot-seat").center)
    pump(screen, surface)
    assert any("second player" in t for t in screen.texts())
    click(button(screen, "Play").center)
    pump(screen, surface)
    assert screen.next.game.hot_seat
