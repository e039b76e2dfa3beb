"""Proper scores of an ensemble's dates of change of hands against the record (MODELLING.md §5, §7).

The ensemble is summarised by counts over worlds (a batch's ``engine.summary.Summary``), so any
number of runs can be scored in flat memory: ``change_day_hist[p, k, d]`` worlds in which place p
changed hands for the k-th time (counted from the forecast's first day) on day d, the last bin
``days`` meaning never (censored at the day after the end); ``holder_counts[d, p, c]`` worlds in which
camp c holds place p at the end of day d; ``highway_held[r, d, c]`` worlds in which it holds all of a
highway.

Scores, each for the government's and the opposition's changes apart:
- CRPS per change (days; exact for whole days) and its mean, beside two baselines: climatology
  (for each change, the real days of the same camp's other changes in the window) and a uniform
  date over the window; skill = 1 - CRPS_model / CRPS_baseline, with a 95 % interval from a
  bootstrap over real dates (changes come in bursts, so dates, not changes, are resampled);
- the interval score of the 10-90 % interval and its coverage;
- a PIT histogram (non-randomised, Czado et al. 2009: flat when calibrated);
- Brier scores of "changed by D" at weekly checkpoints, and of "held by the government on D" for
  the scenario's scored holdings, with a reliability diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import history
from .board import Board

CHANGES_KEPT = 4  # the first four changes of hands of a place after the forecast's first day
ALPHA = 0.2  # the 10-90 % interval
PIT_BINS = 10
RELIABILITY_BINS = 10
BOOTSTRAP = 1000


@dataclass(frozen=True)
class Change:
    """The k-th change of hands of a place in the record, counted from the forecast's first day."""

    place: int
    k: int
    day: int
    camp: int


def record_changes(board: Board, from_day: int = 0, until_day: int | None = None) -> list[Change]:
    """The record's changes of hands within the scenario's days from ``from_day`` on (and, when
    ``until_day`` is given, up to that day: a fit on part of the record)."""
    s = board.scenario
    out = []
    for place_id, changes in history.capture_dates(s).items():
        days = [(board.day_of(d), side) for d, side in changes]
        inside = [(d, side) for d, side in days if from_day <= d < s.days]
        for k, (d, side) in enumerate(inside[:CHANGES_KEPT], start=1):
            if until_day is not None and d > until_day:
                break
            out.append(Change(board.place_index(place_id), k, d, int(board.side_camp[s.sides.index(side)])))
    return sorted(out, key=lambda c: (c.day, c.place, c.k))


def fold_changes(board: Board, place_control: np.ndarray, from_day: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Counts of one chunk of worlds: ``(change_day_hist (P, K, days + 1), change_camp (P, K, C))``.

    ``place_control`` is (W, days, P), the side holding each place at the end of each day.
    """
    W, days, P = place_control.shape
    C = len(board.camp_names)
    camps = board.side_camp[place_control]
    start = board.side_camp[board.start_control[board.place_hex]]
    before = np.broadcast_to(start, (W, P)) if from_day == 0 else camps[:, from_day - 1]
    window = camps[:, from_day:]
    previous = np.concatenate([before[:, None, :], window[:, :-1]], axis=1)
    changed = window != previous
    count = np.cumsum(changed, axis=1)
    hist = np.zeros((P, CHANGES_KEPT, days + 1), np.int64)
    camp = np.zeros((P, CHANGES_KEPT, C), np.int64)
    places = np.arange(P)
    for k in range(1, CHANGES_KEPT + 1):
        at = changed & (count == k)
        happened = at.any(axis=1)  # (W, P)
        day = np.where(happened, at.argmax(axis=1) + from_day, days)
        np.add.at(hist, (np.broadcast_to(places, (W, P)), k - 1, day), 1)  # type: ignore[arg-type]  # numpy's stubs
        w, p = np.nonzero(happened)
        np.add.at(camp, (p, k - 1, window[w, day[w, p] - from_day, p]), 1)  # type: ignore[arg-type]
    return hist, camp


def fold_holders(board: Board, place_control: np.ndarray) -> np.ndarray:
    """(days, P, C) worlds in which each camp holds each place at the end of each day, for one chunk."""
    camps = board.side_camp[place_control]
    C = len(board.camp_names)
    return np.stack([(camps == c).sum(axis=0) for c in range(C)], axis=-1).astype(np.int64)


# -- scores of one forecast distribution (counts over whole days) ---------------------------------
def crps(counts: np.ndarray, y: int) -> float:
    """CRPS of a distribution over days 0..n-1 given as counts, against the real day y (exact)."""
    F = np.cumsum(counts) / max(counts.sum(), 1)
    t = np.arange(counts.size)
    return float(((F - (t >= y)) ** 2).sum())


def quantile(counts: np.ndarray, q: float) -> int:
    """The smallest day whose cumulative share reaches q."""
    F = np.cumsum(counts) / max(counts.sum(), 1)
    return int(np.searchsorted(F, q - 1e-12))


def interval_score(counts: np.ndarray, y: int, alpha: float = ALPHA) -> tuple[float, bool]:
    """Interval score of the central (1 - alpha) interval, and whether y lies inside it."""
    lo, hi = quantile(counts, alpha / 2), quantile(counts, 1 - alpha / 2)
    score = (hi - lo) + (2 / alpha) * max(lo - y, 0) + (2 / alpha) * max(y - hi, 0)
    return float(score), bool(lo <= y <= hi)


def pit_mass(counts: np.ndarray, y: int, bins: int = PIT_BINS) -> np.ndarray:
    """The non-randomised PIT of y spread over the histogram's bins: uniform on [F(y-1), F(y)]."""
    F = np.cumsum(counts) / max(counts.sum(), 1)
    lo, hi = (F[y - 1] if y > 0 else 0.0), F[y]
    edges = np.linspace(0, 1, bins + 1)
    if hi - lo < 1e-12:
        out = np.zeros(bins)
        out[min(int(lo * bins), bins - 1)] = 1.0
        return out
    return np.clip((np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo)) / (hi - lo), 0, None)


