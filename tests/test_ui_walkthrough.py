"""The first-run walkthrough: offered at the first start only, skippable at every step, kept as seen in the
settings, and offered again from the Learn screen."""

import json

import pygame
import pytest

from simulator.ui import settings
from simulator.ui.app import App
from simulator.ui.screens.walkthrough import STEPS
from simulator.ui.synthetic import click_label, frame, press, shown


@pytest.fixture
def app(tmp_path):
    app = App(animate=False)
    app.use_settings(tmp_path)
    app.surface = pygame.Surface((1280, 800))
    return app


def test_it_walks_through_every_step_and_is_then_kept_as_seen(app, tmp_path, shots_dir):
    assert not app.walkthrough_seen
    app.open_walkthrough()
    titles = []
    for _ in STEPS:
        frame(app)
        titles.append(shown(app, "overlay.title"))
        if len(titles) == 3:
            pygame.image.save(app.surface, str(shots_dir / "walkthrough_markers.png"))
        press(app, pygame.K_1)
    assert titles == [f"Walkthrough {i + 1} of {len(STEPS)}: {t}" for i, (t, _) in enumerate(STEPS)]
    assert not app.overlays and app.walkthrough_seen
    assert json.loads((tmp_path / settings.FILE).read_text())["walkthrough_seen"] is True
    again = App(animate=False)
    again.use_settings(tmp_path)
    assert again.walkthrough_seen


def test_it_can_be_skipped_at_any_step(app):
    app.open_walkthrough()
    press(app, pygame.K_1)
    frame(app)
    assert "Markers" not in shown(app, "overlay.title") and "The meters" in shown(app, "overlay.title")
    assert click_label(app, "Skip the walkthrough")
    assert not app.overlays and app.walkthrough_seen
    app.walkthrough_seen = False
    app.open_walkthrough()
    press(app, pygame.K_ESCAPE)
    assert not app.overlays and app.walkthrough_seen


def test_the_learn_screen_offers_it_again(app):
    app.walkthrough_seen = True
    app.open_learn()
    frame(app)
    assert click_label(app, "Walkthrough of the screen")
    frame(app)
    assert app.top.name == "walkthrough" and shown(app, "overlay.title").startswith("Walkthrough 1 of")
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "learn" and not app.overlays
    press(app, pygame.K_w)
    assert app.top.name == "walkthrough"
