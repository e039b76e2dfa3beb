"""Typed, readable events: one row per thing that happened, with what, where and to whom.

Events are a numpy structured array (cheap to make in a batch of thousands of worlds); ``describe``
turns a row into a sentence. Each world's events are in phase order; ``digest`` hashes one world's.
"""

from __future__ import annotations

import hashlib
from enum import IntEnum

import numpy as np
from numpy.lib.recfunctions import repack_fields

EVENT_DTYPE = np.dtype(
    [
        ("world", "i4"),
        ("day", "i2"),
        ("kind", "i1"),
        ("side", "i1"),
        ("actor", "i2"),
        ("place", "i2"),
        ("hex", "i4"),
        ("value", "i8"),
        ("value2", "i8"),
        ("flag", "i1"),
    ]
)

RECORD = np.dtype((np.void, EVENT_DTYPE.itemsize))  # an event as bytes


class Kind(IntEnum):
    ORDER_REJECTED = 0
    WEATHER = 1
    CEASEFIRE_BEGINS = 2
    CEASEFIRE_COLLAPSES = 3
    VIOLATION = 4
    PROPOSAL = 5
    AIR_MISSION = 6
    AIRCRAFT_LOST = 7
    CIVILIAN_HARM = 8
    ATTACK = 9
    CAPTURE = 10
    RETREAT = 11
    DESTROYED = 12
    CUT_OFF = 13
    POST_ENCIRCLED = 14
    TURKISH_DEATHS = 15
    ESCALATION = 16
    DISPLACEMENT = 17
    ARRIVAL = 18
    MOVE = 19
    OPERATION = 20
    TURKISH_FIRE = 21


class Reason(IntEnum):
    NOT_ON_MAP = 1
    TOO_FAR = 2
    NOT_OWN_GROUND = 3
    NOT_ADJACENT = 4
    NOT_ENEMY = 5
    BROKEN = 6
    TURKEY_NOT_ENGAGED = 7
    ARM_NOT_FLYING = 8
    NO_SORTIES_LEFT = 9
    OFF_MAP = 10
    CEASEFIRE = 11
    NOT_YOURS = 12


REASON_TEXT = {
    Reason.NOT_ON_MAP: "the formation is not on the map",
    Reason.TOO_FAR: "the hex is beyond a day's move",
    Reason.NOT_OWN_GROUND: "formations move only through ground their side holds",
    Reason.NOT_ADJACENT: "an attack must target an adjacent hex",
    Reason.NOT_ENEMY: "the target hex is not held by the other side",
    Reason.BROKEN: "the formation is below its breaking strength and must refit",
    Reason.TURKEY_NOT_ENGAGED: "Turkish forces attack only once Turkey opens its operation",
    Reason.ARM_NOT_FLYING: "the air arm is not flying today",
    Reason.NO_SORTIES_LEFT: "no sorties left today (weather, losses or earlier missions)",
    Reason.OFF_MAP: "the hex is not on the map",
    Reason.CEASEFIRE: "a ceasefire is in force: the attack was called off and counted as a violation",
    Reason.NOT_YOURS: "the order is for a unit of another side",
}

ESCALATION_TEXT = (
    "its decision",
    "one day's losses",
    "its total losses",
    "its deadline passed with posts encircled",
    "its soldiers were killed",
    "one of its new posts was encircled",
)
WEATHER_TEXT = ("clear skies", "rain", "storms and low visibility ground aircraft")
MISSION_TEXT = ("", "close air support", "interdiction", "strike on a position")
REPORT_MIN_DISPLACED = 100  # a place's daily displacement below this is summed but not reported as an event


class EventLog:
    """Collects columns of events during a step."""

    def __init__(self, day: int):
        self.day = day
        self.parts: list[np.ndarray] = []

    def add(self, kind: Kind, world, **columns) -> None:
        world = np.asarray(world, dtype=np.int32).reshape(-1)
        if world.size == 0:
            return
        part = np.zeros(world.size, EVENT_DTYPE)
        part["world"], part["day"], part["kind"] = world, self.day, kind
        for name in ("side", "actor", "place", "hex"):
            part[name] = -1
        for name, value in columns.items():
            part[name] = value
        self.parts.append(part)

    def add_rows(self, rows: np.ndarray) -> None:
        """Add events given as rows of (world, kind, side, actor, place, hex, value, value2, flag), as
        kernels write them (``engine.kernels.events``)."""
        if not len(rows):
            return
        part = np.zeros(len(rows), EVENT_DTYPE)
        part["day"] = self.day
        for i, name in enumerate(("world", "kind", "side", "actor", "place", "hex", "value", "value2", "flag")):
            part[name] = rows[:, i]
        self.parts.append(part)

    def finish(self, *later: EventLog) -> np.ndarray:
        """The events, with those of the ``later`` logs after them, in world order (each world's in the
        order they were added)."""
        parts = [part for log in (self, *later) for part in log.parts]
        if not parts:
            return np.zeros(0, EVENT_DTYPE)
        events = concatenate(parts)
        return np.take(events.view(RECORD), np.argsort(events["world"], kind="stable")).view(EVENT_DTYPE)


