"""Each rule on the tutorial board arranged by hand, over many worlds at once."""

import numpy as np

from engine.events import Kind, Reason
from engine.orders import ATTACK, CLOSE_AIR_SUPPORT, STRIKE, Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams

from engine_helpers import duel, open_pair, totals, tutorial_board

WORLDS = 200


NO_FRONTAGE_LIMIT = {"ground__frontage_fighters": 10**6}  # whole formations fight: the ratio is the raw one


def test_a_six_to_one_attack_on_open_ground_mostly_succeeds():
    board = tutorial_board(**NO_FRONTAGE_LIMIT)
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=full // 6)
    new, events = step(board, state, orders, Streams(1, WORLDS))
    attacks = events[events["kind"] == Kind.ATTACK]
    assert len(attacks) == WORLDS
    assert attacks["flag"].mean() > 0.75
    assert (new.control[:, t] == board.side_index("government")).mean() > 0.75


def test_a_one_to_three_attack_into_a_town_mostly_fails():
    board = tutorial_board(**NO_FRONTAGE_LIMIT)
    town = board.place_index("saraqib")
    t = int(board.place_hex[town])
    a = int(board.neighbours[t][0])
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=3 * full,
                                   defender_posture=2)
    new, events = step(board, state, orders, Streams(2, WORLDS))
    attacks = events[events["kind"] == Kind.ATTACK]
    assert len(attacks) == WORLDS
    assert attacks["flag"].mean() < 0.1
    assert (new.strength[:, saa] < full).mean() > 0.9  # attackers pay for it
    assert (new.control[:, t] == board.side_index("opposition")).mean() > 0.9


def test_a_cut_off_pocket_is_found_and_weakens():
    board = tutorial_board()
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state = initial_state(board, 20)
    state.control[:] = gov
    pocket = int(board.place_hex[board.place_index("khan_al_subl")])
    for h in board.cell_hexes[board.place_index("khan_al_subl")]:
        state.control[:, h] = opp
    hts = board.formation_index("hts_south")
    state.position[:, hts] = pocket
    before = state.strength[:, hts].copy()
    for day in range(3):
        state, events = step(board, state, Orders.empty(board, 20), Streams(3, 20))
        if day == 0:
            cut = events[(events["kind"] == Kind.CUT_OFF) & (events["actor"] == hts)]
            assert len(cut) == 20
    assert not state.supplied[:, hts].any()
    assert (state.strength[:, hts] < before).all()


def test_a_ceasefire_blocks_attacks_and_counts_violations():
    board = tutorial_board()
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, 10, a, t, attacker_strength=full, defender_strength=full // 6)
    state.ceasefire[:] = True
    new, events = step(board, state, orders, Streams(4, 10))
    assert not (events["kind"] == Kind.ATTACK).any()
    assert (new.violations == 1).all()
    assert (events["kind"] == Kind.VIOLATION).sum() == 10
    assert (new.control[:, t] == board.side_index("opposition")).all()


def test_storms_ground_aircraft():
    storm = [[0.0, 0.0, 1.0]] * 3
    for transition, flies in ((storm, False), ([[1.0, 0.0, 0.0]] * 3, True)):
        board = tutorial_board(weather__transition=transition)
        state = initial_state(board, 5)
        orders = Orders.empty(board, 5)
        arm = board.arm_index("russian_aerospace_forces")
        orders.mission[:, arm, 0] = CLOSE_AIR_SUPPORT
        orders.mission_hex[:, arm, 0] = board.place_hex[0]
        orders.mission_sorties[:, arm, 0] = 10
        new, events = step(board, state, orders, Streams(5, 5))
        flown = events[events["kind"] == Kind.AIR_MISSION]
        rejected = events[(events["kind"] == Kind.ORDER_REJECTED) & (events["value"] == Reason.ARM_NOT_FLYING)]
        assert (len(flown) == 5) == flies
        assert (len(rejected) == 5) == (not flies)


