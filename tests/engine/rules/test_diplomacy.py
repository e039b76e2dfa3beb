"""The diplomacy phase on the tutorial board arranged by hand, over many worlds at once."""

from engine.events import Kind
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import duel, open_pair, tutorial_board

WORLDS = 200


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
