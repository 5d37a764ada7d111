"""The pull prompt in the window: in learning mode or self-awareness practice (N), at a beat with a pull
(format 2), the trainee first says what they notice in themselves, then chooses the move; the answer is
kept in the turn and scored by the debrief. Played on the FORMAT.md course example."""

import pygame
import pytest
from profiles import course_example

from simulator.debrief import build_debrief
from simulator.engine.session import PULL_ANSWERS
from simulator.engine.vocabulary import PULL_NAMES
from simulator.ui.app import App
from simulator.ui.debrief_text import paras
from simulator.ui.synthetic import click_label, frame, press, shown

ANSWERS = [PULL_NAMES.get(k, "nothing in particular") for k in PULL_ANSWERS]


@pytest.fixture
def app():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    return app


def moves_on_screen(app) -> list[str]:
    return [h.label for h in frame(app).hits if h.label in [a.label for a in app.session_screen.actions()]]


def test_self_awareness_practice_asks_before_the_move_and_keeps_the_answer(app, shots_dir):
    screen = app.start_session(course_example())
    press(app, pygame.K_n)
    assert app.self_awareness and app.session.pull.kind == "fill_silence"
    frame(app)
    assert shown(app, "choices.title").startswith("What do you notice in yourself?")
    assert moves_on_screen(app) == ANSWERS
    pygame.image.save(app.surface, str(shots_dir / "pull_prompt.png"))
    press(app, pygame.K_t)  # the free-response box waits for the answer too
    assert screen.free_text is None and screen.asking_pull
    press(app, pygame.K_2)  # "reassure or soothe": not the pull of this moment
    assert screen.asking_pull is False
    assert moves_on_screen(app) == [app.session.move(m).label for m in app.session.options()]
    assert click_label(app, app.session.move("notice").label)
    turn = app.session.turns[-1]
    assert (turn.move, turn.pull, turn.pull_answer) == (
        "notice", {"kind": "fill_silence", "note": "the short answers and the coat left on"}, "reassure")


def test_learning_mode_asks_too_and_the_debrief_scores_the_answers(app):
    app.learning = True
    screen = app.start_session(course_example())
    press(app, pygame.K_1)  # fill the silence: the pull at the arrival
    assert not screen.asking_pull
    screen.choose("notice")
    asked = 0
    while not app.session.ended and asked < 12:
        frame(app)
        if screen.asking_pull:
            assert moves_on_screen(app) == ANSWERS
            press(app, pygame.K_9)  # nothing in particular
            asked += 1
        screen.choose(app.session.options()[0])
    answers = [(t.pull["kind"], t.pull_answer) for t in app.session.turns if t.pull]
    assert answers[0] == ("fill_silence", "fill_silence") and all(a == "nothing" for _, a in answers[1:])
    sa = build_debrief(app.session).self_awareness
    assert (sa.asked, sa.matched, len(sa.missed)) == (len(answers), 1, len(answers) - 1)
    text = " ".join(p.text for p in paras(build_debrief(app.session)))
    assert f"1 of {len(answers)} answers named the pull of that moment." in text


def test_without_either_mode_the_moves_come_straight_away(app):
    app.start_session(course_example())
    assert not app.session_screen.asking_pull
    assert moves_on_screen(app) == [app.session.move(m).label for m in app.session.options()]
    press(app, pygame.K_1)
    assert app.session.turns[-1].pull_answer is None


def test_taking_the_move_back_keeps_the_answer_for_the_same_moment(app):
    app.self_awareness = True
    screen = app.start_session(course_example())
    press(app, pygame.K_1)
    screen.choose("notice")
    press(app, pygame.K_BACKSPACE)
    assert app.session.turn == 0 and not screen.asking_pull
    screen.choose("fill_gap")
    assert app.session.turns[-1].pull_answer == "fill_silence"


@pytest.mark.parametrize("size, theme, scale", [((1024, 768), "normal", 1.0), ((1024, 768), "projector", 1.7)])
def test_the_prompt_leaves_the_patients_line_in_view(size, theme, scale):
    app = App(animate=False, theme=theme, scale=scale)
    app.surface = pygame.Surface(size)
    app.self_awareness = True
    screen = app.start_session(course_example())
    painter = frame(app)
    answers = [d for d in painter.drawn if d.role == "choice"]
    assert {d.text for d in answers} >= {"fill the silence", "placate", "disengage"}
    assert app.session.line.split(".")[0] in " ".join(d.text for d in painter.drawn if d.role != "choice")
    rects = screen.plan(painter).choice_rects
    assert len(rects) == len(ANSWERS) and not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1:])
    dialogue = screen.plan(painter).lay.dialogue
    assert all(not r.colliderect(dialogue) and r.bottom <= size[1] for r in rects)
