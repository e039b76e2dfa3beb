"""What a batch tells, as counts over worlds that add up: each worker folds its campaigns into a
``Summary``, the parent adds the workers' summaries, and every figure of ``summary.json``, the
report and the scores is read from the sum. Memory does not grow with the number of runs.

Arrays of a Summary (numpy, int64 counts of worlds; P places, C camps, S sides, D days of the
scenario, K = CHANGES, day d = the day index of the event log, counted from the scenario's first day):

- ``change_day_hist`` (P, K, D + 1): worlds in which place p's k-th change of hands (k = 1..K,
  counted from ``from_day``) happened on day d; bin D: it never happened;
- ``change_camp`` (P, K, C): the camp that k-th change went to;
- ``first_held_hist`` (P, C, D + 1): the first day from ``from_day`` at whose end camp c holds p (D: never);
- ``holder_counts`` (D, P, C): worlds in which camp c holds p at the end of day d;
- ``held_at_end`` (P, S): worlds in which side s holds p at the end of the last day;
- ``highway_held`` (R, D, C): worlds in which camp c holds every place of highway r (``highway_ids``);
- ``series[name]``: a ``Histogram`` over worlds of each day's value of ``displaced``,
  ``civilian_casualties``, ``turkish_deaths`` and ``area_hexes_<side>`` (hexes held; times
  ``Board.hex_area_km2`` for km²);
- ``government_hexes`` (len(snapshot_days), H): worlds in which the government holds each hex at
  the end of each snapshot day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import fidelity, scores
from .board import Board
from .events import Kind

CHANGES = 4  # changes of hands counted per place and world


class Histogram:
    """Counts of non-negative integer values per day over worlds, in fixed bins: one bin per value
    below ``EXACT``, then bins ``GROWTH`` times wider than the last, so a quantile read from it is
    exact below ``EXACT`` and within half a per cent above."""

    EXACT = 128
    GROWTH = 1.01
    TOP = 10**12  # larger values count in the last bin

    BINS = EXACT + int(np.ceil(np.log(TOP / EXACT) / np.log(GROWTH))) + 1

    def __init__(self, days: int):
        self.counts = np.zeros((days, self.BINS), np.int64)

    @classmethod
    def bin_of(cls, values: np.ndarray) -> np.ndarray:
        v = np.minimum(np.maximum(np.asarray(values, np.float64), 0), cls.TOP)
        wide = cls.EXACT + np.floor(np.log(np.maximum(v, cls.EXACT) / cls.EXACT) / np.log(cls.GROWTH))
        return np.where(v < cls.EXACT, np.floor(v), np.minimum(wide, cls.BINS - 1)).astype(np.int64)

    @classmethod
    def value_of(cls, bins: np.ndarray) -> np.ndarray:
        """The value a bin stands for: itself below EXACT, else the geometric middle of the bin."""
        b = np.asarray(bins, np.float64)
        return np.where(b < cls.EXACT, b, cls.EXACT * cls.GROWTH ** (b - cls.EXACT + 0.5))

    def add(self, values: np.ndarray, first_day: int = 0) -> None:
        """Count (worlds, days) values, the first column being day ``first_day``."""
        values = np.asarray(values)
        days = np.arange(first_day, first_day + values.shape[1])
        keys = days[None, :] * self.BINS + self.bin_of(values)
        self.counts += np.bincount(keys.reshape(-1), minlength=self.counts.size).reshape(self.counts.shape)

    def quantile(self, q: float) -> np.ndarray:
        """(days,) the q-quantile of each day's values over worlds (the lower of two middle values,
        as numpy's method="lower"); NaN on days with no worlds."""
        n = self.counts.sum(axis=1)
        rank = np.floor(q * (n - 1))  # 0-based position in the sorted values
        cum = np.cumsum(self.counts, axis=1)
        at = (cum <= rank[:, None]).sum(axis=1)
        return np.where(n > 0, self.value_of(np.minimum(at, self.BINS - 1)), np.nan)

    def __iadd__(self, other: Histogram) -> Histogram:
        self.counts += other.counts
        return self

    def __getstate__(self):  # sent between processes as its non-empty bins only
        at = np.flatnonzero(self.counts)
        return {"shape": self.counts.shape, "at": at, "counts": self.counts.reshape(-1)[at]}

    def __setstate__(self, state) -> None:
        self.counts = np.zeros(state["shape"], np.int64)
        self.counts.reshape(-1)[state["at"]] = state["counts"]


