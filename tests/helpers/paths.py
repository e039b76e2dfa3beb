"""Folders the tests read: the checkout and its bundled scenarios."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
TUTORIAL = REPO / "scenarios" / "tutorial"
HISTORICAL = REPO / "scenarios" / "idlib_2019_2020"
