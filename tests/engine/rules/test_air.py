"""The air phase on the tutorial board arranged by hand, over many worlds at once."""

from engine.events import Kind, Reason
from engine.orders import CLOSE_AIR_SUPPORT, Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import tutorial_board

WORLDS = 200


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
