"""Who holds each place on each day of the record: the start control with the timeline's captures applied."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .scenario import Entry, ObservationPost, Scenario


@dataclass(frozen=True)
class Conflict:
    """A control change that contradicts what the record says about the day before."""

    entry: Entry
    place: str
    message: str


def other_side(side: str, playable: tuple[str, ...]) -> str:
    """The opposing playable side (a withdrawal's default receiver)."""
    others = [s for s in playable if s != side]
    return others[0] if others else side


def apply_entry(control: dict[str, str], entry: Entry, playable: tuple[str, ...]) -> list[Conflict]:
    """Apply one capture or withdrawal to ``control`` in place; return what contradicts it."""
    side = entry.side
    assert side is not None, "the loader requires a side on every capture and withdrawal"
    conflicts = []
    for place in entry.places:
        holder = control.get(place.id)
        if entry.type == "capture":
            if holder == entry.side:
                conflicts.append(Conflict(entry, place.id, f"{entry.side} captures {place.id}, which it already holds"))
            control[place.id] = side
        else:  # withdrawal
            if holder != entry.side:
                conflicts.append(
                    Conflict(entry, place.id, f"{entry.side} withdraws from {place.id}, which {holder} holds")
                )
            control[place.id] = entry.to or other_side(side, playable)
    return conflicts


def walk(scenario: Scenario) -> Iterator[tuple[Entry, dict[str, str], list[Conflict]]]:
    """Apply the record's control changes in date order (same-day entries in file order).

    Yields each entry with the control just after it (one dict, updated in place) and what it contradicts.
    """
    control = {h.place.id: h.side for h in scenario.start_control}
    changes = [
        e
        for e in scenario.timeline
        if e.changes_control and e.date is not None and e.side and e.date >= scenario.start_date
    ]
    for entry in sorted(changes, key=lambda e: e.date):
        found = apply_entry(control, entry, scenario.playable)
        yield entry, control, found


def conflicts(scenario: Scenario) -> list[Conflict]:
    """Every capture or withdrawal that contradicts the start control and the earlier record."""
    return [c for _, _, found in walk(scenario) for c in found]


def control_on(scenario: Scenario, date: dt.date) -> dict[str, str]:
    """Controller of every place at the end of ``date`` according to the record."""
    control = {h.place.id: h.side for h in scenario.start_control}
    for entry, after, _ in walk(scenario):
        if entry.date > date:
            break
        control = dict(after)
    return control


def capture_dates(scenario: Scenario) -> Mapping[str, list[tuple[dt.date, str]]]:
    """For each place, the dates it changed hands in the record and the side that took it."""
    out: dict[str, list[tuple[dt.date, str]]] = {}
    held = {h.place.id: h.side for h in scenario.start_control}
    for entry, control, _ in walk(scenario):
        for place in entry.places:
            if control[place.id] != held.get(place.id):
                out.setdefault(place.id, []).append((entry.date, control[place.id]))
                held[place.id] = control[place.id]
    return out


@dataclass(frozen=True)
class DisplacedReport:
    """One cumulative figure of people displaced by the offensive, as the record reports it."""

    date: dt.date
    value: int
    qualifier: str | None
    entry: Entry

    @property
    def is_un(self) -> bool:
        return self.entry.source.id == "un"


def is_cumulative_total(entry: Entry) -> bool:
    """True for a displacement entry that reports the offensive's cumulative total.

    Local figures (an entry naming places), flows over a period (an entry with a ``period``, such as
    the UN's 80,000 of 23 December "since 18 December") and subsets (the entry's note says "not
    cumulative", or it is not a ``displacement`` entry) are not totals.
    """
    if entry.type != "displacement" or entry.places or entry.period:
        return False
    note = (entry.note or "").casefold()
    return "not cumulative" not in note


def displaced_reports(scenario: Scenario) -> list[DisplacedReport]:
    """The record's cumulative totals of people displaced, in date order."""
    out = []
    for e in scenario.timeline:
        if not is_cumulative_total(e):
            continue
        for f in e.figures:
            if f.what == "displaced":
                value = f.value[1] if isinstance(f.value, tuple) else f.value
                out.append(DisplacedReport(e.date, int(value), f.qualifier, e))
    return sorted(out, key=lambda r: r.date)


@dataclass(frozen=True)
class PostState:
    """A Turkish observation post on one day of the record: encircled or not, and since when."""

    post: ObservationPost
    encircled: bool
    since: dt.date | None  # the day its encirclement began, or was lifted
    lifted: bool  # its encirclement has been lifted (it is no longer encircled)
    entry: Entry | None  # the record's entry for the last change, if the timeline has one


def post_states(scenario: Scenario, date: dt.date) -> list[PostState]:
    """Every post standing at the end of ``date``: encircled from its ``encircled`` date (forces.yaml) or,
    without one, the first ``encirclement`` entry naming it, until an ``encirclement_lifted`` entry names it."""
    changes: dict[str, list[tuple[dt.date, bool, Entry | None]]] = {}
    for post in scenario.observation_posts:
        if post.encircled is not None:
            changes.setdefault(post.id, []).append((post.encircled.date, True, None))
    for e in scenario.timeline:
        if e.type in ("encirclement", "encirclement_lifted"):
            for post in e.posts:
                closes = e.type == "encirclement"
                if closes and post.encircled is not None:  # forces.yaml dates the full encirclement
                    continue
                changes.setdefault(post.id, []).append((e.date, closes, e))
    out = []
    for post in scenario.observation_posts:
        if post.established.date > date:
            continue
        encircled, since, lifted, entry = False, None, False, None
        for day, closes, found in sorted(changes.get(post.id, ()), key=lambda c: (c[0], not c[1])):
            if day > date:
                break
            if closes and not encircled:
                encircled, since, lifted, entry = True, day, False, found or entry
            elif not closes and encircled:
                encircled, since, lifted, entry = False, day, True, found
        out.append(PostState(post, encircled, since, lifted, entry))
    return out
