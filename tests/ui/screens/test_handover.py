"""A hot-seat game between the players' turns: the hand-over screen hides one side's view from the other."""

import pygame
import pytest

from engine.game import DigIn, Game
from tests.helpers.paths import TUTORIAL
from tests.helpers.screens import key, pump
from ui import colours as C
from ui import saves
from ui.screens.handover import HandOverScreen
from ui.screens.play.screen import PlayScreen
from ui.screens.transitions import ToHandOver, ToPlay, ToReport

SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def home(wargame_home):
    return wargame_home


def test_enter_hands_over_hiding_the_map_and_the_other_player_takes_it(surface):
    pygame.event.clear()
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=4, playable="saraqib")
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    fid = game.board.scenario.formations[game.my_formations()[0]].id
    game.order(DigIn(fid))
    key(pygame.K_RETURN)
    pump(play, surface)
    hand = play.controller.next
    assert isinstance(hand, ToHandOver) and game.side == "opposition" and game.waiting == {"government": [DigIn(fid)]}
    screen = HandOverScreen(hand.game, hand.autosaver, hand.message, SIZE)
    pump(screen, surface)
    texts = screen.texts()
    assert "Pass the screen to the opposition player." in texts
    assert not any("Saraqib" == t for t in texts)  # no map, no place names
    assert surface.get_at((SIZE[0] // 2, SIZE[1] - 40))[:3] == C.PANEL  # nothing of the map drawn
    assert saves.inspect(saves.autosave_path()).ok  # the first side's orders are autosaved
    key(pygame.K_RETURN)
    pump(screen, surface)
    assert isinstance(screen.next, ToPlay) and screen.next.game.side == "opposition"


def test_two_players_play_a_hot_seat_game_to_the_end(surface):
    pygame.event.clear()
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=4, playable="saraqib")
    autosaver = saves.Autosaver()
    turns = 0
    while True:
        play = PlayScreen(game, SIZE, autosaver, TUTORIAL)
        pump(play, surface, 1)
        key(pygame.K_RETURN)
        pump(play, surface, 3)
        nxt = play.controller.next
        if isinstance(nxt, ToReport):
            break
        assert isinstance(nxt, ToHandOver)
        between = HandOverScreen(nxt.game, nxt.autosaver, nxt.message, SIZE)
        pump(between, surface, 1)
        key(pygame.K_SPACE)
        pump(between, surface, 1)
        assert isinstance(between.next, ToPlay)
        turns += game.side == "government"
        assert turns <= 20
    assert game.over and game.turn == game.setup.turns + 1
    assert {game.standing(s).side for s in ("government", "opposition")} == {"government", "opposition"}


def test_fog_of_war_cannot_be_lifted_in_a_hot_seat_game(surface):
    pygame.event.clear()
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=4)
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    key(pygame.K_f, unicode="f")
    pump(play, surface)
    assert play.controller.fog and "stays on" in play.controller.message


def test_a_resumed_hot_seat_game_opens_behind_the_hand_over(surface):
    from ui.screens.start import StartScreen

    pygame.event.clear()
    game = Game.new(TUTORIAL, side="government", opponent="human", seed=4, playable="saraqib")
    play = PlayScreen(game, SIZE, saves.Autosaver(), TUTORIAL)
    key(pygame.K_RETURN)
    pump(play, surface)  # the government's orders given, handed over and autosaved; the window is closed
    start = StartScreen(TUTORIAL, SIZE)
    pump(start, surface)
    start.do_resume()
    assert isinstance(start.next, ToHandOver) and start.next.game.side == "opposition"
    assert start.next.game.waiting == {"government": []}
