"""The batch report: one PNG that shows what a Monte Carlo batch says, next to the record.

Panels: an uncertainty map per snapshot date (share of runs in which the government holds each
hex, with the record's front line of that date over it), the capture dates of the key places
against the record, the fidelity scores and the outcomes for civilians, people displaced against
the UN figures, area held per side, the share of runs in which the government holds the M5, and the
forecast's proper scores: CRPS against climatology and a uniform date by camp, the PIT histograms
and a reliability diagram with the Brier scores (engine/scores.py).

Drawn with matplotlib's object API only (``Figure`` + ``FigureCanvasAgg``), never pyplot's global
state, so it is safe in a worker or a test and leaves no figure behind.
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import signal
import sys

import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.ticker import FuncFormatter, PercentFormatter
from matplotlib.transforms import Bbox
from PIL import Image

from engine import fidelity, history
from engine.summary import key_places
from engine.territory import hex_control

from . import colours as C

DPI = 100
SCORES_HEIGHT_IN = 5.7  # the fidelity panel's content
WIDTH_IN = 20.0
INK = "#22252b"
DIM = "#6b7180"
GRID = "#e4e6ea"
RECORD = "#111111"
UN_MARK = "#e0a020"
DISPLACED = "#2f6db5"
PANEL_BG = "#f5f6f8"
BAND_ALPHA = 0.22

HALO = [patheffects.withStroke(linewidth=2.8, foreground="white")]


def _rgb(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(c / 255 for c in colour)


def side_colour(side: str) -> tuple[float, float, float]:
    """Saturated colour of a side after the Syrian civil war map convention (government red, opposition green)."""
    return _rgb(C.MARKER[C.family_of_side(side)])


# Share of runs in which the government holds a hex: opposition green through a neutral cream to
# government red, so a hex held in every run reads as on the familiar maps and a contested one
# stands out pale. The ends are a little softer than the marker colours so labels stay legible.
SHARE_CMAP = LinearSegmentedColormap.from_list(
    "government_share",
    [
        (0.0, _rgb((62, 146, 70))),
        (0.25, _rgb(C.AREA["opposition"])),
        (0.5, _rgb((250, 246, 232))),
        (0.75, _rgb(C.AREA["government"])),
        (1.0, _rgb((210, 60, 62))),
    ],
)


# -- formatting ---------------------------------------------------------------------------
def _fmt_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%b')}"


def _fmt_people(x: float, _pos=None) -> str:
    """Counts of people: 940, 8,200, 207k, 1.2 M."""
    x = float(x)
    if abs(x) >= 1e6:
        return f"{x / 1e6:.1f} M".replace(".0 M", " M")
    if abs(x) >= 1e4:
        return f"{x / 1e3:.0f}k"
    return f"{x:,.0f}"


def _pct(x) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def _share(x: float) -> str:
    """A share of runs as a percentage that never rounds a few runs away: <1 %, >99 %."""
    if 0 < x < 0.01:
        return "<1%"
    if 0.99 < x < 1:
        return ">99%"
    return f"{x:.0%}"


def _q(hist) -> str:
    """Median and 10-90 % of a series' last day, from its histogram over runs."""
    q10, q50, q90 = (float(hist.quantile(q)[-1]) for q in (0.1, 0.5, 0.9))
    return f"{_fmt_people(q50)}  ({_fmt_people(q10)}–{_fmt_people(q90)})"


