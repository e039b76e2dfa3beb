"""The games, their score and the map a wargamer reads, as a person meets them: a real window under Xvfb,
keys held down with xdotool, screenshots at 1366x768 and 1920x1080 checked by what they must show (the
chosen game lit, HTS and government colours at known towns, the Saraqib posts' encirclement lifted on
27 and 28 February, the hand-over hiding the map). The screenshots are kept in $SHOTS_DIR when it is
set (e.g. SHOTS_DIR=/tmp/shots16), else in the test's folder."""

import os
import shutil
from pathlib import Path

import pygame
import pytest

from engine.game import Game
from tests.conftest import xvfb_display
from tests.helpers.paths import HISTORICAL, TUTORIAL
from tests.helpers.xdo import Person
from ui import colours as C
from ui.kit.metrics import scale_for, set_scale
from ui.screens.play.controller import SCORE
from ui.screens.play.screen import PlayScreen
from ui.screens.replay.screen import ReplayScreen
from ui.screens.start import StartScreen

needs_x = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("Xvfb", "xdotool", "import")),
    reason="needs Xvfb, xdotool and ImageMagick's import",
)
SIZES = ((1366, 768), (1920, 1080))


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def xvfb_wide():
    """A screen larger than 1920x1080, so that a window of that size fits beside the screen's edges."""
    with xvfb_display((2100, 1250)) as display:
        yield display


@pytest.fixture
def person(xvfb_wide, tmp_path, monkeypatch):
    monkeypatch.setenv("IDLIB_WARGAME_HOME", str(tmp_path / "home"))  # the same home in here as in the window
    people = []

    def start(*args):
        people.append(Person(xvfb_wide, [*args], tmp_path / "home", tmp_path))
        return people[-1]

    yield start
    for p in people:
        p.close()


def laid_out(app, size, path):
    """Resize the window (in the screen's corner, so that all of it is on the screen) and wait until a
    screenshot has the new size."""
    app.xdo("windowmove", app.window, "0", "0")
    app.resize(*size)
    return app.wait_for(lambda: (s := app.screenshot(path)).get_size() == size and s, f"the window at {size}")


def near(colour, wanted, tolerance=6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted))


def colours_near(shot, pos, box) -> list:
    x, y = pos
    (x0, x1), (y0, y1) = box
    w, h = shot.get_size()
    return [
        shot.get_at((a, b))[:3]
        for a in range(max(0, x + x0), min(w, x + x1))
        for b in range(max(0, y + y0), min(h, y + y1))
    ]


