"""The record day by day: control, and the Turkish posts' encirclements."""

import datetime as dt

from engine.history import post_states


def saraqib_posts(scenario, date):
    return [p for p in post_states(scenario, date) if p.post.id.startswith("op_saraqib")]


def test_the_saraqib_posts_are_encircled_on_6_february_and_lifted_on_27_february(historical_board):
    s = historical_board.scenario
    assert all(p.encircled for p in saraqib_posts(s, dt.date(2020, 2, 6)))
    assert all(p.encircled for p in saraqib_posts(s, dt.date(2020, 2, 26)))
    lifted = saraqib_posts(s, dt.date(2020, 2, 27))
    assert len(lifted) == 4 and not any(p.encircled for p in lifted)
    assert all(p.lifted and p.since == dt.date(2020, 2, 27) for p in lifted)
    assert "lifted the encirclement" in lifted[0].entry.quote
    assert not any(p.encircled for p in saraqib_posts(s, dt.date(2020, 2, 28)))


def test_a_post_is_encircled_from_its_full_encirclement_not_the_first_report(historical_board):
    s = historical_board.scenario
    sarman = {
        d: next(p for p in post_states(s, d) if p.post.id == "op_sarman")
        for d in (dt.date(2019, 12, 22), dt.date(2019, 12, 23))
    }
    assert not sarman[dt.date(2019, 12, 22)].encircled  # "began encircling"
    assert sarman[dt.date(2019, 12, 23)].encircled  # "completely surrounding"


def test_posts_appear_when_established(historical_board):
    s = historical_board.scenario
    assert not saraqib_posts(s, dt.date(2020, 1, 31))
    assert len(saraqib_posts(s, dt.date(2020, 2, 1))) == 3
