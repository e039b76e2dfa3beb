"""Turkey's posts, its losses and its ladder, on boards arranged by hand, over many worlds at once."""

import datetime as dt

import numpy as np

from engine.events import Kind
from engine.orders import ATTACK, Orders
from engine.rules import turkey
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import open_pair, tutorial_board

WORLDS = 200


def _posts_day(board, batch):
    state = initial_state(board, batch)
    state.day = int(board.post_from_day.max())
    return state


def test_a_post_is_encircled_when_cut_off_from_supply_not_when_its_place_changes_hands():
    board = tutorial_board()
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state = _posts_day(board, 2)
    post = int(board.post_hex[0])
    state.control[:] = opp
    state.control[:, post] = gov  # world 0: the government holds the post's own hex, the rebels all around
    state.control[1] = gov  # world 1: the government holds everything but the rebels' supply source
    for p in board.supply_places[board.side_camp[opp]]:
        state.control[1, board.place_hex[p]] = opp
    new, events = step(board, state, Orders.empty(board, 2), Streams(1, 2))
    assert not new.post_encircled[0].any()
    assert new.post_encircled[1].all()
    assert (events[events["kind"] == Kind.POST_ENCIRCLED]["world"] == 1).all()


def _far_apart_hexes(board, n):
    """n open hexes with no place, all neighbours on the map, at least 8 hexes from one another."""
    out = []
    for h in range(board.hexes):
        if board.hex_place[h] < 0 and (board.neighbours[h] >= 0).all():
            if all(board.grid.distance(h, g) >= 8 for g in out):
                out.append(h)
                if len(out) == n:
                    return out
    raise AssertionError("not enough open hexes")


def _troops_in_contact(board, batch, turkish, contact=True):
    """Turkish formations ``turkish`` on open hexes of rebel ground, each with a government formation
    beside it (or, with ``contact=False``, none on the map); every other formation off the map."""
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state = initial_state(board, batch)
    state.day = board.day_of(dt.date(2020, 2, 15))
    state.control[:] = opp
    state.position[:] = -1
    saa = np.flatnonzero(board.formation_side == gov)[: len(turkish)]
    for t, g, h in zip(turkish, saa, _far_apart_hexes(board, len(turkish))):
        state.position[:, t] = h
        state.strength[:, t] = board.formation_strength[t]
        state.position[:, g] = board.neighbours[h][0] if contact else -1
    return state


def test_government_fire_kills_turkish_troops_in_contact_and_spares_the_agreed_posts(historical_board):
    board = historical_board
    agreed, deployed = board.formation_index("tsk_op_sarman"), board.formation_index("tsk_taftanaz")
    deaths = {}
    for contact in (True, False):
        state = _troops_in_contact(board, WORLDS, [agreed, deployed], contact)
        before = state.strength.copy()
        streams = Streams(2, WORLDS)
        for _ in range(10):
            state, _ = step(board, state, Orders.empty(board, WORLDS), streams)
        deaths[contact] = (before - state.strength)[:, [agreed, deployed]].sum(axis=0)
        assert (state.turkish_deaths <= state.killed[:, board.side_index("turkey")]).all()
    assert deaths[False].sum() == 0  # no fire without government troops near
    assert deaths[True][1] > 5 * max(deaths[True][0], 1)  # the posts agreed with Russia were spared


def test_a_strike_on_turkish_troops_kills_some_and_is_counted_as_turkish_deaths():
    board = tutorial_board()
    state = _posts_day(board, WORLDS)
    troops = board.formation_index("turkish_posts_saraqib")
    a, _ = open_pair(board)
    state.control[:] = board.side_index("opposition")
    state.position[:, troops] = a
    orders = Orders.empty(board, WORLDS)
    arm = board.arm_index("russian_aerospace_forces")
    orders.mission[:, arm, 0], orders.mission_hex[:, arm, 0], orders.mission_sorties[:, arm, 0] = 3, a, 20
    new, events = step(board, state, orders, Streams(3, WORLDS))
    assert (new.strength[:, troops] < state.strength[:, troops]).mean() > 0.9
    dead = events[events["kind"] == Kind.TURKISH_DEATHS]
    assert new.turkish_deaths.sum() == dead["value"].sum() > 0
    assert (dead["actor"] == troops).all()


