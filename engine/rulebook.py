"""The scenario's rules.yaml: every coefficient of the rules engine, each with where it comes from.

A leaf is a mapping with ``value`` and exactly one provenance: ``quote`` (text of the source
document, checked like every other quote), ``model`` (a published model, cited), ``estimate``
(ours, with the reason) or ``calibrated`` (what it was fitted to). The engine declares the keys
it reads in ``SCHEMA``; a missing, unknown or ill-typed key is reported with its file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .fields import Context, Fields, Quote, is_number

PROVENANCES = ("quote", "model", "estimate", "calibrated")
CALIBRATION = "calibration"  # the top-level block that calibrated leaves name their fit in

# Kinds, each with the range its meaning allows:
#   positive   a ratio, multiplier, scale, time constant or distance: above 0
#   amount     a weight, pressure or rate per unit: 0 or more
#   number     any finite number (a bias)
#   fraction   a probability or share: 0 to 1
#   count      a whole number of things (deaths): 0 to 1,000,000
#   days       a whole number of days: 0 to the scenario's days
#   day_shift  a whole number of days earlier (<0) or later: within the scenario's days either way
#   hexes      a whole number of hexes: 0 to the extent of the map
#   missions   missions a day per air arm: 0 to 100
#   objectives objectives of an operation a formation weighs at once: 1 to 100
#   bands      the edges of bands of a count (strength under fog): whole numbers above 0, increasing
#   flag (true/false), matrix (weather transition probabilities), places (list of place ids),
#   dates (list of dates inside the scenario's days), date_or_none (one such date, or none),
#   "by:<vocabulary>" (an amount per name), "fraction by:<vocabulary>" (a fraction per name),
#   "by_side:places" (place ids per side).
SCHEMA: dict[str, str] = {
    "weather.transition": "matrix",
    "weather.sortie_factor": "fraction by:weather",
    "weather.combat_factor": "by:weather",
    "weather.civilian_exposure": "by:weather",
    "ceasefire.scheduled": "dates",
    "ceasefire.hazard_initial": "fraction",
    "ceasefire.hazard_final": "fraction",
    "ceasefire.hazard_days": "positive",
    "ceasefire.tension_decay": "fraction",
    "ceasefire.tension_per_violation": "amount",
    "ceasefire.collapse_tension": "positive",
    "ceasefire.onset_bias": "number",
    "ceasefire.onset_per_turkish_death": "amount",
    "ceasefire.onset_per_100k_displaced": "amount",
    "air.missions_per_arm": "missions",
    "air.half_effect_sorties": "positive",
    "air.close_support_max": "amount",
    "air.close_support_kill": "fraction",
    "air.strike_kill": "fraction by:arm",
    "air.strike_cohesion": "fraction by:arm",
    "air.kill_noise": "amount",
    "air.vulnerability": "by:formation_type",
    "air.posture_exposure": "by:posture",
    "air.interdiction_cohesion_max": "fraction",
    "air.ground_attack": "fraction by:arm",
    "air.ground_fire_loss": "fraction by:arm",
    "air.counter_air": "by:arm",
    "air.fighter_loss": "fraction by:arm",
    "air.air_defence_kill": "by:arm",
    "air.civilian_harm_per_sortie": "fraction",
    "air.civilian_harm_cap": "fraction",
    "ground.move_hexes_road": "hexes",
    "ground.move_hexes_open": "hexes",
    "ground.move_hexes_rear": "hexes",
    "ground.r50": "positive",
    "ground.k": "positive",
    "ground.cev": "by:formation_type",
    "ground.posture": "by:posture",
    "ground.fortify_days": "days",
    "ground.terrain_defence": "by:terrain",
    "ground.garrison": "by:settlement_kind",
    "ground.garrison_open": "amount",
    "ground.garrison_by_side": "by:side",
    "ground.adjacent_support": "fraction",
    "ground.exploit_ratio": "positive",
    "ground.exploit_hexes": "hexes",
    "ground.frontage_fighters": "positive",
    "ground.cell_share_to_hold": "fraction",
    "ground.attacker_base_loss": "fraction",
    "ground.defender_base_loss": "fraction",
    "ground.attacker_loss_cap": "fraction",
    "ground.defender_loss_cap": "fraction",
    "ground.loss_ratio_exponent": "amount",
    "ground.intensity": "amount",
    "ground.loss_noise": "amount",
    "ground.fatigue_per_day": "fraction",
    "ground.fatigue_floor": "fraction",
    "ground.break_threshold": "fraction",
    "ground.cohesion_loss_failed": "fraction",
    "ground.cohesion_loss_retreat": "fraction",
    "ground.cohesion_recovery": "fraction",
    "ground.refit_cohesion": "fraction",
    "ground.refit_strength": "fraction",
    "ground.surrender_loss": "fraction",
    "ground.killed_share": "fraction",
    "supply.sources": "by_side:places",
    "supply.unsupplied_power": "fraction",
    "supply.unsupplied_attrition": "fraction by:side",
    "supply.unsupplied_cohesion": "fraction",
    "supply.town_fall_days": "days",
    "supply.reach_hexes": "hexes",
    "turkey.intervention": "date_or_none",
    "turkey.open_operation_day_deaths": "count",
    "turkey.open_operation_total_deaths": "count",
    "turkey.deadline": "date_or_none",
    "turkey.agreed_post_exposure": "fraction",
    "turkey.contact_exposure": "fraction",
    "turkey.contact_fire": "fraction",
    "turkey.contact_fire_noise": "amount",
    "turkey.artillery_reach_hexes": "hexes",
    "turkey.retaliation_days": "days",
    "turkey.retaliation_fire_support": "amount",
    "turkey.operation_fire_support": "amount",
    "turkey.retaliation_kill": "fraction",
    "turkey.operation_kill": "fraction",
    "turkey.retaliation_cohesion": "fraction",
    "turkey.operation_cohesion": "fraction",
    "turkey.drones": "flag",
    "turkey.drone_spotting": "fraction",
    "humanitarian.default_population": "by:settlement_kind",
    "humanitarian.base_leave_rate": "fraction",
    "humanitarian.front_pressure": "amount",
    "humanitarian.front_distance_km": "positive",
    "humanitarian.strike_pressure": "amount",
    "humanitarian.capture_pressure": "amount",
    "humanitarian.advance_distance_km": "positive",
    "humanitarian.shelters": "places",
    "humanitarian.shelter_distance_power": "amount",
    "humanitarian.avoidance": "amount",
    "humanitarian.ground_harm": "fraction",
    "humanitarian.killed_share": "fraction",
    "humanitarian.area_population": "amount",
    "humanitarian.displaced_before_start": "amount",
    "humanitarian.shelter_room": "amount",
    "policy.greedy_min_ratio": "positive",
    "policy.historical_min_ratio": "positive",
    "policy.plan_front_width": "objectives",
    "policy.reinforce_km": "amount",
    "reinforcements.arrive": "flag",
    "reinforcements.shift_days": "day_shift",
    "fog.strength_bands": "bands",
}

WEATHER = ("clear", "rain", "storm")
POSTURES = ("moving", "hasty", "prepared", "fortified")
MAX_COUNT = 1_000_000
MAX_MISSIONS = 100
MAX_OBJECTIVES = 100


@dataclass(frozen=True)
class Span:
    """What dates and distances in the rules are checked against: the scenario's days and the map's extent."""

    start: dt.date | None = None
    end: dt.date | None = None
    hexes: int | None = None  # hexes across the map and down it: no move or search needs more

    @property
    def days(self) -> int | None:
        return None if self.start is None or self.end is None else (self.end - self.start).days + 1

    @classmethod
    def of(cls, start, end, bounds, hex_size_km) -> Span:
        from .hexgrid import HexGrid

        hexes = None
        if bounds is not None and hex_size_km:
            grid = HexGrid(bounds.south, bounds.north, bounds.west, bounds.east, hex_size_km)
            hexes = grid.cols + grid.rows
        return cls(start if end else None, end if start else None, hexes)


@dataclass(frozen=True)
class Rules:
    """Coefficient values by dotted key, and where each comes from."""

    values: MappingProxyType
    sources: MappingProxyType

    def __getitem__(self, key: str):
        return self.values[key]

    def replace(self, **changes) -> Rules:
        """A copy with some values changed (keys written with '.' or '__' for '.')."""
        values = dict(self.values)
        for key, value in changes.items():
            key = key.replace("__", ".")
            if key not in values:
                raise KeyError(key)
            values[key] = value
        return Rules(MappingProxyType(values), self.sources)


# kind: (low, high, what the message says is expected)
RANGES: dict[str, tuple[float, float, str]] = {
    "positive": (math.ulp(0.0), math.inf, "a number above 0 (a ratio, multiplier, scale or distance)"),
    "amount": (0.0, math.inf, "a number >= 0"),
    "number": (-math.inf, math.inf, "a finite number"),
    "fraction": (0.0, 1.0, "a fraction from 0 to 1"),
}


def _days_range(span: Span) -> tuple[int, int, str]:
    if span.days is None:
        return 0, MAX_COUNT, "a whole number of days >= 0"
    return 0, span.days, f"a whole number of days from 0 to {span.days} (the scenario's days)"


def _shift_range(span: Span) -> tuple[int, int, str]:
    n = span.days if span.days is not None else MAX_COUNT
    return -n, n, f"a whole number of days from -{n} to {n} (the scenario's length either way)"


def _hexes_range(span: Span) -> tuple[int, int, str]:
    n = span.hexes if span.hexes is not None else MAX_COUNT
    return 0, n, f"a whole number of hexes from 0 to {n} (the extent of the map)"


WHOLE_RANGES = {
    "count": lambda span: (0, MAX_COUNT, f"a whole number from 0 to {MAX_COUNT:,}"),
    "days": _days_range,
    "day_shift": _shift_range,
    "hexes": _hexes_range,
    "missions": lambda span: (0, MAX_MISSIONS, f"a whole number of missions a day from 0 to {MAX_MISSIONS}"),
    "objectives": lambda span: (1, MAX_OBJECTIVES, f"a whole number of objectives from 1 to {MAX_OBJECTIVES}"),
}


class _Reader:
    def __init__(self, file: str, ctx: Context, vocab: dict[str, tuple[str, ...]], places: AbcMapping, span: Span):
        self.file, self.ctx, self.vocab, self.places, self.span = file, ctx, vocab, places, span
        self.values: dict[str, object] = {}
        self.sources: dict[str, str] = {}
        self.fits: dict[str, dict] = {}
        self.calibrated_by: dict[str, tuple[str | None, int, str]] = {}

    def walk(self, node, path: str, line: int) -> None:
        f = Fields(node, self.file, path, self.ctx, line)
        if not f.ok:
            return
        if "value" in f.node:
            self.leaf(f, path)
            return
        for key in f.node:
            sub_path = f"{path}.{key}" if path else str(key)
            f.seen.add(key)
            if sub_path == CALIBRATION:
                self.read_fits(Fields(f.node[key], self.file, key, self.ctx, f.line_of(key)))
                continue
            if not any(k == sub_path or k.startswith(sub_path + ".") for k in SCHEMA):
                close = difflib.get_close_matches(sub_path, SCHEMA, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                f.problem(key, f"unknown rule{hint}")
                continue
            self.walk(f.node[key], sub_path, f.line_of(key))

    def leaf(self, f: Fields, path: str) -> None:
        kind = SCHEMA.get(path)
        if kind is None:
            f.problem(None, "unknown rule")
            return
        given = [k for k in PROVENANCES if f.has(k)]
        if len(given) != 1:
            f.problem(None, "needs exactly one of: " + ", ".join(PROVENANCES))
        for k in given:
            text: str | None
            if k == "quote" and isinstance(f.node[k], list):  # several passages of the document
                quotes = [q for q in f.node[k] if isinstance(q, str) and q.strip()]
                if len(quotes) != len(f.node[k]):
                    f.problem(k, "expected a passage of the document or a list of passages")
                self.ctx.quotes += [Quote(q, self.file, f.line_of(k), f.where(k)) for q in quotes]
                text = " … ".join(quotes)
            elif k == "calibrated" and isinstance(f.node[k], AbcMapping) and (block := f.sub(k)) is not None:
                text = self.calibrated(block, path)
            else:
                text = f.quote(k) if k == "quote" else f.text(k)
            self.sources[path] = f"{k}: {text}"
        value = self.value(f, kind)
        f.done()
        if value is not None:
            self.values[path] = value

    def read_fits(self, f: Fields) -> None:
        """The ``calibration`` block: each fit's method, what it scored and what it reached."""
        if not f.ok:
            return
        for name in f.node:
            fit = f.sub(name)
            if fit is None or not fit.ok:
                continue
            self.fits[str(name)] = {k: fit.node[k] for k in fit.node}
            fit.seen.update(fit.node)
            for needed in ("method", "objective", "scored", "result"):
                if not fit.has(needed):
                    fit.problem(None, f"a fit needs '{needed}'")

    def calibrated(self, c: Fields, path: str) -> str:
        """A calibrated leaf: ``{fit: NAME, prior: where the value came from before, prior_value: the
        value it had then, searched: [values]}``."""
        fit, prior = c.text("fit"), c.text("prior")
        c.number("prior_value", required=False)
        searched = c._raw("searched", True)
        if not isinstance(searched, list) or len(searched) < 2:
            c.problem("searched", "expected the list of values the fit tried (at least two)")
        c.done()
        self.calibrated_by[path] = (fit, c.line, c.file)
        return f"fitted ({fit}), searched {searched}; prior: {prior}"

    def value(self, f: Fields, kind: str):
        raw = f.node.get("value")
        f.seen.add("value")
        if kind in RANGES or kind in WHOLE_RANGES:
            return self.in_range(f, kind, raw)
        if kind == "flag":
            if not isinstance(raw, bool):
                f.problem("value", f"expected true or false, found {raw!r}")
                return None
            return raw
        if kind == "date_or_none":
            if raw is None or raw == "none":
                return "none"
            return self.date(f, raw, " or none")
        if kind == "matrix":
            if not isinstance(raw, list) or not raw:
                f.problem("value", "expected a list of rows")
                return None
            rows = [self.numbers(f, row) for row in raw]
            if any(r is None for r in rows):
                return None
            if any(len(r) != len(WEATHER) for r in rows) or len(rows) != len(WEATHER):
                f.problem("value", f"expected {len(WEATHER)} rows of {len(WEATHER)} ({', '.join(WEATHER)})")
                return None
            if any(abs(sum(r) - 1) > 1e-6 or min(r) < 0 for r in rows):
                f.problem("value", "each row must be probabilities summing to 1")
                return None
            return tuple(tuple(r) for r in rows)
        if kind == "bands":
            whole = (
                isinstance(raw, list) and bool(raw) and all(isinstance(x, int) and not isinstance(x, bool) for x in raw)
            )
            if not whole or not isinstance(raw, list) or raw[0] <= 0 or any(b <= a for a, b in zip(raw, raw[1:])):
                f.problem("value", f"expected increasing whole numbers above 0, found {raw!r}"[:200])
                return None
            return tuple(raw)
        if kind == "places":
            return self.place_list(f, raw, "value")
        if kind == "dates":
            if not isinstance(raw, list):
                f.problem("value", f"expected a list of dates (YYYY-MM-DD){self.inside()}, found {raw!r}"[:200])
                return None
            dates = [self.date(f, d, "") for d in raw]
            return None if None in dates else tuple(dates)
        if kind == "by_side:places":
            if not isinstance(raw, AbcMapping):
                f.problem("value", "expected a mapping of side to place ids")
                return None
            out = {}
            for side, places in raw.items():
                if side not in self.vocab["side"]:
                    f.problem("value", f"'{side}' is not one of the sides")
                    continue
                out[side] = self.place_list(f, places, f"value.{side}")
            return MappingProxyType(out)
        element, _, table = kind.rpartition(" ")
        names = self.vocab[table.removeprefix("by:")]
        if not isinstance(raw, AbcMapping):
            f.problem("value", f"expected a number for each of: {', '.join(names)}")
            return None
        missing = [n for n in names if n not in raw]
        extra = [str(k) for k in raw if k not in names]
        if missing or extra:
            f.problem(
                "value",
                "missing " * bool(missing)
                + ", ".join(missing)
                + ("; " if missing and extra else "")
                + ("unknown " + ", ".join(extra) if extra else ""),
            )
            return None
        low, high, what = RANGES[element or "amount"]
        if not all(is_number(raw[n]) and low <= raw[n] <= high for n in names):
            f.problem("value", f"every entry must be {what}")
            return None
        return MappingProxyType({n: float(raw[n]) for n in names})

    def inside(self) -> str:
        span = self.span
        return f" from {span.start} to {span.end} (the scenario's days)" if span.start and span.end else ""

    def date(self, f: Fields, raw, alternative: str):
        """A date inside the scenario's days."""
        span = self.span
        if not isinstance(raw, dt.date) or isinstance(raw, dt.datetime):
            f.problem("value", f"expected a date (YYYY-MM-DD){self.inside()}{alternative}, found {raw!r}"[:200])
            return None
        if span.start and span.end and not span.start <= raw <= span.end:
            f.problem("value", f"{raw} is outside the scenario: expected a date{self.inside()}{alternative}")
            return None
        return raw

    def in_range(self, f: Fields, kind: str, raw):
        """A number of a ranged kind (see the table at the top of this module)."""
        whole = kind in WHOLE_RANGES
        low: float
        high: float
        if whole:
            low, high, what = WHOLE_RANGES[kind](self.span)
        else:
            low, high, what = RANGES[kind]
        if not is_number(raw) or (whole and raw != int(raw)) or not low <= raw <= high:
            f.problem("value", f"expected {what}, found {raw!r}"[:200])
            return None
        return int(raw) if whole else float(raw)

    def numbers(self, f: Fields, raw):
        if not isinstance(raw, list) or not all(is_number(v) for v in raw):
            f.problem("value", "expected a list of numbers")
            return None
        return tuple(float(v) for v in raw)

    def place_list(self, f: Fields, raw, where: str):
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            f.problem("value", "expected a list of place ids")
            return ()
        unknown = [p for p in raw if p not in self.places]
        if unknown:
            f.problem("value", f"{where}: unknown place(s) {', '.join(unknown)}")
        return tuple(p for p in raw if p in self.places)


