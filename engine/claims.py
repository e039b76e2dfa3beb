"""The record's claims of losses, harm and flight against the simulated figures of the same scope.

Each claim is scored against its own source (MODELLING.md §5): one row per claim, with the source
and its leaning beside it, never an average over sources that disagree. A claim's scope comes from
its timeline entry: the side, who inflicted the losses (``by``), the days it covers (``period``, else
its own date) and the places it names. The functions take the daily series of ``engine.runner``
(arrays with a leading axis of worlds) and return plain data, for reports and tables:

- ``compare_claims``: fighters killed by side (and by Turkish fire), civilians killed and injured,
  people displaced (cumulative totals, flows over a period, flows from named places), people in the
  open;
- ``aircraft_losses``: aircraft lost by air arm against the record's losses by side and kind;
- ``turkish_deaths``: Turkish soldiers killed, against the record's first deadly clash;
- ``posts_encircled``: how often each Turkish post is encircled, beside where the record puts it.

Series needed: ``killed`` (W, days, S), ``killed_by_turkey``, ``civilian_casualties``, ``displaced``,
``open_air`` (W, days), ``fled_from`` (W, days, P), ``aircraft`` (W, days, A), ``turkish_deaths``,
``post_encircled`` (W, days, O).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import history
from .scenario import Entry

AREA_KM = 8.0  # flight "from" named places counts the places within this distance (a sub-district, "the areas around")
MIN_COUNT = 10  # smaller counts of dead are named individuals, not a battle's toll (Turkish soldiers are all counted)
AIRCRAFT_FIGURES = {"aircraft": "fixed_wing", "helicopters": "helicopter", "drones": "drone"}


@dataclass(frozen=True)
class Claim:
    """One figure of the record, with the scope it is compared in."""

    entry: str
    source: str
    leaning: str
    measure: str  # killed | killed_by_turkey | civilians_killed | civilians_wounded | displaced | fled | in_open_air
    side: str | None  # for killed: the side (None: both playable sides)
    first: dt.date
    last: dt.date
    low: float
    high: float
    qualifier: str | None
    places: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2


def record_claims(scenario) -> list[Claim]:
    """The claims of the record the model can be compared with, in date order."""
    out = []
    for e in scenario.timeline:
        grouped: dict[tuple, list] = {}
        for f in e.figures:
            key = _scope(e, f)
            if key is not None:
                low, high = f.value if isinstance(f.value, tuple) else (f.value, f.value)
                grouped.setdefault(key, [0.0, 0.0, f.qualifier])
                grouped[key][0] += low
                grouped[key][1] += high
        for (measure, side), (low, high, qualifier) in grouped.items():
            if measure in ("killed", "killed_by_turkey") and high < MIN_COUNT and side != "turkey":
                continue
            first, last = e.period or (e.date, e.date)
            places = tuple(p.id for p in e.places) if measure == "fled" else ()
            out.append(
                Claim(e.id, e.source.id, e.source.leaning, measure, side, first, last, low, high, qualifier, places)
            )
    return sorted(out, key=lambda c: (c.last, c.entry))


def _scope(e: Entry, f) -> tuple[str, str | None] | None:
    """(measure, side) of a figure, or None when the model has no figure of the same scope."""
    if f.what == "killed" and (f.side or e.period):
        return ("killed_by_turkey" if f.by == "turkey" else "killed"), f.side
    if f.what in ("civilians_killed", "civilians_wounded") and not e.places:
        return f.what, None
    if f.what == "in_open_air":
        return "in_open_air", None
    if f.what == "displaced" and e.type == "displacement":
        if e.period:
            return "fled", None
        if history.is_cumulative_total(e):
            return "displaced", None
    return None


def _window(board, first: dt.date, last: dt.date, days: int) -> tuple[int, int] | None:
    """Simulated day indices [a, z] of a period, clipped to the days simulated; None if outside."""
    a, z = max(board.day_of(first), 0), min(board.day_of(last), days - 1)
    return (a, z) if a <= z else None


def _change(series: np.ndarray, a: int, z: int, start: np.ndarray | float = 0) -> np.ndarray:
    """Growth of a cumulative (W, days, ...) series over days a..z (its value before day 0 is ``start``)."""
    before = series[:, a - 1] if a > 0 else start
    return series[:, z] - before


def _area(board, place_ids: tuple[str, ...]) -> np.ndarray:
    """(P,) places within AREA_KM of any of the named places."""
    x, y = board.grid.centre_km(board.place_hex)
    near = np.zeros(len(board.population), bool)
    for pid in place_ids:
        p = board.place_index(pid)
        near |= np.hypot(x - x[p], y - y[p]) <= AREA_KM
    return near


def simulated(board, daily: Mapping[str, np.ndarray], claim: Claim) -> np.ndarray | None:
    """(W,) the simulated figure of a claim's scope in each world, or None if it lies outside the days."""
    days = daily["displaced"].shape[1]
    window = _window(board, claim.first, claim.last, days)
    if window is None:
        return None
    a, z = window
    r = board.rules
    if claim.measure == "killed":
        sides = [board.side_index(x) for x in ([claim.side] if claim.side else board.scenario.playable)]
        return _change(daily["killed"][:, :, sides].sum(axis=2), a, z)
    if claim.measure == "killed_by_turkey":
        return _change(daily["killed_by_turkey"], a, z)
    if claim.measure in ("civilians_killed", "civilians_wounded"):
        harmed = _change(daily["civilian_casualties"], a, z)
        share = r["humanitarian.killed_share"]
        return harmed * (share if claim.measure == "civilians_killed" else 1 - share)
    if claim.measure == "displaced":
        return daily["displaced"][:, z]
    if claim.measure == "fled":
        if claim.places:
            return _change(daily["fled_from"][:, :, _area(board, claim.places)].sum(axis=2), a, z)
        return _change(daily["displaced"], a, z, r["humanitarian.displaced_before_start"])
    if claim.measure == "in_open_air":
        return daily["open_air"][:, a : z + 1].mean(axis=1)
    raise ValueError(claim.measure)