def _bootstrap_skill(days: np.ndarray, model: np.ndarray, base: np.ndarray, seed: int = 0) -> tuple[float, float]:
    """95 % interval of 1 - mean(model)/mean(base), resampling the real dates (with all their changes)."""
    unique, which = np.unique(days, return_inverse=True)
    m_by = np.bincount(which, model, unique.size)
    b_by = np.bincount(which, base, unique.size)
    n_by = np.bincount(which, minlength=unique.size)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, unique.size, (BOOTSTRAP, unique.size))
    weights = np.stack([np.bincount(row, minlength=unique.size) for row in pick])
    skill = 1 - (weights @ m_by) / np.maximum(weights @ b_by, 1e-12)
    del n_by
    lo, hi = np.quantile(skill, [0.025, 0.975])
    return round(float(lo), 3), round(float(hi), 3)


def change_scores(board: Board, hist: np.ndarray, from_day: int = 0, until_day: int | None = None) -> dict:
    """CRPS, baselines, skill, interval score, coverage and PIT for each camp's changes in the record
    (those from ``from_day`` on, and up to ``until_day`` when given): every change of hands, and the
    first change of each place apart (the captures of places the camp did not hold at the start)."""
    changes = record_changes(board, from_day, until_day)
    out: dict = {"from": board.date(from_day).isoformat(), "by_camp": {}, "first_by_camp": {}, "changes": []}
    if until_day is not None:
        out["until"] = board.date(until_day).isoformat()
    for camp, name in enumerate(board.camp_names):
        mine = [c for c in changes if c.camp == camp]
        if not mine:
            continue
        block, rows = _scored(board, hist, mine, from_day)
        out["by_camp"][name] = block
        out["changes"].extend(rows)
        first = [c for c in mine if c.k == 1]
        if first:
            out["first_by_camp"][name] = _scored(board, hist, first, from_day)[0]
    return out


