"""Game records: the scenario, the seed and every day's orders, with a hash of the state after each day.

A record is versioned JSON. Loading one re-simulates it and checks every day's state hash and the
events digest; the first day that differs is named. A corrupt or foreign file is refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import events as ev
from .board import Board
from .orders import OrderError, from_arrays, from_json, to_arrays, to_json
from .outputs import replace_atomically
from .runner import Campaign, run

FORMAT = "idlib-wargame-record"
VERSION = 2  # 2: the state holds the operations of the plans; a record may be a forecast from a later day


class RecordError(ValueError):
    """A record that cannot be used: unreadable, foreign, for another scenario, or not reproducible."""


@dataclass(frozen=True)
class Record:
    scenario: str
    scenario_sha256: str
    seed: int
    world: int
    days: tuple[dict, ...]  # {"date", "orders": [typed order as JSON], "state_sha256"}
    events_sha256: str
    extra: dict = field(default_factory=dict)  # e.g. a saved game's side and opponent
    start_day: int = 0  # a forecast from this day: control held to the record before it


def record_of(campaign: Campaign, k: int = 0) -> Record:
    """World k of a campaign run with ``keep_orders=True``."""
    if not campaign.orders:
        raise ValueError("run the campaign with keep_orders=True to record it")
    b = campaign.board
    days = tuple(
        {
            "date": b.date(d).isoformat(),
            "orders": [to_json(o) for o in from_arrays(b, campaign.orders[d], k)],
            "state_sha256": campaign.state_digests[d][k],
        }
        for d in range(campaign.days)
    )
    return Record(
        b.scenario.id,
        b.digest,
        campaign.seed,
        campaign.worlds[k],
        days,
        ev.digest(campaign.events, k),
        start_day=campaign.start_day,
    )


def dumps(record: Record) -> str:
    """The record as the JSON text of a record file."""
    data = {
        "format": FORMAT,
        "version": VERSION,
        "scenario": record.scenario,
        "scenario_sha256": record.scenario_sha256,
        "seed": record.seed,
        "world": record.world,
        "events_sha256": record.events_sha256,
        "extra": record.extra,
        "start_day": record.start_day,
        "days": list(record.days),
    }
    return json.dumps(data, indent=1)


def save(record: Record, path: str | os.PathLike) -> None:
    """Write the record as JSON, atomically (a crash never leaves half a file)."""
    text = dumps(record)
    replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def load(path: str | os.PathLike) -> Record:
    """Read a record file; RecordError if it is not a readable record of this format."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"{path}: not a readable record ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError(f"{path}: not an idlib-wargame record")
    if data.get("version") != VERSION:
        raise RecordError(
            f"{path}: record format version {data.get('version')!r}; this program reads version {VERSION}"
        )
    try:
        days = tuple(data["days"])
        for d in days:
            if not isinstance(d, dict) or not isinstance(d["orders"], list) or not isinstance(d["state_sha256"], str):
                raise TypeError
        extra = data.get("extra", {})
        if not isinstance(extra, dict):
            raise TypeError
        seed, world, start = data["seed"], data["world"], data.get("start_day", 0)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (seed, world, start)):
            raise TypeError
        record = Record(
            str(data["scenario"]),
            str(data["scenario_sha256"]),
            seed,
            world,
            days,
            str(data["events_sha256"]),
            extra,
            start,
        )
    except (KeyError, TypeError, ValueError):
        raise RecordError(f"{path}: the record is damaged (missing or malformed fields)") from None
    for name in ("seed", "world", "start_day"):
        if getattr(record, name) < 0:
            raise RecordError(f"{path}: the record is damaged ({name} {getattr(record, name)} is negative)")
    return record


def replay(board: Board, record: Record) -> Campaign:
    """Re-simulate a record on this board; RecordError names the first day whose state differs."""
    if record.scenario != board.scenario.id:
        raise RecordError(f"the record is of scenario '{record.scenario}', not '{board.scenario.id}'")
    if record.scenario_sha256 != board.digest:
        raise RecordError("the record was made with a different version of the scenario files")
    if len(record.days) > board.scenario.days:
        raise RecordError(
            f"the record holds {len(record.days)} days; scenario '{board.scenario.id}' has only {board.scenario.days}"
        )
    try:
        orders = [to_arrays(board, [from_json(o) for o in d["orders"]]) for d in record.days]
    except OrderError as exc:
        raise RecordError(f"the record holds an order this scenario cannot take: {exc}") from None
    if not 0 <= record.start_day < board.scenario.days:
        raise RecordError(f"the record starts on day {record.start_day}, outside the scenario's days")
    campaign = run(
        board,
        record.seed,
        {},
        days=len(record.days),
        worlds=[record.world],
        keep_orders=True,
        given_orders=orders,
        start_day=record.start_day,
    )
    for d, day in enumerate(record.days):
        if campaign.state_digests[d][0] != day["state_sha256"]:
            raise RecordError(f"day {d + 1} ({board.date(d).isoformat()}): the state differs from the record")
    if ev.digest(campaign.events, 0) != record.events_sha256:
        raise RecordError("the events differ from the record")
    return campaign
