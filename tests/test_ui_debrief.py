"""The debrief in the front end, driven by synthetic events: a detection-mode session with Maya, flags
pressed on chosen turns, the questionnaire answered, the session saved, the debrief scored; past sessions
listed and reopened; learning mode's thought and counted hints."""

import json
import os
from pathlib import Path

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui import hooks
from simulator.ui.app import App
from simulator.ui.args import parser
from simulator.ui.debrief_flow import install
from simulator.ui.plain import plain
from simulator.ui.synthetic import click_label, frame, press, shown
from simulator.ui.theme import PROJECTOR

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]
DIGIT = {i: getattr(pygame, f"K_{i}") for i in range(0, 10)}


@pytest.fixture
def app():
    install()
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    app.draw(app.surface)
    yield app
    hooks.set_debrief(None)


def choose(app, move):
    if app.session_screen.asking_pull:  # learning mode asks what the trainee notices in themselves first
        press(app, DIGIT[9])  # "nothing in particular"
        assert not app.session_screen.asking_pull
    n = app.session.options().index(move) + 1
    press(app, DIGIT[n])


def clicked(app, label):
    frame(app)
    assert click_label(app, label), f"no button {label!r}; have {[h.label for h in app.hits]}"
    frame(app)


def read_all(app):
    """Every line of the debrief, paging from the top to the bottom as a reader would."""
    press(app, pygame.K_HOME)
    seen = []
    while True:
        seen += [d.text for d in frame(app).drawn if d.role == "debrief" and d.text not in seen]
        before = app.screen.flow.scroll
        press(app, pygame.K_PAGEDOWN)
        if app.screen.flow.scroll == before:
            return " ".join(seen)


def saved_files():
    return sorted((Path(os.environ["RUPTURE_DATA_DIR"]) / "sessions").glob("*.json"))


def play_detection(app, flag_turns=(0, 3, 5)):
    """Maya to repair in detection mode, R pressed on ``flag_turns``; ends on the end screen."""
    app.start_session(MAYA)
    press(app, pygame.K_d)
    assert app.detection and "meter" not in shown(app, "meter")
    for move in REPAIR:
        if app.session.turn in flag_turns:
            press(app, pygame.K_r)
        choose(app, move)
    if app.session.turn in flag_turns:
        press(app, pygame.K_r)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "end"
    return app.record


def read_debrief(app, pages: int = 6) -> str:
    """The debrief as shown, page by page with PgDn, from the top."""
    seen = []
    for _ in range(pages):
        seen.append(shown(app, "debrief"))
        press(app, pygame.K_PAGEDOWN)
    return " ".join(seen)


def answer_by_keys(app):
    """tension 4, resolved 5, bond 70, goals 55 (typed 50, then →), tasks 65; real left unanswered."""
    assert app.screen.name == "questionnaire"
    press(app, pygame.K_4)
    press(app, pygame.K_5)
    press(app, pygame.K_7)
    press(app, pygame.K_0)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_5)
    press(app, pygame.K_0)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_6)
    press(app, pygame.K_5)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)  # real: left unanswered
    assert app.screen.focus == 6  # the Done button
    press(app, pygame.K_RETURN)


def test_detection_session_flags_questionnaire_saved_and_scored(app):
    record = play_detection(app)
    assert record.detection_mode and record.flags == {0, 3, 5}
    assert saved_files() == []
    press(app, pygame.K_b)
    answer_by_keys(app)
    assert app.screen.name == "debrief"

    files = saved_files()
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["detection"] == {"flags": [0, 3, 5]}
    assert data["questionnaire"] == {"tension": 4, "resolved": 5, "bond": 70, "goals": 55, "tasks": 65}
    assert [t["move"] for t in data["turns"]] == REPAIR

    det = app.screen.debrief.detection
    assert [m.turn for m in det.markers] == [0, 1, 3]
    assert (len(det.hits), len(det.missed), det.false_alarms) == (2, 1, [5])
    text = read_debrief(app)
    lead = [plain(line) for line in app.screen.debrief.plain]
    assert text.startswith(" ".join(lead)) and lead[0].startswith("What happened: ") and lead[2].startswith("Try next: ")
    assert "2 hits of 3 markers (0 late) · 1 missed · 1 false alarm" in text
    assert "Turn 1: " in text and "missed" in text
    assert app.screen.saved == f"Saved as {files[0]}" and "Saved as" in text
    assert app.screen.marks == {"markers": [0, 1, 3], "repairs": app.screen.marks["repairs"], "pitfalls": [],
                                "flags": [0, 3, 5]}
    assert app.screen.marks["repairs"]  # Maya's repair line uses resolution strategies

    # the questionnaire against the simulation and the move-by-move review, further down
    q = {i.key: (i.answer, i.simulated) for i in app.screen.debrief.questionnaire.items}
    assert q["bond"] == (70, app.session.meters["bond"])
    everything = read_all(app)
    assert f"Bond (0–100): you 70, simulated {app.session.meters['bond']}" in everything
    assert "Turn 5: “" in everything and "Move by move" in everything

    # back to the end screen and into the debrief again: no second questionnaire, no second file
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "end"
    press(app, pygame.K_b)
    assert app.screen.name == "debrief" and len(saved_files()) == 1