def compare_claims(board, daily: Mapping[str, np.ndarray]) -> list[dict]:
    """One row per claim of the record: the claim, its source and leaning, and the simulated median,
    10 % and 90 % of the same scope, their ratio to the claim and whether it lies within a factor of two."""
    rows = []
    for c in record_claims(board.scenario):
        sim = simulated(board, daily, c)
        if sim is None:
            continue
        q10, q50, q90 = (float(x) for x in np.quantile(sim, [0.1, 0.5, 0.9]))
        ratio = q50 / c.value if c.value > 0 else None
        rows.append(
            {
                "entry": c.entry,
                "measure": c.measure,
                "side": c.side,
                "places": list(c.places),
                "first": c.first.isoformat(),
                "last": c.last.isoformat(),
                "source": c.source,
                "leaning": c.leaning,
                "claim": c.low if c.low == c.high else [c.low, c.high],
                "qualifier": c.qualifier,
                "simulated_10": round(q10, 1),
                "simulated_50": round(q50, 1),
                "simulated_90": round(q90, 1),
                "ratio": None if ratio is None else round(ratio, 2),
                "within_factor_2": None if ratio is None else bool(0.5 <= ratio <= 2),
                "claim_inside_10_90": bool(q10 <= c.high and c.low <= q90),
            }
        )
    return rows


