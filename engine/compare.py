"""What-if tables: a scenario against itself with some rules or decisions changed, on common random numbers.

World k of the base and world k of the what-if draw the same random stream (the k-th child of the
seed), so their difference is the effect of the change in that world and little else; the table
gives, for each measure, both means and the mean paired difference with its 95 % interval
(MODELLING.md §7: what-ifs stated before the runs, paired on common random numbers).

Measures: places and area the government holds, whether it holds given places and whole roads on
given dates (shares of worlds), and by the last day the Turkish soldiers killed, the people
displaced and the civilians killed or injured.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .board import compile_board
from .rulebook import with_settings
from .runner import run

CHUNK = 64  # worlds run together: large enough to batch well, small enough for flat memory
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571}  # Student's t, 97.5 %, few degrees of freedom


@dataclass(frozen=True)
class Measure:
    key: str  # e.g. "government_places@2020-03-06"
    label: str  # for people
    unit: str  # places | km2 | share of worlds | soldiers | people


@dataclass(eq=False)
class Comparison:
    scenario: str
    seed: int
    runs: int
    settings: tuple[str, ...]
    base_settings: tuple[str, ...]
    policies: dict[str, str]
    measures: list[Measure]
    base: np.ndarray  # (runs, M)
    whatif: np.ndarray  # (runs, M)

    def rows(self) -> list[dict]:
        """One row per measure: both means and the paired difference with its 95 % interval."""
        out = []
        for i, m in enumerate(self.measures):
            d = self.whatif[:, i] - self.base[:, i]
            mean, low, high = paired_interval(d)
            out.append(
                {
                    "measure": m.key,
                    "label": m.label,
                    "unit": m.unit,
                    "base_mean": _round(self.base[:, i].mean()),
                    "whatif_mean": _round(self.whatif[:, i].mean()),
                    "difference_mean": _round(mean),
                    "difference_95": [_round(low), _round(high)],
                    "worlds_changed": round(float((d != 0).mean()), 3),
                }
            )
        return out

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "runs": self.runs,
            "settings": list(self.settings),
            "base_settings": list(self.base_settings),
            "policies": self.policies,
            "paired_on": "common random numbers: world k of both runs uses the k-th stream of the seed",
            "measures": self.rows(),
        }


def _round(x: float) -> float:
    return round(float(x), 3)


def shown(value: float, unit: str, signed: bool = False) -> str:
    """A value as people read it: shares as percentages, small numbers with a decimal, large ones whole."""
    sign = "+" if signed else ""
    if not np.isfinite(value):
        return "n/a"
    if unit == "share of worlds":
        return f"{value:{sign}.0%}"
    return f"{value:{sign},.1f}" if abs(value) < 100 else f"{value:{sign},.0f}"


def t_quantile(df: int) -> float:
    """Student's t 97.5 % quantile (a table for few degrees of freedom, Cornish-Fisher beyond)."""
    if df < 1:
        return math.inf
    if df in T975:
        return T975[df]
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def paired_interval(d: np.ndarray) -> tuple[float, float, float]:
    """Mean of paired differences and its 95 % t interval."""
    n = len(d)
    mean = float(d.mean()) if n else math.nan
    if n < 2:
        return mean, math.nan, math.nan
    half = t_quantile(n - 1) * float(d.std(ddof=1)) / math.sqrt(n)
    return mean, mean - half, mean + half


def measures_for(board, dates: Sequence[dt.date], places: Sequence[str], roads: Sequence[str]) -> list[Measure]:
    """The measures of a table: per date, places and area held by the government, each given place and
    road held; at the last day, Turkish soldiers killed, people displaced, civilians harmed."""
    s = board.scenario
    names = {r.id: r.name for r in s.map.roads}
    out = []
    for d in dates:
        when = d.isoformat()
        out.append(Measure(f"government_places@{when}", f"places the government holds, {when}", "places"))
        out.append(Measure(f"government_area@{when}", f"area the government holds, {when}", "km2"))
        for p in places:
            name = s.places[p].name
            out.append(Measure(f"held:{p}@{when}", f"government holds {name}, {when}", "share of worlds"))
            out.append(
                Measure(f"retaken:{p}@{when}", f"government lost {name} after holding it, by {when}", "share of worlds")
            )
        for r in roads:
            out.append(
                Measure(f"road:{r}@{when}", f"government holds all of the {names[r]}, {when}", "share of worlds")
            )
    end = s.end_date.isoformat()
    out.append(Measure("turkish_deaths", f"Turkish soldiers killed by {end}", "soldiers"))
    out.append(Measure("displaced", f"people displaced by {end}", "people"))
    out.append(Measure("civilian_casualties", f"civilians killed or injured by {end}", "people"))
    return out


