"""The session runner: one object plays, saves, records, resumes, replays and keeps a playthrough, and every
front end (the window, ``rupture text``) resumes a save under its one policy, on its own patient only."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pygame
import pytest
from conftest import PATIENTS

from simulator.cli import main
from simulator.commands.run import random_playthrough as run_random
from simulator.debrief.record import PlayRecord
from simulator.engine import catalogue
from simulator.engine.profile_loader import load_profile
from simulator.play.session_runner import SessionRunner, TurnUnavailable, random_playthrough
from simulator.storage import transcript
from simulator.storage.autosave import Autosave, CannotResume, Found
from simulator.storage.records import TranscriptError
from simulator.ui.app import App
from simulator.ui.synthetic import click_label, frame, press, shown

MAYA = catalogue.load("maya")
DECLAN = catalogue.load("declan")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]


def saved(auto: Autosave) -> dict:
    return json.loads(auto.path.read_text(encoding="utf-8"))


def saved_moves(auto: Autosave) -> list[str]:
    return [t["move"] for t in saved(auto)["turns"]]


def kept_files(data: Path) -> list[Path]:
    return sorted((data / "sessions").glob("*.json"))


def test_every_change_is_saved_with_its_flags_and_hints(tmp_path):
    auto = Autosave("maya", tmp_path)
    runner = SessionRunner(MAYA, 0, auto, PlayRecord(detection_mode=True))
    for move in REPAIR[:3]:
        runner.choose(move)
        assert saved_moves(auto) == runner.moves
    assert runner.toggle_flag() is True
    runner.hint()
    assert saved(auto)["detection"] == {"flags": [3]}
    assert runner.undo() and saved_moves(auto) == REPAIR[:2]
    assert saved(auto)["detection"] == {"flags": []} and saved(auto)["hints_used"] == 1
    runner.rewind_to(1)
    assert saved_moves(auto) == REPAIR[:1]
    assert runner.toggle_flag() is True and runner.toggle_flag() is False
    assert saved(auto)["detection"] == {"flags": []}


def test_nothing_is_written_before_the_first_move(tmp_path):
    auto = Autosave("maya", tmp_path)
    runner = SessionRunner(MAYA, 0, auto)
    assert runner.undo() is False
    assert not (tmp_path / "current").exists()


def test_a_pull_answer_goes_with_the_move_and_stays_when_it_is_taken_back():
    from profiles import course_example

    runner = SessionRunner(course_example())
    assert runner.session.pull is not None and runner.noticed is None
    runner.answer_pull("fill_silence")
    runner.choose("notice")
    assert runner.session.turns[0].pull_answer == "fill_silence"
    runner.undo()
    assert runner.noticed == "fill_silence"


def test_an_ending_is_kept_once_per_playthrough_with_the_earlier_ending_inside(tmp_path):
    auto = Autosave("maya", tmp_path)
    runner = SessionRunner(MAYA, 0, auto)
    for move in REPAIR:
        runner.choose(move)
    assert runner.session.ended == "resolved"
    [first] = kept_files(tmp_path)
    assert runner.kept == first and not list((tmp_path / "current").glob("*.json"))
    runner.toggle_flag()  # a flag after the end files nothing twice
    assert kept_files(tmp_path) == [first]
    runner.undo()
    runner.choose(REPAIR[-1])
    [only] = kept_files(tmp_path)
    data = json.loads(only.read_text(encoding="utf-8"))
    assert [t["move"] for t in data["turns"]] == REPAIR
    assert [a["moves"] for a in data["attempts"]] == [REPAIR]


def test_keep_puts_the_questionnaire_in_place_of_the_autosaved_ending(tmp_path):
    runner = SessionRunner(MAYA, 0, Autosave("maya", tmp_path))
    for move in REPAIR:
        runner.choose(move)
    answers = {"tension": 3, "resolved": 4, "bond": 60, "goals": 55, "tasks": 50}
    assert runner.answer_questionnaire(answers) == []
    path = runner.keep(tmp_path)
    assert kept_files(tmp_path) == [path]
    assert json.loads(path.read_text(encoding="utf-8"))["questionnaire"] == answers


def test_a_folder_that_cannot_be_written_is_said_once_and_play_goes_on(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    problems: list[OSError] = []
    runner = SessionRunner(MAYA, 0, Autosave("maya", blocked), on_save_error=problems.append)
    for move in REPAIR[:3]:
        runner.choose(move)
    assert len(problems) == 1 and runner.autosave is None and runner.session.turn == 3


def test_a_save_resumes_to_the_same_turns_with_its_flags_and_hints(tmp_path):
    auto = Autosave("maya", tmp_path)
    first = SessionRunner(MAYA, 4, auto, PlayRecord(detection_mode=True))
    for move in REPAIR[:3]:
        first.choose(move)
        first.toggle_flag()
    first.hint()
    first.undo()
    back = SessionRunner.from_save(Autosave("maya", tmp_path).pending(), MAYA, record=PlayRecord(detection_mode=True))
    assert back.note is None and back.session.seed == 4
    assert [t.to_json() for t in back.session.turns] == [t.to_json() for t in first.session.turns]
    assert back.record.flags == {1, 2} and back.record.hints_used == 1
    not_detecting = SessionRunner.from_save(Autosave("maya", tmp_path).pending(), MAYA)
    assert not_detecting.record.flags == set() and not_detecting.record.hints_used == 1


def test_a_save_or_transcript_of_another_patient_is_refused(tmp_path):
    auto = Autosave("maya", tmp_path)
    SessionRunner(MAYA, 0, auto).choose(REPAIR[0])
    found = auto.pending()
    with pytest.raises(CannotResume, match="patient: it is a session with patient 'maya', not 'declan'"):
        SessionRunner.from_save(found, DECLAN)
    with pytest.raises(TranscriptError, match="patient: it is a session with patient 'maya', not 'declan'"):
        SessionRunner.from_transcript(found.data, DECLAN)
    with pytest.raises(CannotResume, match="is not complete JSON"):
        SessionRunner.from_save(Found(auto.path, None, "is not complete JSON"), MAYA)


def test_the_replay_loop_stops_at_the_move_not_on_offer_and_keeps_what_it_played():
    runner = SessionRunner(MAYA)
    with pytest.raises(TurnUnavailable) as info:
        runner.play([REPAIR[0], "no_such_move", REPAIR[1]])
    assert (info.value.number, info.value.index) == (2, 1) and str(info.value).startswith("turn 2: move 'no_such_move'")
    assert runner.moves == REPAIR[:1]


def test_a_transcript_replays_and_says_when_the_profile_changed(tmp_path):
    runner = SessionRunner(MAYA, 2)
    runner.play(REPAIR[:3])
    data = transcript.to_json(runner.session)
    again = SessionRunner.from_transcript(data, MAYA)
    assert again.moves == REPAIR[:3] and again.session.seed == 2 and not again.profile_changed
    assert SessionRunner.from_transcript(dict(data, profile_sha256="0" * 64), MAYA).profile_changed


def test_one_random_player_for_run():
    assert run_random is random_playthrough
    a, b = random_playthrough(MAYA, 5), random_playthrough(MAYA, 5)
    assert [t.move for t in a.turns] == [t.move for t in b.turns] and a.ended


# -- the terminal path ------------------------------------------------------------------------

def test_the_terminal_sets_aside_a_save_holding_another_patient(tmp_path, capsys, monkeypatch):
    auto = Autosave("declan", tmp_path)
    SessionRunner(DECLAN, 0, auto).choose(SessionRunner(DECLAN).session.options()[0])
    current = tmp_path / "current"
    disguised = current / "maya--20240101-000000-00000000.json"
    auto.path.rename(disguised)
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    assert main(["text", "maya", "--data-dir", str(tmp_path), "--resume"]) == 0
    err = capsys.readouterr().err
    assert f"{disguised}: patient: it is a session with patient 'declan', not 'maya'" in err
    assert [p.name.split(".json.")[1].split("-")[0] for p in current.glob("maya--*.json.*")] == ["corrupt"]


def test_the_terminal_resumes_flags_in_detection_mode(tmp_path, capsys, monkeypatch):
    record = PlayRecord(detection_mode=True)
    runner = SessionRunner(MAYA, 0, Autosave("maya", tmp_path), record)
    runner.choose(REPAIR[0])
    runner.toggle_flag()
    monkeypatch.setattr("sys.stdin", io.StringIO("r\nq\n"))  # r takes back the flag kept from the save
    assert main(["text", "maya", "--data-dir", str(tmp_path), "--resume", "--detect"]) == 0
    assert "Flag taken back." in capsys.readouterr().out


# -- the window path --------------------------------------------------------------------------

def new_app(data: Path) -> App:
    app = App(animate=False, autosave=True)
    app.data_dir = str(data)
    app.surface = pygame.Surface((1280, 800))
    return app


def test_the_window_refuses_a_save_for_another_patient_and_keeps_it(tmp_path, shots_dir):
    auto = Autosave("maya", tmp_path)
    SessionRunner(MAYA, 0, auto).choose(REPAIR[0])
    save = auto.path
    before = save.read_bytes()
    app = new_app(tmp_path)
    from simulator.ui.saving import _waiting, resume_found

    [(_, found)] = _waiting(app)  # what the offer finds; the resume then names the patient to play it on
    resume_found(app, DECLAN, found)
    assert app.top.name == "notice"
    text = shown(app, "overlay")
    assert "cannot be resumed" in text and "patient 'maya', not 'declan'" in text
    pygame.image.save(app.surface, str(shots_dir / "resume_refused_other_patient.png"))
    [aside] = save.parent.glob(f"{save.name}.refused-*")
    assert aside.read_bytes() == before and app.session is None


def test_the_window_offers_a_save_on_its_own_patient_even_when_its_profile_path_names_another(tmp_path):
    declan = tmp_path / "declan.yaml"
    shutil.copy(PATIENTS / "declan.yaml", declan)
    auto = Autosave("maya", tmp_path)
    SessionRunner(MAYA, 0, auto).choose(REPAIR[0])
    data = saved(auto)
    data["profile_path"], data["profile_sha256"] = str(declan), load_profile(declan).sha256
    auto.path.write_text(json.dumps(data), encoding="utf-8")
    app = new_app(tmp_path)
    assert app.offer_resume()
    assert "Maya" in shown(app, "overlay")
    frame(app)
    assert click_label(app, "Resume")
    assert app.session.patient.id == "maya" and app.session.turn == 1


def test_the_window_resumes_flags_and_hints_as_the_terminal_does(tmp_path):
    app = new_app(tmp_path)
    app.detection = True
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    press(app, pygame.K_r)
    app.session_screen.choose(REPAIR[1])
    again = new_app(tmp_path)
    again.detection = True
    assert again.offer_resume()
    frame(again)
    assert click_label(again, "Resume")
    assert again.session.turn == 2 and again.flagged_turns == [1]


def test_f5_goes_on_saving_into_the_same_file(tmp_path, monkeypatch):
    shutil.copy(PATIENTS / "maya.yaml", tmp_path / "maya.yaml")
    monkeypatch.chdir(tmp_path)
    app = new_app(tmp_path / "data")
    app.start_session(load_profile(Path("maya.yaml")))
    app.session_screen.choose(REPAIR[0])
    [save] = (tmp_path / "data" / "current").glob("maya*.json")
    press(app, pygame.K_F5)
    assert "replayed all 1 move" in shown(app, "toast")
    app.session_screen.choose(REPAIR[1])
    assert list((tmp_path / "data" / "current").glob("maya*.json")) == [save]
    assert [t["move"] for t in json.loads(save.read_text(encoding="utf-8"))["turns"]] == REPAIR[:2]
