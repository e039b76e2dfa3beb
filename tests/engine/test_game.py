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


# -- playable scenarios, hot-seat and fog ---------------------------------------------------------
def test_a_game_from_a_later_day_starts_on_the_records_front_and_ends_on_its_last_turn():
    from engine.objectives import record_place_sides

    game = Game.new(TUTORIAL, side="government", seed=4, playable="saraqib")
    b = game.board
    assert game.date.isoformat() == "2020-02-01" and game.turn == 1
    here = game.state.control[0, b.place_hex]
    assert (here == record_place_sides(b, game.start_day - 1)[0]).all()  # the evening before, as recorded
    assert game.standing().points == 0 and game.standing("opposition").points == 100
    turns = 0
    while not game.over:
        game.end_turn()
        turns += 1
    assert turns == game.setup.turns == 10 and game.date.isoformat() == "2020-02-11"
    with pytest.raises(ValueError, match="over"):
        game.end_turn()


def test_the_record_standing_follows_the_games_days():
    game = Game.new(TUTORIAL, side="government", seed=4, playable="saraqib")
    for _ in range(7):  # to the end of 7 February, when the record has Saraqib taken
        game.end_turn()
    record = game.record_standing()
    early, end = record.objectives
    assert record.day == game.last_day
    assert early.settled and early.points == 0  # the record took Saraqib on 7 February, a day late
    assert not end.settled and end.points == 60  # held today: provisional


def test_a_game_from_a_later_day_resumes_from_its_save(tmp_path):
    game = Game.new(TUTORIAL, side="opposition", seed=2, playable="saraqib")
    game.end_turn()
    game.end_turn()
    path = tmp_path / "save.json"
    game.save(path)
    again = Game.load(path, TUTORIAL)
    assert again.setup.id == "saraqib" and again.day == game.day
    assert again.state.digest(0) == game.state.digest(0)
    # the save is a whole record: the nudged days before the game, then the game's, which replays alone
    data = json.loads(path.read_text())
    assert data["start_day"] == game.start_day == 8 and data["days"][8]["date"] == "2020-02-01"
    from engine.records import load, replay

    campaign = replay(game.board, load(path))
    assert campaign.state.digest(0) == game.state.digest(0)


def test_an_unknown_playable_scenario_is_refused():
    with pytest.raises(ValueError, match="unknown playable scenario 'nowhere'"):
        Game.new(TUTORIAL, playable="nowhere")


def test_hot_seat_keeps_each_sides_orders_apart_until_the_day_resolves():
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=8)
    b = game.board
    gov = b.scenario.formations[game.my_formations()[0]].id
    game.order(DigIn(gov))
    with pytest.raises(ValueError, match="has not given its orders"):
        game.end_turn()
    assert game.hand_over() == "opposition"
    assert game.pending == [] and game.camp == b.side_camp[b.side_index("opposition")]
    with pytest.raises(ValueError, match="not one of your formations"):
        game.order(DigIn(gov))  # the government's counters are no longer the player's
    opp = b.scenario.formations[game.my_formations()[0]].id
    game.order(DigIn(opp))
    game.end_turn()
    assert game.day == 1 and game.side == "government" and game.pending == [] and game.waiting == {}
    assert {o.formation for o in game.history[0] if isinstance(o, DigIn)} == {gov, opp}


def test_a_hot_seat_game_is_played_to_the_end_and_resumes_mid_turn(tmp_path):
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=8, playable="saraqib")
    while not game.over:
        game.hand_over()
        game.end_turn()
        if game.turn == 4:
            fid = game.board.scenario.formations[game.my_formations()[0]].id
            game.order(DigIn(fid))
            game.hand_over()
            path = tmp_path / "hotseat.json"
            game.save(path)
            again = Game.load(path, TUTORIAL)
            assert again.side == "opposition" and again.waiting == {"government": [DigIn(fid)]}
            game.end_turn()
            again.end_turn()
            assert again.state.digest(0) == game.state.digest(0)
    assert game.over and game.turn == game.setup.turns + 1
    assert {game.standing(s).side for s in ("government", "opposition")} == {"government", "opposition"}


def test_only_a_hot_seat_game_is_handed_over(game):
    with pytest.raises(ValueError, match="only a hot-seat game"):
        game.hand_over()


def test_enemy_strength_under_fog_is_a_band_around_the_truth(game):
    b = game.board
    theirs = next(i for i, f in enumerate(b.scenario.formations) if f.faction.side == "opposition")
    mine = game.my_formations()[0]
    truth = int(game.state.strength[0, theirs])
    low, high = game.strength_estimate(theirs)
    assert low <= truth < high and high == 2 * low  # known to within a factor of two
    assert game.strength_estimate(theirs, fog=False) == (truth, truth)
    assert game.strength_estimate(mine) == (int(game.state.strength[0, mine]),) * 2
    game.state.strength[0, theirs] = low + 1  # a different strength in the same band looks the same
    assert game.strength_estimate(theirs) == (low, high)
