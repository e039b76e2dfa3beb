"""Typed reading of YAML mappings that records a Problem for every missing, mistyped or unknown field."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from typing import Any

from .yamlsource import Mapping, Problem, Sequence

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class SourcedValue:
    """A value with where it comes from: a quote from the document, GeoNames, or an estimate's reason."""

    value: Any  # a number, a (low, high) range or text, as the field allows
    quote: str | None = None
    estimate: str | None = None
    source: str = "document"  # document | geonames | estimate

    @property
    def is_estimate(self) -> bool:
        return self.source == "estimate"


@dataclass(frozen=True)
class Quote:
    """A quote to look up in the source document, with where it was written."""

    text: str
    file: str
    line: int
    path: str


class Context:
    """Where problems and quotes of one load are collected."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.quotes: list[Quote] = []

    def problem(self, file: str, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(file, line, path, message))


def is_number(value: object) -> bool:
    """A finite int or float: YAML's true/false, .nan and .inf are not numbers a scenario can use."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _kind_name(value: object) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


class Fields:
    """Reads one mapping; call the typed getters, then ``done()`` to report unknown keys."""

    def __init__(self, node: object, file: str, path: str, ctx: Context, line: int = 1):
        self.file, self.path, self.ctx = file, path, ctx
        self.ok = isinstance(node, Mapping)
        self.node: Mapping = node if isinstance(node, Mapping) else Mapping()
        self.line: int = node.line if isinstance(node, Mapping) else line
        if not self.ok:
            self.node.line, self.node.key_lines = line, {}
            ctx.problem(file, line, path, f"expected a mapping, found {_kind_name(node)}")
        self.seen: set[str] = set()

    # -- helpers -----------------------------------------------------------
    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def line_of(self, key: str) -> int:
        return self.node.key_lines.get(key, self.line)

    def problem(self, key: str | None, message: str) -> None:
        if key is None:
            self.ctx.problem(self.file, self.line, self.path, message)
        else:
            self.ctx.problem(self.file, self.line_of(key), self.where(key), message)

    def has(self, key: str) -> bool:
        self.seen.add(key)
        return key in self.node and self.node[key] is not None

    def _raw(self, key: str, required: bool):
        self.seen.add(key)
        if key not in self.node or self.node[key] is None:
            if required:
                self.problem(None, f"missing field '{key}'")
            return None
        return self.node[key]

    def _wrong(self, key: str, want: str, value: object) -> None:
        self.problem(key, f"expected {want}, found {_kind_name(value)} {value!r}"[:200])

    # -- scalars -------------------------------------------------------------
    def text(self, key: str, required: bool = True, default: str | None = None) -> str | None:
        value = self._raw(key, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self._wrong(key, "text", value)
            return default
        return value

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(key, f"expected an id of lower-case letters, digits and underscores, found {value!r}")
            return None
        return value

    def choice(self, key: str, options, required: bool = True, default: str | None = None) -> str | None:
        value = self._raw(key, required)
        if value is None:
            return default
        if value not in options:
            self.problem(key, f"{value!r} is not one of: {', '.join(options)}")
            return default
        return value

    def number(self, key: str, required: bool = True, low: float | None = None, high: float | None = None):
        value = self._raw(key, required)
        if value is None:
            return None
        if not is_number(value):
            self._wrong(key, "a finite number", value)
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(key, f"{value} is outside {low} .. {high}")
            return None
        return value

    def amount(self, key: str) -> float | tuple[float, float] | None:
        """Read a number or a ``[low, high]`` range."""
        value = self._raw(key, True)
        if value is None:
            return None
        if isinstance(value, Sequence) and len(value) == 2 and all(is_number(v) for v in value):
            if value[0] > value[1]:
                self.problem(key, "a range is written [low, high]")
            return (value[0], value[1])
        if not is_number(value):
            self.problem(key, "expected a finite number or a [low, high] range")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self._raw(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self._wrong(key, "true or false", value)
            return False
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self._wrong(key, "a date (YYYY-MM-DD)", value)
            return None
        return value

    def period(self, key: str) -> tuple[dt.date, dt.date] | None:
        """Read an optional ``[first day, last day]`` pair of dates."""
        value = self._raw(key, False)
        if value is None:
            return None
        if (
            isinstance(value, Sequence)
            and len(value) == 2
            and all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in value)
        ):
            if value[0] > value[1]:
                self.problem(key, "a period is written [first day, last day]")
                return None
            return (value[0], value[1])
        self._wrong(key, "[first day, last day] (two dates)", value)
        return None

    def date_item(self, item: object, path: str, line: int) -> dt.date | None:
        """One element of a list of dates (from ``items``)."""
        if isinstance(item, dt.datetime) or not isinstance(item, dt.date):
            self.ctx.problem(self.file, line, path, f"expected a date (YYYY-MM-DD), found {_kind_name(item)}")
            return None
        return item

    def quote(self, key: str = "quote", required: bool = True) -> str | None:
        text = self.text(key, required)
        if text is not None:
            self.ctx.quotes.append(Quote(text, self.file, self.line_of(key), self.where(key)))
        return text

    # -- collections -------------------------------------------------------------
    def items(self, key: str, required: bool = True) -> list[tuple[object, str, int]]:
        """Return (item, path, line) for each element of a list field."""
        value = self._raw(key, required)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self._wrong(key, "a list", value)
            return []
        return [(item, f"{self.where(key)}[{i}]", line) for i, (item, line) in enumerate(zip(value, value.item_lines))]

    def texts(self, key: str, required: bool = False) -> tuple[str, ...]:
        out = []
        for item, path, line in self.items(key, required):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.ctx.problem(self.file, line, path, f"expected text, found {_kind_name(item)}")
        return tuple(out)

    def idents(self, key: str, required: bool = False) -> tuple[tuple[str, int, str], ...]:
        """Return (id, line, path) for each id in a list field."""
        out = []
        for item, path, line in self.items(key, required):
            if isinstance(item, str) and ID_PATTERN.match(item):
                out.append((item, line, path))
            else:
                self.ctx.problem(self.file, line, path, f"expected an id, found {item!r}")
        return tuple(out)

    def mapping(self, key: str, required: bool = True) -> Mapping | None:
        value = self._raw(key, required)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self._wrong(key, "a mapping", value)
            return None
        return value

    def sub(self, key: str, required: bool = True) -> Fields | None:
        value = self._raw(key, required)
        if value is None:
            return None
        return Fields(value, self.file, self.where(key), self.ctx, self.line_of(key))

    def points(self, key: str, low: tuple[float, float], high: tuple[float, float]) -> tuple[tuple[float, float], ...]:
        """Read a list of [lat, lon] pairs lying between the corners ``low`` and ``high``."""
        out = []
        for item, path, line in self.items(key):
            if isinstance(item, Sequence) and len(item) == 2 and all(is_number(v) for v in item):
                lat, lon = float(item[0]), float(item[1])
                if not (low[0] <= lat <= high[0] and low[1] <= lon <= high[1]):
                    self.ctx.problem(self.file, line, path, f"({lat}, {lon}) is far outside the scenario bounds")
                out.append((lat, lon))
            else:
                self.ctx.problem(self.file, line, path, "expected a [lat, lon] pair of numbers")
        return tuple(out)

    def sourced(self, key: str, required: bool = True, allow_geonames: bool = False) -> SourcedValue | None:
        """Read ``{value, quote}`` or ``{value, estimate}`` (or ``{value, source: geonames}``)."""
        sub = self.sub(key, required)
        if sub is None or not sub.ok:
            return None
        value = sub._raw("value", True)
        if isinstance(value, (Mapping, Sequence)):
            sub._wrong("value", "a number, date or text", value)
        if allow_geonames and sub.choice("source", ("geonames",), required=False):
            quote, estimate, source = sub.quote(required=False), sub.text("estimate", required=False), "geonames"
            if quote or estimate:
                sub.problem("source", "give only one of 'quote', 'estimate', 'source'")
        else:
            quote, estimate = sub.provenance()
            source = "document" if quote else "estimate"
        sub.done()
        return SourcedValue(value, quote, estimate, source)

    def provenance(self) -> tuple[str | None, str | None]:
        """Read the record's own ``quote`` or ``estimate``; exactly one is required."""
        quote = self.quote(required=False)
        estimate = self.text("estimate", required=False)
        if quote is None and estimate is None:
            self.problem(None, "needs a 'quote' from the document or an 'estimate' with its reason")
        elif quote is not None and estimate is not None:
            self.problem("estimate", "give only one of 'quote' and 'estimate'")
        return quote, estimate

    def done(self) -> None:
        for key in self.node:
            if key not in self.seen:
                close = difflib.get_close_matches(str(key), sorted(self.seen), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.ctx.problem(self.file, self.line_of(key), self.where(str(key)), f"unknown field{hint}")
