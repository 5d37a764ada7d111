"""Past sessions hold one record per playthrough: an ending taken back and reached again, then the
questionnaire, is ONE entry with the earlier ending kept inside it as an attempt; the time shown is the
file's; the list filters by patient and shows the detection and self-awareness scores."""

import json
from datetime import datetime

import pygame
import pytest

from simulator.authoring.explore import explore
from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.storage.sessions_store import list_sessions, save_session
from simulator.ui import hooks
from simulator.ui.app import App
from simulator.ui.debrief_flow import install
from simulator.ui.synthetic import frame, press, shown

MAYA = catalogue.load("maya")
REPAIR = explore(MAYA).resolution_route  # her route as the engine finds it, not one the profile may drop
DIGIT = {i: getattr(pygame, f"K_{i}") for i in range(1, 10)}


@pytest.fixture
def app(tmp_path):
    install()
    app = App(animate=False, autosave=True)
    app.data_dir = str(tmp_path)
    app.surface = pygame.Surface((1280, 800))
    yield app
    hooks.set_debrief(None)


def choose(app, move):
    press(app, DIGIT[app.session.options().index(move) + 1])


def questionnaire(app):
    assert app.screen.name == "questionnaire"
    for k in (pygame.K_4, pygame.K_5, pygame.K_7, pygame.K_0, pygame.K_RETURN, pygame.K_5, pygame.K_0,
              pygame.K_RETURN, pygame.K_6, pygame.K_5, pygame.K_RETURN, pygame.K_RETURN, pygame.K_RETURN):
        press(app, k)
    assert app.screen.name == "debrief"


def test_an_ending_taken_back_and_reached_again_is_one_record_with_its_attempt(app, tmp_path, shots_dir):
    app.start_session(MAYA)
    press(app, pygame.K_d)
    press(app, pygame.K_r)  # the opening's withdrawal, flagged
    for move in REPAIR:
        choose(app, move)
    assert app.session.ended == "resolved"
    press(app, pygame.K_BACKSPACE)  # take the last move back ...
    assert not app.session.ended
    choose(app, REPAIR[-1])  # ... and end again
    press(app, pygame.K_RETURN)
    assert app.screen.name == "end"
    press(app, pygame.K_b)
    questionnaire(app)

    files = list((tmp_path / "sessions").glob("*.json"))
    assert len(files) == 1 and not list((tmp_path / "current").glob("*.json"))
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert data["questionnaire"]["tension"] == 4 and [t["move"] for t in data["turns"]] == REPAIR
    assert [(a["moves"], a["ended"]) for a in data["attempts"]] == [(REPAIR, "resolved")]
    [entry] = list_sessions(tmp_path)
    assert (entry.patient, entry.ended, entry.turns, entry.attempts) == ("maya", "resolved", 5, 1)
    assert entry.detection == (1, 3, 0)
    stamp = datetime.fromisoformat(entry.saved_at)
    assert files[0].name.startswith(f"{stamp:%Y%m%d-%H%M%S}-maya")  # the time listed is the file's

    app.go_title()
    frame(app)
    press(app, pygame.K_2)
    assert app.screen.name == "past_sessions"
    listed = shown(app, "past.session")
    assert "Maya" in listed and "1 earlier ending taken back" in listed and "flagged 1 of 3 markers" in listed
    assert entry.saved_at.replace("T", " ") in listed
    pygame.image.save(app.surface, str(shots_dir / "past_sessions.png"))


def test_the_list_filters_by_patient(app, tmp_path):
    for patient in (MAYA, catalogue.load("declan")):
        session = Session(patient)
        session.choose(session.options()[0])
        save_session(session, data_dir=tmp_path)
    app.open_past_sessions()
    frame(app)
    screen = app.screen
    assert len(screen.sessions) == 2 and screen.patients == ["Declan", "Maya"]
    press(app, pygame.K_f)
    assert [s.patient for s in screen.sessions] == ["declan"] and "Patient: Declan" in shown(app)
    press(app, pygame.K_f)
    assert [s.patient for s in screen.sessions] == ["maya"]
    press(app, pygame.K_f)
    assert len(screen.sessions) == 2
