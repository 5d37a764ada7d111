"""Synthetic input for driving the App without a person: tests, benchmarks, scripted demos."""

from __future__ import annotations

import pygame


def key(k: int, mod: int = 0, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0)


def text(s: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=s)


def click(pos: tuple[int, int], button: int = 1) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button)


def wheel(dy: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False)


def move(pos: tuple[int, int]) -> pygame.event.Event:
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def click_label(app, label: str) -> bool:
    """Click the centre of the button last drawn with ``label``; False when there is none."""
    for hit in reversed(app.hits):
        if hit.label == label:
            app.handle(click(hit.rect.center))
            return True
    return False


def frame(app):
    """Draw the app on its own surface; returns the painter, whose ``drawn`` lists every text shown."""
    return app.draw(app.surface)


def shown(app, role_prefix: str = "") -> str:
    """All text on screen now whose role starts with ``role_prefix``, joined by spaces."""
    return " ".join(d.text for d in frame(app).drawn if d.role.startswith(role_prefix))


def press(app, k: int, mod: int = 0) -> None:
    """Press a key and draw the frame that follows, as the real loop would."""
    app.handle(key(k, mod))
    frame(app)