def test_past_sessions_lists_and_reopens_the_saved_debrief(app):
    play_detection(app)
    press(app, pygame.K_b)
    answer_by_keys(app)
    app.go_title()
    frame(app)
    press(app, pygame.K_2)
    assert app.screen.name == "past_sessions"
    listed = shown(app, "past.session")
    assert "Maya" in listed and "resolved after 5 moves" in listed
    press(app, pygame.K_RETURN)
    assert app.screen.name == "debrief"
    det = app.screen.debrief.detection
    assert (len(det.hits), len(det.missed), len(det.false_alarms)) == (2, 1, 1)
    assert app.screen.debrief.questionnaire.items[0].answer == 4
    assert "2 hits of 3 markers" in read_debrief(app)
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "past_sessions"
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "title"


def test_a_broken_saved_file_is_listed_with_its_reason(app):
    folder = Path(os.environ["RUPTURE_DATA_DIR"]) / "sessions"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{ not json")
    clicked(app, "Past sessions")
    assert app.screen.name == "past_sessions"
    assert "broken.json: cannot be reopened" in shown(app, "past.session")
    press(app, pygame.K_RETURN)
    assert app.screen.name == "past_sessions" and "broken.json" in shown(app, "past.message")


def test_learning_mode_shows_the_thought_and_counts_hints(app):
    app.start_session(MAYA)
    frame(app)
    thought = "Please don't be disappointed in me."
    assert thought not in shown(app, "state")
    press(app, pygame.K_h)
    assert app.record.hints_used == 0 and "learning mode" in shown(app, "toast")
    press(app, pygame.K_l)
    assert app.learning and thought in shown(app, "state")
    press(app, pygame.K_h)
    assert app.top.name == "coach" and app.record.hints_used == 1
    assert "withdrawal marker" in shown(app, "overlay.message")
    press(app, pygame.K_ESCAPE)
    assert app.top is app.screen
    clicked(app, "Hint")
    assert app.record.hints_used == 2
    press(app, pygame.K_ESCAPE)
    for move in REPAIR:
        choose(app, move)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_b)
    press(app, pygame.K_ESCAPE)  # skip the questionnaire
    assert app.screen.name == "debrief" and app.screen.debrief.hints_used == 2
    assert "Coach hints asked for: 2." in read_all(app)
    data = json.loads(saved_files()[0].read_text())
    assert data["hints_used"] == 2 and "questionnaire" not in data and "detection" not in data


def test_learning_button_toggles_the_mode(app):
    app.start_session(MAYA)
    clicked(app, "Learn")
    assert app.learning
    clicked(app, "Learn")
    assert not app.learning


def test_questionnaire_by_mouse_and_missing_answers(app):
    app.start_session(MAYA)
    for move in REPAIR:
        app.session_screen.choose(move)
    app.show_end()
    clicked(app, "Debrief")
    assert app.screen.name == "questionnaire"
    clicked(app, "Done: see the debrief")
    assert app.screen.name == "questionnaire"
    assert "Please answer: tension, resolved, bond, goals, tasks" in shown(app, "q.problem")
    for label in ("tension 2", "resolved 3", "bond 40", "goals 85", "tasks 100", "real 0"):
        clicked(app, label)
    assert app.screen.answers() == {"tension": 2, "resolved": 3, "bond": 40, "goals": 85, "tasks": 100, "real": 0}
    assert "40" in shown(app, "q.value.bond")
    clicked(app, "Done: see the debrief")
    assert app.screen.name == "debrief"
    data = json.loads(saved_files()[0].read_text())
    assert data["questionnaire"]["real"] == 0 and data["questionnaire"]["tasks"] == 100
    assert "detection" not in data  # not played in detection mode
    assert "Not played in detection mode" in shown(app, "debrief")


