"""The dev-time geography helpers of scripts/geomatch.py, for the scenario's geography tests."""

import importlib.util
import sys

from tests.helpers.paths import REPO

_spec = importlib.util.spec_from_file_location("geomatch", REPO / "scripts" / "geomatch.py")
geomatch = importlib.util.module_from_spec(_spec)
sys.modules["geomatch"] = geomatch  # dataclasses look their module up there
_spec.loader.exec_module(geomatch)
