"""The record's claims against simulated figures of the same scope, on hand-made daily series."""

import datetime as dt

import numpy as np

from engine import claims

WORLDS = 5


def _series(board, **fill):
    """Daily series of WORLDS worlds, all zero (aircraft all serviceable) unless given."""
    days, S, P = board.scenario.days, len(board.sides), len(board.population)
    out = {
        "killed": np.zeros((WORLDS, days, S)),
        "killed_by_turkey": np.zeros((WORLDS, days)),
        "civilian_casualties": np.zeros((WORLDS, days)),
        "displaced": np.zeros((WORLDS, days)),
        "open_air": np.zeros((WORLDS, days)),
        "fled_from": np.zeros((WORLDS, days, P)),
        "aircraft": np.tile(board.arm_aircraft, (WORLDS, days, 1)),
        "turkish_deaths": np.zeros((WORLDS, days)),
    }
    out.update(fill)
    return out


def _rows(board, daily, entry):
    return [r for r in claims.compare_claims(board, daily) if r["entry"] == entry]


def test_a_monitor_count_over_several_days_is_compared_with_the_deaths_of_those_days(historical_board):
    board = historical_board
    daily = _series(board)
    gov = board.side_index("government")
    first, last = board.day_of(dt.date(2020, 1, 24)), board.day_of(dt.date(2020, 1, 27))
    daily["killed"][:, :, gov] = 1000  # a thousand dead before 24 January, 25 a day from then
    daily["killed"][:, first : last + 1, gov] += 25 * np.arange(1, 5)
    daily["killed"][:, last + 1 :, gov] += 100
    (row,) = _rows(board, daily, "2020-01-27-b-sohr-government-losses-since-24-january")
    assert (row["source"], row["leaning"], row["claim"]) == ("sohr", "monitor", 91)
    assert row["simulated_50"] == 100 and row["within_factor_2"] and row["ratio"] == round(100 / 91, 2)


def test_losses_the_record_puts_on_turkish_fire_are_compared_with_those_turkey_inflicted(historical_board):
    board = historical_board
    daily = _series(board)
    day = board.day_of(dt.date(2020, 2, 28))
    daily["killed_by_turkey"][:, day:] = 10
    daily["killed"][:, day:, board.side_index("government")] = 500
    rows = _rows(board, daily, "2020-02-28-c-losses-sohr")
    assert [(r["measure"], r["claim"], r["simulated_50"]) for r in rows] == [("killed_by_turkey", 49, 10)]
    assert not rows[0]["within_factor_2"]


def test_flight_from_named_places_counts_the_places_around_them_over_the_claims_days(historical_board):
    board = historical_board
    daily = _series(board)
    atarib = board.place_index("atarib")
    far = board.place_index("maarat_al_numan")
    a, z = board.day_of(dt.date(2020, 2, 13)), board.day_of(dt.date(2020, 2, 16))
    daily["fled_from"][:, a : z + 1, atarib] = 40_000 * np.arange(1, 5)
    daily["fled_from"][:, z + 1 :, atarib] = 160_000
    daily["fled_from"][:, :, far] = 1_000_000  # far away: not counted
    (row,) = _rows(board, daily, "2020-02-16-c-un-160000-fled")
    assert row["places"] == ["atarib", "darat_izza"] and row["simulated_50"] == 160_000 and row["ratio"] == 1.0


def test_cumulative_totals_are_read_on_their_day_and_people_in_the_open_over_their_month(historical_board):
    board = historical_board
    daily = _series(board)
    daily["displaced"][:] = np.linspace(0, 1_000_000, board.scenario.days)
    day = board.day_of(dt.date(2020, 2, 17))
    (row,) = _rows(board, daily, "2020-02-17-d-ocha-900000")
    assert row["simulated_50"] == round(daily["displaced"][0, day], 1)
    feb = slice(board.day_of(dt.date(2020, 2, 1)), board.day_of(dt.date(2020, 2, 29)) + 1)
    daily["open_air"][:, feb] = 82_000
    (row,) = _rows(board, daily, "2020-02-29-d-82000-open-air")
    assert row["simulated_50"] == 82_000 and row["within_factor_2"]


def test_single_named_deaths_are_not_battle_counts_but_every_turkish_death_is(historical_board):
    rows = claims.compare_claims(historical_board, _series(historical_board))
    entries = {r["entry"] for r in rows}
    assert "2020-01-24-b-hezbollah-commander-killed" not in entries
    assert "2020-02-22-c-turkish-soldier-killed" in entries
    assert "2020-02-11-b-reuters-200-killed" not in entries  # whose dead the record does not say


def test_aircraft_losses_by_side_and_kind_and_turkish_deaths_against_the_first_clash(historical_board):
    board = historical_board
    daily = _series(board)
    heli = board.arm_index("syaaf_helicopters")
    daily["aircraft"][:, board.day_of(dt.date(2020, 2, 11)) :, heli] -= 2
    rows = {(r["side"], r["kind"]): r for r in claims.aircraft_losses(board, daily)}
    helicopters = rows[("government", "helicopter")]
    assert helicopters["record_by_source"]["document"] == 2 and helicopters["simulated_50"] == 2
    assert helicopters["first_loss_median"] == "2020-02-11"
    assert rows[("government", "fixed_wing")]["simulated_mean_by_arm"]["russian_aerospace_forces"] == 0
    daily["turkish_deaths"][:2, board.day_of(dt.date(2020, 1, 10)) :] = 3
    daily["turkish_deaths"][:, board.day_of(dt.date(2020, 2, 27)) :] += 40
    summary = claims.turkish_deaths(board, daily)
    assert summary["first_clash_in_record"] == "2020-02-03"
    assert summary["share_with_deaths_before_first_clash"] == 0.4
    assert summary["worst_day_in_record"] == 34 and summary["share_with_a_day_as_deadly"] == 1.0


def test_posts_are_scored_against_where_the_record_puts_them(historical_board):
    board = historical_board
    O = len(board.post_hex)
    daily = {"post_encircled": np.zeros((4, board.scenario.days, O), bool)}
    tarnaba = [p.id for p in board.scenario.observation_posts].index("op_al_tarnaba")
    daily["post_encircled"][:3, 40:50, tarnaba] = True  # three worlds encircle it for a while, none at the end
    rows = {r["post"]: r for r in claims.posts_encircled(board, daily)}
    assert rows["op_al_tarnaba"]["record_rebel_held"] and not rows["op_sarman"]["record_rebel_held"]
    assert rows["op_al_tarnaba"]["share_ever_encircled"] == 0.75
    assert rows["op_al_tarnaba"]["share_encircled_at_end"] == 0