def read_rules(
    node, file: str, ctx: Context, vocab: dict[str, tuple[str, ...]], places: AbcMapping, span: Span = Span()
) -> Rules:
    """Read rules.yaml's data into Rules, reporting problems into ``ctx`` (values checked against ``span``)."""
    reader = _Reader(file, ctx, vocab, places, span)
    reader.walk(node, "", 1)
    for path, (fit, line, file) in reader.calibrated_by.items():
        if fit is not None and fit not in reader.fits:
            ctx.problem(file, line, f"{path}.calibrated.fit", f"no fit '{fit}' in the '{CALIBRATION}' block")
    have = set(reader.values) | {k for k in SCHEMA if k in reader.sources}
    missing = [k for k in SCHEMA if k not in have]
    if missing and isinstance(node, AbcMapping):
        ctx.problem(file, 1, "", "missing rule(s): " + ", ".join(missing))
    return Rules(MappingProxyType(reader.values), MappingProxyType(reader.sources))


def vocabulary(terrain_types, sides, camps, arms=()) -> dict[str, tuple[str, ...]]:
    """The names the tables of rules.yaml are keyed by."""
    from .scenario import FORMATION_TYPES, SETTLEMENT_KINDS

    return {
        "weather": WEATHER,
        "posture": POSTURES,
        "formation_type": FORMATION_TYPES,
        "settlement_kind": SETTLEMENT_KINDS,
        "terrain": tuple(terrain_types),
        "side": tuple(sides),
        "camp": tuple(camps),
        "arm": tuple(arms),
    }


