"""What a map marks for one day: air strikes, civilian harm, aircraft lost and the Turkish posts' state.

The same markers come from a game's events (``day_markers``) and from the record's entries
(``record_markers``), so the play and replay maps draw them alike. Civilian harm is a consequence
the model and the record show, never a target: it is marked where it happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from . import events as ev
from .board import Board
from .history import post_states
from .scenario import Scenario

KINDS = ("air_strike", "shelling", "civilian_harm", "aircraft_lost", "post", "post_encircled", "post_lifted")
RECORD_KINDS = {"airstrike": "air_strike", "shelling": "shelling", "civilian_harm": "civilian_harm"}
RECORD_KINDS["aircraft_downed"] = "aircraft_lost"
CIVILIAN_FIGURES = ("civilians_killed", "civilians_wounded")


@dataclass(frozen=True)
class Marker:
    kind: str  # one of KINDS
    place: str | None  # place id, where the marker stands at a place
    hex: int  # -1 where only the place is known (the record)
    value: int = 0  # sorties, people harmed, aircraft lost
    side: str | None = None  # who flew, fired or lost the aircraft
    text: str = ""  # a line for the tooltip


def day_markers(
    board: Board, events: np.ndarray, day: int, ever_encircled: np.ndarray, encircled: np.ndarray
) -> list[Marker]:
    """Markers of one day of world 0 from its events, and its posts: encircled at the end of the day, or
    encircled before and lifted since."""
    s = board.scenario
    e = events[(events["day"] == day) & (events["world"] == 0)]
    out: list[Marker] = []
    for kind, code, by_side in (
        ("air_strike", ev.Kind.AIR_MISSION, True),
        ("civilian_harm", ev.Kind.CIVILIAN_HARM, False),
        ("aircraft_lost", ev.Kind.AIRCRAFT_LOST, True),
    ):
        for row in e[(e["kind"] == code) & (e["hex"] >= 0)]:
            place = s.settlements[row["place"]].id if row["place"] >= 0 else None
            side = s.sides[row["side"]] if by_side else None
            out.append(Marker(kind, place, int(row["hex"]), int(row["value"]), side, ev.describe(board, row)))
    for o, post in enumerate(s.observation_posts):
        if board.post_from_day[o] > day:
            continue
        kind = "post_encircled" if encircled[o] else "post_lifted" if ever_encircled[o] else "post"
        text = {"post": "standing", "post_encircled": "encircled", "post_lifted": "encirclement lifted"}[kind]
        out.append(Marker(kind, post.place.id, int(board.post_hex[o]), 0, "turkey", f"{post.name}: {text}"))
    return out


def record_markers(scenario: Scenario, date: dt.date) -> list[Marker]:
    """Markers of one day of the record: its air strikes, shelling, civilian harm and aircraft downed at
    named places, and every post standing (encircled, or its encirclement lifted)."""
    out: list[Marker] = []
    for e in scenario.timeline:
        if e.date != date or not e.places:
            continue
        kinds = [RECORD_KINDS[e.type]] if e.type in RECORD_KINDS else []
        harmed = sum(_high(f.value) for f in e.figures if f.what in CIVILIAN_FIGURES)
        if harmed and "civilian_harm" not in kinds:
            kinds.append("civilian_harm")
        for kind in kinds:
            value = harmed if kind == "civilian_harm" else 0
            for place in e.places:
                out.append(Marker(kind, place.id, -1, value, e.side, f"{e.source.name}: {e.quote}"))
    for state in post_states(scenario, date):
        kind = "post_encircled" if state.encircled else "post_lifted" if state.lifted else "post"
        since = f" on {state.since:%d %B}" if state.since else ""
        words = {
            "post": "standing",
            "post_encircled": f"encircled{since}",
            "post_lifted": f"encirclement lifted{since}",
        }
        out.append(Marker(kind, state.post.place.id, -1, 0, "turkey", f"{state.post.name}: {words[kind]}"))
    return out


def _high(value) -> int:
    return int(value[1] if isinstance(value, tuple) else value)
