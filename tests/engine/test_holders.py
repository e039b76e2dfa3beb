"""The faction holding each place and hex, which the map colours by."""

import datetime as dt

import numpy as np

from engine import events as ev
from engine.holders import PlaceFactions, hex_factions, own_factions, record_factions, start_factions
from engine.orders import ATTACK, Orders
from engine.state import initial_state
from engine.step import step
from engine.streams import Streams


def test_each_side_has_its_own_faction(historical_board):
    s = historical_board.scenario
    own = own_factions(s)
    assert [s.factions[i].id for i in own[:3]] == ["saa", "nfl", "turkey"]


def test_a_named_holder_is_kept_and_other_places_go_to_the_nearest_garrison(historical_board):
    s = historical_board.scenario
    start = dict(zip((p.id for p in s.settlements), (s.factions[i].id for i in start_factions(s))))
    assert start["idlib"] == "hts" and start["farjah"] == "hts"  # held_by, from the document
    assert start["kafr_nabl"] == "nfl"  # the NFL's southern sector starts there, with Ahrar al-Sham (weaker)
    assert start["maarat_al_numan"] == "hts"  # HTS's southern sector, stronger than Ansar al-Tawhid there
    side = {f.id: f.side for f in s.factions}
    assert all(side[start[h.place.id]] == h.side for h in s.start_control)


def test_a_place_taken_by_assault_passes_to_the_attackers_faction(historical_board):
    b = historical_board
    state = initial_state(b, 1)
    p = b.place_index("tell_mannas")
    target = int(b.place_hex[p])
    attacker = int(next(n for n in b.neighbours[target] if n >= 0 and b.hex_place[n] < 0))
    gov, opp = b.side_index("government"), b.side_index("opposition")
    state.control[0, attacker] = gov
    hezbollah = b.formation_index("hezbollah_aleppo")
    state.position[0] = np.where(b.formation_camp == b.side_camp[opp], -1, state.position[0])  # no defenders
    state.position[0, hezbollah], state.strength[0, hezbollah] = attacker, 5000
    orders = Orders.empty(b, 1)
    orders.action[0, hezbollah], orders.target[0, hezbollah] = ATTACK, target
    holders = PlaceFactions(b)
    assert b.scenario.factions[holders.faction[p]].side == "opposition"
    state, events = step(b, state, orders, Streams(1, 1))
    assert ((events["kind"] == ev.Kind.CAPTURE) & (events["place"] == p)).any()
    holders.after_day(events)
    assert b.scenario.factions[holders.faction[p]].id == "hezbollah"  # not the government's own faction, the SAA
    hexes = hex_factions(b, state.control[0], holders.faction)
    assert b.scenario.factions[hexes[target]].id == "hezbollah"


def test_hexes_beyond_the_border_have_no_faction(historical_board):
    b = historical_board
    hexes = hex_factions(b, b.start_control, start_factions(b.scenario))
    assert (hexes[b.start_control < 0] == -1).all()
    colours = {b.scenario.factions[i].map_colour for i in np.unique(hexes[hexes >= 0])}
    assert {"government", "opposition", "hts"} <= colours


def test_the_record_passes_places_to_the_faction_it_names(historical_board):
    s = historical_board.scenario
    before, after = record_factions(s, dt.date(2020, 2, 29)), record_factions(s, dt.date(2020, 3, 1))
    assert before["halluba"] == "saa"
    assert after["halluba"] == "sna"  # "nine villages were recaptured by the Syrian National Army"
    assert next(f for f in s.factions if f.id == "sna").map_colour == "turkey"  # Turkish-backed
    # Saraqib, retaken "with support from Turkish elements": Turkey is not the side that took it,
    # so it returns to the opposition faction that held it before
    assert record_factions(s, dt.date(2020, 2, 27))["saraqib"] == "hts"