def with_settings(scenario, settings: Sequence[str]):
    """The scenario with ``KEY=VALUE`` settings applied (ScenarioError lists every bad one): rules, and
    ``plans.<operation>.<field>`` decisions of the plans (engine.plans.with_plan_settings)."""
    from dataclasses import replace

    from .plans import with_plan_settings
    from .yamlsource import ScenarioError

    plans = [s for s in settings if s.strip().startswith("plans.")]
    scenario, problems = with_plan_settings(scenario, plans)
    vocab = vocabulary(
        scenario.map.terrain_types,
        scenario.sides,
        [c.id for c in scenario.coalitions],
        [a.id for a in scenario.air_arms],
    )
    span = Span.of(scenario.start_date, scenario.end_date, scenario.bounds, scenario.hex_size_km)
    try:
        rules = override(scenario.rules, [s for s in settings if s not in plans], vocab, scenario.places, span)
    except ScenarioError as exc:
        raise ScenarioError(problems + list(exc.problems)) from None
    if problems:
        raise ScenarioError(problems)
    return replace(scenario, rules=rules)


def override(
    rules: Rules, settings: list[str], vocab: dict[str, tuple[str, ...]], places, span: Span = Span()
) -> Rules:
    """Rules with ``KEY=VALUE`` settings applied (values in YAML syntax); ValueError lists every bad one."""
    from .yamlsource import ScenarioError, parse_yaml

    ctx = Context()
    reader = _Reader("--set", ctx, vocab, places, span)
    for setting in settings:
        key, sep, text = setting.partition("=")
        key = key.strip()
        if not sep or not key:
            ctx.problem("--set", 0, setting, "expected KEY=VALUE, e.g. ground.r50=2.5")
            continue
        if key not in SCHEMA:
            close = difflib.get_close_matches(key, SCHEMA, n=1)
            ctx.problem("--set", 0, key, "unknown rule" + (f" (did you mean '{close[0]}'?)" if close else ""))
            continue
        node, problems = parse_yaml(f"value: {text}\nestimate: set on the command line\n", "--set")
        if problems or node is None:
            ctx.problem("--set", 0, key, f"cannot read the value {text!r}")
            continue
        before = len(ctx.problems)
        reader.leaf(Fields(node, "--set", key, ctx), key)
        for problem in ctx.problems[before:]:  # point at the setting, not at the made-up YAML
            ctx.problems[ctx.problems.index(problem)] = type(problem)("--set", 0, key, problem.message)
    if ctx.problems:
        raise ScenarioError(ctx.problems)
    values, sources = dict(rules.values), dict(rules.sources)
    values.update(reader.values)
    sources.update(reader.sources)
    return Rules(MappingProxyType(values), MappingProxyType(sources))
