"""The record in words for the replay, and dates as a person types them (no pygame)."""

from __future__ import annotations

import datetime as dt
import re

from engine.scenario import Entry

from ...replaydata import DateError, ReplayData

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TYPE_TEXT = {
    "capture": "capture by {side}",
    "withdrawal": "withdrawal by {side}",
    "attack_repelled": "attack by {side} repelled",
    "encirclement": "encirclement by {side}",
    "encirclement_lifted": "encirclement lifted by {side}",
    "airstrike": "air strikes by {side}",
    "shelling": "shelling by {side}",
    "aircraft_downed": "aircraft lost by {side}",
    "casualties": "casualties: {side}",
    "civilian_harm": "civilian harm (reported responsible: {side})",
    "displacement": "displacement of civilians",
    "ceasefire": "ceasefire",
    "ceasefire_violation": "ceasefire violation attributed to {side}",
    "offensive": "offensive by {side}",
    "escalation": "escalation by {side}",
    "reinforcement": "reinforcement of {side}",
    "observation_post": "Turkish observation post ({side})",
    "weather": "weather",
    "diplomacy": "diplomacy ({side})",
    "humanitarian": "humanitarian situation",
}


def describe(entry: Entry) -> str:
    """Neutral one-line description of an entry's type and actor."""
    text = TYPE_TEXT.get(entry.type, entry.type.replace("_", " "))
    if entry.side is None:
        text = re.sub(r"\s*\(?[^()]*\{side\}\)?", "", text).strip() or entry.type.replace("_", " ")
    else:
        text = text.format(side=entry.side)
    if entry.places:
        text += ": " + ", ".join(p.name for p in entry.places[:4]) + (" …" if len(entry.places) > 4 else "")
    return text


def figures_text(entry: Entry) -> str:
    parts = []
    for f in entry.figures:
        value = f"{f.value[0]:,.0f}–{f.value[1]:,.0f}" if isinstance(f.value, tuple) else f"{f.value:,.0f}"
        qual = {"at_least": "at least ", "about": "about ", "up_to": "up to ", "over": "over "}.get(
            f.qualifier or "", ""
        )
        who = f" ({f.side})" if f.side else ""
        parts.append(f"{f.what.replace('_', ' ')}{who}: {qual}{value}")
    return "; ".join(parts)


def short_source(entry: Entry) -> str:
    """The source of an entry in a few words (the article's own voice is "the article")."""
    if entry.source.id == "document":
        return "the article"
    return entry.source.name.split(" (")[0]


def long_date(d: dt.date) -> str:
    return f"{d.strftime('%a')} {d.day} {d.strftime('%B %Y')}"


def day_month(d: dt.date) -> str:
    return f"{d.day} {d:%B}"


def population_text(value) -> str:
    if isinstance(value, (tuple, list)):
        return f"{value[0]:,.0f}–{value[1]:,.0f}"
    return f"{value:,.0f}"


def parse_user_date(text: str, data: ReplayData) -> dt.date:
    """A date typed by the user: ISO (2020-02-05) or day and month (5 feb, feb 5, 5 february 2020)."""
    text = text.strip().casefold()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})\s*([a-z]{3})[a-z]*\.?\s*(\d{4})?|([a-z]{3})[a-z]*\.?\s*(\d{1,2}),?\s*(\d{4})?", text)
    if not m:
        raise DateError(f"not a date: '{text}' (try 2020-02-05 or 5 feb)")
    day, mon, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
    if mon not in MONTHS:
        raise DateError(f"not a month: '{mon}'")
    month = MONTHS.index(mon) + 1
    if year is None:
        candidates = [dt.date(y, month, 1) for y in range(data.first.year, data.last.year + 1)]
        inside = [c for c in candidates if data.first.replace(day=1) <= c <= data.last]
        year = (inside or candidates)[0].year
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        raise DateError(f"not a date: '{text}'") from None
