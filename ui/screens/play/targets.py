"""What a click on the play screen can hit (the hit map's targets; no pygame)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.game import KnownEvent


@dataclass(frozen=True)
class Counter:
    formation: int
    hex: int


@dataclass(frozen=True)
class Tab:
    index: int


@dataclass(frozen=True)
class ListedFormation:
    formation: int


@dataclass(frozen=True)
class ArmRow:
    arm: str


@dataclass(frozen=True)
class LogEntry:
    event: KnownEvent


@dataclass(frozen=True)
class SearchBox:
    pass
