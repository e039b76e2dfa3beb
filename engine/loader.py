"""Load a scenario folder into a Scenario, reporting every problem at once as FILE:LINE: path: message."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import history
from .fields import Context, Fields, SourcedValue
from .hexgrid import HexGrid
from .paths import DEFAULT_SCENARIO, find_document
from .rulebook import Span, read_rules, vocabulary
from .scenario import (
    AIRCRAFT_KINDS,
    CONFIDENCES,
    COORD_SOURCES,
    ECHELONS,
    ENTRY_TYPES,
    FIGURE_KINDS,
    FORMATION_TYPES,
    GAZETTEERS,
    MAP_COLOURS,
    OBJECTIVE_NEEDS,
    QUALIFIERS,
    SETTLEMENT_KINDS,
    SOURCE_LEANINGS,
    AirArm,
    Border,
    Bounds,
    Briefing,
    BriefingQuote,
    Coalition,
    Dated,
    Decision,
    Entry,
    Faction,
    Figure,
    Formation,
    Holding,
    MapData,
    Namesake,
    Objective,
    ObservationPost,
    Operation,
    PlayableScenario,
    Region,
    River,
    Road,
    Scenario,
    ScoredHolding,
    Settlement,
    Source,
    echelon_for_strength,
)
from .yamlsource import Mapping, Problem, ScenarioError, load_yaml

MAX_HEXES = 200_000  # a theatre 40 times the historical one; more would exhaust memory in a batch
FILES = (
    "scenario.yaml",
    "map.yaml",
    "settlements.yaml",
    "forces.yaml",
    "control.yaml",
    "timeline.yaml",
    "plans.yaml",
    "rules.yaml",
)
OPTIONAL_FILES = ("playable.yaml",)  # without it the one playable scenario is the whole campaign, with no objectives
SCORING_KEYS = ("key_places", "snapshot_dates", "scored_holdings")
_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Collapse whitespace and map typographic quote marks to plain ones, for quote lookup."""
    return re.sub(r"\s+", " ", text.translate(_MARKS)).strip()


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class _Index:
    """Objects of one kind by id, with duplicate ids reported."""

    def __init__(self, kind: str, ctx: Context):
        self.kind, self.ctx = kind, ctx
        self.items: dict[str, Any] = {}
        self.groups: dict[str, tuple] = {}  # an id that stands for several items (a formation's groups)

    def add(self, obj, file: str, line: int, path: str) -> None:
        if obj.id in self.items:
            self.ctx.problem(file, line, f"{path}.id", f"duplicate {self.kind} id '{obj.id}'")
        else:
            self.items[obj.id] = obj

    def ref(self, f: Fields, key: str, required: bool = True):
        ident = f.ident(key, required)
        if ident is None:
            return None
        if ident not in self.items:
            f.problem(key, f"unknown {self.kind} '{ident}'")
            return None
        return self.items[ident]

    def refs(self, f: Fields, key: str) -> tuple:
        out = []
        for ident, line, path in f.idents(key):
            if ident in self.items:
                out.append(self.items[ident])
            elif ident in self.groups:
                out.extend(self.groups[ident])
            else:
                self.ctx.problem(f.file, line, path, f"unknown {self.kind} '{ident}'")
        return tuple(out)


