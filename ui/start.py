"""The start screen (`wargame` with no arguments) and the window loop that moves between screens.

Start: replay the record, play (the side and the opponent chosen here), load a saved game, quit;
and, when the autosave holds a game that was not finished (the window was closed, or the program
stopped), an offer to resume it. :func:`run_app` drives the start, play, report and replay screens
in one window.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from engine import load_scenario
from engine.game import Game
from engine.policies import POLICIES
from engine.records import RecordError

from . import colours as C
from . import saves
from .play_command import new_seed
from .widgets import Button, Ink, draw_box, font, wrap

SIZE = (1280, 800)
OPPONENT_TEXT = {
    "historical": "follows the record as a plan",
    "greedy": "attacks wherever the odds are good",
    "hold": "digs in and holds",
    "adaptive": "weighs attacks by short rollouts",
}


class StartScreen:
    def __init__(self, scenario_path: str | Path, size: tuple[int, int] = SIZE, message: str = ""):
        if not pygame.font.get_init():
            pygame.font.init()
        self.scenario_path = Path(scenario_path)
        self.scenario = load_scenario(self.scenario_path)
        self.size = size
        self.ink = Ink("start")
        self.side = self.scenario.playable[0]
        self.opponents = list(POLICIES)
        self.opponent = "historical" if "historical" in self.opponents else self.opponents[0]
        self.message = message
        self.mouse = (-1, -1)
        self.quit = False
        self.next: tuple | None = None
        self.loading: list[saves.SaveInfo] | None = None  # the load list, while open
        self.load_index = 0
        self._load_rects: list[tuple[pygame.Rect, int]] = []
        self._days: dict[str, int | None] = {self.scenario.id: self.scenario.days}
        self.resume = saves.resume_offer(self._scenario_days)
        if self.resume is not None and not self.resume.ok:
            self.message = (
                f"The autosave ({self.resume.path}) cannot be resumed: {self.resume.text}. It is kept as it is."
            )
            self.resume = None
        self._layout()

    def _scenario_days(self, scenario_id: str) -> int | None:
        if scenario_id not in self._days:
            try:
                self._days[scenario_id] = load_scenario(saves.scenario_folder(scenario_id, self.scenario_path)).days
            except Exception:  # noqa: BLE001 - a scenario that will not load: the offer says so on loading
                self._days[scenario_id] = None
        return self._days[scenario_id]

    # -- layout --------------------------------------------------------------------------------------
    def _layout(self) -> None:
        w, _ = self.size
        x, bw = w // 2 - 260, 520
        y = 250
        self.buttons: list[Button] = []
        if self.resume is not None:
            r = self.resume
            label = f"Resume: {r.side}, {r.days} day(s) played (C)"
            self.buttons.append(Button(pygame.Rect(x, y, bw, 40), label, self.do_resume, "C"))
            y += 52
        self.buttons.append(Button(pygame.Rect(x, y, bw, 40), "Play (P or Enter)", self.do_play, "P"))
        self.play_y = y
        y += 48 + 84
        self.side_buttons = []
        sw = (bw - 8) // max(1, len(self.scenario.playable))
        for i, side in enumerate(self.scenario.playable):
            self.side_buttons.append(
                Button(
                    pygame.Rect(x + i * (sw + 8), self.play_y + 72, sw, 30),
                    side.capitalize(),
                    lambda side=side: setattr(self, "side", side),
                    "S",
                    lambda side=side: self.side == side,
                )
            )
        ow = (bw - 6 * (len(self.opponents) - 1)) // max(1, len(self.opponents))
        self.opponent_buttons = []
        for i, name in enumerate(self.opponents):
            self.opponent_buttons.append(
                Button(
                    pygame.Rect(x + i * (ow + 6), self.play_y + 136, ow, 30),
                    name,
                    lambda name=name: setattr(self, "opponent", name),
                    "O",
                    lambda name=name: self.opponent == name,
                )
            )
        y = self.play_y + 196
        self.buttons.append(Button(pygame.Rect(x, y, bw, 40), "Replay the record (R)", self.do_replay, "R"))
        y += 52
        self.buttons.append(Button(pygame.Rect(x, y, bw, 40), "Load a saved game (L)", self.open_load, "L"))
        y += 52
        self.buttons.append(Button(pygame.Rect(x, y, bw, 40), "Quit (Q)", self.do_quit, "Q"))

    # -- actions -------------------------------------------------------------------------------------
    def do_play(self, seed: int | None = None) -> None:
        game = Game.new(self.scenario_path, self.side, self.opponent, seed or new_seed())
        self.next = ("play", game, saves.Autosaver())

    def do_resume(self) -> None:
        if self.resume is None:
            return
        try:
            game = saves.load_game(self.resume.path, self.scenario_path)
        except RecordError as exc:
            self.message = f"cannot resume: {exc}"
            self.resume = None
            self._layout()
            return
        self.next = ("play", game, saves.Autosaver(self.resume.path, owned=True))

    def do_replay(self) -> None:
        self.next = ("replay",)

    def do_quit(self) -> None:
        self.quit = True
        self.next = ("quit",)

    def open_load(self) -> None:
        self.loading = saves.list_saves()
        self.load_index = 0
        if not self.loading:
            self.message = f"no saved games in {saves.home()} yet"
            self.loading = None

    def load(self, info: saves.SaveInfo) -> None:
        try:
            game = saves.load_game(info.path, self.scenario_path)
        except RecordError as exc:
            self.message = str(exc)  # the file is refused, and left as it is
            return
        owned = info.path.resolve() == saves.autosave_path().resolve()
        self.loading = None
        self.next = ("play", game, saves.Autosaver(owned=owned))

    def cycle_side(self) -> None:
        sides = list(self.scenario.playable)
        self.side = sides[(sides.index(self.side) + 1) % len(sides)]

    def cycle_opponent(self) -> None:
        self.opponent = self.opponents[(self.opponents.index(self.opponent) + 1) % len(self.opponents)]

    # -- input ---------------------------------------------------------------------------------------
    def handle(self, event) -> None:
        if event.type == pygame.QUIT:
            self.do_quit()
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.loading is not None:
                for rect, i in self._load_rects:
                    if rect.collidepoint(event.pos):
                        self.load(self.loading[i])
                        return
                self.loading = None
                return
            for button in self.buttons + self.side_buttons + self.opponent_buttons:
                if button.click(event.pos):
                    return
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 3:
            self.loading = None
        elif event.type == pygame.KEYDOWN:
            k = event.key
            if self.loading is not None:
                if k == pygame.K_ESCAPE:
                    self.loading = None
                elif k == pygame.K_DOWN:
                    self.load_index = min(len(self.loading) - 1, self.load_index + 1)
                elif k == pygame.K_UP:
                    self.load_index = max(0, self.load_index - 1)
                elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self.load(self.loading[self.load_index])
                return
            action = {
                pygame.K_p: self.do_play,
                pygame.K_RETURN: self.do_play,
                pygame.K_KP_ENTER: self.do_play,
                pygame.K_r: self.do_replay,
                pygame.K_l: self.open_load,
                pygame.K_q: self.do_quit,
                pygame.K_ESCAPE: self.do_quit,
                pygame.K_s: self.cycle_side,
                pygame.K_o: self.cycle_opponent,
                pygame.K_c: self.do_resume,
            }.get(k)
            if action:
                action()

    def update(self, seconds: float) -> None:
        pass

    def texts(self) -> list[str]:
        return self.ink.strings()

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self.ink.clear()
        surface.fill(C.PANEL)
        w, h = self.size
        self.ink.text(surface, "idlib-wargame", (w // 2, 50), 34, C.TEXT, True, anchor="midtop")
        self.ink.text(surface, self.scenario.name, (w // 2, 100), 16, C.TEXT_DIM, anchor="midtop")
        intro = (
            "A turn-based operational wargame of the northwestern Syria offensive, one day a turn, "
            "from the record of one document. About a million people were displaced; the game shows "
            "civilian harm as a consequence of the fighting."
        )
        y = 132
        for line in wrap(intro, 13, 760):
            self.ink.text(surface, line, (w // 2, y), 13, C.TEXT_DIM, anchor="midtop")
            y += 18
        for button in self.buttons:
            button.draw(surface, self.ink, self.mouse)
        x = self.side_buttons[0].rect.x if self.side_buttons else w // 2 - 260
        self.ink.text(surface, "Command (S):", (x, self.play_y + 50), 13, C.TEXT_DIM)
        for button in self.side_buttons:
            button.draw(surface, self.ink, self.mouse)
        self.ink.text(
            surface,
            f"Against the computer (O): {self.opponent} — {OPPONENT_TEXT.get(self.opponent, '')}",
            (x, self.play_y + 114),
            13,
            C.TEXT_DIM,
        )
        for button in self.opponent_buttons:
            button.draw(surface, self.ink, self.mouse)
        if self.resume is not None:
            r = self.resume
            self.ink.text(
                surface,
                f"The autosave holds an unfinished game: {r.text}",
                (w // 2, 222),
                12,
                C.TEXT_ACCENT,
                anchor="midtop",
            )
        if self.message:
            for i, line in enumerate(wrap(self.message, 13, 900)[:3]):
                self.ink.text(surface, line, (w // 2, h - 70 + 18 * i), 13, C.TEXT_ACCENT, anchor="midtop")
        self.ink.text(surface, f"saves: {saves.home()}", (14, h - 22), 11, C.TEXT_DIM)
        if self.loading is not None:
            self._draw_load(surface)

    def _draw_load(self, surface) -> None:
        rows = self.loading[:14]
        rect = pygame.Rect(0, 0, 760, 90 + 24 * len(rows))
        rect.center = (self.size[0] // 2, self.size[1] // 2)
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 110))
        surface.blit(shade, (0, 0))
        draw_box(surface, rect, C.PANEL, C.TEXT_ACCENT, 250, 8)
        self.ink.text(
            surface,
            "Load a saved game (click, or Up/Down and Enter; Esc closes)",
            (rect.x + 18, rect.y + 14),
            16,
            C.TEXT_ACCENT,
            True,
        )
        y = rect.y + 50
        self._load_rects = []
        for i, info in enumerate(rows):
            row = pygame.Rect(rect.x + 14, y, rect.w - 28, 22)
            if i == self.load_index:
                pygame.draw.rect(surface, C.BUTTON_ACTIVE, row, border_radius=3)
            self.ink.text(surface, info.path.name, (row.x + 6, y + 3), 12, C.TEXT if info.ok else C.TEXT_DIM, True)
            text = info.text if info.ok else "cannot be loaded: " + info.text
            f = font(11)
            while f.size(text)[0] > row.w - 230 and len(text) > 4:
                text = text[:-2]
            self.ink.text(surface, text, (row.x + 220, y + 4), 11, C.TEXT if info.ok else C.TEXT_ACCENT)
            self._load_rects.append((row, i))
            y += 24


# -- the window ------------------------------------------------------------------------------------------
def finish_autosave(autosaver: saves.Autosaver, game: Game) -> Path | None:
    """A finished game's autosave is kept under its own name, so the next start does not offer to resume it."""
    path = autosaver.path
    if not (autosaver.owned and path.is_file()):
        return None
    target = path.with_name(saves.unique_name(f"finished-{game.side}-{game.date.isoformat()}", path.parent))
    game.save(target)
    path.unlink()
    return target


