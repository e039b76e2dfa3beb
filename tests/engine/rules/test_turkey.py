"""The turkey phase on the tutorial board arranged by hand, over many worlds at once."""

from engine.events import Kind
from engine.orders import Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams
from tests.helpers.boards import tutorial_board

WORLDS = 200


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
