"""A game against the computer, as the play screen drives it."""

import json
from dataclasses import fields, replace

import numpy as np
import pytest

from engine.events import Kind
from engine.game import Game
from engine.orders import ATTACK, MOVE, AirMission, Attack, DigIn, Move, Orders
from engine.records import RecordError
from engine.rules.ground import hex_distance
from engine.state import State
from engine.step import step
from engine.streams import Streams
from tests.helpers.paths import TUTORIAL


@pytest.fixture
def game():
    return Game.new(TUTORIAL, side="government", opponent="historical", seed=3)


def test_a_turn_resolves_the_players_orders_and_the_computers(game):
    f = game.my_formations()[0]
    fid = game.board.scenario.formations[f].id
    options = game.legal_orders(f).attacks
    assert options and all(0 <= o.chance <= 1 for o in options)
    target = max(options, key=lambda o: o.chance).hex
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


def _tiled(state: State, worlds: int) -> State:
    """``worlds`` copies of a one-world state, as one batch."""
    return replace(
        state, **{f.name: np.repeat(getattr(state, f.name), worlds, axis=0) for f in fields(state) if f.name != "day"}
    )


@pytest.mark.parametrize("side, days", [("government", 0), ("opposition", 0), ("government", 45), ("opposition", 45)])
def test_the_orders_offered_are_exactly_those_the_rules_accept(historical_board, side, days):
    """Every move to a hex nearby, a sample of the long moves behind the lines offered and refused, and
    every attack, one per world, resolved by the rules: the rules refuse an order exactly when
    ``legal_orders`` leaves it out."""
    b = historical_board
    game = Game(b, side, "historical", seed=2)
    for _ in range(days):
        game.end_turn()
    candidates = []  # (formation, action, hex, offered)
    rng = np.random.default_rng(5)
    for f in game.my_formations():
        legal = game.legal_orders(f)
        here = int(game.state.position[0, f])
        distance = hex_distance(b, np.full(b.hexes, here), np.arange(b.hexes))
        reach = b.rules["ground.move_hexes_rear"] + 1
        far = np.flatnonzero((distance <= reach) & (distance > 2))
        offered, refused = [h for h in far if h in legal.moves], [h for h in far if h not in legal.moves]
        near = set(np.flatnonzero((distance <= 2) & (distance > 0)).tolist())
        for sample in (offered, refused):  # long moves behind the lines, and those refused, by sample
            near |= set(rng.choice(sample, size=min(15, len(sample)), replace=False).tolist()) if sample else set()
        candidates += [(f, MOVE, int(h), int(h) in legal.moves) for h in sorted(near)]
        targets = {a.hex for a in legal.attacks}
        candidates += [(f, ATTACK, int(h), int(h) in targets) for h in b.neighbours[here] if h >= 0]
    orders = Orders.empty(b, len(candidates))
    for k, (f, action, h, _) in enumerate(candidates):
        orders.action[k, f], orders.target[k, f] = action, h
    tiled = _tiled(game.state, len(candidates))
    tiled.ceasefire[:] = False  # a truce in force would call every attack off, whatever its legality
    _, events = step(b, tiled, orders, Streams(1, len(candidates)))
    truce = set(events["world"][events["kind"] == Kind.VIOLATION].tolist())  # a truce began: attacks called off
    assert len(truce) < len(candidates) / 10
    refused = events[(events["kind"] == Kind.ORDER_REJECTED) & (events["flag"] != 1)]  # flag 1: an air arm's
    refused_worlds = {int(w) for w, f in zip(refused["world"], refused["actor"]) if f == candidates[w][0]}
    kept = [k for k in range(len(candidates)) if k not in truce]
    assert [k not in refused_worlds for k in kept] == [candidates[k][3] for k in kept]
    offered = {(a, o) for _, a, _, o in candidates}
    assert {(MOVE, True), (MOVE, False), (ATTACK, False)} <= offered
    assert any(a == MOVE and o and hex_distance(b, game.state.position[0, f], h) > 3 for f, a, h, o in candidates)
    assert side == "opposition" or (ATTACK, True) in offered


def test_an_order_the_rules_refuse_is_refused_when_given(historical_board):
    b = historical_board
    game = Game(b, "government", "historical", seed=1)
    f = next(f for f in game.my_formations() if game.legal_orders(f).moves)
    fid = b.scenario.formations[f].id
    legal = game.legal_orders(f)
    far = next(h for h in range(b.hexes) if b.inside[h] and h not in legal.moves and game.state.control[0, h] >= 0)
    with pytest.raises(ValueError, match="beyond a day's move|ground their side holds"):
        game.order(Move(fid, far))
    assert game.pending == []
    game.order(Move(fid, legal.moves[0]))
    assert game.status(f).order == Move(fid, legal.moves[0])
    assert game.cancel(fid) == Move(fid, legal.moves[0]) and game.pending == [] and game.status(f).order is None
    assert game.cancel(fid) is None


def test_a_game_begun_on_a_later_day_is_a_forecast_from_it_and_resumes_as_such(tmp_path):
    import datetime as dt

    from engine import forecast

    game = Game.new(TUTORIAL, side="government", opponent="historical", seed=3, start=dt.date(2020, 1, 30))
    assert game.date == dt.date(2020, 1, 30) and game.turn == 1
    day = game.board.day_of(game.date)
    record_hexes = forecast.record_control(game.board, day - 1)
    assert (game.state.control[0] == record_hexes).mean() > 0.9  # yesterday's front is the record's
    path = tmp_path / "later.json"
    game.save(path)
    again = Game.load(path, TUTORIAL)
    assert again.date == game.date and again.setup.start_date == dt.date(2020, 1, 30)
    with pytest.raises(ValueError, match="--start 2020-03-30"):
        Game.new(TUTORIAL, seed=3, start=dt.date(2020, 3, 30))