def concatenate(parts: list[np.ndarray]) -> np.ndarray:
    """Events of several arrays in one, in their order (copied as whole records: numpy copies a packed
    record type field by field, ten times slower)."""
    return np.concatenate([part.view(RECORD) for part in parts]).view(EVENT_DTYPE)


def of_world(events: np.ndarray, k: int) -> np.ndarray:
    return events[events["world"] == k]


def digest(events: np.ndarray, k: int | None = None) -> str:
    """SHA-256 of one world's events (all events when k is None), ignoring the world column."""
    if k is not None:
        events = of_world(events, k)
    columns = [n for n in EVENT_DTYPE.names or () if n != "world"]
    rows = repack_fields(events[columns])  # type: ignore[index]  # numpy's stubs miss field lists; drops the world's bytes too
    return hashlib.sha256(rows.tobytes()).hexdigest()


def describe(board, e) -> str:
    """One event as a sentence."""
    s = board.scenario
    kind = Kind(int(e["kind"]))
    side = s.sides[e["side"]] if e["side"] >= 0 else ""
    place = s.settlements[e["place"]].name if e["place"] >= 0 else ""
    where = place or (_near(board, int(e["hex"])) if e["hex"] >= 0 else "")
    formation = s.formations[e["actor"]].name if e["actor"] >= 0 and kind in _FORMATION_KINDS else ""
    value, value2 = int(e["value"]), int(e["value2"])
    if kind == Kind.ORDER_REJECTED:
        who = (
            s.air_arms[e["actor"]].name
            if e["flag"] == 1
            else (s.formations[e["actor"]].name if e["actor"] >= 0 else side)
        )
        return f"Order for {who} rejected: {REASON_TEXT[Reason(value)]}."
    if kind == Kind.WEATHER:
        return f"Weather: {WEATHER_TEXT[value]}."
    if kind == Kind.CEASEFIRE_BEGINS:
        return "A ceasefire takes effect" + (" as scheduled." if value == 0 else " after negotiation.")
    if kind == Kind.CEASEFIRE_COLLAPSES:
        return f"The ceasefire collapses after {value} day(s)."
    if kind == Kind.VIOLATION:
        return f"Ceasefire violation: {formation or side} ordered an attack near {where}."
    if kind == Kind.PROPOSAL:
        return f"The {side} side proposes a ceasefire." if value == 1 else f"The {side} side accepts a ceasefire."
    if kind == Kind.AIR_MISSION:
        return f"{s.air_arms[e['actor']].name}: {value} sorties of {MISSION_TEXT[value2]} near {where}."
    if kind == Kind.AIRCRAFT_LOST:
        cause = "to enemy fighters" if value2 == 1 else "to ground fire"
        return f"{s.air_arms[e['actor']].name} loses {value} aircraft {cause} near {where}."
    if kind == Kind.CIVILIAN_HARM:
        cause = "air attack" if value2 == 0 else "ground fighting"
        return f"{value} civilians killed or injured in {where} by {cause}."
    if kind == Kind.ATTACK:
        outcome = "takes the hex" if e["flag"] else "is repelled"
        return f"{formation} ({side}) attacks near {where} and {outcome}; losses {value} attacking, {value2} defending."
    if kind == Kind.CAPTURE:
        how = " after being cut off" if e["flag"] else ""
        return f"{place} taken by the {side} side{how}."
    if kind == Kind.RETREAT:
        return f"{formation} falls back to near {where}."
    if kind == Kind.DESTROYED:
        return f"{formation} is destroyed or disbanded."
    if kind == Kind.CUT_OFF:
        return f"{where} is cut off from its side's supply."
    if kind == Kind.POST_ENCIRCLED:
        return f"Turkish observation post {s.observation_posts[e['actor']].name} is encircled."
    if kind == Kind.TURKISH_DEATHS:
        return f"{value} Turkish soldiers killed near {where}."
    if kind == Kind.ESCALATION:
        why = ESCALATION_TEXT[value2] if 0 <= value2 < len(ESCALATION_TEXT) else ""
        if value == 1:
            return f"Turkey retaliates and gives the opposition fire support ({why})."
        return f"Turkey opens its military operation, Operation Spring Shield ({why})."
    if kind == Kind.TURKISH_FIRE:
        return f"Turkish artillery fire on government forces: {value} losses among {value2} formation(s)."
    if kind == Kind.DISPLACEMENT:
        return f"{value:,} people flee {where}."
    if kind == Kind.ARRIVAL:
        return f"{formation} arrives near {where}."
    if kind == Kind.MOVE:
        return f"{formation} moves to near {where}."
    if kind == Kind.OPERATION:
        name = s.operations[e["actor"]].name
        return {1: f"{name} begins.", 2: f"{name}: every objective taken.", 3: f"{name} is called off."}[value]
    return kind.name


_FORMATION_KINDS = {
    Kind.VIOLATION,
    Kind.ATTACK,
    Kind.RETREAT,
    Kind.DESTROYED,
    Kind.ARRIVAL,
    Kind.MOVE,
    Kind.ORDER_REJECTED,
}


def _near(board, hex_index: int) -> str:
    place = board.cell[hex_index] if 0 <= hex_index < board.hexes else -1
    return board.scenario.settlements[place].name if place >= 0 else f"hex {hex_index}"