class Summary:
    """Mergeable counts over the worlds of a batch (see the module's docstring for each array)."""

    def __init__(self, board: Board, from_day: int = 0, snapshot_days: tuple[int, ...] = ()):
        s = board.scenario
        P, C, S, D = len(s.settlements), len(board.camp_names), len(s.sides), s.days
        self.from_day, self.days, self.snapshot_days = int(from_day), D, tuple(snapshot_days)
        self.runs = 0
        self.change_day_hist = np.zeros((P, CHANGES, D + 1), np.int64)
        self.change_camp = np.zeros((P, CHANGES, C), np.int64)
        self.first_held_hist = np.zeros((P, C, D + 1), np.int64)
        self.holder_counts = np.zeros((D, P, C), np.int64)
        self.held_at_end = np.zeros((P, S), np.int64)
        highways = [r for r in s.map.roads if r.kind == "highway"]
        self.highway_ids = tuple(r.id for r in highways)
        self._highway_places = [np.array([board.place_index(p.id) for p in r.places]) for r in highways]
        self.highway_held = np.zeros((len(highways), D, C), np.int64)
        self.series = {name: Histogram(D) for name in ("displaced", "civilian_casualties", "turkish_deaths")}
        self.series.update({f"area_hexes_{side}": Histogram(D) for side in s.sides})
        self.government_hexes = np.zeros((len(self.snapshot_days), board.hexes), np.int64)

    # -- folding campaigns in ---------------------------------------------------------------
    def add_campaign(self, board: Board, campaign, government_hexes: np.ndarray | None = None) -> None:
        """Count the worlds of a finished ``runner.Campaign`` (and the snapshot counts taken during it)."""
        B = len(campaign.worlds)
        daily = campaign.daily
        first_day = campaign.state.day - campaign.days  # the day of the first daily column
        D, C = self.days, len(board.camp_names)
        self.runs += B

        changes = capture_events(campaign.events, self.from_day)
        rank = change_rank(changes)
        keep = rank < CHANGES
        p, k, d = changes["place"][keep].astype(np.int64), rank[keep], changes["day"][keep].astype(np.int64)
        camp = board.side_camp[changes["side"][keep]].astype(np.int64)
        self.change_day_hist += _count((p * CHANGES + k) * (D + 1) + d, self.change_day_hist.shape)
        self.change_camp += _count((p * CHANGES + k) * C + camp, self.change_camp.shape)
        P = self.change_day_hist.shape[0]
        for nth in range(CHANGES):  # worlds with no nth change of a place count in the last bin
            had = np.bincount(changes["place"][rank == nth].astype(np.int64), minlength=P)
            self.change_day_hist[:, nth, D] += B - had

        camps = board.side_camp[daily["place_control"]]  # (B, days, P)
        days = np.arange(first_day, first_day + camps.shape[1])
        counted = days >= self.from_day
        for c in range(C):
            held = camps == c
            self.holder_counts[days, :, c] += held.sum(axis=0)
            later = held[:, counted, :]
            first_held = np.where(later.any(axis=1), days[counted][later.argmax(axis=1)], D)  # (B, P)
            self.first_held_hist[:, c, :] += _count(
                np.arange(first_held.shape[1])[None, :] * (D + 1) + first_held, (first_held.shape[1], D + 1)
            )
            for r, places in enumerate(self._highway_places):
                self.highway_held[r, days, c] += held[:, :, places].all(axis=2).sum(axis=0)
        final = daily["place_control"][:, -1, :]
        S = self.held_at_end.shape[1]
        self.held_at_end += _count(np.arange(final.shape[1])[None, :] * S + final, self.held_at_end.shape)
        for name in ("displaced", "civilian_casualties", "turkish_deaths"):
            self.series[name].add(daily[name], first_day)
        hexes = np.rint(daily["area_km2"] / board.hex_area_km2).astype(np.int64)
        for i, side in enumerate(board.scenario.sides):
            self.series[f"area_hexes_{side}"].add(hexes[:, :, i], first_day)
        if government_hexes is not None:
            self.government_hexes += government_hexes

    def __iadd__(self, other: Summary) -> Summary:
        for name in ("change_day_hist", "change_camp", "first_held_hist", "holder_counts", "held_at_end"):
            getattr(self, name)[...] += getattr(other, name)
        self.highway_held += other.highway_held
        self.government_hexes += other.government_hexes
        for name, hist in self.series.items():
            hist += other.series[name]
        self.runs += other.runs
        return self

    # -- what it tells -------------------------------------------------------------------------
    def quantile_day(self, hist: np.ndarray, q: float) -> np.ndarray:
        """The q-quantile (numpy's method="lower") of the days counted in ``hist`` (..., D + 1),
        the last bin (never) left out; -1 where no world has a day."""
        return fidelity.quantile_of_counts(hist[..., :-1], q)

    def series_quantile(self, name: str, q: float) -> np.ndarray:
        return self.series[name].quantile(q)


