"""The real front end, driven by synthetic key events through a whole session with Maya to resolution,
then rewound and played differently: what the engine holds and what the screen shows must agree."""

import pygame
import pytest

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.ui.app import App
from simulator.ui.synthetic import frame, press, shown

REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]
DIGIT = {i: getattr(pygame, f"K_{i}") for i in range(1, 10)}


@pytest.fixture
def app():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    return app


def choose(app, move):
    """Press the number key of ``move`` as the screen numbers it."""
    painter = frame(app)
    options = app.session.options()
    n = options.index(move) + 1
    label = app.session.move(move).label
    keys = [d.text for d in painter.drawn if d.role == "choice.key"]
    assert keys == [str(i) for i in range(1, len(options) + 1)]
    assert label.split()[0] in shown(app, "choice")
    press(app, DIGIT[n])


def test_keyboard_alone_plays_maya_to_repair_then_rewinds_and_branches(app):
    # title -> patients -> Maya's briefing -> the session, all by keyboard
    assert "not a clinical instrument" in shown(app)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "patients"
    ids = [e.id for e in app.screen.entries]
    for _ in range(ids.index("maya")):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "briefing"
    assert "Watch for" in shown(app)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "session" and app.session.patient.id == "maya"
    spec = app.session.patient.spec
    assert spec.opening.line.split("...")[0] in shown(app, "dialogue.patient")

    for move in REPAIR:
        choose(app, move)
        turn = app.session.last
        assert turn.move == move
        dialogue = shown(app, "dialogue")
        assert turn.says in shown(app, "dialogue.you")
        assert turn.patient in dialogue
        assert f"({turn.cue})" in shown(app, "dialogue.cue")
        assert turn.cue in shown(app, "cue")
        for delta in turn.deltas.values():
            assert f"{delta:+d}".replace("-", "−") in shown(app, "meter.delta")
        assert str(app.session.meters["bond"]) in shown(app, "meter.value")

    assert app.session.state == "repaired" and app.session.ended == "resolved"
    final = app.session.last.patient
    assert final in shown(app, "dialogue.patient")
    assert "See how the session ended" in shown(app, "choice")
    press(app, pygame.K_RETURN)
    assert app.screen.name == "end"
    text = shown(app)
    assert "Resolved" in text and spec.states["repaired"].epilogue.split(",")[0] in text
    assert f"bond {app.session.meters['bond']}" in shown(app, "chart.legend")

    # rewind the last choice from the end screen, and choose differently
    press(app, pygame.K_BACKSPACE)
    assert app.screen.name == "session"
    assert app.session.turn == 4 and app.session.ended is None
    assert final not in shown(app, "dialogue")
    choose(app, "one_more_go")
    branch = app.session.last
    assert branch.move == "one_more_go" and app.session.ended is None and app.session.state != "repaired"
    headless = Session(catalogue.load("maya"))
    for move in REPAIR[:4] + ["one_more_go"]:
        headless.choose(move)
    assert (app.session.beat, app.session.state, app.session.meters) == (headless.beat, headless.state, headless.meters)
    assert branch.patient in shown(app, "dialogue.patient")
    kind = app.session.kind
    assert f"State {app.session.state.replace('_', ' ')} ({kind})" in shown(app, "state")
    for delta in branch.deltas.values():
        assert f"{delta:+d}".replace("-", "−") in shown(app, "meter.delta")

    # Home: the history list rewinds to any earlier turn
    press(app, pygame.K_HOME)
    assert app.top.name == "history"
    assert len(app.top.entries()) == 6
    press(app, pygame.K_UP)
    press(app, pygame.K_UP)
    press(app, pygame.K_UP)
    press(app, pygame.K_RETURN)
    assert app.top.name == "session"
    assert app.session.turn == 2
    assert [t.move for t in app.session.turns] == REPAIR[:2]
    assert branch.patient not in shown(app, "dialogue")
    assert "own_part" in app.session.options()

    # and from there the conversation continues to resolution again
    for move in REPAIR[2:]:
        choose(app, move)
    assert app.session.ended == "resolved"


def test_the_window_plays_a_course_and_shows_the_interval(app, tmp_path):
    from profiles import course_example

    app.start_session(course_example())
    assert "session 1 of 2" in shown(app, "header")
    for move in ["notice", "invite"]:
        frame(app)
        press(app, DIGIT[app.session.options().index(move) + 1])
    assert app.session.session_id == "second"
    painter = frame(app)
    assert "A week later." in " ".join(d.text for d in painter.drawn)
    assert "turn 0 of 6 · session 2 of 2" in shown(app, "header")
    assert "You moved my time again." in shown(app, "dialogue")
    pygame.image.save(app.surface, str(tmp_path / "course.png"))
