"""Scores of an ensemble of simulated campaigns against the record (DESIGN.md "Fidelity", MODELLING.md §5).

- date coverage: share of the record's dated captures whose real day lies inside the simulated
  10-90 % interval of that capture's day;
- date error: mean and median absolute difference, in days, between the simulated median day and
  the real one;
- displacement error: relative difference of the simulated median displaced count to each UN
  figure within the simulated days;
- final-map agreement: share of places whose controller (camp) at the end matches the record.

A capture is scored as the first day a place passes to the camp that the record shows taking it
first within the scenario's days; a world where it never does counts as the day after the end
(censored), so missed captures widen the interval and push the median late. Everything is read
from a batch's ``summary.Summary`` (counts over worlds), never from the worlds one by one.
"""

from __future__ import annotations

import numpy as np

from . import history
from .board import Board


def record_captures(board: Board) -> list[tuple[int, int, int]]:
    """(place, real day, camp) of each place's first change of hands within the scenario's days."""
    s = board.scenario
    out = []
    for place_id, changes in history.capture_dates(s).items():
        inside = [(d, side) for d, side in changes if s.start_date <= d <= s.end_date]
        if inside:
            date, side = inside[0]
            out.append((board.place_index(place_id), board.day_of(date), int(board.side_camp[s.sides.index(side)])))
    return sorted(out, key=lambda c: (c[1], c[0]))


def quantile_of_counts(counts: np.ndarray, q: float) -> np.ndarray:
    """The q-quantile (numpy's method="lower") of values 0..n-1 counted in the last axis of ``counts``;
    -1 where nothing is counted."""
    n = counts.sum(axis=-1)
    rank = np.floor(q * (n - 1))
    at = (np.cumsum(counts, axis=-1) <= rank[..., None]).sum(axis=-1)
    return np.where(n > 0, at, -1)


def un_figures(board: Board) -> list[tuple[int, int, str]]:
    """(day, value, date) of the UN's cumulative displacement totals within the simulated days."""
    s = board.scenario
    return [
        (board.day_of(r.date), r.value, r.date.isoformat())
        for r in history.displaced_reports(s)
        if r.is_un and s.start_date <= r.date <= s.end_date
    ]


def scores(board: Board, summary) -> dict:
    """The four fidelity scores of a batch's ``summary.Summary``, with the detail behind each."""
    s = board.scenario
    days = summary.days
    captures = record_captures(board)
    real = np.array([c[1] for c in captures])
    # first day held by the capturing camp; worlds where it never is count as the day after the end
    held = np.array([summary.first_held_hist[p, camp] for p, _, camp in captures]).reshape(len(captures), days + 1)
    q10, q50, q90 = (quantile_of_counts(held, q) for q in (0.1, 0.5, 0.9))
    inside = (q10 <= real) & (real <= q90)
    error = np.abs(q50 - real)
    un = un_figures(board)
    median_displaced = summary.series["displaced"].quantile(0.5)
    disp = [
        {
            "date": date,
            "un": value,
            "simulated_median": int(round(median_displaced[min(day, days - 1)])),
            "relative_error": round(float(abs(median_displaced[min(day, days - 1)] - value) / value), 3),
        }
        for day, value, date in un
    ]
    end_record = history.control_on(s, s.end_date)
    record_end = np.array([board.side_camp[s.sides.index(end_record[p.id])] for p in s.settlements])
    at_end = summary.holder_counts[days - 1, np.arange(len(record_end)), record_end]
    agreement = at_end.sum() / max(1, summary.runs * len(record_end))
    return {
        "date_coverage": round(float(inside.mean()), 3) if len(captures) else None,
        "date_error_mean_days": round(float(error.mean()), 2) if len(captures) else None,
        "date_error_median_days": round(float(np.median(error)), 2) if len(captures) else None,
        "displacement_error": round(float(np.mean([d["relative_error"] for d in disp])), 3) if disp else None,
        "final_map_agreement": round(float(agreement), 3),
        "captures": [
            {
                "place": s.settlements[p].id,
                "real": board.date(d).isoformat(),
                "simulated_10": board.date(int(a)).isoformat() if a < days else "not taken",
                "simulated_50": board.date(int(m)).isoformat() if m < days else "not taken",
                "simulated_90": board.date(int(z)).isoformat() if z < days else "not taken",
                "inside": bool(i),
            }
            for (p, d, _), a, m, z, i in zip(captures, q10, q50, q90, inside)
        ],
        "displacement": disp,
    }