def test_strikes_on_a_populated_place_displace_people_toward_the_border(historical_board):
    board = historical_board
    place = board.place_index("kafr_nabl")
    state = initial_state(board, 1)
    quiet, _ = step(board, state, Orders.empty(board, 1), Streams(6, 1))
    orders = Orders.empty(board, 1)
    for arm in np.flatnonzero(board.arm_side == board.side_index("government")):
        orders.mission[0, arm, 0] = STRIKE
        orders.mission_hex[0, arm, 0] = board.place_hex[place]
        orders.mission_sorties[0, arm, 0] = 10
    struck, events = step(board, state, orders, Streams(6, 1))
    fled = state.residents[0, place] - struck.residents[0, place]
    assert fled > 5 * (state.residents[0, place] - quiet.residents[0, place])
    assert struck.sheltering.sum() > quiet.sheltering.sum()
    # the shelters that received people lie nearer the Turkish border than the place they fled
    border = np.array(board.scenario.map.borders[0].points)
    bx, by = board.grid.to_km(border[:, 0], border[:, 1])

    def to_border(p):
        x, y = board.grid.centre_km(board.place_hex[p])
        return np.hypot(bx - x, by - y).min()

    received = board.shelters[np.flatnonzero((struck.sheltering - quiet.sheltering)[0, :-1] > 0)]
    assert received.size and all(to_border(s) < to_border(place) for s in received)
    assert (totals(struck) == board.population.sum()).all()
    assert (events["kind"] == Kind.CIVILIAN_HARM).any()


def test_turkish_losses_past_the_threshold_open_the_turkish_operation():
    board = tutorial_board(turkey__post_incident_rate=1.0, turkey__post_incident_deaths=3)
    state = initial_state(board, 4)
    state.day = int(board.post_from_day.max())
    state.control[:] = board.side_index("government")
    state.control[:, board.place_hex[board.supply_places[1]]] = board.side_index("opposition")
    limit = board.rules["turkey.open_operation_total_deaths"]
    state.turkish_deaths[:2] = limit - 1  # two worlds just below the threshold, two far below
    new, events = step(board, state, Orders.empty(board, 4), Streams(7, 4))
    assert new.post_encircled.all()
    assert (new.escalation[:2] == 2).all() and (new.escalation[2:] == 1).all()
    escalations = events[events["kind"] == Kind.ESCALATION]
    assert sorted(escalations["value"].tolist()) == [1, 1, 2, 2]


def test_only_a_frontage_of_a_large_formation_fights_for_one_hex():
    board = tutorial_board()
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    frontage = board.rules["ground.frontage_fighters"]
    assert full > 2 * frontage
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=frontage)
    new, events = step(board, state, orders, Streams(9, WORLDS))
    attacks = events[events["kind"] == Kind.ATTACK]
    assert attacks["flag"].mean() < 0.5  # numbers beyond the frontage do not buy a breakthrough
    assert attacks["value"].max() <= board.rules["ground.attacker_loss_cap"] * frontage


def test_a_breakthrough_presses_on_through_empty_hexes():
    board = tutorial_board(**NO_FRONTAGE_LIMIT)
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=full // 20)
    state.position[:, hts] = -1  # nobody holds the line beyond the first hex
    new, events = step(board, state, orders, Streams(10, WORLDS))
    gov = board.side_index("government")
    gained = (new.control == gov).sum(axis=1) - (state.control == gov).sum(axis=1)
    assert (gained >= 1).all()
    assert (gained > 1).mean() > 0.5  # most breakthroughs take more than the hex attacked
    assert board.grid.distance(a, new.position[0, saa]) <= 1 + board.rules["ground.exploit_hexes"]


def test_an_illegal_order_is_rejected_with_a_reason():
    board = tutorial_board()
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, 1, a, t, full, full // 6)
    far = int(board.place_hex[board.place_index("nayrab")])
    orders.action[0, saa], orders.target[0, saa] = ATTACK, far
    new, events = step(board, state, orders, Streams(8, 1))
    rejected = events[events["kind"] == Kind.ORDER_REJECTED]
    assert rejected["value"].tolist() == [Reason.NOT_ADJACENT]
    assert new.position[0, saa] == a


def test_enemy_supply_lines_do_not_supply_a_formation():
    board = tutorial_board()
    gov, opp = board.side_index("government"), board.side_index("opposition")
    state = initial_state(board, 3)
    state.control[:] = opp  # all opposition ground, linked to its sources
    hts, saa = board.formation_index("hts_south"), board.formation_index("saa_25th_smfd")
    a, _ = open_pair(board)
    state.control[:, a] = gov  # one government hex deep in opposition ground
    state.position[:, saa], state.position[:, hts] = a, -1
    new, events = step(board, state, Orders.empty(board, 3), Streams(11, 3))
    assert not new.supplied[:, saa].any()
