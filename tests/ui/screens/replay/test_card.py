"""The replay's event cards open whole and show their places; the Saraqib posts' encirclement lifted."""

import datetime as dt

import pygame
import pytest

from engine import load_scenario
from tests.helpers.paths import HISTORICAL
from tests.helpers.screens import button, click, key, pump
from ui import colours as C
from ui.replaydata import ReplayData
from ui.screens.replay.screen import ReplayScreen

SIZE = (1366, 768)


@pytest.fixture(scope="module")
def data():
    return ReplayData(load_scenario(HISTORICAL))


def open_replay(data, date):
    screen = ReplayScreen(data.scenario, data, date=date, size=SIZE)
    return screen


def test_a_click_on_a_card_opens_the_whole_claim_and_shows_its_place(surface, data):
    pygame.event.clear()
    screen = open_replay(data, dt.date(2020, 2, 27))
    pump(screen, surface)
    quote = next(t for t in screen.texts() if t.startswith("\u201cThe counterattack also lifted"))
    card = next(i.rect for i in screen.items() if i.text == quote)
    click(card.center)
    pump(screen, surface)
    texts = screen.texts()
    assert any("lifted the encirclement of the four Turkish observation posts established" in t for t in texts)
    assert "Show Saraqib" in texts
    click(button(screen, "Show Saraqib").center)
    pump(screen, surface)
    c, view = screen.controller, screen.shell.map
    assert c.card is None and c.selected == "saraqib"
    x, y = view.place_position("saraqib")
    assert abs(x - view.rect.centerx) < 30 and abs(y - view.rect.centery) < 30


def test_esc_closes_an_opened_card(surface, data):
    pygame.event.clear()
    screen = open_replay(data, dt.date(2020, 2, 27))
    screen.controller.open_card(0, 0)
    pump(screen, surface)
    key(pygame.K_ESCAPE)
    pump(screen, surface)
    assert screen.controller.card is None


def ring_colours(surface, view, place):
    """Colours in a box beside a place, where its posts are drawn (right of and above its dot)."""
    x, y = view.place_position(place)
    return {surface.get_at((x + dx, y + dy))[:3] for dx in range(0, 60) for dy in range(-30, 5)}


def test_the_saraqib_posts_are_ringed_red_when_encircled_and_green_once_lifted(surface, data):
    for date, encircled in ((dt.date(2020, 2, 26), True), (dt.date(2020, 2, 27), False), (dt.date(2020, 2, 28), False)):
        screen = open_replay(data, date)
        view = screen.shell.map
        view.set_zoom(3)
        view.centre_on("saraqib")
        screen.draw(surface)
        colours = ring_colours(surface, view, "saraqib")
        assert (C.POST_ENCIRCLED in colours) == encircled, date
        assert (C.POST_LIFTED in colours) == (not encircled), date
        assert "post: encirclement lifted" in screen.texts()


def test_the_days_strikes_and_civilian_harm_are_marked(surface, data):
    screen = open_replay(data, dt.date(2020, 2, 3))
    markers = data.markers(dt.date(2020, 2, 3))
    assert any(m.kind == "civilian_harm" for m in markers)
    screen.draw(surface)
    assert "civilians killed or injured that day" in screen.texts()
