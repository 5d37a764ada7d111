"""The conversation is laid out only as far as it is shown, newest first: a resize with a long history lays
out one screenful, and paging back to the start lays out the rest and shows the opening line."""

import pygame
from profiles import load, profile

from simulator.ui.app import App
from simulator.ui.synthetic import frame, press, shown

TURNS = 150


def long_app(size=(1024, 768)):
    app = App(animate=False)
    app.surface = pygame.Surface(size)
    screen = app.start_session(load(profile(max_turns=TURNS + 5)))
    for _ in range(TURNS):
        screen.choose("ask")
    frame(app)
    return app, screen.dialogue


def laid_out(dialogue) -> int:
    return sum(e is not None for e in dialogue._exchanges)


def test_a_long_history_lays_out_only_what_is_in_view():
    app, dialogue = long_app()
    assert len(dialogue) == TURNS + 1 and laid_out(dialogue) < 40
    assert "Fine." in shown(app, "dialogue.patient") and "Hello." not in shown(app, "dialogue.patient")


def test_a_resize_forgets_the_layouts_and_lays_out_one_screenful_again():
    app, dialogue = long_app()
    before = dialogue._exchanges[-1]
    app.surface = pygame.Surface((1920, 1080))
    frame(app)
    assert dialogue._exchanges[-1] is not before and laid_out(dialogue) < 40
    assert shown(app, "dialogue.patient").split()[-1] == "Fine."


def test_paging_back_reaches_the_opening_and_the_height_becomes_exact():
    app, dialogue = long_app()
    for _ in range(400):
        if dialogue.scroll == dialogue.max_scroll and laid_out(dialogue) == len(dialogue):
            break
        press(app, pygame.K_PAGEUP)
    assert laid_out(dialogue) == len(dialogue)
    gap = dialogue._gap(dialogue._key[1])
    assert dialogue.total == sum(e.height for e in dialogue._exchanges) + gap * (len(dialogue) - 1)
    assert "Hello." in shown(app, "dialogue.patient")
    press(app, pygame.K_END)
    assert dialogue.scroll == 0 and shown(app, "dialogue.patient").split()[-1] == "Fine."


def test_a_short_history_starts_at_the_top_of_its_panel():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(load())
    painter = frame(app)
    inner_top = screen.plan(painter).lay.dialogue.y
    [opening] = [d for d in painter.drawn if d.role == "dialogue.patient"]
    assert opening.text == "Hello." and opening.rect.y - inner_top < 3 * painter.m.pad