def aircraft_losses(board, daily: Mapping[str, np.ndarray]) -> list[dict]:
    """Per side and kind of aircraft: the record's losses by source (entries reporting aircraft downed
    or destroyed) and the simulated losses over the simulated days (median, 10-90 %, mean, share of
    worlds with a loss, median date of the first), with each air arm's mean beside them (the record
    does not say whose jets, Russian or Syrian)."""
    s = board.scenario
    lost = board.arm_aircraft[None, None, :] - daily["aircraft"]  # (W, days, A)
    days = lost.shape[1]
    last = board.date(days - 1)
    record: dict[tuple[str, str], dict[str, float]] = {}
    for e in s.timeline:
        if e.type not in ("aircraft_downed", "casualties") or not s.start_date <= e.date <= last:
            continue
        for f in e.figures:
            if f.what in AIRCRAFT_FIGURES and f.side:
                by_source = record.setdefault((f.side, AIRCRAFT_FIGURES[f.what]), {})
                by_source[e.source.id] = by_source.get(e.source.id, 0) + (
                    f.value[1] if isinstance(f.value, tuple) else f.value
                )
    arms = {(s.sides[board.arm_side[i]], arm.kind) for i, arm in enumerate(s.air_arms)}
    rows = []
    for side, kind in sorted(arms | set(record)):
        which = [i for i, arm in enumerate(s.air_arms) if s.sides[board.arm_side[i]] == side and arm.kind == kind]
        row = {"side": side, "kind": kind, "record_by_source": record.get((side, kind), {})}
        if which:
            series = lost[:, :, which].sum(axis=2)
            total, any_loss = series[:, -1], (series > 0).any(axis=1)
            first = (series > 0).argmax(axis=1)
            row.update(
                {
                    "simulated_10": float(np.quantile(total, 0.1)),
                    "simulated_50": float(np.median(total)),
                    "simulated_90": float(np.quantile(total, 0.9)),
                    "simulated_mean": round(float(total.mean()), 2),
                    "share_of_worlds_with_a_loss": round(float(any_loss.mean()), 3),
                    "first_loss_median": (
                        board.date(int(np.median(first[any_loss]))).isoformat() if any_loss.any() else None
                    ),
                    "simulated_mean_by_arm": {s.air_arms[i].id: round(float(lost[:, -1, i].mean()), 2) for i in which},
                }
            )
        rows.append(row)
    return rows


def turkish_deaths(board, daily: Mapping[str, np.ndarray]) -> dict:
    """Turkish soldiers killed by the last simulated day (median and 10-90 %), the share of worlds with
    deaths before the record's first deadly clash, and how often a world has a day as deadly as the
    worst single day the document itself reports (27 February: at least 34)."""
    s = board.scenario
    deaths = daily["turkish_deaths"]
    per_day = np.diff(deaths, axis=1, prepend=0)
    turkish = [c for c in record_claims(s) if c.measure == "killed" and c.side == "turkey"]
    first = min((c.last for c in turkish), default=None)
    worst = max((c.low for c in turkish if c.first == c.last and c.source == "document"), default=None)
    before = board.day_of(first) if first else 0
    largest = per_day.max(axis=1)
    return {
        "by": board.date(deaths.shape[1] - 1).isoformat(),
        "median": float(np.median(deaths[:, -1])),
        "simulated_10": float(np.quantile(deaths[:, -1], 0.1)),
        "simulated_90": float(np.quantile(deaths[:, -1], 0.9)),
        "first_clash_in_record": first.isoformat() if first else None,
        "share_with_deaths_before_first_clash": round(float((deaths[:, before - 1] > 0).mean()), 3)
        if before > 0
        else None,
        "largest_day_median": float(np.median(largest)),
        "worst_day_in_record": worst,
        "share_with_a_day_as_deadly": round(float((largest >= worst).mean()), 3) if worst else None,
    }


def posts_encircled(board, daily: Mapping[str, np.ndarray]) -> list[dict]:
    """Per Turkish post: whether the record keeps its place in the opposition's hands from the post's
    setting up (or the start) to the last simulated day, and the share of worlds in which it is
    encircled on the last day and on any day."""
    s = board.scenario
    encircled = daily["post_encircled"]
    days = encircled.shape[1]
    record = [history.control_on(s, board.date(d)) for d in range(days)]
    rows = []
    for o, post in enumerate(s.observation_posts):
        first = max(board.day_of(post.established.date), 0)
        rebel = all(record[d][post.place.id] == "opposition" for d in range(first, days))
        rows.append(
            {
                "post": post.id,
                "place": post.place.id,
                "record_rebel_held": rebel,
                "record_encircled": post.encircled.date.isoformat() if post.encircled else None,
                "share_encircled_at_end": round(float(encircled[:, -1, o].mean()), 3),
                "share_ever_encircled": round(float(encircled[:, :, o].any(axis=1).mean()), 3),
            }
        )
    return rows
