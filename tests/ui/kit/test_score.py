"""The score in words: objectives and points, the record, the computer, civilian harm beside."""

from engine.game import Game
from tests.helpers.paths import TUTORIAL
from ui.kit.score import outcome, score_lines


def texts(game, side):
    return [t for t, *_ in score_lines(game, side)]


def test_the_score_names_each_objective_the_record_and_civilian_harm_but_never_counts_harm():
    game = Game.new(TUTORIAL, side="government", seed=2, playable="saraqib")
    for _ in range(3):
        game.end_turn()
    lines = texts(game, "government")
    assert lines[0].startswith(f"Government: {game.standing().points:.0f} of 100 points")
    assert any("Take Saraqib by 6 February (on 6 Feb)" in t for t in lines)
    assert any(t.startswith("The record on the same day (the ghost front)") for t in lines)
    assert any(t.startswith("Civilian harm in this game (a consequence, never points)") for t in lines)
    assert any("being played" in t for t in lines)  # the computer's games are not run yet
    game.computer(worlds=None)
    lines = texts(game, "government")
    assert any(t.startswith("The computer playing this side from the same start (32 games)") for t in lines)


def test_the_outcome_is_a_victory_or_a_defeat_once_the_game_is_over():
    game = Game.new(TUTORIAL, side="opposition", seed=2, playable="saraqib")
    assert outcome(game, "opposition")[0] in ("on course for victory", "short of victory")
    while not game.over:
        game.end_turn()
    assert outcome(game, "opposition")[0] in ("VICTORY", "DEFEAT")
    assert (outcome(game, "opposition")[0] == "VICTORY") == game.standing("opposition").winning
