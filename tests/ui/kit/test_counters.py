"""Unit counters: APP-6 symbols from the library, echelon, strength and movement."""

import pygame
import pytest

from ui.kit.counters import CounterFace, draw_counter, sidc, strength_text, symbol_surface


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.init()
    yield


def test_the_symbol_code_carries_identity_echelon_and_type():
    code = sidc("infantry", "division", "friend")
    assert len(code) == 20 and code[3] == "3" and code[8:10] == "21" and code[10:16] == "121100"
    assert sidc("armour", "battalion", "hostile")[3] == "6"
    assert sidc("mechanised", "regiment", "friend")[8:16] == "17121102"


def test_a_friendly_frame_is_a_rectangle_and_a_hostile_one_a_diamond_filled_with_the_faction_colour():
    red, grey = (238, 146, 146), (206, 206, 200)
    friend = symbol_surface(sidc("infantry", "battalion", "friend"), red, 60)
    hostile = symbol_surface(sidc("infantry", "battalion", "hostile"), grey, 60)
    w, h = friend.get_size()
    # the rectangle's fill reaches beside the frame's corners; the diamond's does not
    assert friend.get_at((4, h * 2 // 3))[:3] == red
    assert friend.get_at((w - 5, h * 2 // 3))[:3] == red
    hw, hh = hostile.get_size()
    assert hostile.get_at((3, hh - 3)).a == 0 and hostile.get_at((hw - 3, hh - 3)).a == 0
    assert hostile.get_at((hw // 2, hh - 12))[:3] == grey
    assert friend.get_at((w // 2 - 8, 4)).a > 0 or friend.get_at((w // 2 + 8, 4)).a > 0  # echelon bars above
    assert hostile.get_height() == 60


def test_symbols_are_rendered_once_and_reused():
    a = symbol_surface(sidc("artillery", "company", "hostile"), (1, 2, 3), 30)
    assert symbol_surface(sidc("artillery", "company", "hostile"), (1, 2, 3), 30) is a


def test_strength_prints_exactly_or_as_the_band_fog_allows():
    assert strength_text(1250, 1250) == "1.2k" and strength_text(950, 950) == "950"
    assert strength_text(1000, 2000) == "1k-2k"
    assert strength_text(0, 250) == "<250"
    assert strength_text(8000, -1) == "8k+"


def test_a_counter_shows_strength_and_movement_when_there_is_room():
    face = CounterFace("infantry", "regiment", "friend", (238, 146, 146), (1250, 1250), (2, 4))
    big, small = pygame.Surface((60, 50)), pygame.Surface((22, 20))
    big.fill((0, 128, 0))
    small.fill((0, 128, 0))
    draw_counter(big, big.get_rect(), face)
    draw_counter(small, small.get_rect(), face)
    ink = lambda s, rows: sum(s.get_at((x, y))[:3] == (20, 20, 24) for x in range(s.get_width()) for y in rows)  # noqa: E731
    assert ink(big, range(38, 48)) > 10  # the strength and movement line
    assert small.get_at((11, 10))[:3] != (0, 128, 0)  # a symbol, no text
