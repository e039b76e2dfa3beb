"""The supply phase on the tutorial board arranged by hand, over many worlds at once."""

from engine.events import Kind
from engine.orders import Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import open_pair, tutorial_board

WORLDS = 200


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
