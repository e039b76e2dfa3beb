"""The shape of the ui, as DESIGN.md "The ui" asks: the kit never imports a screen, screens never
import each other or the rules, play screens reach the engine only through engine.game, and the
play controller works without pygame."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.helpers.paths import REPO

UI = REPO / "ui"


def imports(path: Path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            out.add(module)
            out |= {f"{module}.{a.name}" for a in node.names}
    return out


def screen_of(module: str) -> str | None:
    """The screen a module belongs to: ui.screens.play.view -> ui.screens.play; transitions belong to none."""
    parts = module.split(".")
    if parts[:2] != ["ui", "screens"] or len(parts) < 3 or parts[2] == "transitions":
        return None
    return ".".join(parts[:3])


def test_the_kit_never_imports_a_screen():
    for path in (UI / "kit").rglob("*.py"):
        assert not any(m.startswith("ui.screens") for m in imports(path)), path


def test_screens_never_import_each_other_nor_the_rules():
    for path in (UI / "screens").rglob("*.py"):
        mine = screen_of(".".join(path.relative_to(REPO).with_suffix("").parts))
        for module in imports(path):
            assert not module.startswith("engine.rules"), f"{path} imports {module}"
            other = screen_of(module)
            assert other is None or other == mine, f"{path} imports the screen {other}"


def test_play_screens_reach_the_engine_only_through_the_game():
    for path in [*(UI / "screens" / "play").rglob("*.py"), UI / "screens" / "report.py", UI / "kit" / "gamemap.py"]:
        engine = {m.split(".")[0] + "." + m.split(".")[1] for m in imports(path) if m.startswith("engine.")}
        assert engine <= {"engine.game"}, f"{path} imports {engine}"


def test_no_class_in_the_ui_is_over_500_lines_and_the_play_screen_is_a_facade():
    sizes = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                sizes[f"{path.relative_to(REPO)}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert max(sizes.values()) <= 500, max(sizes.items(), key=lambda kv: kv[1])
    assert sizes["ui/screens/play/screen.py:PlayScreen"] <= 150


def test_the_play_controller_works_without_pygame():
    code = "import sys; import ui.screens.play.controller, ui.screens.replay.controller; print('pygame' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.strip() == "False", result.stderr