def measure(board, daily: dict[str, np.ndarray], measures: Sequence[Measure]) -> np.ndarray:
    """(W, M) each measure in each world of a campaign's daily series."""
    s = board.scenario
    gov = board.side_index("government")
    control = daily["place_control"]
    out = np.zeros((control.shape[0], len(measures)))
    roads = {r.id: [board.place_index(p.id) for p in r.places] for r in s.map.roads}
    for i, m in enumerate(measures):
        what, _, when = m.key.partition("@")
        day = min(board.day_of(dt.date.fromisoformat(when)), control.shape[1] - 1) if when else -1
        if what == "government_places":
            out[:, i] = (control[:, day] == gov).sum(axis=1)
        elif what == "government_area":
            out[:, i] = daily["area_km2"][:, day, gov]
        elif what.startswith("held:"):
            out[:, i] = control[:, day, board.place_index(what[5:])] == gov
        elif what.startswith("retaken:"):
            held = control[:, : day + 1, board.place_index(what[8:])] == gov
            had = np.maximum.accumulate(held, axis=1)  # the government held it on this day or before
            out[:, i] = (had[:, :-1] & ~held[:, 1:]).any(axis=1)
        elif what.startswith("road:"):
            out[:, i] = (control[:, day][:, roads[what[5:]]] == gov).all(axis=1)
        else:
            out[:, i] = daily[what][:, -1]
    return out


def compare(
    scenario,
    settings: Sequence[str],
    runs: int,
    seed: int,
    dates: Sequence[dt.date] = (),
    places: Sequence[str] = (),
    roads: Sequence[str] = (),
    policies: dict[str, str] | None = None,
    base_settings: Sequence[str] = (),
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Run ``runs`` worlds of the scenario (with ``base_settings``, if any) and of the what-if (the base
    with ``settings`` too, ``KEY=VALUE`` rule changes) on the same seeds, and measure both
    (ScenarioError for bad settings, before any run)."""
    policies = dict(policies or {side: "historical" for side in scenario.playable})
    base = with_settings(scenario, list(base_settings)) if base_settings else scenario
    base_board = compile_board(base)
    whatif_board = compile_board(with_settings(base, list(settings)))
    dates = tuple(dates) or (scenario.end_date,)
    measures = measures_for(base_board, dates, places, roads)
    base_values, whatif = np.zeros((runs, len(measures))), np.zeros((runs, len(measures)))
    for first in range(0, runs, chunk):
        worlds = list(range(first, min(first + chunk, runs)))
        for board, into in ((base_board, base_values), (whatif_board, whatif)):
            campaign = run(board, seed, policies, worlds=worlds)
            into[worlds] = measure(board, campaign.daily, measures)
        if progress:
            progress(worlds[-1] + 1, runs)
    return Comparison(
        scenario.id, int(seed), runs, tuple(settings), tuple(base_settings), policies, measures, base_values, whatif
    )


def draw(comparison: Comparison, path) -> None:
    """The table as a PNG: one small panel per measure, the paired difference and its 95 % interval
    against zero (matplotlib's object API, no global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = comparison.rows()
    columns = 3
    lines = math.ceil(len(rows) / columns)
    fig = Figure(figsize=(4.2 * columns, 1.25 * lines + 1.2), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(lines, columns, squeeze=False)
    for ax, row in zip(axes.flat, rows):
        mean, (low, high) = row["difference_mean"], row["difference_95"]
        colour = "tab:grey" if not (low > 0 or high < 0) else ("tab:blue" if mean > 0 else "tab:red")
        ax.axvline(0, color="black", linewidth=0.8)
        if np.isfinite(low) and np.isfinite(high):
            ax.errorbar([mean], [0], xerr=[[mean - low], [high - mean]], fmt="o", color=colour, capsize=4)
            span = max(abs(low), abs(high)) * 1.3
        else:
            ax.plot([mean], [0], "o", color=colour)
            span = abs(mean) * 1.3
        ax.set_xlim(-(span or 1.0), span or 1.0)
        ax.set_yticks([])
        unit = row["unit"]
        base, what = shown(row["base_mean"], unit), shown(row["whatif_mean"], unit)
        title = textwrap.shorten(row["label"], 60, placeholder="…")
        ax.set_title(f"{title}\nbase {base}, what-if {what}", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_xlabel(f"difference ({row['unit']})", fontsize=7)
    for ax in list(axes.flat)[len(rows) :]:
        ax.set_visible(False)
    base = f" ({' '.join(comparison.base_settings)})" if comparison.base_settings else ""
    fig.suptitle(
        f"{comparison.scenario}: {' '.join(comparison.settings)} against the base{base}, "
        f"{comparison.runs} paired worlds, seed {comparison.seed} (mean difference, 95 % interval)",
        fontsize=10,
    )
    fig.savefig(path, dpi=100)
