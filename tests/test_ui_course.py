"""A course of sessions plays in the window: the interval shows between sessions, the header names the session."""

import re

import pygame
import pytest

from conftest import PATIENTS
from simulator.profile_loader import load_profile_text
from simulator.ui.app import App
from simulator.ui.synthetic import frame, press, shown

DIGIT = {i: getattr(pygame, f"K_{i}") for i in range(1, 10)}


@pytest.fixture
def app():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    return app


def test_the_window_plays_a_course_and_shows_the_interval(app, tmp_path):
    doc = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    jo = load_profile_text(re.findall(r"```yaml\n(.*?)```", doc, re.S)[1], "jo.yaml")
    app.start_session(jo)
    assert "session first" in shown(app, "header")
    for move in ["notice", "invite"]:
        frame(app)
        press(app, DIGIT[app.session.options().index(move) + 1])
    assert app.session.session_id == "second"
    painter = frame(app)
    assert "A week later." in " ".join(d.text for d in painter.drawn)
    assert "turn 0 of 6 · session second" in shown(app, "header")
    assert "You moved my time again." in shown(app, "dialogue")
    pygame.image.save(app.surface, str(tmp_path / "course.png"))