@needs_x
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_player_chooses_spring_shield_sees_the_factions_ground_and_the_score(person, shots, size, tmp_path):
    pygame.display.init()
    pygame.font.init()
    set_scale(scale_for(size))
    w, h = size
    app = person("start", str(HISTORICAL))
    app.wait_for(lambda: app.title() == "idlib-wargame", "the start screen")
    laid_out(app, size, tmp_path / "s.png")
    for _ in range(3):
        app.press("Down", 0.2)
    app.press("s", 0.3)
    expected = StartScreen(HISTORICAL, size)
    expected.game_index, expected.side = 3, "opposition"
    sheet = expected.compose()
    row = next(i.rect for i in sheet.items if i.text.startswith("Spring Shield, 27 February"))
    shot = app.wait_for(
        lambda: (
            near(
                (s := app.screenshot(shots / f"start-{w}x{h}.png")).get_at((row.x + 4, row.centery))[:3],
                C.BUTTON_ACTIVE,
            )
            and s
        ),
        "Spring Shield chosen",
    )
    briefing = next(i.rect for i in sheet.items if i.text == "Briefing for the opposition side")
    assert shot.get_at(briefing.topleft)[:3] != C.PANEL  # the briefing of the chosen side is drawn there

    app.press("Return", 0.3)
    app.wait_title("day 1 of 9")
    game = Game.new(HISTORICAL, side="opposition", seed=1, playable="spring_shield")
    play = PlayScreen(game, size, scenario_path=HISTORICAL)
    shot = app.wait_for(
        lambda: (s := app.screenshot(shots / f"play-spring-shield-{w}x{h}.png")).get_size() == size and s, "the map"
    )
    view = play.shell.map
    for place, family in (("idlib", "hts"), ("aleppo", "government"), ("salqin", "opposition")):
        around = colours_near(shot, view.place_position(place), ((-14, 14), (-14, 14)))  # the ground round the town
        assert any(near(c, C.AREA[family], 3) for c in around), (place, family)
    assert not any(
        near(c, C.AREA["hts"], 3) for c in colours_near(shot, view.place_position("aleppo"), ((-14, 14), (-14, 14)))
    )

    app.press("5", 0.2)
    play.controller.tab = SCORE  # in here, without playing the computer's games
    tab = next(i.rect for i in play.compose().items if i.text.startswith("5 Score"))
    app.wait_for(
        lambda: near(
            app.screenshot(shots / f"play-score-{w}x{h}.png").get_at((tab.x + 2, tab.centery))[:3], C.BUTTON_ACTIVE
        ),
        "the score panel",
    )
    # the computer's games are played in the background: the dim "being played" line becomes the comparison
    waiting = next(i.rect for i in play.compose().items if i.text.startswith("The computer's games from the same"))

    def compared():
        shot = app.screenshot(shots / f"play-score-{w}x{h}.png")
        return any(near(c, C.TEXT, 12) for c in colours_near(shot, waiting.topleft, ((0, waiting.w), (0, waiting.h))))

    app.wait_for(compared, "the computer's comparison", timeout=90)
    for _ in range(6):
        app.press("equal", 0.15)  # zoom in: counters with their strength and movement
    app.screenshot(shots / f"play-counters-{w}x{h}.png")
    app.press("q", 0.3)
    app.wait_for(lambda: app.title() == "idlib-wargame", "the start screen again")

    app.press("r", 0.3)
    app.wait_title("replay")
    app.press("space", 0.2)  # the replay opens playing: pause it
    app.press("j", 0.2)
    app.xdo("type", "--delay", "120", "2020-02-27")
    app.press("Return", 0.2)
    app.wait_title("27 Feb 2020")
    replay = ReplayScreen(play.controller.game.board.scenario, size=size)
    saraqib = replay.shell.map.place_position("saraqib")
    for day, name in ((27, "replay-2020-02-27"), (28, "replay-2020-02-28")):
        if day == 28:
            app.press("Right", 0.2)
            app.wait_title("28 Feb 2020")
        shot = app.wait_for(
            lambda name=name: (s := app.screenshot(shots / f"{name}-{w}x{h}.png")) and s.get_size() == size and s,
            f"the replay of {name}",
        )
        around = colours_near(shot, saraqib, ((0, 70), (-35, 6)))
        assert any(near(c, C.POST_LIFTED, 10) for c in around), name  # the posts' encirclement lifted
        assert not any(near(c, C.POST_ENCIRCLED, 10) for c in around), name
    app.press("j", 0.2)
    app.xdo("type", "--delay", "120", "2020-03-01")
    app.press("Return", 0.2)
    app.wait_title("01 Mar 2020")
    shot = app.wait_for(
        lambda: (s := app.screenshot(shots / f"replay-2020-03-01-{w}x{h}.png")) and s.get_size() == size and s,
        "the replay of 1 March",
    )
    # the villages the Syrian National Army took back that day: Turkish-backed ground
    around = colours_near(shot, replay.shell.map.place_position("halluba"), ((-10, 10), (-10, 10)))
    assert any(near(c, C.AREA["turkey"], 3) for c in around)
    app.press("q", 0.3)
    app.wait_for(lambda: app.title() == "idlib-wargame", "the start screen at the end")
    app.press("q", 0.3)
    assert app.wait_exit() == 0


@needs_x
def test_two_people_play_a_hot_seat_game_to_the_report(person, shots, tmp_path):
    pygame.display.init()
    size = (1366, 768)
    set_scale(scale_for(size))
    app = person("play", str(TUTORIAL), "--game", "saraqib", "--opponent", "human", "--seed", "4")
    app.wait_title("day 1 of 10")
    laid_out(app, size, tmp_path / "s.png")
    for day in range(1, 11):
        app.wait_title(f"government, day {day} of 10")
        app.press("Return", 0.2)  # the government's orders given: hand over
        app.wait_title("hand over to the opposition player")
        if day == 1:
            shot = app.screenshot(shots / "hotseat-handover-1366x768.png")
            centre = shot.get_at((size[0] // 2, size[1] - 60))[:3]
            assert centre == C.PANEL  # no map while the screen changes hands
        app.press("Return", 0.2)  # the opposition player takes the screen
        app.wait_title(f"opposition, day {day} of 10")
        app.press("Return", 0.2)  # the day resolves
        if day < 10:
            app.wait_title("hand over to the government player")
            app.press("space", 0.2)
    app.wait_title("after-action report")
    app.screenshot(shots / "hotseat-report-1366x768.png")
    app.press("Return", 0.3)
