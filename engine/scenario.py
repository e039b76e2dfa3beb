"""The scenario as frozen dataclasses: places, map, forces, start control and the dated record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from .fields import SourcedValue

if TYPE_CHECKING:
    from .rulebook import Rules

SETTLEMENT_KINDS = (
    "city",
    "town",
    "village",
    "suburb",
    "district",
    "base",
    "airbase",
    "hill",
    "facility",
    "crossing",
    "camp",
)
CONFIDENCES = ("high", "medium", "low")
COORD_SOURCES = ("geonames", "gazetteer", "estimated")
GAZETTEERS = ("geonames", "gazetteer")
FORMATION_TYPES = (
    "infantry",
    "mechanised",
    "armour",
    "special_forces",
    "militia",
    "artillery",
    "turkish_forces",
    "commandos",
)
# Echelons of NATO APP-6, smallest first; a formation's is given in forces.yaml or follows its strength.
ECHELONS = ("company", "battalion", "regiment", "brigade", "division", "corps")
# Strength below which a formation with no echelon given counts as each echelon (an estimate: the
# sizes of Syrian and opposition units in this war, which run small; APP-6 says nothing of strength).
ECHELON_STRENGTH = {"company": 300, "battalion": 1200, "regiment": 2500, "brigade": 6000, "division": 20000}
MAP_COLOURS = ("government", "opposition", "hts", "turkey", "sdf")
SOURCE_LEANINGS = ("monitor", "government", "opposition", "turkey", "russia", "international", "press", "document")
ENTRY_TYPES = (
    "capture",
    "withdrawal",
    "attack_repelled",
    "encirclement",
    "encirclement_lifted",
    "airstrike",
    "shelling",
    "aircraft_downed",
    "casualties",
    "civilian_harm",
    "displacement",
    "ceasefire",
    "ceasefire_violation",
    "offensive",
    "escalation",
    "reinforcement",
    "observation_post",
    "weather",
    "diplomacy",
    "humanitarian",
)
CONTROL_TYPES = ("capture", "withdrawal")
FIGURE_KINDS = (
    "killed",
    "wounded",
    "captured",
    "civilians_killed",
    "civilians_wounded",
    "displaced",
    "places_captured",
    "area_km2",
    "strikes",
    "barrel_bombs",
    "aircraft",
    "helicopters",
    "drones",
    "tanks",
    "vehicles",
    "artillery",
    "troops",
    "targets",
    "violations",
    "facilities",
    "percent_held",
    "highway_km",
    "in_open_air",
)
QUALIFIERS = ("at_least", "about", "up_to", "over")
OBJECTIVE_NEEDS = ("all", "any")  # all: points in proportion to the places held; any: all points if one is held
AIRCRAFT_KINDS = ("fixed_wing", "helicopter", "drone")


@dataclass(frozen=True)
class Bounds:
    south: float
    north: float
    west: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class Namesake:
    """A gazetteer point with the place's name that is another place, and why."""

    source: str  # geonames | gazetteer
    name: str
    lat: float
    lon: float
    why: str


@dataclass(frozen=True)
class Settlement:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    coord_source: str  # geonames | gazetteer | estimated
    confidence: str | None = None  # with estimated
    matched_name: str | None = None  # with geonames or gazetteer: the entry's own spelling
    rejected: tuple[Namesake, ...] = ()
    location_note: str | None = None
    population: SourcedValue | None = None
    mentioned: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    terrain: str
    polygon: tuple[tuple[float, float], ...]
    quote: str | None = None
    estimate: str | None = None
    source: str | None = None  # where the outline comes from, when not drawn by hand


@dataclass(frozen=True)
class Road:
    id: str
    name: str
    kind: str  # highway | road
    places: tuple[Settlement, ...]
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Border:
    id: str
    name: str
    between: tuple[str, ...]
    points: tuple[tuple[float, float], ...]
    quote: str | None = None
    estimate: str | None = None
    source: str | None = None  # the data set the line is taken from


