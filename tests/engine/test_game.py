"""A game against the computer, as the play screen drives it."""

import json

import pytest

from engine.game import Game
from engine.orders import AirMission, Attack, DigIn
from engine.records import RecordError
from tests.helpers.paths import TUTORIAL


@pytest.fixture
def game():
    return Game.new(TUTORIAL, side="government", opponent="historical", seed=3)


def test_a_turn_resolves_the_players_orders_and_the_computers(game):
    f = game.my_formations()[0]
    fid = game.board.scenario.formations[f].id
    options = game.attack_options(f)
    assert options and all(0 <= p <= 1 for _, _, p in options)
    target = max(options, key=lambda o: o[2])[0]
    game.order(Attack(fid, target))
    events = game.end_turn()
    assert game.day == 1
    attacks = [e for e in events if e["actor"] == f and e["kind"] == 9]
    assert attacks and attacks[0]["hex"] == target


def test_undo_takes_back_the_last_order(game):
    fid = game.board.scenario.formations[game.my_formations()[0]].id
    game.order(DigIn(fid))
    arm = next(iter(game.sorties()))
    game.order(AirMission(arm, "strike", 10, 5))
    assert game.sorties()[arm] == game.sorties()[arm]  # stable
    assert isinstance(game.undo(), AirMission) and len(game.pending) == 1


def test_orders_for_the_other_side_are_refused(game):
    theirs = next(f for f in game.board.scenario.formations if f.faction.side == "opposition")
    with pytest.raises(ValueError, match="not one of your formations"):
        game.order(DigIn(theirs.id))


def test_a_saved_game_resumes_exactly(game, tmp_path):
    for _ in range(4):
        game.end_turn()
    path = tmp_path / "save.json"
    game.save(path)
    again = Game.load(path, TUTORIAL)
    assert again.day == 4 and again.side == "government" and again.opponent == "historical"
    assert again.state.digest(0) == game.state.digest(0)
    game.end_turn()
    again.end_turn()
    assert again.state.digest(0) == game.state.digest(0)  # the same future


def test_a_tampered_or_foreign_save_is_refused(game, tmp_path):
    game.end_turn()
    game.end_turn()
    path = tmp_path / "save.json"
    game.save(path)
    data = json.loads(path.read_text())
    data["days"][1]["state_sha256"] = "0" * 64
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError, match=r"day 2 \(2020-01-25\)"):
        Game.load(path, TUTORIAL)
    data["extra"] = {}
    path.write_text(json.dumps(data))
    with pytest.raises(RecordError, match="not a saved game"):
        Game.load(path, TUTORIAL)


def test_the_civilian_risk_of_a_mission_is_shown_before_it_is_flown(game):
    b = game.board
    town = int(b.place_hex[b.place_index("saraqib")])
    residents, harmed = game.civilian_risk(town, 20)
    assert residents > 0 and 0 < harmed < residents


def test_the_game_keeps_daily_displacement_and_losses_from_every_cause(game):
    for _ in range(5):
        game.end_turn()
    assert len(game.daily) == 5
    displaced = [d["displaced"] for d in game.daily]
    assert displaced == sorted(displaced) and displaced[-1] == int(game.state.displaced_total[0])
    lost = sum(sum(d["fighters_lost"].values()) for d in game.daily)
    start = int(game.board.formation_strength[game.state.position[0] >= -1].sum())
    assert 0 <= lost <= start


def test_sorties_are_planned_for_clear_weather(game):
    game.state.weather[:] = 2  # a storm yesterday does not stop planning today's missions
    assert all(n > 0 for n in game.sorties().values())


def test_orders_of_an_unfinished_turn_are_saved_and_restored(game, tmp_path):
    game.end_turn()
    fid = game.board.scenario.formations[game.my_formations()[0]].id
    game.order(DigIn(fid))
    path = tmp_path / "save.json"
    game.save(path)
    again = Game.load(path, TUTORIAL)
    assert again.pending == [DigIn(fid)]
    game.end_turn()
    again.end_turn()
    assert again.state.digest(0) == game.state.digest(0)
