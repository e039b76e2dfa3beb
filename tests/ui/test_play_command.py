"""`wargame play` checks a save before any window opens."""

from engine.game import Game
from tests.helpers.paths import HISTORICAL, TUTORIAL
from ui.cli import main


def test_a_save_of_another_scenario_than_the_one_named_is_refused(tmp_path, capsys):
    save = tmp_path / "tutorial-game.json"
    game = Game.new(TUTORIAL, seed=2)
    game.end_turn()
    game.save(save)
    before = save.read_bytes()
    assert main(["play", str(HISTORICAL), "--load", str(save)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"wargame play: cannot load {save}: a game of scenario 'tutorial', not 'idlib_2019_2020'"]
    assert save.read_bytes() == before


def test_a_save_of_the_scenario_named_loads_before_the_window(tmp_path, capsys, monkeypatch):
    save = tmp_path / "game.json"
    game = Game.new(TUTORIAL, seed=2)
    game.end_turn()
    game.save(save)
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    for args in (["play", str(TUTORIAL), "--load", str(save)], ["play", "--load", str(save)]):
        assert main(args) == 1  # loaded and checked; only the missing display stops it
        assert "no display" in capsys.readouterr().err


def test_an_unknown_game_is_named_in_one_line(capsys):
    assert main(["play", str(TUTORIAL), "--game", "nowhere"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["wargame play: --game nowhere: unknown (choose from campaign, saraqib)"]


def test_hot_seat_is_an_opponent_of_the_command(capsys, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert main(["play", str(TUTORIAL), "--game", "saraqib", "--opponent", "human"]) == 1  # only the display lacks
    assert "no display" in capsys.readouterr().err
    assert main(["play", str(TUTORIAL), "--opponent", "robot"]) == 2
    assert "human" in capsys.readouterr().err