def test_the_first_deadly_day_brings_retaliation_and_fire_support_unless_turkey_stays_out():
    for decision, expected in ((dt.date(2020, 2, 27), 1), ("none", 0)):
        board = tutorial_board(turkey__intervention=decision)
        state = _posts_day(board, 4)
        troops = board.formation_index("turkish_posts_saraqib")
        a, b = open_pair(board)
        state.control[:] = board.side_index("opposition")
        state.position[:, troops] = a
        saa = board.formation_index("saa_25th_smfd")
        state.position[:, saa] = b
        orders = Orders.empty(board, 4)
        arm = board.arm_index("russian_aerospace_forces")
        orders.mission[:, arm, 0], orders.mission_hex[:, arm, 0], orders.mission_sorties[:, arm, 0] = 3, a, 20
        new, events = step(board, state, orders, Streams(4, 4))
        deadly = new.turkish_deaths > 0
        assert deadly.any()
        assert (new.escalation[deadly] == expected).all()
        if expected:
            assert (new.retaliation_days[deadly] == board.rules["turkey.retaliation_days"]).all()
            # the next day Turkish guns fire on the government division within reach
            after, events = step(board, new, Orders.empty(board, 4), Streams(5, 4))
            fired = events[events["kind"] == Kind.TURKISH_FIRE]
            assert set(fired["world"]) == set(np.flatnonzero(deadly))
            assert (after.killed_by_turkey[deadly] > 0).all()
            assert (after.strength[deadly, saa] < new.strength[deadly, saa]).all()
            assert (after.retaliation_days[deadly] == board.rules["turkey.retaliation_days"] - 1).all()
        else:
            assert not (events["kind"] == Kind.ESCALATION).any()


def test_turkish_fire_support_carries_an_opposition_attack_more_often():
    board = tutorial_board(turkey__intervention=dt.date(2020, 2, 27))
    gov, opp = board.side_index("government"), board.side_index("opposition")
    a, t = open_pair(board)
    hts, saa, troops = (board.formation_index(x) for x in ("hts_south", "saa_25th_smfd", "turkish_posts_saraqib"))
    taken = {}
    for level in (0, 1):
        state = _posts_day(board, WORLDS)
        state.control[:] = gov
        state.control[:, a] = opp
        for p in board.supply_places[board.side_camp[opp]]:
            state.control[:, board.place_hex[p]] = opp
        state.position[:] = -1
        state.position[:, hts], state.position[:, saa], state.position[:, troops] = a, t, a
        state.strength[:, hts], state.strength[:, saa] = 2000, 300
        state.escalation[:] = level
        orders = Orders.empty(board, WORLDS)
        orders.action[:, hts], orders.target[:, hts] = ATTACK, t
        new, _ = step(board, state, orders, Streams(6, WORLDS))
        taken[level] = (new.control[:, t] == opp).mean()
    assert taken[1] > taken[0] + 0.1
    assert turkey.fire_support_available(board, state)[:, t].all()


def test_the_operation_opens_on_the_decision_day_or_earlier_when_losses_or_the_deadline_pass():
    board = tutorial_board(turkey__intervention=dt.date(2020, 2, 5), turkey__deadline=dt.date(2020, 2, 2))
    start = _posts_day(board, 4)
    start.day = board.day_of(dt.date(2020, 2, 2))
    start.escalation[:] = 1
    start.turkish_deaths[1] = board.rules["turkey.open_operation_total_deaths"]  # losses past the threshold
    start.control[2] = board.side_index("government")  # world 2: its post encircled once the deadline has passed
    for p in board.supply_places[board.side_camp[board.side_index("opposition")]]:
        start.control[2, board.place_hex[p]] = board.side_index("opposition")
    levels = []
    state = start
    for _ in range(4):
        state, events = step(board, state, Orders.empty(board, 4), Streams(7, 4))
        levels.append(state.escalation.copy())
    levels = np.array(levels)  # days 2, 3, 4 and 5 February
    assert levels[0, 1] == 2  # the total opens it at once
    assert levels[0, 2] == 1 and levels[1, 2] == 2  # the day after the deadline, posts still encircled
    assert levels[2, 0] == 1 and levels[3, 0] == 2  # world 0: on the decision day


def test_with_no_intervention_turkey_keeps_to_its_posts_whatever_its_losses():
    board = tutorial_board(turkey__intervention="none")
    state = _posts_day(board, 2)
    state.turkish_deaths[:] = 10 * board.rules["turkey.open_operation_total_deaths"]
    state.post_encircled[:] = True
    for _ in range(3):
        state, events = step(board, state, Orders.empty(board, 2), Streams(8, 2))
        assert not (events["kind"] == Kind.ESCALATION).any()
        assert not (events["kind"] == Kind.TURKISH_FIRE).any()
    assert (state.escalation == 0).all()


def test_the_operations_guns_hit_harder_with_drones_finding_their_targets(historical_board):
    from dataclasses import replace

    lost = {}
    for drones in (True, False):
        board = replace(historical_board, rules=historical_board.rules.replace(turkey__drones=drones))
        troops = board.formation_index("tsk_taftanaz")
        target = next(
            f for f in range(len(board.formation_side)) if board.formation_side[f] == board.side_index("government")
        )
        state = _troops_in_contact(board, WORLDS, [troops])
        ring = board.within_two[state.position[0, troops]]
        state.position[:, target] = ring[ring >= 0][-1]  # two hexes away, in reach
        state.escalation[:] = 2
        new, events = step(board, state, Orders.empty(board, WORLDS), Streams(9, WORLDS))
        fire = events[events["kind"] == Kind.TURKISH_FIRE]
        assert len(fire) == WORLDS
        lost[drones] = fire["value"].sum()
    assert lost[True] > 1.5 * lost[False] > 0
