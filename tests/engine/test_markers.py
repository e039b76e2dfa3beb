"""The day's map markers, from a game's events and from the record."""

import datetime as dt

from engine.game import Game
from engine.markers import record_markers
from engine.orders import AirMission
from tests.helpers.paths import TUTORIAL


def test_the_record_marks_the_saraqib_posts_encirclement_lifted_from_27_february(historical_board):
    s = historical_board.scenario

    def saraqib(date):
        return {m.kind for m in record_markers(s, date) if m.place == "saraqib"}

    assert "post_encircled" in saraqib(dt.date(2020, 2, 26))
    for date in (dt.date(2020, 2, 27), dt.date(2020, 2, 28)):
        kinds = saraqib(date)
        assert "post_lifted" in kinds and "post_encircled" not in kinds


def test_the_record_marks_strikes_and_civilian_harm_where_they_happened(historical_board):
    s = historical_board.scenario
    markers = record_markers(s, dt.date(2020, 2, 3))
    harm = [m for m in markers if m.kind == "civilian_harm"]
    assert harm and all(m.place for m in harm)
    assert all(s.places[m.place] for m in markers)
    entries = [e for e in s.timeline if e.date == dt.date(2019, 12, 19) and e.type == "airstrike" and e.places]
    strikes = {m.place for m in record_markers(s, dt.date(2019, 12, 19)) if m.kind == "air_strike"}
    assert strikes == {p.id for e in entries for p in e.places}


def test_a_games_markers_show_the_days_air_missions():
    game = Game.new(TUTORIAL, side="government", seed=3)
    b = game.board
    arm = next(iter(game.sorties()))
    target = int(b.place_hex[b.place_index("saraqib")])
    game.order(AirMission(arm, "strike", target, 5))
    game.end_turn()
    strikes = [m for m in game.markers() if m.kind == "air_strike" and m.side == "government"]
    assert [m.hex for m in strikes] == [target] and strikes[0].value > 0
