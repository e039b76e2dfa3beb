"""The scenario's rules.yaml: every coefficient of the rules engine, each with where it comes from.

A leaf is a mapping with ``value`` and exactly one provenance: ``quote`` (text of the source
document, checked like every other quote), ``model`` (a published model, cited), ``estimate``
(ours, with the reason) or ``calibrated`` (what it was fitted to). The engine declares the keys
it reads in ``SCHEMA``; a missing, unknown or ill-typed key is reported with its file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass
from types import MappingProxyType

from .fields import Context, Fields, Quote

PROVENANCES = ("quote", "model", "estimate", "calibrated")
CALIBRATION = "calibration"  # the top-level block that calibrated leaves name their fit in

# Kinds: number, fraction (0..1), count (integer >= 0), integer, flag (true/false), numbers (list),
# matrix (list of lists), places (list of place ids), dates (list of dates), date_or_none, and
# "by:<vocabulary>" (a number per name).
SCHEMA: dict[str, str] = {
    "weather.transition": "matrix",
    "weather.sortie_factor": "by:weather",
    "weather.combat_factor": "by:weather",
    "weather.civilian_exposure": "by:weather",
    "ceasefire.scheduled": "dates",
    "ceasefire.hazard_initial": "fraction",
    "ceasefire.hazard_final": "fraction",
    "ceasefire.hazard_days": "number",
    "ceasefire.tension_decay": "fraction",
    "ceasefire.tension_per_violation": "number",
    "ceasefire.collapse_tension": "number",
    "ceasefire.onset_bias": "number",
    "ceasefire.onset_per_turkish_death": "number",
    "ceasefire.onset_per_100k_displaced": "number",
    "air.missions_per_arm": "count",
    "air.half_effect_sorties": "number",
    "air.close_support_max": "number",
    "air.strike_kill_max": "fraction",
    "air.interdiction_cohesion_max": "fraction",
    "air.loss_per_sortie": "by:camp",
    "air.loss_per_sortie_turkish_patrols": "fraction",
    "air.civilian_harm_per_sortie": "fraction",
    "air.civilian_harm_cap": "fraction",
    "ground.move_hexes_road": "count",
    "ground.move_hexes_open": "count",
    "ground.move_hexes_rear": "count",
    "ground.r50": "number",
    "ground.k": "number",
    "ground.cev": "by:formation_type",
    "ground.posture": "by:posture",
    "ground.fortify_days": "count",
    "ground.terrain_defence": "by:terrain",
    "ground.garrison": "by:settlement_kind",
    "ground.garrison_open": "number",
    "ground.garrison_by_side": "by:side",
    "ground.adjacent_support": "fraction",
    "ground.exploit_ratio": "number",
    "ground.exploit_hexes": "count",
    "ground.frontage_fighters": "number",
    "ground.cell_share_to_hold": "fraction",
    "ground.attacker_base_loss": "fraction",
    "ground.defender_base_loss": "fraction",
    "ground.attacker_loss_cap": "fraction",
    "ground.defender_loss_cap": "fraction",
    "ground.loss_ratio_exponent": "number",
    "ground.intensity": "number",
    "ground.loss_noise": "number",
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
    "supply.unsupplied_attrition": "by:side",
    "supply.unsupplied_cohesion": "fraction",
    "supply.town_fall_days": "count",
    "supply.reach_hexes": "count",
    "turkey.intervention": "date_or_none",
    "turkey.open_operation_day_deaths": "count",
    "turkey.open_operation_total_deaths": "count",
    "turkey.post_incident_rate": "fraction",
    "turkey.post_incident_deaths": "number",
    "humanitarian.default_population": "by:settlement_kind",
    "humanitarian.base_leave_rate": "fraction",
    "humanitarian.front_pressure": "number",
    "humanitarian.front_distance_km": "number",
    "humanitarian.strike_pressure": "number",
    "humanitarian.capture_pressure": "number",
    "humanitarian.shelters": "places",
    "humanitarian.shelter_distance_power": "number",
    "humanitarian.ground_harm": "fraction",
    "policy.greedy_min_ratio": "number",
    "policy.historical_min_ratio": "number",
    "policy.plan_front_width": "count",
    "policy.reinforce_km": "number",
    "reinforcements.arrive": "flag",
    "fog.strength_bands": "numbers",
    "reinforcements.shift_days": "integer",
}

WEATHER = ("clear", "rain", "storm")
POSTURES = ("moving", "hasty", "prepared", "fortified")


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


class _Reader:
    def __init__(self, file: str, ctx: Context, vocab: dict[str, tuple[str, ...]], places: AbcMapping):
        self.file, self.ctx, self.vocab, self.places = file, ctx, vocab, places
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
            if k == "quote" and isinstance(f.node[k], list):  # several passages of the document
                quotes = [q for q in f.node[k] if isinstance(q, str) and q.strip()]
                if len(quotes) != len(f.node[k]):
                    f.problem(k, "expected a passage of the document or a list of passages")
                self.ctx.quotes += [Quote(q, self.file, f.line_of(k), f.where(k)) for q in quotes]
                text = " … ".join(quotes)
            elif k == "calibrated" and isinstance(f.node[k], AbcMapping):
                text = self.calibrated(f.sub(k), path)
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
        """A calibrated leaf: ``{fit: NAME, prior: where the value came from before, searched: [values]}``."""
        fit, prior = c.text("fit"), c.text("prior")
        searched = c._raw("searched", True)
        if not isinstance(searched, list) or len(searched) < 2:
            c.problem("searched", "expected the list of values the fit tried (at least two)")
        c.done()
        self.calibrated_by[path] = (fit, c.line, c.file)
        return f"fitted ({fit}), searched {searched}; prior: {prior}"

    def value(self, f: Fields, kind: str):
        raw = f.node.get("value")
        f.seen.add("value")
        if kind in ("number", "fraction", "count"):
            low, high = {"fraction": (0, 1), "count": (0, 10**9)}.get(kind, (None, None))
            value = f.number("value", low=low, high=high)
            if kind == "count" and value is not None and value != int(value):
                f.problem("value", "expected a whole number")
                return None
            return None if value is None else (int(value) if kind == "count" else float(value))
        if kind == "integer":
            if isinstance(raw, bool) or not isinstance(raw, int):
                f.problem("value", f"expected a whole number, found {raw!r}")
                return None
            return raw
        if kind == "flag":
            if not isinstance(raw, bool):
                f.problem("value", f"expected true or false, found {raw!r}")
                return None
            return raw
        if kind == "date_or_none":
            if raw is None or raw == "none":
                return "none"
            if not isinstance(raw, dt.date):
                f.problem("value", f"expected a date (YYYY-MM-DD) or none, found {raw!r}")
                return None
            return raw
        if kind == "numbers":
            return self.numbers(f, raw)
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
        if kind == "places":
            return self.place_list(f, raw, "value")
        if kind == "dates":
            if not isinstance(raw, list) or not all(isinstance(d, dt.date) for d in raw):
                f.problem("value", "expected a list of dates (YYYY-MM-DD)")
                return None
            return tuple(raw)
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
        names = self.vocab[kind.removeprefix("by:")]
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
        if not all(isinstance(raw[n], (int, float)) and not isinstance(raw[n], bool) and raw[n] >= 0 for n in names):
            f.problem("value", "every entry must be a number >= 0")
            return None
        return MappingProxyType({n: float(raw[n]) for n in names})

    def numbers(self, f: Fields, raw):
        if not isinstance(raw, list) or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw):
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


def read_rules(node, file: str, ctx: Context, vocab: dict[str, tuple[str, ...]], places: AbcMapping) -> Rules:
    """Read rules.yaml's data into Rules, reporting problems into ``ctx``."""
    reader = _Reader(file, ctx, vocab, places)
    reader.walk(node, "", 1)
    for path, (fit, line, file) in reader.calibrated_by.items():
        if fit is not None and fit not in reader.fits:
            ctx.problem(file, line, f"{path}.calibrated.fit", f"no fit '{fit}' in the '{CALIBRATION}' block")
    have = set(reader.values) | {k for k in SCHEMA if k in reader.sources}
    missing = [k for k in SCHEMA if k not in have]
    if missing and isinstance(node, AbcMapping):
        ctx.problem(file, 1, "", "missing rule(s): " + ", ".join(missing))
    return Rules(MappingProxyType(reader.values), MappingProxyType(reader.sources))


def vocabulary(terrain_types, sides, camps) -> dict[str, tuple[str, ...]]:
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
    }


def with_settings(scenario, settings: list[str]):
    """The scenario with ``KEY=VALUE`` rule settings applied (ScenarioError lists every bad one)."""
    from dataclasses import replace

    vocab = vocabulary(scenario.map.terrain_types, scenario.sides, [c.id for c in scenario.coalitions])
    return replace(scenario, rules=override(scenario.rules, list(settings), vocab, scenario.places))


def override(rules: Rules, settings: list[str], vocab: dict[str, tuple[str, ...]], places) -> Rules:
    """Rules with ``KEY=VALUE`` settings applied (values in YAML syntax); ValueError lists every bad one."""
    from .yamlsource import ScenarioError, parse_yaml

    ctx = Context()
    reader = _Reader("--set", ctx, vocab, places)
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