class _Loader:
    def __init__(self, folder: Path):
        self.folder = folder
        self.ctx = Context()
        self.data: dict[str, object] = {}
        self.shown: dict[str, str] = {}
        for name in FILES + tuple(n for n in OPTIONAL_FILES if (folder / n).exists()):
            shown = _shown(folder / name)
            data, problems = load_yaml(folder / name, shown)
            self.data[name], self.shown[name] = data, shown
            self.ctx.problems += problems
        self.entry_lines: dict[str, tuple[str, int, str]] = {}

    def top(self, name: str) -> Fields:
        return Fields(self.data[name], self.shown[name], "", self.ctx)

    # -- scenario.yaml --------------------------------------------------------------
    def read_scenario(self) -> dict:
        f = self.top("scenario.yaml")
        out = {
            "id": f.ident("id"),
            "name": f.text("name"),
            "description": f.text("description", required=False, default=""),
            "source": f.text("source"),
            "start_date": f.date("start_date"),
            "end_date": f.date("end_date"),
            "record_start": f.date("record_start"),
            "record_end": f.date("record_end"),
            "hex_size_km": f.number("hex_size_km", low=0.1, high=50),
            "sides": f.texts("sides", required=True),
            "playable": f.texts("playable", required=True),
        }
        b = f.sub("bounds")
        bounds = None
        if b is not None and b.ok:
            vals = [b.number(k, low=-90, high=90) for k in ("south", "north")]
            vals += [b.number(k, low=-180, high=180) for k in ("west", "east")]
            b.done()
            if None not in vals:
                bounds = Bounds(*map(float, vals))
                if bounds.south >= bounds.north or bounds.west >= bounds.east:
                    f.problem("bounds", "south must be below north and west left of east")
                elif out["hex_size_km"]:
                    hexes = HexGrid(bounds.south, bounds.north, bounds.west, bounds.east, out["hex_size_km"]).count
                    if hexes > MAX_HEXES:
                        f.problem("hex_size_km", f"the map would have {hexes:,} hexes; at most {MAX_HEXES:,}")
        out["bounds"] = bounds
        f.seen.update(SCORING_KEYS)  # read with the places and roads, in read_scoring
        f.done()
        if out["id"] and out["id"] != self.folder.name:
            f.problem("id", f"must equal the folder name '{self.folder.name}'")
        dates = [out[k] for k in ("record_start", "start_date", "end_date", "record_end")]
        if None not in dates and sorted(dates) != dates:
            f.problem("start_date", "dates must satisfy record_start <= start_date <= end_date <= record_end")
        for side in out["playable"]:
            if side not in out["sides"]:
                f.problem("playable", f"'{side}' is not one of the sides")
        if len(set(out["playable"])) != 2:
            f.problem(
                "playable",
                f"expected two different sides (the player's and the computer's), found {list(out['playable'])}",
            )
        return out

    def document(self, source: str | None) -> str | None:
        if source is None:
            return None
        path = find_document(self.folder, source)
        if path is not None:
            try:
                return normalise(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                self.ctx.problem(self.shown["scenario.yaml"], 1, "source", f"cannot read {path}: {exc}")
                return None
        self.ctx.problem(self.shown["scenario.yaml"], 1, "source", f"source document '{source}' not found")
        return None

    # -- settlements.yaml ------------------------------------------------------------
    def read_settlements(self, bounds: Bounds | None) -> _Index:
        index = _Index("place", self.ctx)
        f = self.top("settlements.yaml")
        names: dict[str, str] = {}
        for node, path, line in f.items("settlements"):
            s = Fields(node, f.file, path, self.ctx, line)
            if not s.ok:
                continue
            coord_source = s.choice("coord_source", COORD_SOURCES)
            lat, lon = s.number("lat", low=-90, high=90), s.number("lon", low=-180, high=180)
            item = Settlement(
                id=s.ident("id"),
                name=s.text("name"),
                aliases=s.texts("aliases"),
                kind=s.choice("kind", SETTLEMENT_KINDS),
                lat=lat,
                lon=lon,
                coord_source=coord_source,
                confidence=s.choice("confidence", CONFIDENCES, required=coord_source == "estimated"),
                matched_name=s.text("matched_name", required=coord_source in GAZETTEERS),
                rejected=self.read_namesakes(s),
                location_note=s.text("location_note", required=False),
                population=s.sourced("population", required=False, allow_geonames=True),
                mentioned=s.quote("mentioned", required=False),
            )
            pop = item.population
            if pop is not None and (isinstance(pop.value, bool) or not isinstance(pop.value, int) or pop.value < 0):
                s.problem("population", "population value must be a whole number >= 0")
            if bounds and lat is not None and lon is not None and not bounds.contains(lat, lon):
                s.problem("lat", f"({lat}, {lon}) lies outside the scenario bounds")
            s.done()
            if item.id is None:
                continue
            index.add(item, f.file, line, path)
            for alias_no, name in enumerate(item.names):
                if name is None:  # a missing name, already reported
                    continue
                key = name.casefold()
                where = "name" if alias_no == 0 else f"aliases[{alias_no - 1}]"
                if key in names and names[key] != item.id:
                    s.problem(
                        "name" if alias_no == 0 else "aliases", f"{where} '{name}' is also a name of '{names[key]}'"
                    )
                names[key] = item.id
                if alias_no > 0 and self.document_text and normalise(name) not in self.document_text:
                    s.problem("aliases", f"alias '{name}' does not occur in the document")
        f.done()
        return index

    def read_namesakes(self, s: Fields) -> tuple[Namesake, ...]:
        out = []
        for node, path, line in s.items("rejected", required=False):
            r = Fields(node, s.file, path, self.ctx, line)
            if not r.ok:
                continue
            item = Namesake(
                r.choice("source", GAZETTEERS),
                r.text("name"),
                r.number("lat", low=-90, high=90),
                r.number("lon", low=-180, high=180),
                r.text("why"),
            )
            r.done()
            out.append(item)
        return tuple(out)

    # -- map.yaml ------------------------------------------------------------------------
    def read_map(self, places: _Index, bounds: Bounds | None) -> MapData | None:
        f = self.top("map.yaml")
        terrain_types = f.texts("terrain_types", required=True)
        default = f.choice("default_terrain", terrain_types)
        wide = (  # regions and borders may reach a little past the map edge, not into another country
            ((bounds.south - 1, bounds.west - 1), (bounds.north + 1, bounds.east + 1))
            if bounds
            else ((-90, -180), (90, 180))
        )
        regions, roads, borders = _Index("region", self.ctx), _Index("road", self.ctx), _Index("border", self.ctx)
        for node, path, line in f.items("regions"):
            r = Fields(node, f.file, path, self.ctx, line)
            polygon = r.points("polygon", *wide)
            if len(polygon) < 3:
                r.problem("polygon", "a polygon needs at least 3 corners")
            region = Region(r.ident("id"), r.text("name"), r.choice("terrain", terrain_types), polygon, *_drawn_from(r))
            r.done()
            if region.id:
                regions.add(region, f.file, line, path)
        for node, path, line in f.items("roads"):
            r = Fields(node, f.file, path, self.ctx, line)
            road = Road(
                r.ident("id"),
                r.text("name"),
                r.choice("kind", ("highway", "road")),
                places.refs(r, "places"),
                *r.provenance(),
            )
            if len(road.places) < 2:
                r.problem("places", "a road needs at least 2 places")
            r.done()
            if road.id:
                roads.add(road, f.file, line, path)
        for node, path, line in f.items("borders", required=False):
            r = Fields(node, f.file, path, self.ctx, line)
            border = Border(
                r.ident("id"), r.text("name"), r.texts("between"), r.points("points", *wide), *_drawn_from(r)
            )
            r.done()
            if border.id:
                borders.add(border, f.file, line, path)
        rivers = _Index("river", self.ctx)
        for node, path, line in f.items("rivers", required=False):
            r = Fields(node, f.file, path, self.ctx, line)
            river = River(r.ident("id"), r.text("name"), r.points("points", *wide), *_drawn_from(r))
            if len(river.points) < 2:
                r.problem("points", "a river needs at least 2 points")
            r.done()
            if river.id:
                rivers.add(river, f.file, line, path)
        f.done()
        return MapData(
            terrain_types,
            default,
            tuple(regions.items.values()),
            tuple(roads.items.values()),
            tuple(borders.items.values()),
            tuple(rivers.items.values()),
        )

    # -- forces.yaml -----------------------------------------------------------------------
    def read_dated(self, f: Fields, key: str, required: bool) -> Dated | None:
        d = f.sub(key, required)
        if d is None or not d.ok:
            return None
        value = Dated(d.date("date"), *d.provenance())
        d.done()
        return value

    def read_outside(self, f: Fields) -> SourcedValue | None:
        """A post's ``outside``: the document's words (or an estimate's reason) putting it beside its place."""
        d = f.sub("outside", required=False)
        if d is None or not d.ok:
            return None
        quote, estimate = d.provenance()
        d.done()
        return SourcedValue(True, quote, estimate, "document" if quote else "estimate")

    def read_forces(self, places: _Index, sides: tuple[str, ...]):
        f = self.top("forces.yaml")
        coalitions, factions = _Index("coalition", self.ctx), _Index("faction", self.ctx)
        formations, air_arms = _Index("formation", self.ctx), _Index("air arm", self.ctx)
        posts = _Index("observation post", self.ctx)
        for node, path, line in f.items("coalitions"):
            c = Fields(node, f.file, path, self.ctx, line)
            item = Coalition(c.ident("id"), c.text("name"), *c.provenance())
            c.done()
            if item.id:
                coalitions.add(item, f.file, line, path)
        for node, path, line in f.items("factions"):
            c = Fields(node, f.file, path, self.ctx, line)
            faction = Faction(
                c.ident("id"),
                c.text("name"),
                c.texts("aliases"),
                coalitions.ref(c, "coalition"),
                c.choice("side", sides),
                c.choice("map_colour", MAP_COLOURS),
                *c.provenance(),
            )
            c.done()
            if faction.id:
                factions.add(faction, f.file, line, path)
        for node, path, line in f.items("observation_posts"):  # before the formations that garrison them
            c = Fields(node, f.file, path, self.ctx, line)
            post = ObservationPost(
                c.ident("id"),
                c.text("name"),
                places.ref(c, "place"),
                self.read_dated(c, "established", required=True),
                self.read_dated(c, "encircled", required=False),
                *c.provenance(),
                outside=self.read_outside(c),
            )
            c.done()
            if post.id:
                posts.add(post, f.file, line, path)
        for node, path, line in f.items("formations"):
            c = Fields(node, f.file, path, self.ctx, line)
            formation = Formation(
                id=c.ident("id"),
                name=c.text("name"),
                aliases=c.texts("aliases"),
                faction=factions.ref(c, "faction"),
                type=c.choice("type", FORMATION_TYPES),
                strength=c.sourced("strength"),
                start=places.ref(c, "start", required=False),
                start_estimate=c.text("start_estimate", required=False),
                arrival=self.read_dated(c, "arrival", required=False),
                arrival_place=places.ref(c, "arrival_place", required=False),
                quote=c.quote(required=False),
                estimate=c.text("estimate", required=False),
                post=posts.ref(c, "post", required=False),
            )
            if c.has("post"):  # a post's garrison stands in the post's hex; its place is the post's
                for key in ("start", "arrival_place"):
                    if c.has(key):
                        c.problem(key, "give either a 'post' or a place, not both")
                place = formation.post.place if formation.post else None
                if c.has("arrival"):
                    formation = replace(formation, arrival_place=place)
                else:
                    formation = replace(formation, start=place)
            elif not c.has("start") and not c.has("arrival"):
                c.problem(None, "needs a 'start' place, a 'post' or an 'arrival'")
            if c.has("arrival") and not c.has("start") and not c.has("arrival_place") and not c.has("post"):
                c.problem("arrival", "a formation that arrives later needs an 'arrival_place' or a 'post'")
            if formation.quote is None and formation.estimate is None:
                c.problem(None, "needs a 'quote' naming it or an 'estimate' with its reason")
            units, group_echelon = self.read_units(c)
            echelon = c.choice("echelon", ECHELONS, required=False)
            c.done()
            if not formation.id:
                continue
            value = formation.strength.value if formation.strength else 0
            strength = sum(value) / 2 if isinstance(value, tuple) else value
            if isinstance(strength, (int, float)) and not isinstance(strength, bool):
                formation = replace(formation, echelon=echelon or echelon_for_strength(strength))
            count = units.value if units is not None else 1
            if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 20:
                c.problem("units", "must be a whole number from 1 to 20")
                count = 1
            if count == 1:
                formations.add(formation, f.file, line, path)
                continue
            groups = _fighting_groups(formation, count, units, group_echelon)
            if (
                group_echelon
                and formation.echelon
                and ECHELONS.index(group_echelon) >= ECHELONS.index(formation.echelon)
            ):
                c.problem(
                    "units",
                    f"a group ({group_echelon}) must be a lower echelon than the formation ({formation.echelon})",
                )
            for group in groups:
                formations.add(group, f.file, line, path)
            formations.groups[formation.id] = groups
        for node, path, line in f.items("air_arms"):
            c = Fields(node, f.file, path, self.ctx, line)
            arm = AirArm(
                c.ident("id"),
                c.text("name"),
                factions.ref(c, "faction"),
                c.choice("kind", AIRCRAFT_KINDS),
                c.text("base"),
                c.sourced("aircraft"),
                c.sourced("sorties_per_day"),
                c.date("from_date", required=False),
                *c.provenance(),
            )
            c.done()
            if arm.id:
                air_arms.add(arm, f.file, line, path)
        f.done()
        return coalitions, factions, formations, air_arms, posts

    def read_units(self, c: Fields) -> tuple[SourcedValue | None, str | None]:
        """A formation's ``units``: how many fighting groups, why, and (optional) the groups' echelon."""
        sub = c.sub("units", required=False)
        if sub is None or not sub.ok:
            return None, None
        echelon = sub.choice("echelon", ECHELONS, required=False)
        value = sub._raw("value", True)
        quote, estimate = sub.provenance()
        sub.done()
        return SourcedValue(value, quote, estimate, "document" if quote else "estimate"), echelon

    # -- control.yaml -------------------------------------------------------------------------
    def read_control(self, places: _Index, factions: _Index, sides: tuple[str, ...], start) -> tuple[Holding, ...]:
        f = self.top("control.yaml")
        date = f.date("date")
        if date and start and date != start:
            f.problem("date", f"must equal the scenario's start_date {start}")
        holdings = {}
        table = f.mapping("control") or Mapping()
        for place_id in table:
            line = table.key_lines[place_id]
            h = Fields(table[place_id], f.file, f"control.{place_id}", self.ctx, line)
            if place_id not in places.items:
                self.ctx.problem(f.file, line, f"control.{place_id}", f"unknown place '{place_id}'")
                continue
            holding = Holding(
                places.items[place_id],
                h.choice("side", sides),
                factions.ref(h, "held_by", required=False),
                *h.provenance(),
            )
            h.done()
            holdings[place_id] = holding
        f.done()
        if table is not None:
            for place_id in places.items:
                if place_id not in holdings:
                    f.problem("control", f"no start control for place '{place_id}'")
        return tuple(holdings.values())

    # -- timeline.yaml -------------------------------------------------------------------------
    def read_timeline(self, places, factions, formations, posts, scenario: dict) -> tuple[list[Source], list[Entry]]:
        f = self.top("timeline.yaml")
        sources = _Index("source", self.ctx)
        for node, path, line in f.items("sources"):
            s = Fields(node, f.file, path, self.ctx, line)
            item = Source(s.ident("id"), s.text("name"), s.choice("leaning", SOURCE_LEANINGS))
            s.done()
            if item.id:
                sources.add(item, f.file, line, path)
        entries = _Index("timeline entry", self.ctx)
        sides = scenario["sides"]
        first, last = scenario["record_start"], scenario["record_end"]
        entry_id = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
        for node, path, line in f.items("entries"):
            e = Fields(node, f.file, path, self.ctx, line)
            ident = e.text("id")
            if ident is not None and not entry_id.match(ident):
                e.problem("id", f"expected lower-case letters, digits, '-' and '_', found {ident!r}")
            date = e.date("date")
            if date and first and last and not first <= date <= last:
                e.problem("date", f"{date} is outside the record ({first} to {last})")
            kind = e.choice("type", ENTRY_TYPES)
            side = e.choice("side", sides, required=kind in ("capture", "withdrawal"))
            figures = []
            for fnode, fpath, fline in e.items("figures", required=False):
                g = Fields(fnode, f.file, fpath, self.ctx, fline)
                figures.append(
                    Figure(
                        g.choice("what", FIGURE_KINDS),
                        g.amount("value"),
                        g.choice("side", sides, required=False),
                        g.choice("qualifier", QUALIFIERS, required=False),
                        g.choice("by", sides, required=False),
                    )
                )
                g.done()
            entry = Entry(
                id=ident,
                date=date,
                type=kind,
                source=sources.ref(e, "source"),
                quote=e.quote(),
                side=side,
                places=places.refs(e, "places"),
                areas=e.texts("areas"),
                posts=posts.refs(e, "posts"),
                factions=factions.refs(e, "factions"),
                formations=formations.refs(e, "formations"),
                event=e.text("event", required=False),
                figures=tuple(figures),
                date_note=e.text("date_note", required=False),
                claim_only=e.flag("claim_only"),
                to=e.choice("to", sides, required=False),
                note=e.text("note", required=False),
                inferred=e.text("inferred", required=False),
                period=e.period("period"),
            )
            if kind in ("capture", "withdrawal") and not (entry.places or entry.areas):
                e.problem(None, f"a {kind} needs 'places' (or 'areas' when the document names none)")
            if entry.to is not None and kind != "withdrawal":
                e.problem("to", "only a withdrawal has 'to'")
            if entry.period and date and entry.period[1] > date:
                e.problem("period", f"a figure reported on {date} cannot cover days after it")
            if entry.claim_only and kind not in ("capture", "withdrawal"):
                e.problem("claim_only", "only captures and withdrawals can be 'claim_only'")
            e.done()
            if ident is not None:
                entries.add(entry, f.file, line, path)
                self.entry_lines[ident] = (f.file, line, path)
        f.done()
        return list(sources.items.values()), list(entries.items.values())

    # -- plans.yaml ------------------------------------------------------------------------------
    def read_plans(self, places: _Index, coalitions: _Index, formations: _Index, playable) -> tuple[Operation, ...]:
        f = self.top("plans.yaml")
        ops = _Index("operation", self.ctx)
        after: list[tuple[Fields, str]] = []
        for node, path, line in f.items("operations"):
            c = Fields(node, f.file, path, self.ctx, line)
            camp = coalitions.ref(c, "camp")
            d = c.sub("decision")
            decision = None
            if d is not None and d.ok:
                support = d.number("turkish_support", required=False, low=0, high=2)
                decision = Decision(
                    date=d.date("date", required=False),
                    holds=places.refs(d, "holds"),
                    enemy_holds=places.refs(d, "enemy_holds"),
                    after=d.ident("after", required=False),
                    turkish_support=None if support is None else int(support),
                    quote=d.quote(required=False),
                    estimate=d.text("estimate", required=False),
                )
                if decision.quote is None and decision.estimate is None:
                    d.problem(None, "needs a 'quote' giving the decision or an 'estimate' with its reason")
                if not (decision.date or decision.holds or decision.enemy_holds or decision.after) and support is None:
                    d.problem(None, "needs a date or a condition (holds, enemy_holds, after, turkish_support)")
                if decision.after:
                    after.append((d, decision.after))
                d.done()
            stops = c.sub("stops", required=False)
            losses = days = rest = stop_date = None
            if stops is not None and stops.ok:
                stop_date = stops.date("date", required=False)
                losses = stops.number("losses", required=False, low=0.01, high=1)
                days = stops.number("days", required=False, low=1, high=10_000)
                rest = stops.number("rest_days", required=False, low=0, high=10_000)
                stops.provenance()
                stops.done()
            item = Operation(
                id=c.ident("id"),
                name=c.text("name"),
                camp=camp,
                decision=decision,
                formations=formations.refs(c, "formations"),
                objectives=places.refs(c, "objectives"),
                stop_date=stop_date,
                stop_losses=losses,
                stop_days=None if days is None else int(days),
                rest_days=None if rest is None else int(rest),
                quote=c.quote(required=False),
                estimate=c.text("estimate", required=False),
            )
            if item.quote is None and item.estimate is None:
                c.problem(None, "needs a 'quote' giving its intent or an 'estimate' with its reason")
            if not item.objectives:
                c.problem("objectives", "an operation needs at least one objective")
            for formation in item.formations:
                if camp is not None and formation.faction is not None and formation.faction.coalition != camp:
                    c.problem("formations", f"'{formation.id}' does not belong to the {camp.id} camp")
            c.done()
            if item.id:
                ops.add(item, f.file, line, path)
        for d, ident in after:
            if ident not in ops.items:
                d.problem("after", f"unknown operation '{ident}'")
        f.done()
        return tuple(ops.items.values())

    def read_scoring(self, places: _Index, map_data: MapData | None) -> dict:
        """key_places, snapshot_dates and scored_holdings of scenario.yaml (they name places and roads)."""
        f = self.top("scenario.yaml")
        roads = {r.id: r for r in map_data.roads} if map_data else {}
        out: dict = {"key_places": places.refs(f, "key_places") if f.has("key_places") else ()}
        out["snapshot_dates"] = tuple(
            d for d in (f.date_item(item, path, line) for item, path, line in f.items("snapshot_dates", False)) if d
        )
        holdings = []
        for node, path, line in f.items("scored_holdings", required=False):
            h = Fields(node, f.file, path, self.ctx, line)
            label = h.text("label")
            road = None
            if h.has("road"):
                road = h.ident("road")
                chosen = roads[road].places if road in roads else ()
                if road and road not in roads:
                    h.problem("road", f"unknown road '{road}'")
            else:
                place = places.ref(h, "place")
                chosen = (place,) if place else ()
            for date in (h.date_item(item, p, ln) for item, p, ln in h.items("dates")):
                if date and chosen and label:
                    holdings.append(ScoredHolding(tuple(chosen), date, label, road))
            h.done()
        out["scored_holdings"] = tuple(holdings)
        return out

    # -- playable.yaml ---------------------------------------------------------------------------
    def read_playable(self, head: dict, places: _Index, map_data: MapData | None, sources) -> tuple:
        """The playable scenarios; without playable.yaml, the whole campaign with no objectives."""
        campaign = PlayableScenario(
            "campaign",
            head["name"] or "",
            head["description"],
            head["start_date"],
            head["end_date"],
            MappingProxyType({}),
            (),
            MappingProxyType({}),
        )
        if "playable.yaml" not in self.data:
            return (campaign,)
        f = self.top("playable.yaml")
        roads = {r.id: r for r in map_data.roads} if map_data else {}
        by_source = {s.id: s for s in sources}
        found = _Index("playable scenario", self.ctx)
        for node, path, line in f.items("scenarios"):
            c = Fields(node, f.file, path, self.ctx, line)
            start, end = c.date("start"), c.date("end")
            if start and end and head["start_date"] and head["end_date"]:
                if not head["start_date"] <= start <= end <= head["end_date"]:
                    c.problem(
                        "start", f"start and end must lie in order within {head['start_date']} .. {head['end_date']}"
                    )
                    start = end = None
            briefings = {}
            table = c.mapping("briefing")
            for side, node in (table or {}).items():
                line = table.key_lines[side] if table is not None else 1
                b = Fields(node, f.file, f"{path}.briefing.{side}", self.ctx, line)
                if side not in head["playable"]:
                    b.problem(None, f"'{side}' is not a playable side ({', '.join(head['playable'])})")
                briefings[side] = self.read_briefing(b, by_source, start)
            for side in head["playable"]:
                if table is not None and side not in table:
                    c.problem("briefing", f"no briefing for the {side} side")
            objectives = tuple(
                o for o in (self.read_objective(o, places, roads, head, start, end) for o in c.items("objectives")) if o
            )
            keys = [(o.side, o.id) for o in objectives]
            for side, ident in {k for k in keys if keys.count(k) > 1}:
                c.problem("objectives", f"two objectives of the {side} side have the id '{ident}'")
            victory = {}
            v = c.sub("victory")
            if v is not None and v.ok:
                for side in head["playable"]:
                    points = v.number(side, low=1, high=100)
                    if points is not None:
                        victory[side] = int(points)
                v.done()
            for side in head["playable"]:
                total = sum(o.weight for o in objectives if o.side == side)
                if objectives and total != 100:
                    c.problem("objectives", f"the {side} side's objectives are worth {total} points, not 100")
            item = PlayableScenario(
                c.ident("id"),
                c.text("name"),
                c.text("summary"),
                start,
                end,
                MappingProxyType(briefings),
                objectives,
                MappingProxyType(victory),
            )
            c.done()
            if item.id:
                found.add(item, f.file, line, path)
        f.done()
        out = tuple(found.items.values())
        if not out:
            f.problem("scenarios", "needs at least one scenario")
        elif head["start_date"] and out[0].start_date != head["start_date"]:
            f.problem("scenarios", "the first scenario is the whole campaign: it starts on the scenario's start_date")
        return out or (campaign,)

    def read_briefing(self, b: Fields, sources: dict, start) -> Briefing:
        quotes = []
        for node, path, line in b.items("quotes"):
            q = Fields(node, b.file, path, self.ctx, line)
            text, source, date = q.quote(), q.ident("source"), q.date("date")
            if source is not None and source not in sources:
                q.problem("source", f"unknown source '{source}' (the sources of timeline.yaml)")
            if date and start and date > start:
                q.problem("date", f"{date} is after the scenario starts ({start}): a briefing tells only what is known")
            q.done()
            if text and source in sources and date:
                quotes.append(BriefingQuote(text, sources[source], date))
        situation = b.text("situation")
        b.done()
        return Briefing(situation or "", tuple(quotes))

    def read_objective(self, node_path_line, places: _Index, roads: dict, head: dict, start, end) -> Objective | None:
        node, path, line = node_path_line
        o = Fields(node, self.shown["playable.yaml"], path, self.ctx, line)
        side = o.choice("side", head["playable"])
        if o.has("road"):
            chosen = self.road_stretch(o, roads, places)
            if o.has("places"):
                o.problem("places", "give 'places' or a 'road', not both")
        else:
            chosen = places.refs(o, "places")
            if not chosen:
                o.problem(None, "needs 'places' or a 'road'")
        date = o.date("date", required=False)
        if date and start and end and not start <= date <= end:
            o.problem("date", f"{date} is outside the scenario's days ({start} .. {end})")
        weight = o.number("weight", low=1, high=100)
        item = Objective(
            o.ident("id"),
            side,
            o.text("label"),
            tuple(chosen),
            int(weight or 0),
            date,
            o.choice("need", OBJECTIVE_NEEDS, required=False, default="all"),
        )
        o.done()
        return item if item.id and side and chosen and weight else None

    def road_stretch(self, o: Fields, roads: dict, places: _Index) -> tuple:
        """The places of a road from ``from`` to ``to`` (both included; the whole road without them)."""
        road_id = o.ident("road")
        if road_id not in roads:
            if road_id:
                o.problem("road", f"unknown road '{road_id}'")
            return ()
        on_road = list(roads[road_id].places)
        ends = []
        for key, default in (("from", 0), ("to", len(on_road) - 1)):
            place = places.ref(o, key, required=False)
            if place is not None and place not in on_road:
                o.problem(key, f"'{place.id}' is not on the road '{road_id}'")
                place = None
            ends.append(on_road.index(place) if place is not None else default)
        low, high = sorted(ends)
        return tuple(on_road[low : high + 1])

    # -- all -----------------------------------------------------------------------------------
    def load(self) -> Scenario:
        if self.ctx.problems:  # unreadable files: checking the rest against them would only add noise
            raise ScenarioError(self.ctx.problems)
        head = self.read_scenario()
        self.document_text = self.document(head["source"])
        places = self.read_settlements(head["bounds"])
        map_data = self.read_map(places, head["bounds"])
        coalitions, factions, formations, air_arms, posts = self.read_forces(places, head["sides"])
        start_control = self.read_control(places, factions, head["sides"], head["start_date"])
        sources, timeline = self.read_timeline(places, factions, formations, posts, head)
        operations = self.read_plans(places, coalitions, formations, head["playable"])
        scoring = self.read_scoring(places, map_data)
        playable_scenarios = self.read_playable(head, places, map_data, sources)
        vocab = vocabulary(
            map_data.terrain_types if map_data else (),
            head["sides"],
            [c.id for c in coalitions.items.values()],
            [a.id for a in air_arms.items.values()],
        )
        span = Span.of(head["start_date"], head["end_date"], head["bounds"], head["hex_size_km"])
        rules = read_rules(self.data["rules.yaml"], self.shown["rules.yaml"], self.ctx, vocab, places.items, span)
        if self.document_text is not None:
            for q in self.ctx.quotes:
                if normalise(q.text) not in self.document_text:
                    self.ctx.problem(q.file, q.line, q.path, f"quote not found in the document: {q.text[:60]!r}")
        scenario = Scenario(
            id=head["id"],
            name=head["name"],
            description=head["description"],
            folder=str(self.folder),
            source_path=head["source"],
            start_date=head["start_date"],
            end_date=head["end_date"],
            record_start=head["record_start"],
            record_end=head["record_end"],
            bounds=head["bounds"],
            hex_size_km=head["hex_size_km"],
            sides=head["sides"],
            playable=head["playable"],
            settlements=tuple(places.items.values()),
            map=map_data,
            coalitions=tuple(coalitions.items.values()),
            factions=tuple(factions.items.values()),
            formations=tuple(formations.items.values()),
            air_arms=tuple(air_arms.items.values()),
            observation_posts=tuple(posts.items.values()),
            start_control=start_control,
            sources=tuple(sources),
            timeline=tuple(timeline),
            operations=operations,
            playable_scenarios=playable_scenarios,
            rules=rules,
            **scoring,
        )
        if head["start_date"] and not any(p.file == self.shown["control.yaml"] for p in self.ctx.problems):
            for conflict in history.conflicts(scenario):
                file, line, path = self.entry_lines[conflict.entry.id]
                self.ctx.problem(file, line, f"{path}.places", conflict.message)
        if self.ctx.problems:
            raise ScenarioError(self.ctx.problems)
        return scenario


def _fighting_groups(
    formation: Formation, count: int, units: SourcedValue, echelon: str | None
) -> tuple[Formation, ...]:
    """A formation the scenario splits into ``count`` fighting groups of equal strength, each its own
    counter (``id_1`` ... ``id_n``); references to the formation's id stand for all of them. A group's
    echelon is ``units.echelon``, else the one its strength gives, and always below the formation's."""
    value = formation.strength.value if formation.strength else 0
    share = (value[0] / count, value[1] / count) if isinstance(value, tuple) else int(value) // count
    why = formation.strength.quote or formation.strength.estimate if formation.strength else ""
    strength = SourcedValue(share, None, f"{why}; split evenly over {count} groups ({units.quote or units.estimate})")
    if echelon is None:
        by_strength = echelon_for_strength(sum(share) / 2 if isinstance(share, tuple) else share)
        below = ECHELONS[max(ECHELONS.index(formation.echelon) - 1, 0)] if formation.echelon else by_strength
        echelon = min(by_strength, below, key=ECHELONS.index)
    return tuple(
        replace(
            formation,
            id=f"{formation.id}_{k}",
            name=f"{formation.name}, group {k}/{count}",
            strength=strength,
            group=formation.id,
            echelon=echelon,
        )
        for k in range(1, count + 1)
    )


def _drawn_from(r: Fields) -> tuple[str | None, str | None, str | None]:
    """A map item's quote or estimate, and the data set its geometry comes from; a `source` alone will do."""
    source = r.text("source", required=False)
    if source is not None and not (r.has("quote") or r.has("estimate")):
        return None, None, source
    return (*r.provenance(), source)


def load_scenario(folder: str | os.PathLike = DEFAULT_SCENARIO) -> Scenario:
    """Load and validate a scenario folder; raise ScenarioError listing every problem."""
    if not os.fspath(folder):  # Path("") would quietly mean the working folder
        raise ScenarioError([Problem("SCENARIO", 0, "", "no scenario folder given (an empty name)")])
    path = Path(folder)
    if not path.is_dir():
        raise ScenarioError([_problem_for_missing(path)])
    return _Loader(path).load()


def _problem_for_missing(path: Path) -> Problem:
    return Problem(_shown(path), 1, "", "no such scenario folder")