def report_png_path(game: Game) -> Path:
    folder = saves.ensure_home()
    return folder / saves.unique_name(f"report-{game.side}-{game.date.isoformat()}", folder).replace(".json", ".png")


def make_screen(target: tuple, scenario_path, size, current=None):
    """The screen a transition asks for."""
    from .play import PlayScreen
    from .postgame import ReportScreen, write_png

    kind = target[0]
    if kind == "menu":
        return StartScreen(scenario_path, size, message=getattr(current, "farewell", ""))
    if kind == "play":
        _, game, autosaver = target
        return PlayScreen(game, size, autosaver=autosaver, scenario_path=scenario_path)
    if kind == "report":
        game = target[1]
        autosaver = getattr(current, "autosaver", None)
        if autosaver is not None:
            try:
                if game.day > 0:
                    autosaver.write(game)
                finish_autosave(autosaver, game)
            except OSError:
                pass
        screen = ReportScreen(game, size)
        try:
            screen.png = write_png(screen, report_png_path(game))
        except (OSError, pygame.error):
            screen.png = None
        return screen
    if kind == "replay":
        from .replay import ReplayScreen
        from .replaydata import ReplayData

        scenario = load_scenario(scenario_path)
        screen = ReplayScreen(scenario, ReplayData(scenario), size=size)
        screen.playing = True
        return screen
    return None