def _count(keys: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    return np.bincount(np.asarray(keys, np.int64).reshape(-1), minlength=int(np.prod(shape))).reshape(shape)


def capture_events(events: np.ndarray, from_day: int = 0) -> np.ndarray:
    """The changes of hands of places (capture events) from ``from_day`` on, by world, place and day."""
    e = events[(events["kind"] == Kind.CAPTURE) & (events["day"] >= from_day)]
    return e[np.lexsort((e["day"], e["place"], e["world"]))]


def change_rank(changes: np.ndarray) -> np.ndarray:
    """For changes sorted by world, place and day: 0 for a place's first change in its world, 1 for the second…"""
    if changes.size == 0:
        return np.zeros(0, np.int64)
    group = changes["world"].astype(np.int64) * 100_000 + changes["place"]
    starts = np.r_[True, group[1:] != group[:-1]]
    index = np.arange(group.size)
    return index - np.maximum.accumulate(np.where(starts, index, 0))


# -- summary.json ----------------------------------------------------------------------------
def key_places(board) -> list[str]:
    """The scenario's key places (scenario.yaml), in its order."""
    return [p.id for p in board.scenario.key_places]


def m5_held_by_government(board: Board, summary: Summary) -> np.ndarray:
    """(days,) share of runs in which the government holds every place on the M5 on each day."""
    if "m5" not in summary.highway_ids or not summary.runs:
        return np.zeros(summary.days)
    gov = board.side_camp[board.side_index("government")]
    return summary.highway_held[summary.highway_ids.index("m5"), :, gov] / summary.runs


def summary(result) -> dict:
    """The content of summary.json from a finished batch (``batch.BatchResult``)."""
    b, sm = result.board, result.summary
    s = b.scenario
    first = sm.change_day_hist[:, 0, :]  # (P, D + 1) first change of each place
    q = {k: sm.quantile_day(first, k / 100) for k in (10, 50, 90)}
    places = {}
    for i, p in enumerate(s.settlements):
        taken = first[i, :-1].sum()
        row: dict = {"probability_of_capture": round(float(taken / sm.runs), 3)}
        if taken:
            row.update({f"capture_date_{k}": b.date(int(q[k][i])).isoformat() for k in (10, 50, 90)})
        held = sm.held_at_end[i] / sm.runs
        row["held_at_end"] = {side: round(float(x), 3) for side, x in zip(s.sides, held) if x > 0}
        places[p.id] = row
    return {
        "scenario": s.id,
        "seed": result.spec.seed,
        "runs": sm.runs,
        "settings": list(result.spec.settings),
        "policies": dict(result.spec.policies),
        "start_date": s.start_date.isoformat(),
        "forecast_from": b.date(sm.from_day).isoformat(),
        "days": sm.days,
        "campaigns_per_second": round(sm.runs / result.seconds, 1) if result.seconds else None,
        "workers": result.workers,
        "fidelity": fidelity.scores(b, sm),
        "scores": {
            **scores.change_scores(b, sm.change_day_hist, sm.from_day),
            "brier": scores.brier_scores(b, sm, sm.from_day),
        },
        "places": places,
        "displaced_median": [int(round(x)) for x in sm.series_quantile("displaced", 0.5)],
        "m5_held_by_government": [round(float(x), 3) for x in m5_held_by_government(b, sm)],
    }


# -- runs.csv and captures.csv rows ---------------------------------------------------------------
def runs_header(board: Board) -> list[str]:
    s = board.scenario
    keys = key_places(board)
    return (
        ["world", "seed", "displaced", "civilian_casualties", "turkish_deaths"]
        + [f"area_km2_{side}" for side in s.sides]
        + [f"captured_{p}" for p in keys]
        + [f"held_at_end_{p}" for p in keys]
    )


CAPTURES_HEADER = ["world", "day", "date", "place", "to"]


def runs_rows(board: Board, campaign, seed: int, from_day: int = 0) -> str:
    """One CSV line per world of a campaign: outcomes a spreadsheet can sort and filter."""
    s = board.scenario
    keys = [board.place_index(p) for p in key_places(board)]
    changes = capture_events(campaign.events, from_day)
    firsts = changes[change_rank(changes) == 0]
    first = np.full((len(campaign.worlds), len(s.settlements)), -1, np.int64)
    first[firsts["world"], firsts["place"]] = firsts["day"]
    d = campaign.daily
    lines = []
    for k, world in enumerate(campaign.worlds):
        row = [
            str(world),
            str(seed),
            str(int(d["displaced"][k, -1])),
            str(int(d["civilian_casualties"][k, -1])),
            str(int(d["turkish_deaths"][k, -1])),
        ]
        row += [str(round(float(x), 1)) for x in d["area_km2"][k, -1]]
        row += [board.date(int(first[k, p])).isoformat() if first[k, p] >= 0 else "" for p in keys]
        row += [s.sides[d["place_control"][k, -1, p]] for p in keys]
        lines.append(",".join(row) + "\r\n")
    return "".join(lines)


def captures_rows(board: Board, campaign, from_day: int = 0) -> str:
    """One CSV line per change of hands of a place in every world (from ``from_day`` on): world,day,date,place,to."""
    s = board.scenario
    e = campaign.events[(campaign.events["kind"] == Kind.CAPTURE) & (campaign.events["day"] >= from_day)]
    e = e[np.lexsort((e["place"], e["day"], e["world"]))]
    worlds = np.array(campaign.worlds)[e["world"]]
    dates = [(s.start_date + dt.timedelta(days=i)).isoformat() for i in range(int(e["day"].max(initial=0)) + 1)]
    places = [p.id for p in s.settlements]
    return "".join(
        f"{w},{d},{dates[d]},{places[p]},{s.sides[t]}\r\n"
        for w, d, p, t in zip(worlds.tolist(), e["day"].tolist(), e["place"].tolist(), e["side"].tolist())
    )