def test_undo_takes_flags_off_lines_no_longer_there(app):
    app.start_session(MAYA)
    press(app, pygame.K_d)
    for move in REPAIR[:3]:
        choose(app, move)
    press(app, pygame.K_r)
    assert app.record.flags == {3}
    press(app, pygame.K_BACKSPACE)
    assert app.session.turn == 2 and app.record.flags == set() and app.flagged_turns == []
    press(app, pygame.K_r)
    press(app, pygame.K_r)  # a second R takes the flag back
    assert app.record.flags == set()


def test_data_dir_option_is_where_sessions_go(app, tmp_path):
    assert parser().parse_args(["--data-dir", str(tmp_path / "class")]).data_dir == str(tmp_path / "class")
    app.data_dir = str(tmp_path / "class")
    app.start_session(MAYA)
    for move in REPAIR:
        app.session_screen.choose(move)
    app.show_end()
    press(app, pygame.K_b)
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "debrief"
    assert len(list((tmp_path / "class" / "sessions").glob("*.json"))) == 1 and saved_files() == []


def test_a_session_that_cannot_be_saved_still_gets_its_debrief(app, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app.data_dir = str(blocker)
    app.start_session(MAYA)
    for move in REPAIR:
        app.session_screen.choose(move)
    app.show_end()
    press(app, pygame.K_b)
    press(app, pygame.K_ESCAPE)
    assert app.screen.name == "debrief"
    assert "Not saved: cannot save the session" in shown(app, "debrief")


def test_move_review_shows_the_better_move_the_search_found(app):
    app.start_session(MAYA)
    for move in ["start_worksheet", "start_worksheet", "ask_evidence", "ask_evidence", "ask_evidence"]:
        choose(app, move)
    assert app.session.ended == "dropout"
    press(app, pygame.K_RETURN)
    press(app, pygame.K_b)
    press(app, pygame.K_ESCAPE)
    moves = app.screen.debrief.moves
    # carrying on with the worksheet past her deferential "it's fine" is already the pitfall (§5)
    assert moves[0].better is not None and moves[0].better.move == "notice_hesitation"
    text = read_all(app)
    assert f"Better move on offer: “{moves[0].better.label}”" in text
    assert "Outcome: dropout after 5 moves" in text


def test_learning_mode_keeps_the_thought_when_the_left_column_is_tight(app):
    app.theme = PROJECTOR
    app.surface = pygame.Surface((1920, 1080))
    app.start_session(MAYA)
    frame(app)
    assert "Stage" in shown(app, "state.label")
    press(app, pygame.K_l)
    labels = shown(app, "state.label")
    assert "Thinking" in labels and "disappointed" in shown(app, "state")


def test_with_autosave_a_finished_session_is_kept_once_with_its_practice_fields(app):
    app.autosave = True
    app.data_dir = os.environ["RUPTURE_DATA_DIR"]
    play_detection(app)
    assert len(saved_files()) == 1  # the autosave filed it when it ended
    press(app, pygame.K_b)
    answer_by_keys(app)
    files = saved_files()
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["detection"] == {"flags": [0, 3, 5]} and data["questionnaire"]["tension"] == 4


def test_estimates_take_typed_numbers_and_arrows_step_by_five_from_the_value(app):
    """Typing 7 then 0 gives 70 (not 0); the first → on an empty estimate gives 5, not a jump to 50."""
    play_detection(app)
    press(app, pygame.K_b)
    q = app.screen
    estimate = next(k for k in q.keys if not q.is_rating(k))
    q.go(q.keys.index(estimate))
    press(app, pygame.K_7)
    press(app, pygame.K_0)
    assert q.values[estimate] == 70
    press(app, pygame.K_RIGHT)
    assert q.values[estimate] == 75
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)
    assert q.values[estimate] == 65
    q.values[estimate] = None
    press(app, pygame.K_RIGHT)
    assert q.values[estimate] == 5
    press(app, pygame.K_1)
    press(app, pygame.K_0)
    press(app, pygame.K_0)
    assert q.values[estimate] == 100
