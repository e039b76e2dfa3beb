"""Driving a screen with posted pygame events, as a window's loop would."""

import pygame

from ui import colours as C


def pump(screen, surface, frames: int = 2) -> None:
    """Handle the queued events, update and draw, a few times (the turn banner needs a drawn frame)."""
    for _ in range(frames):
        for event in pygame.event.get():
            screen.handle(event)
        screen.update(1 / 60)
        screen.draw(surface)


def key(k, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))


def type_text(text: str) -> None:
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))


def click(pos, button: int = 1) -> None:
    pos = (round(pos[0]), round(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))


def marker_family(colour) -> str:
    return min(C.MARKER, key=lambda f: sum((a - b) ** 2 for a, b in zip(C.MARKER[f], colour)))


def button(screen, label_start: str) -> pygame.Rect:
    """The rectangle of the button whose label starts with ``label_start`` in the screen's current frame."""
    sheet = screen.compose()
    return next(i.rect for i in sheet.items if i.text.startswith(label_start) and sheet.hits.at(i.rect.center))