@dataclass(frozen=True)
class River:
    id: str
    name: str
    points: tuple[tuple[float, float], ...]  # downstream
    quote: str | None = None
    estimate: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class MapData:
    terrain_types: tuple[str, ...]
    default_terrain: str
    regions: tuple[Region, ...]
    roads: tuple[Road, ...]
    borders: tuple[Border, ...]
    rivers: tuple[River, ...] = ()


@dataclass(frozen=True)
class Coalition:
    id: str
    name: str
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Faction:
    id: str
    name: str
    aliases: tuple[str, ...]
    coalition: Coalition
    side: str
    map_colour: str
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Dated:
    """A date with its provenance (a quote or an estimate's reason)."""

    date: dt.date
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Formation:
    id: str
    name: str
    aliases: tuple[str, ...]
    faction: Faction
    type: str
    strength: SourcedValue
    start: Settlement | None = None
    start_estimate: str | None = None
    arrival: Dated | None = None
    arrival_place: Settlement | None = None
    quote: str | None = None
    estimate: str | None = None
    group: str | None = None  # the document's formation this is one fighting group of (forces.yaml ``units``)
    post: ObservationPost | None = None  # the post it garrisons: it stands in the post's hex (forces.yaml ``post``)
    echelon: str | None = None  # one of ECHELONS (forces.yaml ``echelon``, a group's ``units.echelon``, or by strength)


def echelon_for_strength(strength: float) -> str:
    """The echelon a formation of this strength counts as when forces.yaml gives none."""
    return next((e for e, below in ECHELON_STRENGTH.items() if strength < below), ECHELONS[-1])


@dataclass(frozen=True)
class Decision:
    """What starts an operation: a date the document gives for a decision, and/or conditions on the
    state, all of which must hold (the camp holds places, an enemy holds places, another operation
    is done, Turkey's escalation has reached a level)."""

    date: dt.date | None = None
    holds: tuple[Settlement, ...] = ()
    enemy_holds: tuple[Settlement, ...] = ()
    after: str | None = None  # id of an operation that must be done
    turkish_support: int | None = None
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Operation:
    """One coalition's operation as intent: what starts it, the formations committed, the ordered
    objectives of its axis, and when it stops. It names no date on which a place changed hands."""

    id: str
    name: str
    camp: Coalition
    decision: Decision
    formations: tuple[Formation, ...]
    objectives: tuple[Settlement, ...]
    stop_date: dt.date | None = None  # a dated decision to halt
    stop_losses: float | None = None  # share of the committed strength lost at which it is called off
    stop_days: int | None = None  # days after which it is called off
    rest_days: int | None = None  # days after being called off before it may start again
    quote: str | None = None
    estimate: str | None = None
    cancelled: bool = False  # a what-if: the decision is never taken


@dataclass(frozen=True)
class ScoredHolding:
    """A scored holding: who holds a place, or every place of a road, on a date (MODELLING.md §7)."""

    places: tuple[Settlement, ...]
    date: dt.date
    label: str
    road: str | None = None  # the road whose places these are


@dataclass(frozen=True)
class AirArm:
    id: str
    name: str
    faction: Faction
    kind: str  # one of AIRCRAFT_KINDS: what the record counts its losses as
    base: str
    aircraft: SourcedValue
    sorties_per_day: SourcedValue
    from_date: dt.date | None = None
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class ObservationPost:
    id: str
    name: str
    place: Settlement
    established: Dated
    encircled: Dated | None = None
    quote: str | None = None
    estimate: str | None = None
    # the words that put the post outside its place ("near Sarman", "around Saraqib"): it stands on a
    # neighbouring hex (board.post_hexes), so the place can fall while the post holds; None: in the place
    outside: SourcedValue | None = None


@dataclass(frozen=True)
class Holding:
    """Who holds one place on the start date."""

    place: Settlement
    side: str
    held_by: Faction | None = None
    quote: str | None = None
    estimate: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    leaning: str


@dataclass(frozen=True)
class Figure:
    what: str
    value: float | tuple[float, float]
    side: str | None = None
    qualifier: str | None = None
    by: str | None = None  # the side whose fire caused the losses, when the claim says so


