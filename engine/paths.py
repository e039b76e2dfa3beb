"""Where the bundled scenarios and the source document are: inside an installed wheel
(``engine/bundled/``), or beside the package in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding ``scenarios/`` and ``seeds/``."""
    installed = _PACKAGE / "bundled"
    return installed if (installed / "scenarios").is_dir() else _PACKAGE.parent


BUNDLED_ROOT = bundled_root()
SCENARIOS = BUNDLED_ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIOS / "idlib_2019_2020"


def find_document(scenario_folder: Path, source: str) -> Path | None:
    """The scenario's source document: beside the scenario, next to its folder, or the bundled copy."""
    for base in (scenario_folder, scenario_folder.parent, scenario_folder.parent.parent, BUNDLED_ROOT):
        path = base / source
        if path.is_file():
            return path
    return None
