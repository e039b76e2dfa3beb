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
(censored), so missed captures widen the interval and push the median late.
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


def capture_days(board: Board, place_control: np.ndarray, captures) -> np.ndarray:
    """(worlds, captures) first simulated day each place is held by the capturing camp; censored at ``days``."""
    camps = board.side_camp[place_control]  # (W, days, P)
    W, days, _ = camps.shape
    out = np.full((W, len(captures)), days, np.int32)
    for i, (p, _, camp) in enumerate(captures):
        held = camps[:, :, p] == camp
        out[:, i] = np.where(held.any(axis=1), held.argmax(axis=1), days)
    return out


def first_change_days(board: Board, place_control: np.ndarray) -> np.ndarray:
    """(worlds, P) first day each place's camp differs from the start, or -1 if it never does."""
    camps = board.side_camp[place_control]
    start = board.side_camp[board.start_control[board.place_hex]]
    changed = camps != start[None, None, :]
    return np.where(changed.any(axis=1), changed.argmax(axis=1), -1)


def un_figures(board: Board) -> list[tuple[int, int, str]]:
    """(day, value, date) of the UN's cumulative displacement totals within the simulated days."""
    s = board.scenario
    return [
        (board.day_of(r.date), r.value, r.date.isoformat())
        for r in history.displaced_reports(s)
        if r.is_un and s.start_date <= r.date <= s.end_date
    ]


def scores(board: Board, place_control: np.ndarray, displaced: np.ndarray) -> dict:
    """The four fidelity scores, with the detail behind each."""
    s = board.scenario
    captures = record_captures(board)
    sim = capture_days(board, place_control, captures)
    real = np.array([c[1] for c in captures])
    q10, q50, q90 = np.quantile(sim, [0.1, 0.5, 0.9], axis=0, method="lower") if len(captures) else (real,) * 3
    inside = (q10 <= real) & (real <= q90)
    error = np.abs(q50 - real)
    un = un_figures(board)
    median_displaced = np.median(displaced, axis=0)
    disp = [
        {
            "date": date,
            "un": value,
            "simulated_median": int(median_displaced[min(day, len(median_displaced) - 1)]),
            "relative_error": round(
                float(abs(median_displaced[min(day, len(median_displaced) - 1)] - value) / value), 3
            ),
        }
        for day, value, date in un
    ]
    end_record = history.control_on(s, s.end_date)
    record_end = np.array([board.side_camp[s.sides.index(end_record[p.id])] for p in s.settlements])
    agreement = (board.side_camp[place_control[:, -1, :]] == record_end[None, :]).mean(axis=1)
    return {
        "date_coverage": round(float(inside.mean()), 3) if len(captures) else None,
        "date_error_mean_days": round(float(error.mean()), 2) if len(captures) else None,
        "date_error_median_days": round(float(np.median(error)), 2) if len(captures) else None,
        "displacement_error": round(float(np.mean([d["relative_error"] for d in disp])), 3) if disp else None,
        "final_map_agreement": round(float(agreement.mean()), 3),
        "captures": [
            {
                "place": s.settlements[p].id,
                "real": board.date(d).isoformat(),
                "simulated_10": board.date(int(a)).isoformat() if a < place_control.shape[1] else "not taken",
                "simulated_50": board.date(int(m)).isoformat() if m < place_control.shape[1] else "not taken",
                "simulated_90": board.date(int(z)).isoformat() if z < place_control.shape[1] else "not taken",
                "inside": bool(i),
            }
            for (p, d, _), a, m, z, i in zip(captures, q10, q50, q90, inside)
        ],
        "displacement": disp,
    }
