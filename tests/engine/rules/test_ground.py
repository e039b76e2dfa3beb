"""The ground phase on the tutorial board arranged by hand, over many worlds at once."""

from engine.events import Kind, Reason
from engine.orders import ATTACK
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import duel, open_pair, tutorial_board

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
    state, orders, saa, hts = duel(
        board, WORLDS, a, t, attacker_strength=full, defender_strength=3 * full, defender_posture=2
    )
    new, events = step(board, state, orders, Streams(2, WORLDS))
    attacks = events[events["kind"] == Kind.ATTACK]
    assert len(attacks) == WORLDS
    assert attacks["flag"].mean() < 0.1
    assert (new.strength[:, saa] < full).mean() > 0.9  # attackers pay for it
    assert (new.control[:, t] == board.side_index("opposition")).mean() > 0.9


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


def test_the_local_defenders_of_a_hex_with_no_formation_are_counted_among_the_killed():
    board = tutorial_board()
    t = int(board.place_hex[board.place_index("saraqib")])
    a = int(board.neighbours[t][0])
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=0)
    state.position[:, hts] = -1
    new, events = step(board, state, orders, Streams(11, WORLDS))
    opp = board.side_index("opposition")
    assert (new.killed[:, opp] > 0).mean() > 0.9  # the town's own fighters, not a named formation
    assert (new.killed[:, board.side_index("government")] > 0).mean() > 0.9


def test_formations_and_turkish_posts_beside_an_attacked_hex_share_its_fire_without_fighting():
    board = tutorial_board()
    a, t = open_pair(board)
    full = int(board.formation_strength[board.formation_index("saa_25th_smfd")])
    state, orders, saa, hts = duel(board, WORLDS, a, t, attacker_strength=full, defender_strength=full // 2)
    beside = next(int(h) for h in board.neighbours[t] if h >= 0 and h != a and h not in board.neighbours[a])
    troops = board.formation_index("turkish_posts_saraqib")
    state.position[:, hts] = beside  # the rebels stand beside the attacked hex, the Turkish troops in it
    state.position[:, troops] = t
    state.strength[:, troops] = 300
    new, events = step(board, state, orders, Streams(12, WORLDS))
    assert (new.strength[:, hts] < state.strength[:, hts]).mean() > 0.5
    assert (new.strength[:, troops] < 300).mean() > 0.5
    assert new.turkish_deaths.sum() > 0
    assert (new.position[:, troops] == t).all()  # restrained: they neither fight nor fall back
