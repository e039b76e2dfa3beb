"""The command line's parser, whose mistakes are one line and exit status 2, and its value types."""

from __future__ import annotations

import argparse
import datetime as dt


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line naming the option and where to read more (no usage block)."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _whole(text: str, low: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, not {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"expected {what}, not {text!r}")
    return value


def seed(text: str) -> int:
    """A run seed: a whole number >= 0 (numpy's SeedSequence takes no negative ones)."""
    return _whole(text, 0, "a whole number >= 0")


def at_least_one(text: str) -> int:
    """A number of runs, workers or days: a whole number >= 1."""
    return _whole(text, 1, "a whole number >= 1")


def date(text: str) -> dt.date:
    """A day written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