def _scored(board: Board, hist: np.ndarray, changes: list[Change], from_day: int) -> tuple[dict, list[dict]]:
    days = board.scenario.days
    real = np.array([c.day for c in changes])
    window = np.zeros(days + 1)
    window[from_day:days] = 1.0
    rows, model, clim, uniform, interval, inside, pit = [], [], [], [], [], [], np.zeros(PIT_BINS)
    for i, c in enumerate(changes):
        counts = hist[c.place, c.k - 1]
        others = np.bincount(np.delete(real, i), minlength=days + 1)[: days + 1] if len(changes) > 1 else window
        model.append(crps(counts, c.day))
        clim.append(crps(others, c.day))
        uniform.append(crps(window, c.day))
        score, hit = interval_score(counts, c.day)
        interval.append(score)
        inside.append(hit)
        pit += pit_mass(counts, c.day)
        rows.append(
            {
                "place": board.scenario.settlements[c.place].id,
                "k": c.k,
                "to": board.camp_names[c.camp],
                "real": board.date(c.day).isoformat(),
                "simulated_10": _date(board, quantile(counts, 0.1)),
                "simulated_50": _date(board, quantile(counts, 0.5)),
                "simulated_90": _date(board, quantile(counts, 0.9)),
                "crps_days": round(model[-1], 2),
                "climatology_crps_days": round(clim[-1], 2),
                "inside_10_90": hit,
            }
        )
    model_a, clim_a, uni_a = np.array(model), np.array(clim), np.array(uniform)
    block = {
        "changes": len(changes),
        "crps_days": round(float(model_a.mean()), 2),
        "climatology_crps_days": round(float(clim_a.mean()), 2),
        "uniform_crps_days": round(float(uni_a.mean()), 2),
        "skill_vs_climatology": round(float(1 - model_a.mean() / clim_a.mean()), 3),
        "skill_vs_climatology_95": _bootstrap_skill(real, model_a, clim_a),
        "skill_vs_uniform": round(float(1 - model_a.mean() / uni_a.mean()), 3),
        "interval_score_days": round(float(np.mean(interval)), 2),
        "coverage_10_90": round(float(np.mean(inside)), 3),
        "pit_histogram": [round(float(x), 2) for x in pit],
    }
    return block, rows


def _date(board: Board, day: int) -> str:
    return board.date(day).isoformat() if day < board.scenario.days else "not taken"


def brier_scores(board: Board, summary, from_day: int = 0) -> dict:
    """Brier scores with reliability, from a batch's summary: "changed hands by D" at weekly
    checkpoints for every change of the record, and "held by the government on D" for the
    scenario's scored holdings."""
    days = board.scenario.days
    hist = summary.change_day_hist
    changes = record_changes(board, from_day)
    forecasts, outcomes = [], []
    for checkpoint in range(from_day + 6, days, 7):
        for c in changes:
            counts = hist[c.place, c.k - 1]
            forecasts.append(counts[: checkpoint + 1].sum() / max(counts.sum(), 1))
            outcomes.append(float(c.day <= checkpoint))
    by = {"changed_by_checkpoint": _brier(np.array(forecasts), np.array(outcomes))}
    held = held_forecasts(board, summary, from_day)
    if held:
        f = np.array([h["forecast"] for h in held])
        o = np.array([h["observed"] for h in held], dtype=float)
        by["held_by_government"] = {**_brier(f, o), "cases": held}
    return by


def held_forecasts(board: Board, summary, from_day: int = 0) -> list[dict]:
    """For each scored holding of the scenario (a place, or every place of a road, on a date on or
    after ``from_day``): the share of worlds in which the government camp holds it all, and whether
    the record has it so."""
    s = board.scenario
    if "government" not in s.sides:
        return []
    gov = int(board.side_camp[board.side_index("government")])
    out = []
    for h in s.scored_holdings:
        d = board.day_of(h.date)
        if not from_day <= d < summary.days:
            continue
        if h.road is not None and h.road in summary.highway_ids:
            share = summary.highway_held[summary.highway_ids.index(h.road), d, gov] / max(summary.runs, 1)
        elif len(h.places) == 1:
            share = summary.holder_counts[d, board.place_index(h.places[0].id), gov] / max(summary.runs, 1)
        else:
            continue  # a road that is not a highway: the batch does not count it
        record = history.control_on(s, h.date)
        held = all(board.side_camp[s.sides.index(record[p.id])] == gov for p in h.places)
        out.append(
            {"holding": h.label, "date": h.date.isoformat(), "forecast": round(float(share), 3), "observed": held}
        )
    return out


def _brier(forecast: np.ndarray, outcome: np.ndarray) -> dict:
    if forecast.size == 0:
        return {"brier": None, "cases": 0}
    edges = np.linspace(0, 1, RELIABILITY_BINS + 1)
    which = np.clip(np.digitize(forecast, edges) - 1, 0, RELIABILITY_BINS - 1)
    n = np.bincount(which, minlength=RELIABILITY_BINS)
    mean_f = np.bincount(which, forecast, RELIABILITY_BINS) / np.maximum(n, 1)
    mean_o = np.bincount(which, outcome, RELIABILITY_BINS) / np.maximum(n, 1)
    climatology = outcome.mean()
    return {
        "brier": round(float(((forecast - outcome) ** 2).mean()), 4),
        "brier_climatology": round(float(((climatology - outcome) ** 2).mean()), 4),
        "cases": int(forecast.size),
        "reliability": [
            {"forecast": round(float(f), 3), "observed": round(float(o), 3), "cases": int(k)}
            for f, o, k in zip(mean_f, mean_o, n)
            if k
        ],
    }