@dataclass(frozen=True)
class Entry:
    """One dated claim of the record."""

    id: str
    date: dt.date
    type: str
    source: Source
    quote: str
    side: str | None = None
    places: tuple[Settlement, ...] = ()
    areas: tuple[str, ...] = ()
    posts: tuple[ObservationPost, ...] = ()
    factions: tuple[Faction, ...] = ()
    formations: tuple[Formation, ...] = ()
    event: str | None = None
    figures: tuple[Figure, ...] = ()
    date_note: str | None = None
    claim_only: bool = False
    to: str | None = None
    note: str | None = None
    inferred: str | None = None  # why an entry the document implies but does not state is in the record
    period: tuple[dt.date, dt.date] | None = None  # first and last day a figure covers, when not the entry's date

    @property
    def changes_control(self) -> bool:
        return self.type in CONTROL_TYPES and not self.claim_only and bool(self.places)


@dataclass(frozen=True)
class BriefingQuote:
    """A passage of the document for a briefing, with who said it and the day it speaks of."""

    text: str
    source: Source
    date: dt.date


@dataclass(frozen=True)
class Briefing:
    """What one side is told before a playable scenario: the situation in plain words, then the record's own words."""

    situation: str
    quotes: tuple[BriefingQuote, ...]


@dataclass(frozen=True)
class Objective:
    """Places (or a stretch of road) a side is to hold at the end of a day: points for a playable scenario."""

    id: str
    side: str
    label: str
    places: tuple[Settlement, ...]
    weight: int
    date: dt.date | None = None  # None: the scenario's last day
    need: str = "all"


@dataclass(frozen=True)
class PlayableScenario:
    """A game a player can start (playable.yaml): the days it covers, each side's briefing, the
    objectives with their points and the points each side needs to win. One that starts after the
    scenario's first day is a forecast from that day (engine.forecast)."""

    id: str
    name: str
    summary: str
    start_date: dt.date
    end_date: dt.date
    briefings: MappingProxyType  # side -> Briefing
    objectives: tuple[Objective, ...]
    victory: MappingProxyType  # side -> points needed out of 100

    @property
    def turns(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def objectives_of(self, side: str) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if o.side == side)


def _frozen(d: dict) -> MappingProxyType:
    return MappingProxyType(dict(d))


@dataclass(frozen=True)
class Scenario:
    """A whole scenario with every reference resolved to its object."""

    id: str
    name: str
    description: str
    folder: str
    source_path: str
    start_date: dt.date
    end_date: dt.date
    record_start: dt.date
    record_end: dt.date
    bounds: Bounds
    hex_size_km: float
    sides: tuple[str, ...]
    playable: tuple[str, ...]
    settlements: tuple[Settlement, ...]
    map: MapData
    coalitions: tuple[Coalition, ...]
    factions: tuple[Faction, ...]
    formations: tuple[Formation, ...]
    air_arms: tuple[AirArm, ...]
    observation_posts: tuple[ObservationPost, ...]
    start_control: tuple[Holding, ...]
    sources: tuple[Source, ...]
    timeline: tuple[Entry, ...]
    operations: tuple[Operation, ...] = ()
    key_places: tuple[Settlement, ...] = ()
    snapshot_dates: tuple[dt.date, ...] = ()
    scored_holdings: tuple[ScoredHolding, ...] = ()
    playable_scenarios: tuple[PlayableScenario, ...] = ()  # playable.yaml; the first is the whole campaign
    rules: Rules | None = None  # rules.yaml; None only for a scenario built by hand without rules

    @cached_property
    def places(self) -> MappingProxyType:
        """Settlements by id."""
        return _frozen({s.id: s for s in self.settlements})

    def place_named(self, name: str) -> Settlement | None:
        """Find a settlement by id, display name or any alias (case-insensitive)."""
        wanted = name.casefold()
        for s in self.settlements:
            if s.id == name or any(n.casefold() == wanted for n in s.names):
                return s
        return None

    @property
    def days(self) -> int:
        """Number of simulated days, start and end dates included."""
        return (self.end_date - self.start_date).days + 1
