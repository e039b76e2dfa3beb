"""What the replay shows on each day of the record: control, hexes, area, displacement and events.

No pygame here: the headless ``--state-json`` output and the tests read this directly.

Hex rule (the documented one of ``engine/territory.py``): each hex takes the controller of its
nearest place; hexes beyond the Turkish border belong to no side. Control of places on a day is
the record's (``engine.history``): the start control with every capture and withdrawal up to and
including that day. Days of the prelude (before the start date) show the start control, since
the record is checked for consistency from the start date only. The faction holding each place
(which the map colours by: HTS, Turkish-backed, ...) follows the rule of ``engine/holders.py``, and the
posts' encirclements those of ``engine.history.post_states``. A sentence the record repeats under
several sources is one claim with those sources (``claims``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from engine import history
from engine.hexgrid import HexGrid
from engine.history import DisplacedReport, PostState, post_states
from engine.holders import record_factions
from engine.markers import Marker, record_markers
from engine.scenario import Entry, Scenario, Source
from engine.territory import OUTSIDE, beyond_borders, nearest_settlement

from .colours import FAMILIES


@dataclass(frozen=True)
class Claim:
    """One sentence of the record with every source that reports it (entries that repeat it merged)."""

    quote: str
    entries: tuple[Entry, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(e.source for e in self.entries))

    @property
    def entry(self) -> Entry:
        return self.entries[0]


class DateError(ValueError):
    """A date the record does not cover, or one that is not a date."""


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(f"'{text}' is not a date (expected YYYY-MM-DD)") from None


class ReplayData:
    """The record of one scenario, day by day, with the arrays the map needs."""

    def __init__(self, scenario: Scenario, grid: HexGrid | None = None):
        self.scenario = scenario
        self.grid = grid or HexGrid.for_scenario(scenario)
        self.first: dt.date = scenario.record_start
        self.last: dt.date = scenario.record_end
        self.start: dt.date = scenario.start_date
        self.dates = [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]
        self.place_index = {p.id: i for i, p in enumerate(scenario.settlements)}
        self._hex_cache: dict[dt.date, np.ndarray] = {}
        self._family_cache: dict[dt.date, dict[str, str]] = {}
        self._marker_cache: dict[dt.date, list[Marker]] = {}
        self._snapshots = self._walk()

    # -- dates -------------------------------------------------------------------------------
    def check(self, date: dt.date) -> dt.date:
        """Return ``date`` if the record covers it, else raise DateError."""
        if not self.first <= date <= self.last:
            raise DateError(f"{date} is outside the record of {self.scenario.id} ({self.first} to {self.last})")
        return date

    def clamp(self, date: dt.date) -> dt.date:
        return min(max(date, self.first), self.last)

    def index(self, date: dt.date) -> int:
        return (date - self.first).days

    # -- control -----------------------------------------------------------------------------
    def _walk(self) -> list[tuple[dt.date, dict[str, str]]]:
        """Control after each day that changes it, in date order (one walk of the record)."""
        start = {h.place.id: h.side for h in self.scenario.start_control}
        snapshots = [(dt.date.min, dict(start))]
        for entry, control, _ in history.walk(self.scenario):
            if snapshots[-1][0] == entry.date:
                snapshots[-1] = (entry.date, dict(control))
            else:
                snapshots.append((entry.date, dict(control)))
        return snapshots

    def control(self, date: dt.date) -> dict[str, str]:
        """Controller of every place at the end of ``date``."""
        found = self._snapshots[0][1]
        for day, control in self._snapshots:
            if day > date:
                break
            found = control
        return dict(found)

    def changes_on(self, date: dt.date) -> dict[str, tuple[str, str]]:
        """Places that changed hands on ``date``: {place: (from side, to side)}."""
        before, after = self.control(date - dt.timedelta(days=1)), self.control(date)
        return {p: (before.get(p), s) for p, s in after.items() if before.get(p) != s}

    @cached_property
    def nearest(self) -> np.ndarray:
        return nearest_settlement(self.grid, self.scenario)

    @cached_property
    def outside(self) -> np.ndarray:
        return beyond_borders(self.grid, self.scenario)

    @cached_property
    def hex_area_km2(self) -> float:
        """Area of one hex: a regular hexagon whose centres are ``size_km`` apart."""
        return math.sqrt(3) / 2 * self.grid.size_km**2

    def families(self, date: dt.date) -> dict[str, str]:
        """Colour family of every place: the map colour of the faction holding it (engine/holders.py)."""
        if date not in self._family_cache:
            colour = {f.id: f.map_colour for f in self.scenario.factions}
            held = record_factions(self.scenario, max(date, self.start - dt.timedelta(days=1)))
            self._family_cache[date] = {p: colour[f] for p, f in held.items()}
        return dict(self._family_cache[date])

    def hex_families(self, date: dt.date) -> np.ndarray:
        """Index into ``colours.FAMILIES`` of every hex's controller, OUTSIDE (-1) beyond the border."""
        if date not in self._hex_cache:
            fam = self.families(date)
            per_place = np.array([FAMILIES.index(fam[p.id]) for p in self.scenario.settlements], dtype=np.int8)
            self._hex_cache[date] = np.where(self.outside, OUTSIDE, per_place[self.nearest]).astype(np.int8)
        return self._hex_cache[date]

    def hex_sides(self, date: dt.date) -> np.ndarray:
        """Index into ``scenario.sides`` of every hex's controller, OUTSIDE beyond the border."""
        control = self.control(date)
        sides = self.scenario.sides
        per_place = np.array([sides.index(control[p.id]) for p in self.scenario.settlements], dtype=np.int8)
        return np.where(self.outside, OUTSIDE, per_place[self.nearest]).astype(np.int8)

    def area_km2(self, date: dt.date) -> dict[str, float]:
        """Area held per side in km² (hex count × hex area)."""
        counts = np.bincount(self.hex_sides(date)[~self.outside].astype(np.int64), minlength=len(self.scenario.sides))
        return {side: round(float(n) * self.hex_area_km2, 1) for side, n in zip(self.scenario.sides, counts)}

    @cached_property
    def area_series(self) -> dict[str, np.ndarray]:
        """Area held per side for every date of the record (km²), for the chart."""
        out = {s: np.zeros(len(self.dates)) for s in self.scenario.sides}
        for i, d in enumerate(self.dates):
            for side, km2 in self.area_km2(d).items():
                out[side][i] = km2
        return out

    # -- observation posts -------------------------------------------------------------------
    def posts(self, date: dt.date) -> list[tuple[object, bool]]:
        """Turkish observation posts standing on ``date`` and whether each is encircled."""
        return [(p.post, p.encircled) for p in self.post_states(date)]

    def post_marks(self, date: dt.date) -> list[tuple[object, str]]:
        """(post, "standing" | "encircled" | "lifted") of every post standing on ``date``, for the map."""
        return [
            (p.post, "encircled" if p.encircled else "lifted" if p.lifted else "standing")
            for p in self.post_states(date)
        ]

    def markers(self, date: dt.date) -> list[Marker]:
        """The day's air strikes, shelling, civilian harm and aircraft downed at named places (engine/markers.py)."""
        if date not in self._marker_cache:
            self._marker_cache[date] = [m for m in record_markers(self.scenario, date) if not m.kind.startswith("post")]
        return self._marker_cache[date]

    def post_states(self, date: dt.date) -> list[PostState]:
        """The posts standing on ``date``: encircled or not, since when, and whether an encirclement was lifted."""
        return post_states(self.scenario, date)

    # -- displacement ------------------------------------------------------------------------
    @cached_property
    def displaced_reports(self) -> list[DisplacedReport]:
        """The record's cumulative totals of people displaced, in date order."""
        return history.displaced_reports(self.scenario)

    def displaced(self, date: dt.date) -> DisplacedReport | None:
        """The latest cumulative total reported on or before ``date`` (None before the first)."""
        known = [r for r in self.displaced_reports if r.date <= date]
        return max(known, key=lambda r: (r.date, r.is_un), default=None)

    # -- events ------------------------------------------------------------------------------
    @cached_property
    def _by_date(self) -> dict[dt.date, list[Entry]]:
        out: dict[dt.date, list[Entry]] = {}
        for e in self.scenario.timeline:
            out.setdefault(e.date, []).append(e)
        return out

    def entries(self, date: dt.date) -> list[Entry]:
        return list(self._by_date.get(date, ()))

    def groups(self, date: dt.date) -> list[list[Entry]]:
        """The day's entries, with the claims of one event (same ``event`` key) together, in file order."""
        groups: list[list[Entry]] = []
        by_event: dict[str, list[Entry]] = {}
        for e in self.entries(date):
            if e.event:
                if e.event in by_event:
                    by_event[e.event].append(e)
                    continue
                by_event[e.event] = [e]
                groups.append(by_event[e.event])
            else:
                groups.append([e])
        return groups

    def claims(self, date: dt.date) -> list[list[Claim]]:
        """The day's claims: ``groups`` with the entries that repeat one sentence (under one source or
        several) merged into one claim, wherever they stand in the day."""
        out: list[list[Claim]] = []
        seen: dict[str, tuple[int, int]] = {}
        for group in self.groups(date):
            claims: list[Claim] = []
            for e in group:
                key = _sentence(e.quote)
                if key in seen:
                    g, c = seen[key]
                    target = out[g] if g < len(out) else claims
                    target[c] = Claim(target[c].quote, (*target[c].entries, e))
                    continue
                seen[key] = (len(out), len(claims))
                claims.append(Claim(e.quote, (e,)))
            if claims:
                out.append(claims)
        return out

    @cached_property
    def event_dates(self) -> list[dt.date]:
        return sorted(d for d in self._by_date if self.first <= d <= self.last)

    @cached_property
    def place_entries(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for e in self.scenario.timeline:
            for p in e.places:
                out.setdefault(p.id, []).append(e)
        return out

    # -- the headless state ------------------------------------------------------------------
    def state(self, date: dt.date) -> dict:
        """The ``--state-json`` document of one day (DESIGN.md contract plus a few extras)."""
        report = self.displaced(date)
        return {
            "scenario": self.scenario.id,
            "date": date.isoformat(),
            "prelude": date < self.start,
            "control": self.control(date),
            "changed_hands": {p: {"from": a, "to": b} for p, (a, b) in self.changes_on(date).items()},
            "displaced": report.value if report else 0,
            "displaced_report": None
            if report is None
            else {
                "date": report.date.isoformat(),
                "value": report.value,
                "qualifier": report.qualifier,
                "source": report.entry.source.id,
                "entry": report.entry.id,
            },
            "area_km2": self.area_km2(date),
            "observation_posts": [{"id": p.id, "place": p.place.id, "encircled": enc} for p, enc in self.posts(date)],
            "events": [entry_json(e) for e in self.entries(date)],
        }


def entry_json(e: Entry) -> dict:
    out = {
        "id": e.id,
        "type": e.type,
        "side": e.side,
        "source": e.source.id,
        "source_name": e.source.name,
        "places": [p.id for p in e.places],
        "quote": e.quote,
    }
    if e.event:
        out["event"] = e.event
    if e.areas:
        out["areas"] = list(e.areas)
    if e.figures:
        out["figures"] = [
            {
                k: v
                for k, v in (
                    ("what", f.what),
                    ("value", list(f.value) if isinstance(f.value, tuple) else f.value),
                    ("side", f.side),
                    ("qualifier", f.qualifier),
                )
                if v is not None
            }
            for f in e.figures
        ]
    for key in ("to", "date_note", "note", "inferred"):
        if getattr(e, key):
            out[key] = getattr(e, key)
    if e.claim_only:
        out["claim_only"] = True
    return out


def _sentence(text: str) -> str:
    """A quote reduced to its words, to find the same sentence under two sources."""
    return re.sub(r"\W+", " ", text.casefold()).strip()
