"""The sessions store: saving with practice fields, listing, reopening; and transcript practice fields."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from debrief_profiles import PATH_B, play, tess

from simulator.cli import main
from simulator.debrief import PlayRecord, build_debrief
from simulator.storage import sessions_store, transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def test_save_list_and_reopen_a_maya_session(tmp_path):
    from simulator.engine.catalogue import load

    session = play(load("maya"), ["notice_hesitation"])
    record = PlayRecord(trainee="Zoë / 3", detection_mode=True)
    record.flag(session)
    path = sessions_store.save_session(session, record, tmp_path)
    assert path.parent == tmp_path / "sessions" and path.name.endswith("-maya-Zo-3.json")
    listed = sessions_store.list_sessions(tmp_path)
    assert [(s.path, s.patient, s.trainee, s.turns, s.error) for s in listed] == [(path, "maya", "Zoë / 3", 1, None)]
    data, patient = sessions_store.reopen(path)
    assert patient.id == "maya" and data["detection"] == {"flags": [1]} and data["saved_at"]
    debrief = build_debrief(data, patient)
    assert debrief.trainee == "Zoë / 3" and debrief.saved_at == data["saved_at"]
    assert not list((tmp_path / "sessions").glob(".saving-*"))


def test_sessions_are_listed_newest_first_and_never_overwritten(tmp_path):
    data = transcript.read_transcript(FIXTURES / "tess_dropout.json")
    when = datetime(2024, 5, 1, 10, 0, 0)
    first = sessions_store.save(data, tmp_path, now=when)
    second = sessions_store.save(data, tmp_path, now=when)
    third = sessions_store.save(data, tmp_path, now=datetime(2024, 5, 2, 9, 0, 0))
    assert len({first, second, third}) == 3
    assert [s.path for s in sessions_store.list_sessions(tmp_path)][0] == third


def test_an_unreadable_file_is_listed_with_the_reason(tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (listed,) = sessions_store.list_sessions(tmp_path)
    assert listed.error and "is not complete JSON" in listed.error


def test_the_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RUPTURE_DATA_DIR", str(tmp_path))
    data = transcript.read_transcript(FIXTURES / "tess_dropout.json")
    path = sessions_store.save(data)
    assert path.parent == tmp_path / "sessions"


def test_a_file_in_the_way_of_the_folder_gives_a_clear_message(tmp_path):
    (tmp_path / "sessions").write_text("not a folder", encoding="utf-8")
    with pytest.raises(sessions_store.StoreError, match="cannot save the session in"):
        sessions_store.save({"patient": "tess", "turns": []}, tmp_path)


def test_rupture_run_saves_into_the_data_dir(tmp_path, capsys):
    assert main(["run", "maya", "--moves", "notice_hesitation,invite_feelings", "--flag-turns", "1",
                 "--answers", "tension=2,resolved=3,bond=60,goals=60,tasks=50", "--trainee", "Ana",
                 "--data-dir", str(tmp_path)]) == 0
    assert "saved" in capsys.readouterr().err
    (saved,) = sessions_store.list_sessions(tmp_path)
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    assert data["detection"] == {"flags": [1]} and data["trainee"] == "Ana"
    assert data["questionnaire"] == {"tension": 2, "resolved": 3, "bond": 60, "goals": 60, "tasks": 50}


def test_transcript_practice_fields_round_trip_and_plain_v1_still_reads(tmp_path):
    session = play(tess(), PATH_B)
    data = transcript.to_json(session, detection_flags=[5, 2, 2], questionnaire={"tension": 3}, trainee="Ana",
                              hints_used=2)
    assert data["detection"] == {"flags": [2, 5]} and data["hints_used"] == 2
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert transcript.detection_flags(transcript.read_transcript(path)) == [2, 5]
    plain = transcript.to_json(session)
    assert not {"detection", "questionnaire", "trainee", "hints_used"} & set(plain)
    path.write_text(json.dumps(plain), encoding="utf-8")
    assert transcript.detection_flags(transcript.read_transcript(path)) is None


@pytest.mark.parametrize("field, value, message", [
    ("detection", {"flags": [-1]}, ': detection.flags.0: input should be greater than or equal to 0'),
    ("detection", [1, 2], ': detection: input should be a valid dictionary'),
    ("questionnaire", {"tension": "high"}, ': questionnaire.tension: input should be a valid integer, got "high"'),
    ("trainee", 7, ': trainee: input should be a valid string, got 7'),
    ("hints_used", -2, ': hints_used: input should be greater than or equal to 0'),
    ("trainee", "\u001b]0;pwned\u0007", ': trainee: the text holds the control character U+001B'),
])
def test_bad_practice_fields_are_refused_with_the_file_named(tmp_path, field, value, message):
    data = json.loads((FIXTURES / "tess_dropout.json").read_text(encoding="utf-8"))
    data[field] = value
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(transcript.TranscriptError) as info:
        transcript.read_transcript(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)
