"""What a batch tells: per place, the chance and the dates of capture; the fidelity scores; one CSV row per run."""

from __future__ import annotations

import csv
import os

import numpy as np

from . import fidelity
from .batch import BatchResult
from .history import KEY_PLACES


def key_places(board) -> list[str]:
    return [p for p in KEY_PLACES if p in board.scenario.places]


def m5_held_by_government(result: BatchResult) -> np.ndarray:
    """(days,) share of runs in which the government holds every place on the M5 on each day."""
    b = result.board
    m5 = next((r for r in b.scenario.map.roads if r.id == "m5"), None)
    if m5 is None:
        return np.zeros(result.place_control.shape[1])
    idx = [b.place_index(p.id) for p in m5.places]
    gov = b.side_index("government")
    return (result.place_control[:, :, idx] == gov).all(axis=2).mean(axis=0)


def summary(result: BatchResult) -> dict:
    b = result.board
    s = b.scenario
    days = result.place_control.shape[1]
    first = fidelity.first_change_days(b, result.place_control)  # (W, P)
    final = result.place_control[:, -1, :]
    places = {}
    for i, p in enumerate(s.settlements):
        taken = first[:, i] >= 0
        row: dict[str, object] = {"probability_of_capture": round(float(taken.mean()), 3)}
        if taken.any():
            q = np.quantile(first[taken, i], [0.1, 0.5, 0.9], method="lower")
            row.update({f"capture_date_{k}": b.date(int(v)).isoformat() for k, v in zip((10, 50, 90), q)})
        held = np.bincount(final[:, i], minlength=len(s.sides)) / result.runs
        row["held_at_end"] = {side: round(float(x), 3) for side, x in zip(s.sides, held) if x > 0}
        places[p.id] = row
    scores = fidelity.scores(b, result.place_control, result.displaced)
    m5 = m5_held_by_government(result)
    return {
        "scenario": s.id,
        "seed": result.spec.seed,
        "runs": result.runs,
        "settings": list(result.spec.settings),
        "policies": dict(result.spec.policies),
        "start_date": s.start_date.isoformat(),
        "days": days,
        "campaigns_per_second": round(result.runs / result.seconds, 1) if result.seconds else None,
        "workers": result.workers,
        "fidelity": scores,
        "places": places,
        "displaced_median": [int(x) for x in np.median(result.displaced, axis=0)],
        "m5_held_by_government": [round(float(x), 3) for x in m5],
    }


def write_runs_csv(result: BatchResult, path: str | os.PathLike) -> None:
    """One row per run: outcomes a spreadsheet can sort and filter."""
    b = result.board
    s = b.scenario
    keys = key_places(b)
    first = fidelity.first_change_days(b, result.place_control)
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            ["world", "seed", "displaced", "civilian_casualties", "turkish_deaths"]
            + [f"area_km2_{side}" for side in s.sides]
            + [f"captured_{p}" for p in keys]
            + [f"held_at_end_{p}" for p in keys]
        )
        for k in range(result.runs):
            w.writerow(
                [
                    k,
                    result.spec.seed,
                    int(result.displaced[k, -1]),
                    int(result.civilian_casualties[k, -1]),
                    int(result.turkish_deaths[k, -1]),
                ]
                + [round(float(x), 1) for x in result.area_km2[k, -1]]
                + [
                    b.date(int(first[k, b.place_index(p)])).isoformat() if first[k, b.place_index(p)] >= 0 else ""
                    for p in keys
                ]
                + [s.sides[result.place_control[k, -1, b.place_index(p)]] for p in keys]
            )
