"""One table of keys drives the README, the F1 help and the footer; key labels never vanish from the footer."""

from pathlib import Path

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.keys import KEYS, readme_rows
from simulator.ui.synthetic import frame, key

ROOT = Path(__file__).resolve().parent.parent


def test_readme_key_table_is_the_table_in_code():
    assert readme_rows((ROOT / "README.md").read_text(encoding="utf-8")) == list(KEYS)


@pytest.mark.parametrize("press", [key(pygame.K_F1), key(pygame.K_SLASH, pygame.KMOD_SHIFT, "?")], ids=["F1", "?"])
def test_help_lists_every_key(press):
    app = App(animate=False)
    app.surface = pygame.Surface((1024, 768))
    app.start_session(catalogue.load("maya"))
    app.handle(press)
    painter = frame(app)
    assert app.top.name == "help"
    assert [d.text for d in painter.drawn if d.role == "help.key"] == [k for k, _ in KEYS]
    app.handle(key(pygame.K_ESCAPE))
    assert not app.overlays


@pytest.mark.parametrize("theme", ["normal", "projector"])
@pytest.mark.parametrize("scale", [1.0, 1.7, 2.0])
def test_every_footer_chip_keeps_its_key_label(theme, scale):
    app = App(theme=theme, scale=scale, animate=False)
    app.surface = pygame.Surface((1024, 768))
    app.start_session(catalogue.load("maya"))
    painter = frame(app)
    labels = [d for d in painter.drawn if d.role == "toolbar"]
    keys = [d.text for d in painter.drawn if d.role == "toolbar.key"]
    assert len(keys) == len(labels) >= 3
    assert "F1" in keys and "Esc" in keys
