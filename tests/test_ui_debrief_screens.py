"""The questionnaire, debrief and past-sessions screens at the smallest and largest window sizes in both
themes: every line of text inside the window and its panel, no two lines overlapping, and no toast left
from play (the "Rupture flagged" message once covered the Back button). PNGs go to RUPTURE_SHOTS_DIR
when it is set (to look at them), else to the test's own folder."""

from itertools import combinations

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui import hooks
from simulator.ui.app import App
from simulator.ui.debrief_flow import install
from simulator.ui.synthetic import key

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]
SIZES = [(1024, 768), (1920, 1080), (3840, 2160)]
THEMES = ["normal", "projector"]


def check(painter, size):
    w, h = size
    window = pygame.Rect(0, 0, w, h)
    assert painter.drawn
    for d in painter.drawn:
        assert window.contains(d.rect), f"{d.text!r} at {d.rect} leaves the {w}x{h} window"
        assert d.panel.contains(d.rect), f"{d.text!r} ({d.role}) at {d.rect} leaves its panel {d.panel}"
    for a, b in combinations(painter.drawn, 2):
        assert not a.rect.colliderect(b.rect), f"{a.text!r} ({a.role}) overlaps {b.text!r} ({b.role})"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_screens_fit(size, theme, shots_dir):
    install()
    folder = shots_dir
    tag = f"{size[0]}x{size[1]}_{theme}"
    try:
        app = App(theme=theme, animate=False)
        surface = pygame.Surface(size)

        def shot(name):
            painter = app.draw(surface)
            check(painter, size)
            pygame.image.save(surface, str(folder / f"{name}_{tag}.png"))
            return painter

        app.start_session(MAYA)
        app.handle(key(pygame.K_d))
        for move in REPAIR:
            if app.session.turn in (0, 3):
                app.handle(key(pygame.K_r))
            app.session_screen.choose(move)
        app.handle(key(pygame.K_r))  # a toast "Rupture flagged at turn 5" is showing when the session ends
        app.show_end()
        app.handle(key(pygame.K_b))
        assert app.screen.name == "questionnaire"
        shot("questionnaire_empty")
        for k in (pygame.K_4, pygame.K_5, pygame.K_7, pygame.K_0, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_DOWN,
                  pygame.K_6, pygame.K_5):
            app.handle(key(k))
        shot("questionnaire")
        app.handle(key(pygame.K_DOWN))
        app.handle(key(pygame.K_DOWN))
        app.handle(key(pygame.K_RETURN))
        assert app.screen.name == "debrief"
        painter = shot("debrief_top")
        assert "Rupture flagged" not in painter.visible_text()
        assert painter.texts_in("chart.key") and painter.texts_in("debrief")
        app.handle(key(pygame.K_END))
        shot("debrief_end")
        app.go_title()
        app.open_past_sessions()
        shot("past_sessions")
    finally:
        hooks.set_debrief(None)
