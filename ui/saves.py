"""Where games are saved, what a save holds, and the autosave that lets a game survive a crash.

No pygame here: the command line checks a save (and refuses a corrupt one in one line) without a
display. Every write goes through ``engine.records.save``, which writes atomically; nothing here
ever replaces a file the player named without being asked, and a save that cannot be read is
never overwritten (the autosave moves an unreadable one aside instead).

The folder is ``$IDLIB_WARGAME_HOME`` if set, else ``$XDG_DATA_HOME/idlib-wargame``, else
``~/.local/share/idlib-wargame``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from engine import DEFAULT_SCENARIO, ScenarioError
from engine.records import RecordError, load

AUTOSAVE = "autosave.json"
PREVIOUS_AUTOSAVE = "autosave-previous.json"


def home() -> Path:
    """The folder for saves, autosaves and reports (created when first written to)."""
    if os.environ.get("IDLIB_WARGAME_HOME"):
        return Path(os.environ["IDLIB_WARGAME_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "idlib-wargame"


def ensure_home() -> Path:
    folder = home()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def autosave_path() -> Path:
    return home() / AUTOSAVE


def scenario_folder(scenario_id: str, hint: str | os.PathLike | None = None) -> Path:
    """The folder of a scenario named in a save: the one in use if it has that id, else the bundled one."""
    if hint is not None and Path(hint).name == scenario_id and Path(hint).is_dir():
        return Path(hint)
    bundled = DEFAULT_SCENARIO.parent / scenario_id
    if bundled.is_dir():
        return bundled
    if hint is not None and Path(hint).is_dir():
        return Path(hint)  # let the game's own check say which scenario it belongs to
    raise RecordError(f"a game of scenario '{scenario_id}', which is not installed here")


@dataclass
class SaveInfo:
    """What the load list shows about one file, without re-simulating it."""

    path: Path
    ok: bool
    text: str  # one line: side, opponent, date reached - or why it cannot be loaded
    scenario: str = ""
    side: str = ""
    opponent: str = ""
    days: int = 0
    last_date: str = ""
    modified: float = 0.0
    finished: bool = False  # the save reached its game's last turn


def inspect(path: str | os.PathLike) -> SaveInfo:
    path = Path(path)
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    try:
        record = load(path)
    except RecordError as exc:
        return SaveInfo(path, False, str(exc).replace(f"{path}: ", ""), modified=modified)
    side, opponent = record.extra.get("side"), record.extra.get("opponent")
    if not side or not opponent:
        return SaveInfo(path, False, "a record of a headless run, not a saved game", record.scenario, modified=modified)
    played = len(record.days) - record.start_day  # a game from a later day keeps the days before it too
    last = record.days[-1].get("date", "") if len(record.days) > record.start_day else ""
    reached = f"after {last}" if last else "at the start"
    game = record.extra.get("playable", "campaign")
    text = f"{record.scenario} ({game}): {side} against the {opponent} opponent, {played} day(s) played ({reached})"
    info = SaveInfo(path, True, text, record.scenario, side, opponent, played, last, modified)
    return replace(info, finished=bool(last) and last == record.extra.get("last_turn"))


def list_saves(folder: Path | None = None) -> list[SaveInfo]:
    """Every .json file in the saves folder, newest first (unreadable ones included, marked)."""
    folder = folder or home()
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.json") if p.is_file() and not p.name.startswith(".")]
    infos = [inspect(p) for p in files]
    return sorted(infos, key=lambda i: (-i.modified, i.path.name))


def load_game(path: str | os.PathLike, scenario: str | os.PathLike | None = None):
    """A saved game, re-simulated and checked; RecordError (one clear line) if it cannot be used."""
    from engine.game import Game

    path = Path(path)
    record = load(path)  # RecordError for unreadable or foreign files
    try:
        folder = scenario_folder(record.scenario, scenario)
    except RecordError as exc:
        raise RecordError(f"{path}: {exc}") from None
    try:
        return Game.load(path, folder)
    except ScenarioError as exc:
        raise RecordError(f"{path}: the scenario {folder} has problems ({len(exc.problems)})") from None


def resume_offer(scenario_days=None) -> SaveInfo | None:
    """The autosave, if it holds a game that was not finished (the window was closed or the program stopped).

    ``scenario_days(scenario_id) -> int | None`` gives the length of a scenario; a game shorter than
    its scenario is unfinished.
    """
    path = autosave_path()
    if not path.is_file():
        return None
    info = inspect(path)
    if not info.ok:
        return info  # shown as a message: the autosave cannot be resumed (and is kept)
    days = scenario_days(info.scenario) if scenario_days else None
    if info.finished or (days is not None and info.days >= days):
        return None
    return info


def default_name(game) -> str:
    """A file name for a save that does not exist yet: side and date reached."""
    return unique_name(f"{game.side}-{game.date.isoformat()}")


def unique_name(stem: str, folder: Path | None = None) -> str:
    folder = folder or home()
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "game"
    name, k = f"{stem}.json", 2
    while (folder / name).exists():
        name, k = f"{stem}-{k}.json", k + 1
    return name


def clean_name(text: str) -> str:
    """A typed save name as a file name in the saves folder (no folders, .json added)."""
    text = text.strip()
    base = os.path.basename(text.replace("\\", "/"))
    base = re.sub(r"[^A-Za-z0-9_. -]+", "-", base).strip(" .")
    if not base:
        raise ValueError("type a name for the save")
    return base if base.lower().endswith(".json") else base + ".json"


class Autosaver:
    """Writes the autosave after every turn.

    The first write of a session keeps what was there: an earlier game's autosave becomes
    ``autosave-previous.json``; a file that is not a readable save is renamed aside, never
    overwritten. A resumed game owns the autosave it came from.
    """

    def __init__(self, path: Path | None = None, owned: bool = False):
        self.path = path or autosave_path()
        self.owned = owned
        self.message = ""

    def write(self, game) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.owned and self.path.exists():
            info = inspect(self.path)
            if info.ok:
                os.replace(self.path, self.path.with_name(PREVIOUS_AUTOSAVE))
                self.message = f"the earlier autosave is kept as {PREVIOUS_AUTOSAVE}"
            else:
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                aside = self.path.with_name(f"autosave-unreadable-{stamp}.json")
                os.replace(self.path, aside)
                self.message = f"the autosave there could not be read; it is kept as {aside.name}"
        self.owned = True
        game.save(self.path)
        return self.path
