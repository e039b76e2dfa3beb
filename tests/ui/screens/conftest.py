"""A pygame window for the screens' tests, of the size the test module names (its ``SIZE``)."""

import pygame
import pytest


@pytest.fixture(scope="module")
def surface(request):
    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(request.module.SIZE)