def _date_axis(ax, board, days: int, extra: float = 0.0) -> None:
    """A day-number x axis labelled with dates: ticks on the 1st and 15th of each month."""
    start = board.scenario.start_date
    ticks = []
    month = dt.date(start.year, start.month, 1)
    while (month - start).days <= days:
        for day_of_month in (1, 15):
            t = (month.replace(day=day_of_month) - start).days
            if 0 <= t <= days - 1:
                ticks.append(t)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if len(ticks) < 3:  # a short scenario: a tick every few days
        ticks = list(range(0, days, max(1, days // 6)))
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: _fmt_date(board.date(int(round(x))))))
    ax.set_xlim(-0.5, days - 0.5 + extra)


def _style(ax, title: str, note: str | None = None) -> None:
    ax.set_title(title, loc="left", fontsize=12.5, fontweight="bold", color=INK, pad=22 if note else 8)
    if note:
        ax.annotate(
            note,
            (0, 1),
            xycoords="axes fraction",
            xytext=(0, 6),
            textcoords="offset points",
            fontsize=9.5,
            color=DIM,
            va="bottom",
            ha="left",
        )
    for name in ("top", "right"):
        ax.spines[name].set_visible(False)
    for name in ("left", "bottom"):
        ax.spines[name].set_color("#b8bcc4")
    ax.tick_params(colors=INK, labelsize=9.5, length=3)
    ax.grid(True, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _band(ax, x, hist, colour, label, lw=2.0, scale=1.0) -> None:
    """Median line and 10-90 % band over runs of a series' histogram (values times ``scale``)."""
    q10, q50, q90 = (hist.quantile(q) * scale for q in (0.1, 0.5, 0.9))
    ax.fill_between(x, q10, q90, color=colour, alpha=BAND_ALPHA, linewidth=0)
    ax.plot(x, q50, color=colour, lw=lw, label=label)


# -- geometry -----------------------------------------------------------------------------
def hex_polygons(grid, index: np.ndarray) -> np.ndarray:
    """(n, 6, 2) vertices in km of the pointy-top hexes ``index`` (centre to centre ``size_km``)."""
    cx, cy = grid.centre_km(np.asarray(index))
    radius = grid.size_km / math.sqrt(3)
    angles = np.radians(30 + 60 * np.arange(6))
    return np.stack(
        [
            np.asarray(cx, float)[:, None] + radius * np.cos(angles)[None, :],
            np.asarray(cy, float)[:, None] + radius * np.sin(angles)[None, :],
        ],
        axis=2,
    )


def front_segments(grid, control: np.ndarray, a_sides, b_sides) -> np.ndarray:
    """(n, 2, 2) hex edges in km between a hex held by one of ``a_sides`` and a neighbour held by one of ``b_sides``.

    The edge shared by two pointy-top hexes is perpendicular to the line between their centres,
    through its midpoint, and as long as the hex radius (``size_km / sqrt 3``).
    """
    neighbours = grid.neighbours()
    cx, cy = grid.centre_km(np.arange(grid.count))
    cx, cy = np.asarray(cx, float), np.asarray(cy, float)
    in_a, in_b = np.isin(control, list(a_sides)), np.isin(control, list(b_sides))
    radius = grid.size_km / math.sqrt(3)
    out = [np.zeros((0, 2, 2))]
    for d in range(neighbours.shape[1]):
        j = neighbours[:, d]
        i = np.flatnonzero((j >= 0) & in_a)
        j = j[i]
        keep = in_b[j]
        i, j = i[keep], j[keep]
        mx, my = (cx[i] + cx[j]) / 2, (cy[i] + cy[j]) / 2
        dx, dy = cx[j] - cx[i], cy[j] - cy[i]
        norm = np.hypot(dx, dy)
        ux, uy = -dy / norm * radius / 2, dx / norm * radius / 2
        out.append(np.stack([np.stack([mx - ux, my - uy], 1), np.stack([mx + ux, my + uy], 1)], 1))
    return np.concatenate(out)


def record_front(board, date: dt.date) -> np.ndarray:
    """The record's front line on ``date``: hex edges between the government and the opposition or Turkey."""
    s = board.scenario
    control = hex_control(board.grid, s, history.control_on(s, date))
    gov = [board.side_index("government")]
    others = [board.side_index(x) for x in ("opposition", "turkey") if x in s.sides]
    return front_segments(board.grid, control, gov, others)


# -- map ----------------------------------------------------------------------------------
LABEL_OFFSETS = [  # (dx, dy) points, ha, va: right of the dot first, then around it
    (5, 0, "left", "center"),
    (-5, 0, "right", "center"),
    (0, 5, "center", "bottom"),
    (0, -5, "center", "top"),
    (4, 4, "left", "bottom"),
    (4, -4, "left", "top"),
    (-4, 4, "right", "bottom"),
    (-4, -4, "right", "top"),
]


def _place_labels(ax, items, fontsize: float, taken: list) -> None:
    """Label points (x, y, text) in data units, each on the first side of its dot where it hits nothing."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    for x, y, text in items:
        chosen = None
        for dx, dy, ha, va in LABEL_OFFSETS:
            t = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                color=INK,
                zorder=7,
                path_effects=HALO,
            )
            box = t.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(o) for o in taken):
                chosen = box
                break
            t.remove()
        if chosen is None:  # nowhere free: right of the dot all the same
            t = ax.annotate(
                text,
                (x, y),
                xytext=(5, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=fontsize,
                color=INK,
                zorder=7,
                path_effects=HALO,
            )
            chosen = t.get_window_extent(renderer)
        taken.append(chosen)


def _road_label_points(road, grid, avoid_xy: np.ndarray):
    """Where along a highway its shield goes: the segment midpoint farthest from the labelled places."""
    x, y = grid.to_km([p.lat for p in road.places], [p.lon for p in road.places])
    mx, my = (x[:-1] + x[1:]) / 2, (y[:-1] + y[1:]) / 2
    if len(avoid_xy):
        d = np.hypot(mx[:, None] - avoid_xy[None, :, 0], my[:, None] - avoid_xy[None, :, 1]).min(axis=1)
        k = int(np.argmax(d))
    else:
        k = len(mx) // 2
    return x, y, mx[k], my[k]


def hex_raster(grid, inside: np.ndarray, bounds, shape: tuple[int, int]) -> np.ndarray:
    """(rows, cols) the hex under the centre of each pixel of a map of ``bounds`` (km) drawn ``shape``
    pixels large, row 0 at the bottom; -1 outside the theatre."""
    (x0, x1), (y0, y1) = bounds
    rows, cols = shape
    x = x0 + (np.arange(cols) + 0.5) * (x1 - x0) / cols
    y = y0 + (np.arange(rows) + 0.5) * (y1 - y0) / rows
    found = grid.hex_at(*grid.to_latlon(*np.meshgrid(x, y)))
    return np.where((found >= 0) & inside[np.maximum(found, 0)], found, -1)


def _draw_map(ax, result, i: int, date: dt.date, raster: np.ndarray, keys, bounds) -> None:
    b = result.board
    g = b.grid
    share = result.summary.government_hexes[i] / max(1, result.runs)
    (x0, x1), (y0, y1) = bounds
    # the hexes as pixels, one image (a polygon per hex drew five times slower)
    ax.imshow(
        np.where(raster >= 0, share[np.maximum(raster, 0)], np.nan),
        extent=(x0, x1, y0, y1),
        origin="lower",
        cmap=SHARE_CMAP,
        norm=Normalize(0.0, 1.0),
        interpolation="nearest",
        zorder=1,
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    for spine in ax.spines.values():
        spine.set_color("#c9ccd3")
    ax.apply_aspect()

    places = b.scenario.places
    key_xy = np.array([g.to_km(places[p].lat, places[p].lon) for p in keys], dtype=float).reshape(-1, 2)
    for border in b.scenario.map.borders:
        if len(border.points) >= 2:
            x, y = g.to_km(*np.array(border.points).T)
            ax.plot(x, y, color="#7a7488", lw=1.0, ls=(0, (4, 2)), zorder=3)
    shields = []
    for road in b.scenario.map.roads:
        if road.kind == "highway" and len(road.places) >= 2:
            x, y, lx, ly = _road_label_points(road, g, key_xy)
            ax.plot(x, y, color="#6b5a30", lw=1.0, alpha=0.5, zorder=3, solid_capstyle="round")
            shields.append((lx, ly, road.id.upper()))
    front = record_front(b, date)
    if len(front):
        ax.add_collection(LineCollection(front, colors=RECORD, linewidths=1.8, zorder=4, capstyle="round"))

    renderer = ax.figure.canvas.get_renderer()
    taken = []
    for x, y in key_xy:
        ax.plot(x, y, "o", ms=3.6, color=INK, mec="white", mew=0.9, zorder=6)
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - 3, py - 3, px + 3, py + 3))
    for lx, ly, text in shields:
        t = ax.text(
            lx,
            ly,
            text,
            fontsize=7,
            color="#5a4a20",
            ha="center",
            va="center",
            zorder=6,
            fontweight="bold",
            bbox=dict(boxstyle="round,pad=0.18", fc="#ffd978", ec="#6b5a30", lw=0.6),
        )
        taken.append(t.get_window_extent(renderer))
    _place_labels(ax, [(x, y, places[p].name) for (x, y), p in zip(key_xy, keys)], 8.0, taken)

    # scale bar
    length = 10 if (x1 - x0) > 40 else 5
    sx, sy = x0 + 0.04 * (x1 - x0), y0 + 0.035 * (y1 - y0)
    ax.plot([sx, sx + length], [sy, sy], color=INK, lw=2.2, solid_capstyle="butt", zorder=6)
    ax.text(
        sx + length / 2,
        sy + 0.012 * (y1 - y0),
        f"{length} km",
        fontsize=7.5,
        ha="center",
        va="bottom",
        color=INK,
        path_effects=HALO,
        zorder=6,
    )
    ax.set_title(f"{date.day} {date.strftime('%B %Y')}", fontsize=12, color=INK, fontweight="bold", loc="left")
    ax.set_title(f"day {b.day_of(date) + 1}", fontsize=10, color=DIM, loc="right")


# -- charts -------------------------------------------------------------------------------
def _draw_captures(ax, result, keys) -> None:
    b = result.board
    s = b.scenario
    days = result.summary.days
    first = result.summary.change_day_hist[:, 0, :]  # (P, days + 1) runs by day of the first change; last: never
    record = history.capture_dates(s)
    gov_camp = b.side_camp[b.side_index("government")]
    rows = []
    for pid in keys:
        p = b.place_index(pid)
        real = [d for d, _side in record.get(pid, []) if s.start_date <= d <= s.end_date]
        real_day = b.day_of(real[0]) if real else None
        start_camp = b.side_camp[b.start_control[b.place_hex[p]]]
        taker = "government" if start_camp != gov_camp else "opposition"
        rows.append((real_day if real_day is not None else 10**6, len(rows), pid, p, real_day, taker))
    rows.sort()
    zone = max(5.0, days * 0.11)  # the "not taken" column right of the last day
    left = days - 0.5
    # strip heights: share of runs taking the place on each day, on one scale for all places (square
    # root, so a capture spread over weeks stays visible next to one that falls on a single day)
    per_day = [first[p, :days] / result.runs for *_, p, _r, _t in rows]
    top = max((float(c.max()) for c in per_day), default=0.0) or 1.0
    takers = set()
    for y, (_, _, pid, p, real_day, taker) in enumerate(rows):
        colour = side_colour(taker)
        taken = int(first[p, :days].sum())
        if taken:
            takers.add(taker)
            half = 0.4 * np.sqrt(per_day[y] / top)
            xs = np.repeat(np.arange(days + 1) - 0.5, 2)[1:-1]
            hs = np.repeat(half, 2)
            ax.fill_between(xs, y - hs, y + hs, color=colour, alpha=0.3, linewidth=0)
            q10, q50, q90 = (fidelity.quantile_of_counts(first[p, :days], q) for q in (0.1, 0.5, 0.9))
            faint = 0.45 if taken < 0.05 * result.runs else 1.0  # a capture only a few runs see
            ax.plot([q10, q90], [y, y], color=colour, lw=2.0, solid_capstyle="round", zorder=3, alpha=faint)
            ax.plot([q50], [y], marker="o", ms=7, color=colour, mec="white", mew=1.2, zorder=4, alpha=faint)
        if real_day is not None:
            ax.plot([real_day, real_day], [y - 0.38, y + 0.38], color=RECORD, lw=2.4, zorder=5, solid_capstyle="butt")
        else:
            ax.text(
                left - 0.6, y, "no change in the record", fontsize=8, color=DIM, ha="right", va="center", style="italic"
            )
        not_taken = float(first[p, days] / result.runs)
        ax.barh(
            y, zone * 0.85 * not_taken, left=left + zone * 0.075, height=0.32, color="#a6acb6", linewidth=0, zorder=2
        )
        ax.text(
            left + zone * 0.075 + 0.3,
            y - 0.2,
            _share(not_taken),
            fontsize=8.5,
            color=INK,
            va="bottom",
            ha="left",
            path_effects=HALO,
            zorder=3,
        )
    ax.axvspan(left, left + zone, color=PANEL_BG, zorder=0)
    ax.text(left + zone / 2, -0.62, "not taken", fontsize=9, color=DIM, ha="center", va="center")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([s.places[pid].name for *_, pid, _p, _r, _t in rows], fontsize=10.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(rows) - 0.45, -0.8)
    _date_axis(ax, b, days, extra=zone)
    ax.grid(True, axis="x", color=GRID)
    ax.grid(False, axis="y")
    for y in range(len(rows)):
        ax.axhline(y + 0.5, color="#f0f1f3", lw=0.8, zorder=0)
    handles = [
        Patch(color=side_colour(t), alpha=0.3, label=f"runs in which the {t} takes it that day")
        for t in ("government", "opposition")
        if t in takers
    ] + [
        Line2D(
            [],
            [],
            color=INK,
            lw=2.0,
            marker="o",
            ms=6,
            mec="white",
            label="median and 10–90 % of the runs that take it",
        ),
        Line2D([], [], color=RECORD, lw=2.4, ls="none", marker="|", ms=12, mew=2.4, label="date in the record"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.07),
        ncol=4,
        fontsize=9,
        frameon=False,
        handlelength=1.8,
        columnspacing=1.6,
    )


def _draw_displaced(ax, result) -> None:
    b = result.board
    displaced = result.summary.series["displaced"]
    days = result.summary.days
    _band(ax, np.arange(days), displaced, DISPLACED, "simulated: median, 10–90 % of runs")
    un = fidelity.un_figures(b)
    if un:
        ax.scatter(
            [d for d, _, _ in un],
            [v for _, v, _ in un],
            marker="D",
            s=40,
            color=UN_MARK,
            edgecolor=INK,
            linewidth=0.7,
            zorder=5,
            label="UN figure",
        )
        for d, v, _ in un:
            ax.annotate(
                _fmt_people(v),
                (d, v),
                textcoords="offset points",
                xytext=(-6, 4),
                fontsize=8.5,
                color=INK,
                ha="right",
                va="bottom",
                path_effects=HALO,
                zorder=6,
            )
    top = max(float(np.nanmax(displaced.quantile(0.9))), max((v for _, v, _ in un), default=0))
    ax.set_ylim(0, top * 1.12 if top > 0 else 1)
    ax.yaxis.set_major_formatter(FuncFormatter(_fmt_people))
    _date_axis(ax, b, days)
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)


def _draw_area(ax, result) -> None:
    b = result.board
    s = b.scenario
    days = result.summary.days
    for side in s.sides:
        hexes = result.summary.series[f"area_hexes_{side}"]
        if side not in ("government", "opposition") and not hexes.counts[:, 1:].any():
            continue
        label = C.FAMILY_LABEL.get(C.family_of_side(side), side).split(" (")[0]
        _band(ax, np.arange(days), hexes, side_colour(side), label, scale=b.hex_area_km2)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("km²", fontsize=9.5, color=DIM)
    _date_axis(ax, b, days)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 0.05), fontsize=8.5, frameon=False)


def _draw_m5(ax, result, summary: dict) -> None:
    b = result.board
    days = result.summary.days
    share = np.asarray(summary.get("m5_held_by_government") or np.zeros(days), dtype=float)
    x = np.arange(len(share))
    colour = side_colour("government")
    ax.fill_between(x, 0, share, step="mid", color=colour, alpha=0.2, linewidth=0)
    ax.step(x, share, where="mid", color=colour, lw=2.2, label="share of runs")
    m5 = next((r for r in b.scenario.map.roads if r.id == "m5"), None)
    if m5 is not None:
        s = b.scenario
        gov_camp = b.side_camp[b.side_index("government")]
        real = np.array(
            [
                all(b.side_camp[s.sides.index(control[p.id])] == gov_camp for p in m5.places)
                for control in (history.control_on(s, b.date(d)) for d in range(len(x)))
            ],
            dtype=float,
        )
        ax.step(x, real, where="mid", color=RECORD, lw=1.5, ls=(0, (4, 2)), zorder=4, label="record (held or not)")
    else:
        ax.text(0.5, 0.5, "no M5 in this scenario", transform=ax.transAxes, ha="center", color=DIM)
    ax.set_ylim(-0.03, 1.08)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    _date_axis(ax, b, days)
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)


def _draw_crps(ax, result, summary: dict) -> None:
    """Mean CRPS of each camp's changes of hands beside climatology and a uniform date, with the skill."""
    by = (summary.get("scores") or {}).get("by_camp", {})
    if not by:
        ax.text(0.5, 0.5, "no change of hands in the record to score", transform=ax.transAxes, ha="center", color=DIM)
        ax.axis("off")
        return
    names = list(by)
    x = np.arange(len(names))
    width = 0.26
    for i, (key, label, colour) in enumerate(
        [
            ("crps_days", "this model", DISPLACED),
            ("climatology_crps_days", "climatology", "#9aa1ad"),
            ("uniform_crps_days", "uniform date", "#cfd3da"),
        ]
    ):
        values = [by[n][key] for n in names]
        bars = ax.bar(x + (i - 1) * width, values, width, color=colour, label=label)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:.1f}", ha="center", va="bottom", fontsize=8, color=INK)
    ax.set_xticks(x)
    ax.set_xticklabels(
        [
            f"{n}: {by[n]['changes']} changes\nskill {by[n]['skill_vs_climatology']:+.0%}, "
            f"10–90 % cover {by[n]['coverage_10_90']:.0%}"
            for n in names
        ],
        fontsize=8.5,
    )
    ax.set_ylabel("mean CRPS, days (lower is better)", fontsize=9.5, color=DIM)
    ax.legend(loc="upper left", fontsize=8.5, frameon=False)


def _draw_pit(ax, summary: dict) -> None:
    """PIT histograms of each camp's changes (flat when the dates are forecast with the right spread)."""
    by = (summary.get("scores") or {}).get("by_camp", {})
    for name, c in by.items():
        pit = np.asarray(c["pit_histogram"], dtype=float)
        if pit.sum() <= 0:
            continue
        share = pit / pit.sum()
        edges = np.linspace(0, 1, len(share) + 1)
        colour = side_colour(name) if name in ("government", "opposition") else DIM
        ax.stairs(share, edges, color=colour, lw=2.0, label=f"{name} ({c['changes']})")
    if by:
        n = len(next(iter(by.values()))["pit_histogram"])
        ax.axhline(1 / n, color=RECORD, lw=1.2, ls=(0, (4, 2)), label="calibrated")
    ax.set_xlim(0, 1)
    ax.set_xlabel("where the real date falls in the simulated distribution", fontsize=9, color=DIM)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(loc="upper center", fontsize=8.5, frameon=False)


def _draw_reliability(ax, summary: dict) -> None:
    """Reliability of the forecast probabilities: changed hands by a date, held by the government on a date."""
    brier = (summary.get("scores") or {}).get("brier", {})
    ax.plot([0, 1], [0, 1], color=RECORD, lw=1.2, ls=(0, (4, 2)), label="perfect reliability")
    for key, label, colour in (
        ("changed_by_checkpoint", "changed hands by a weekly date", DISPLACED),
        ("held_by_government", "held by the government (scored holdings)", side_colour("government")),
    ):
        b = brier.get(key)
        if not b or not b.get("reliability"):
            continue
        f = [r["forecast"] for r in b["reliability"]]
        o = [r["observed"] for r in b["reliability"]]
        size = [12 + 4 * math.sqrt(r["cases"]) for r in b["reliability"]]
        ax.plot(f, o, color=colour, lw=1.5)
        ax.scatter(f, o, s=size, color=colour, edgecolor="white", zorder=4)
        ax.plot([], [], color=colour, lw=1.5, marker="o", label=f"{label}: Brier {b['brier']:.3f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability", fontsize=9, color=DIM)
    ax.set_ylabel("observed frequency", fontsize=9.5, color=DIM)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(loc="upper left", fontsize=8, frameon=False)


def _draw_scores(ax, result, summary: dict, height_in: float) -> None:
    """The fidelity scores, the outcomes for civilians and what was run, as a text panel."""
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    ax.add_patch(
        FancyBboxPatch(
            (0, 0),
            1,
            1,
            boxstyle="round,pad=0,rounding_size=0.02",
            fc=PANEL_BG,
            ec="#dfe2e7",
            lw=1.0,
            transform=ax.transAxes,
            zorder=0,
        )
    )
    inch = 1.0 / height_in  # axes fraction per inch
    f = summary.get("fidelity", {})
    n_captures = len(f.get("captures", []))
    n_un = len(f.get("displacement", []))
    err_mean, err_median = f.get("date_error_mean_days"), f.get("date_error_median_days")
    sections = [
        (
            "Fidelity to the record",
            [
                (
                    "Date coverage",
                    _pct(f.get("date_coverage")),
                    f"of {n_captures} dated captures: real date inside the simulated 10–90 % range",
                ),
                (
                    "Date error",
                    "n/a" if err_mean is None else f"{err_mean:.1f} / {err_median:.1f} days",
                    "mean / median gap, simulated median to real date",
                ),
                (
                    "Displacement error",
                    _pct(f.get("displacement_error")),
                    f"mean relative gap of the simulated median to {n_un} UN figure{'' if n_un == 1 else 's'}",
                ),
                (
                    "Final-map agreement",
                    _pct(f.get("final_map_agreement")),
                    "of places held by the same camp as in the record at the end",
                ),
            ],
        ),
        (
            f"Outcomes by {_fmt_date(result.board.date(result.summary.days - 1))} (median, 10–90 % of runs)",
            [
                ("People displaced", _q(result.summary.series["displaced"]), None),
                ("Civilians killed", _q(result.summary.series["civilian_casualties"]), None),
                ("Turkish soldiers killed", _q(result.summary.series["turkish_deaths"]), None),
            ],
        ),
    ]
    x0, x1 = 0.05, 0.95
    y = 1 - 0.3 * inch
    for heading, rows in sections:
        ax.text(x0, y, heading, fontsize=12.5, fontweight="bold", color=INK, va="top")
        y -= 0.42 * inch
        for label, value, note in rows:
            ax.text(x0, y, label, fontsize=10.5, color=INK, va="top")
            ax.text(x1, y + 0.02 * inch, value, fontsize=13, fontweight="bold", color=INK, va="top", ha="right")
            if note:
                ax.text(x0, y - 0.22 * inch, note, fontsize=8.5, color=DIM, va="top")
                y -= 0.58 * inch
            else:
                y -= 0.36 * inch
        y -= 0.12 * inch
    policies = summary.get("policies") or dict(result.spec.policies)
    settings = summary.get("settings") or []
    lines = [
        f"{result.runs} runs, seed {summary.get('seed', result.spec.seed)}",
        "policies: " + ", ".join(f"{k} {v}" for k, v in policies.items()),
        "settings: " + (" ".join(settings) if settings else "scenario defaults"),
    ]
    ax.text(x0, 0.22 * inch, "\n".join(lines), fontsize=9, color=DIM, va="bottom", linespacing=1.5)


# -- the figure ---------------------------------------------------------------------------
class _Layout:
    """Axes placed in inches from the top-left corner of a figure of known size."""

    def __init__(self, fig: Figure, width: float, height: float):
        self.fig, self.w, self.h = fig, width, height

    def axes(self, x: float, top: float, w: float, h: float):
        return self.fig.add_axes((x / self.w, 1 - (top + h) / self.h, w / self.w, h / self.h))

    def text(self, x: float, top: float, s: str, **kw):
        return self.fig.text(x / self.w, 1 - top / self.h, s, va="top", **kw)


PARTS = 2  # the report's halves, which two processes can draw at once (report_image)


def report_figure(result, summary: dict, part: int | None = None) -> Figure:
    """The whole report as a matplotlib Figure with an Agg canvas (not attached to pyplot), or only one of
    its PARTS (the maps and forecast scores; the title, map key, capture dates, fidelity and series): the
    parts share no pixel, so the darker of two parts' pixels is the whole report's."""
    b = result.board
    s = b.scenario
    g = b.grid
    keys = key_places(b)
    dates = tuple(result.spec.snapshot_dates)
    n_maps = len(dates)

    inside_idx = np.flatnonzero(b.inside)
    polys = hex_polygons(g, inside_idx)
    pad_km = g.size_km / 2
    bounds = (
        (polys[:, :, 0].min() - pad_km, polys[:, :, 0].max() + pad_km),
        (polys[:, :, 1].min() - pad_km, polys[:, :, 1].max() + pad_km),
    )
    ratio = (bounds[1][1] - bounds[1][0]) / (bounds[0][1] - bounds[0][0])

    # vertical plan, in inches from the top
    W, side = WIDTH_IN, 0.7
    gap = 0.35
    slots = max(n_maps, 3)
    mw = (W - 2 * side - (slots - 1) * gap) / slots
    mh = min(mw * ratio, 6.8)
    mw = mh / ratio
    title_top = 0.4
    maps_top = title_top + 1.75
    legend_top = maps_top + mh + 0.35
    cap_top = legend_top + 1.75
    cap_h = max(SCORES_HEIGHT_IN - 1.15, 0.5 * len(keys) + 0.5)
    ts_top = cap_top + cap_h + 1.55
    ts_h = 3.4
    fc_top = ts_top + ts_h + 1.5
    fc_h = 3.4
    H = fc_top + fc_h + 0.9
    ts_w = (W - 2 * side - 2 * 0.9 - 0.55) / 3
    ts_x = side + 0.55

    fig = Figure(figsize=(W, H), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    L = _Layout(fig, W, H)

    def title() -> None:
        L.text(side, title_top, s.name, fontsize=22, fontweight="bold", color=INK)
        policies = summary.get("policies") or dict(result.spec.policies)
        settings = summary.get("settings") or []
        L.text(
            side,
            title_top + 0.5,
            f"Monte Carlo batch: {result.runs} runs, seed {summary.get('seed', result.spec.seed)}  ·  "
            f"{_fmt_date(s.start_date)} {s.start_date.year} – {_fmt_date(s.end_date)} {s.end_date.year}  ·  "
            "policies "
            + ", ".join(f"{k} {v}" for k, v in policies.items())
            + "  ·  settings "
            + (" ".join(settings) if settings else "scenario defaults"),
            fontsize=12,
            color=DIM,
        )
        L.text(
            side,
            maps_top - 0.78,
            "Who holds the ground: share of runs in which the government holds each hex",
            fontsize=14,
            fontweight="bold",
            color=INK,
        )

    def maps() -> None:  # centred when fewer than three
        row_w = n_maps * mw + (n_maps - 1) * gap
        x = (W - row_w) / 2
        raster = hex_raster(g, b.inside, bounds, (round(mh * DPI), round(mw * DPI)))
        for i, date in enumerate(dates):
            ax = L.axes(x + i * (mw + gap), maps_top, mw, mh)
            _draw_map(ax, result, i, date, raster, keys, bounds)
        if not dates:
            L.text(W / 2, maps_top + mh / 2, "no snapshot dates in this batch: no maps", ha="center", color=DIM)

    def map_key() -> None:
        cax = L.axes(side + 0.1, legend_top + 0.35, 5.6, 0.2)
        bar = fig.colorbar(ScalarMappable(Normalize(0, 1), SHARE_CMAP), cax=cax, orientation="horizontal")
        bar.ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        bar.ax.tick_params(labelsize=9.5, colors=INK)
        bar.outline.set_visible(False)
        L.text(side + 0.1, legend_top, "share of runs in which the government holds the hex", fontsize=10, color=INK)
        kx = side + 6.6
        key = L.axes(kx, legend_top + 0.02, 0.5, 0.25)
        key.axis("off")
        key.plot([0, 1], [0.5, 0.5], color=RECORD, lw=2.2)
        L.text(
            kx + 0.65,
            legend_top,
            "front line in the record on that date (government against opposition and Turkey)",
            fontsize=10,
            color=INK,
        )
        L.text(
            kx + 0.65,
            legend_top + 0.3,
            "red: government in most runs  ·  green: opposition or others in most runs  ·  pale: runs disagree",
            fontsize=9.5,
            color=DIM,
        )

    def captures_and_scores() -> None:
        cap_x = 2.3
        cap_w = 10.9
        cap = L.axes(cap_x, cap_top, cap_w, cap_h)
        _style(cap, "When the key places change hands", "first change of hands in each run, against the record")
        _draw_captures(cap, result, keys)
        box_x = cap_x + cap_w + 0.6
        box_top = cap_top - 0.55
        box_h = cap_h + 1.15
        box = L.axes(box_x, box_top, W - side - box_x, box_h)
        _draw_scores(box, result, summary, box_h)

    def row(top: float, height: float, panels) -> None:
        for k, (heading, note, draw) in enumerate(panels):
            ax = L.axes(ts_x + k * (ts_w + 0.9), top, ts_w, height)
            _style(ax, heading, note)
            draw(ax)

    def series() -> None:
        row(
            ts_top,
            ts_h,
            [
                (
                    "People displaced",
                    "cumulative since the start, against the UN's figures",
                    lambda a: _draw_displaced(a, result),
                ),
                ("Area held per side", "median and 10–90 % of runs", lambda a: _draw_area(a, result)),
                ("Government holds the whole M5", "share of runs, by date", lambda a: _draw_m5(a, result, summary)),
            ],
        )

    def forecast() -> None:  # the forecast's proper scores against the record
        since = _fmt_date(b.date(result.summary.from_day))
        row(
            fc_top,
            fc_h,
            [
                (
                    "Dates of change of hands: CRPS",
                    f"every change of the record from {since}, against its baselines",
                    lambda a: _draw_crps(a, result, summary),
                ),
                ("Calibration of the dates (PIT)", "share of changes in each tenth", lambda a: _draw_pit(a, summary)),
                (
                    "Reliability of the probabilities",
                    "Brier scores and reliability",
                    lambda a: _draw_reliability(a, summary),
                ),
            ],
        )

    # two parts of about the same drawing time
    parts = ((maps, forecast), (title, map_key, captures_and_scores, series))
    for i, draw_part in enumerate(parts):
        if part is None or part == i:
            for section in draw_part:
                section()
    return fig


def _pixels(result, summary: dict, part: int | None) -> np.ndarray:
    fig = report_figure(result, summary, part)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3]


def _draw_part_to(conn, result, summary: dict, part: int) -> None:
    """In a forked process: draw one part and send its pixels back (Ctrl+C is the parent's to handle)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        conn.send_bytes(_pixels(result, summary, part).tobytes())
    finally:
        conn.close()


def report_image(result, summary: dict, processes: int = 1) -> np.ndarray:
    """The report's (H, W, 3) RGB pixels; with two processes or more, its parts drawn at once, one in a
    forked process (a second on the machine's wall clock at the end of a batch of two workers)."""
    if processes < 2 or not sys.platform.startswith("linux"):  # macOS's frameworks are not safe to fork
        return _pixels(result, summary, None)
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    child = fork.Process(target=_draw_part_to, args=(send, result, summary, 1), daemon=True)
    child.start()
    send.close()
    try:
        mine = _pixels(result, summary, 0)
        theirs = receive.recv_bytes()
    except EOFError:
        raise RuntimeError("the report's second part could not be drawn (its process ended)") from None
    finally:
        child.join()
    return np.minimum(mine, np.frombuffer(theirs, np.uint8).reshape(mine.shape))


def write_report(result, summary: dict, path: str | os.PathLike, processes: int = 1) -> None:
    """Draw the batch report PNG (matplotlib object API: Figure + FigureCanvasAgg; never pyplot global state)."""
    image = Image.fromarray(report_image(result, summary, processes))
    # light compression: a quarter of the encoding time for a somewhat larger file, at the end of every batch
    image.save(os.fspath(path), format="png", compress_level=1, dpi=(DPI, DPI))
