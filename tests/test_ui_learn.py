"""The Learn screen: a plain glossary of every term the model uses, reached from the title, briefing, hint
and debrief, and back to where you were."""

import pygame

from simulator.debrief import glossary
from simulator.engine import catalogue
from simulator.engine import vocabulary as v
from simulator.ui.app import App
from simulator.ui.synthetic import click_label, frame, key, press, shown, wheel


def test_the_glossary_covers_every_term_in_plain_words():
    got = dict(glossary.sections())
    counts = [len(entries) for entries in got.values()]
    assert counts == [len(v.METERS), len(v.MARKERS), len(v.STAGE_ORDER), len(v.STRATEGIES), len(v.PRINCIPLES),
                      len(v.PULLS)]
    for entries in got.values():
        for term, text in entries:
            assert term and text and "§" not in term + text and "DOMAIN" not in text


def test_learn_opens_from_the_title_and_the_briefing_and_goes_back():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    frame(app)
    assert click_label(app, "Learn")
    painter = frame(app)
    assert app.screen.name == "learn"
    assert "Bond" in " ".join(d.text for d in painter.drawn if d.role == "learn")
    app.handle(key(pygame.K_ESCAPE))
    assert app.screen.name == "title"
    app.open_patient(catalogue.load("maya"))
    app.handle(key(pygame.K_g))
    assert app.screen.name == "learn"
    app.handle(key(pygame.K_ESCAPE))
    assert app.screen.name == "briefing"


def test_learn_from_the_coach_hint_returns_to_the_hint():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    app.start_session(catalogue.load("maya"))
    app.handle(key(pygame.K_l))
    app.handle(key(pygame.K_h))
    assert app.top.name == "coach"
    app.handle(key(pygame.K_g))
    assert app.screen.name == "learn"
    app.handle(key(pygame.K_ESCAPE))
    assert app.screen.name == "session" and app.top.name == "coach"


def test_learn_and_the_debrief_scroll_with_the_same_keys():
    from simulator.ui.screens.debrief_view import DebriefView
    from simulator.ui.screens.scrolling import ScrollsFlow

    assert issubclass(DebriefView, ScrollsFlow)
    app = App(animate=False)
    app.surface = pygame.Surface((1024, 768))
    app.open_learn()
    frame(app)
    flow = app.screen.flow
    press(app, pygame.K_END)
    assert flow.scroll == flow.max_scroll > 0
    press(app, pygame.K_HOME)
    assert flow.scroll == 0
    press(app, pygame.K_PAGEDOWN)
    assert flow.scroll == flow.page
    press(app, pygame.K_UP)
    assert flow.scroll == flow.page - app.scroll_step()
    app.handle(wheel(1))
    assert flow.scroll == flow.page - 2 * app.scroll_step()
    assert "Scroll" in shown(app, "toolbar")
    press(app, pygame.K_w)
    assert app.overlays[-1].name == "walkthrough"
