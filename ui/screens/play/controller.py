"""What the player chose and asked on the play screen, and the actions on it (no pygame).

The selection, the panel shown, the air mission being prepared, the dialog open, the messages;
every order goes to :class:`engine.game.Game`, and what may be ordered comes from its
``legal_orders``, so the screen offers exactly what the rules accept. The view reads this state;
the input calls these actions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from engine.game import AirMission, Attack, Ceasefire, DigIn, Game, KnownEvent, LegalOrders, Move, RecordError, Refit

from ... import saves
from ..transitions import ToHandOver, ToMenu, ToReport
from .describe import MISSION_LABEL, MISSIONS, arm_name, hex_name, order_text, results_text
from .log import EventLog
from .targets import Counter

TABS = ("Unit", "Air", "Truce", "Log", "Score")  # short enough for five tabs at 1366 px
FORMATION, AIR, DIPLOMACY, LOG, SCORE = range(5)


@dataclass
class AirChoice:
    arm: str | None
    kind: int = 0  # index into MISSIONS
    sorties: int = 10


@dataclass
class ConfirmAir:
    order: AirMission
    lines: list[str]


@dataclass
class SaveDialog:
    text: str
    error: str = ""
    armed: bool = False  # the name exists and Enter was pressed once: Enter again replaces it


@dataclass
class LoadDialog:
    items: list[saves.SaveInfo]
    index: int = 0
    error: str = ""


@dataclass
class FinishDialog:
    lines: list[str]


Dialog = ConfirmAir | SaveDialog | LoadDialog | FinishDialog


@dataclass(frozen=True)
class Focus:
    """A hex the map should show: centred (``always``, or when out of view), zoomed in until its
    counters and odds are readable (``readable``)."""

    hex: int
    readable: bool = False
    always: bool = False


class PlayController:
    def __init__(self, game: Game, autosaver: saves.Autosaver | None = None, scenario_path=None):
        self.autosaver = autosaver or saves.Autosaver()
        self.scenario_path = scenario_path
        self.fog = True
        self.ghost = False
        self.tab = FORMATION
        self.log = EventLog()
        self.message = ""  # the answer to the player's last action
        self.banner = ""  # what the last turn brought
        self.turn_requested = False
        self.next: ToMenu | ToReport | None = None
        self.focus: Focus | None = None  # for the view, which takes it
        self.flash: int | None = None  # the hex of the log entry jumped to
        self.version = 0
        self.set_game(game)

    def set_game(self, game: Game) -> None:
        self.game = game
        self.version += 1
        self.selected: int | None = None
        self.air = AirChoice(next(iter(game.sorties()), None))
        self.dialog: Dialog | None = None
        self._legal: dict = {}
        self._markers_key: tuple | None = None
        self._markers: list = []
        self._computer_started: int | None = None
        self.computer_thread: threading.Thread | None = None

    # -- what is shown --------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message = text

    def is_mine(self, f: int | None) -> bool:
        return f is not None and f in self.game.my_formations()

    def shown(self) -> list[int]:
        """The formations on the map: the player's, then the enemy's they can see."""
        mine = self.game.my_formations()
        return mine + [f for f in self.game.visible(self.fog) if f not in mine]

    def formations_at(self, h: int) -> list[int]:
        pos = self.game.state.position[0]
        return [f for f in self.shown() if int(pos[f]) == h]

    def legal(self, f: int | None) -> LegalOrders:
        """What the selected (or any own) formation may be ordered today (cached until an order changes)."""
        if not self.is_mine(f):
            return LegalOrders()
        key = (f, self.version, self.game.day, tuple(self.game.pending))
        if key not in self._legal:
            if len(self._legal) > 64:
                self._legal.clear()
            self._legal[key] = self.game.legal_orders(f)
        return self._legal[key]

    def markers(self) -> list:
        """What the map marks for the last day played (its air strikes, civilian harm, aircraft lost)."""
        key = (self.version, self.game.day)
        if self._markers_key != key:
            self._markers_key = key
            self._markers = self.game.markers() if self.game.day > self.game.start_day else []
        return self._markers

    def fid(self, f: int) -> str:
        return self.game.board.scenario.formations[f].id

    def hex_of(self, f: int) -> int:
        return int(self.game.state.position[0, f])

    @property
    def air_mode(self) -> bool:
        """A click on the map chooses an air target (the air panel is open, no dialog)."""
        return self.tab == AIR and self.air.arm is not None and self.dialog is None

    # -- selection -------------------------------------------------------------------------------------
    def select(self, f: int | None) -> None:
        self.selected = f
        if f is not None:
            self.tab = FORMATION
            if self.is_mine(f):
                self.focus = Focus(self.hex_of(f), readable=True)

    def cycle(self, step: int) -> None:
        mine = self.game.my_formations()
        if not mine:
            return
        i = (mine.index(self.selected) + step) % len(mine) if self.selected in mine else (0 if step > 0 else -1)
        self.select(mine[i])

    def set_tab(self, tab: int) -> None:
        self.tab = tab
        if tab == SCORE:
            self.computer_games()

    def computer_games(self) -> None:
        """Play the computer's games from this game's start in the background, once (the score compares)."""
        game = self.game
        if not game.setup.objectives or self._computer_started == id(game):
            return
        self._computer_started = id(game)
        sides = game.board.scenario.playable if game.hot_seat else (game.side,)
        self.computer_thread = threading.Thread(target=lambda: [game.computer(s) for s in sides], daemon=True)
        self.computer_thread.start()

    def computer_done(self) -> bool | None:
        """True once when the computer's games have just finished (the screen draws the score again),
        False while they are being played, None when none are under way."""
        if self.computer_thread is None:
            return None
        if self.computer_thread.is_alive():
            return False
        self.computer_thread = None
        return True

    def click_map(self, counters: list[Counter], h: int) -> None:
        """A click on the map: ``counters`` under the mouse (topmost first) and the hex there (-1: none).

        With one of the player's formations selected, a click on an enemy counter it may attack, or
        on a hex lit for a move or an attack, gives that order; a click on a counter otherwise selects
        it, and a click on the same stack again goes to the next counter in it.
        """
        if self.air_mode:
            if h >= 0:
                self.target_air(h)
            return
        if self.is_mine(self.selected):
            legal = self.legal(self.selected)
            attacks = {a.hex for a in legal.attacks}
            if counters and not self.is_mine(counters[0].formation) and counters[0].hex in attacks:
                self.give(Attack(self.fid(self.selected), counters[0].hex))
                return
            if not counters and h in attacks:
                self.give(Attack(self.fid(self.selected), h))
                return
            if not counters and h in legal.moves:
                self.give(Move(self.fid(self.selected), h))
                return
        if counters:
            stack = self.formations_at(counters[0].hex)[::-1]  # the top counter first
            if self.selected in stack and len(stack) > 1:
                self.select(stack[(stack.index(self.selected) + 1) % len(stack)])
            else:
                self.select(counters[0].formation)
        elif h >= 0 and self.formations_at(h):
            self.select(self.formations_at(h)[-1])
        else:
            self.select(None)

    # -- orders ---------------------------------------------------------------------------------------
    def give(self, order) -> bool:
        try:
            self.game.order(order)
        except ValueError as exc:
            self.say(str(exc))
            return False
        self.say(order_text(self.game, order))
        return True

    def dig_in(self) -> None:
        if self.is_mine(self.selected):
            self.give(DigIn(self.fid(self.selected)))

    def refit(self) -> None:
        if self.is_mine(self.selected):
            self.give(Refit(self.fid(self.selected)))

    def cancel_order(self) -> None:
        if self.is_mine(self.selected) and self.game.cancel(self.fid(self.selected)) is not None:
            self.say("order cancelled: the formation holds")

    def undo(self) -> None:
        order = self.game.undo()
        self.say(f"taken back: {order_text(self.game, order)}" if order else "no order to take back this turn")

    def propose(self) -> None:
        self.give(Ceasefire(self.game.side, accept=False))

    def accept(self) -> None:
        if not self.game.diplomacy().proposals.get(self.game.enemy_side):
            self.say("the other side has no ceasefire proposal open")
            return
        self.give(Ceasefire(self.game.side, accept=True))

    # -- the turn -------------------------------------------------------------------------------------
    def request_end_turn(self) -> None:
        """Ask for the day to resolve; the screen shows that it is resolving, then calls ``end_turn``. In a
        hot-seat game the first side's orders are kept and the game handed over to the other player."""
        if self.game.over:
            self.next = ToReport(self.game)
        elif self.game.hot_seat and self.game.enemy_side not in self.game.waiting:
            done = self.game.side
            self.game.hand_over()
            try:
                self.autosaver.write(self.game)  # the first side's orders survive a closed window
            except OSError:
                pass
            self.next = ToHandOver(self.game, self.autosaver, f"The {done} side has given its orders (hidden).")
        else:
            self.turn_requested = True

    def end_turn(self) -> None:
        """The computer gives its orders and the day resolves; autosave, and say what the day brought."""
        self.turn_requested = False
        day = self.game.date
        self.game.end_turn()
        try:
            self.autosaver.write(self.game)
            saved = ""
        except OSError as exc:
            saved = f"; autosave failed: {exc.strerror or exc}"
        self.banner = results_text(self.game, day, self.game.day_results(self.game.day - 1)) + saved
        if self.autosaver.message:
            self.banner += f" ({self.autosaver.message})"
            self.autosaver.message = ""
        self.message = ""
        if self.selected is not None and self.selected not in self.shown():
            self.selected = None
        if self.air.arm not in self.game.sorties():
            self.air.arm = next(iter(self.game.sorties()), None)
        if self.game.over:
            self.next = ToReport(self.game)
        elif self.game.hot_seat:  # the day resolved: back to the first side, behind the hand-over screen
            self.next = ToHandOver(self.game, self.autosaver, self.banner)

    def leave(self) -> None:
        """Leaving the game with orders given but the turn not ended: autosave them, so resuming loses nothing."""
        if self.game.over or not self.game.pending:
            return
        try:
            self.autosaver.write(self.game)
        except OSError:
            pass  # the last turn's autosave stands; the window is closing and there is nobody to tell

    def to_menu(self) -> None:
        self.next = ToMenu()

    # -- air ------------------------------------------------------------------------------------------
    def choose_arm(self, arm: str) -> None:
        self.air.arm = arm
        self.tab = AIR

    def next_arm(self) -> None:
        arms = list(self.game.sorties())
        if arms:
            self.air.arm = arms[(arms.index(self.air.arm) + 1) % len(arms)] if self.air.arm in arms else arms[0]
        self.tab = AIR

    def set_kind(self, kind: int) -> None:
        self.air.kind = kind % len(MISSIONS)
        self.tab = AIR

    def next_kind(self) -> None:
        self.set_kind(self.air.kind + 1)

    def more_sorties(self, step: int) -> None:
        left = self.game.sorties().get(self.air.arm, 0)
        self.air.sorties = max(1, min(max(left, 1), self.air.sorties + step))
        self.tab = AIR

    def air_sorties(self) -> int:
        """The sorties the next mission would fly: the number chosen, at most what is left today."""
        return max(1, min(self.air.sorties, self.game.sorties().get(self.air.arm, 0)))

    def target_air(self, h: int) -> None:
        """Open the confirmation of a mission on hex ``h``, with the people living there and the expected harm."""
        g = self.game
        if g.sorties().get(self.air.arm, 0) <= 0:
            self.say(f"{arm_name(g, self.air.arm)}: no sorties left today")
            return
        sorties, kind = self.air_sorties(), MISSIONS[self.air.kind]
        residents, harmed = g.civilian_risk(h, sorties)
        lines = [
            f"{sorties} sorties of {arm_name(g, self.air.arm)}: {MISSION_LABEL[kind].lower()}, "
            f"target {hex_name(g, h)}.",
            f"People living on and beside the hex: {residents:,}.",
            f"Expected civilians killed or injured (model estimate): {harmed:,}.",
            "Enter confirms; Esc cancels.",
        ]
        self.dialog = ConfirmAir(AirMission(self.air.arm, kind, int(h), int(sorties)), lines)

    # -- dialogs ----------------------------------------------------------------------------------------
    def open_save(self) -> None:
        try:
            name = saves.default_name(self.game)
        except OSError:
            name = "game.json"
        self.dialog = SaveDialog(name.removesuffix(".json"))

    def save_to(self, name: str, replace: bool = False) -> Path | None:
        """Save under ``name`` in the saves folder; an existing file is replaced only with ``replace``."""
        d = self.dialog if isinstance(self.dialog, SaveDialog) else SaveDialog(name)
        try:
            file = saves.clean_name(name)
        except ValueError as exc:
            d.error = str(exc)
            return None
        path = saves.home() / file
        if path.exists() and not replace:
            d.error, d.armed = f"{file} exists: Enter again replaces it; or change the name", True
            return None
        if path.exists() and saves.inspect(path).ok is False:
            d.error, d.armed = f"{file} is not a readable save; it is kept. Choose another name.", False
            return None
        try:
            saves.ensure_home()
            self.game.save(path)
        except OSError as exc:
            d.error = f"could not save: {exc.strerror or exc}"
            return None
        self.dialog = None
        self.say(f"saved to {path}")
        return path

    def open_load(self) -> None:
        self.dialog = LoadDialog(saves.list_saves())

    def load_from(self, path: str | Path) -> bool:
        """Load a save; a corrupt or foreign one is refused with its reason, and left as it is."""
        try:
            game = saves.load_game(path, self.scenario_path)
        except RecordError as exc:
            if isinstance(self.dialog, LoadDialog):
                self.dialog.error = str(exc)
            else:
                self.say(str(exc))
            return False
        owned = Path(path).resolve() == self.autosaver.path.resolve()
        self.autosaver = saves.Autosaver(self.autosaver.path, owned=owned)
        self.set_game(game)
        if game.hot_seat and not game.over:
            self.next = ToHandOver(game, self.autosaver, f"Loaded {Path(path).name}.")
        self.banner = f"loaded {Path(path).name}: {game.side}, turn {game.turn}, {game.date:%d %b %Y}"
        self.say("")
        return True

    def ask_finish(self) -> None:
        if self.game.over:
            self.next = ToReport(self.game)
            return
        left = self.game.end_day - self.game.day
        self.dialog = FinishDialog(
            [
                f"{self.game.date:%d %B %Y}: {left} turn(s) of the game remain.",
                "The report compares your dates with the record's.",
                "Enter finishes; Esc goes back to the map.",
            ]
        )

    def finish(self) -> None:
        self.dialog = None
        self.next = ToReport(self.game)

    def confirm(self) -> None:
        """Enter in a dialog: confirm the mission, save, load the chosen file, finish."""
        d = self.dialog
        if isinstance(d, ConfirmAir):
            self.dialog = None
            self.give(d.order)
        elif isinstance(d, SaveDialog):
            self.save_to(d.text, replace=d.armed)
        elif isinstance(d, LoadDialog) and d.items:
            self.load_row(d.index)
        elif isinstance(d, FinishDialog):
            self.finish()

    def load_row(self, index: int) -> None:
        d = self.dialog
        if isinstance(d, LoadDialog) and 0 <= index < len(d.items):
            d.index = index
            if self.load_from(d.items[index].path):
                self.dialog = None

    def close_dialog(self) -> None:
        self.dialog = None

    def dialog_text(self, text: str) -> None:
        if isinstance(self.dialog, SaveDialog):
            d = self.dialog
            d.text, d.armed, d.error = (d.text + text)[:60], False, ""

    def dialog_backspace(self) -> None:
        if isinstance(self.dialog, SaveDialog):
            d = self.dialog
            d.text, d.armed, d.error = d.text[:-1], False, ""

    def dialog_move(self, step: int) -> None:
        if isinstance(self.dialog, LoadDialog) and self.dialog.items:
            d = self.dialog
            d.index = max(0, min(len(d.items) - 1, d.index + step))

    # -- the rest ---------------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Esc / right-click: close the innermost thing open."""
        if self.dialog is not None:
            self.dialog = None
        elif self.log.typing:
            self.log.typing = False
        elif self.selected is not None:
            self.select(None)
        elif self.tab == AIR:
            self.tab = FORMATION
        else:
            self.message = ""

    def toggle_fog(self) -> None:
        if self.game.hot_seat:
            self.say("fog of war stays on in a hot-seat game: each side sees only what its units see")
            return
        self.fog = not self.fog
        self.say(
            "fog of war " + ("on: enemy formations shown only near yours" if self.fog else "off: every formation shown")
        )

    def toggle_ghost(self) -> None:
        self.ghost = not self.ghost

    def start_search(self, opened_by: str = "") -> None:
        self.tab = LOG
        self.log.start_typing(opened_by)

    def jump_to(self, event: KnownEvent) -> None:
        """Show an event of the log on the map: centre on its place, ring it."""
        b = self.game.board
        h = int(b.place_hex[event.place]) if event.place >= 0 else event.hex
        if h < 0:
            self.say("this entry has no place on the map")
            return
        self.focus = Focus(h, always=True)
        self.flash = h
        self.say(f"{b.date(event.day):%d %b}: {event.text}")