def keep_unfinished_turn(screen) -> None:
    """Leaving a game with orders given but the turn not ended: autosave them too, so resuming loses nothing."""
    game, autosaver = getattr(screen, "game", None), getattr(screen, "autosaver", None)
    if game is None or autosaver is None or game.over or not game.pending:
        return
    try:
        autosaver.write(game)
    except OSError:
        pass  # the last turn's autosave stands; the window is closing and there is nobody to tell


def run_app(
    scenario_path, first: tuple = ("menu",), size: tuple[int, int] = SIZE, max_frames: int | None = None, events=None
) -> int:
    """Open the window and run the screens until the player quits (or ``max_frames``, for tests).

    ``events`` (tests): a callable ``frame -> list of pygame events`` posted before that frame.
    """
    window = pygame.display.set_mode(size)
    pygame.display.set_caption("idlib-wargame")
    pygame.key.set_repeat(350, 45)
    pygame.key.start_text_input()
    clock = pygame.time.Clock()
    screen = make_screen(first, scenario_path, size)
    frames, posted = 0, -1
    while screen is not None:
        if events is not None and posted < frames:
            posted = frames
            for e in events(frames):
                pygame.event.post(e)
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                keep_unfinished_turn(screen)
                return 0
            screen.handle(event)
        screen.update(clock.get_time() / 1000.0)
        nxt = getattr(screen, "next", None)
        if getattr(screen, "quit", False) or nxt is not None:
            if nxt is None:  # the replay's Q: back to the start screen
                nxt = ("menu",)
            keep_unfinished_turn(screen)
            if nxt[0] == "quit":
                return 0
            screen = make_screen(nxt, scenario_path, size, screen)
            continue
        screen.draw(window)
        pygame.display.flip()
        clock.tick(60)
        frames += 1
        if max_frames is not None and frames >= max_frames:
            break
    return 0
