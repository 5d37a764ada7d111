"""Hostile transcripts, saves and kept sessions: each is refused as ``FILE: field: what is wrong`` with exit 2.

The same file is tried through every reader: ``rupture report``, ``rupture play
--replay``, the autosave's resume offer and the past-sessions list. None shows a
traceback, none reads without bound, and none opens a file the transcript names
unless it is a profile the trainee could have played.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.storage import records, transcript
from simulator.storage.autosave import Autosave
from simulator.storage.sessions_store import list_sessions, patient_for

REPAIR = ["notice_hesitation", "invite_feelings", "own_part"]


@pytest.fixture(scope="module")
def good() -> str:
    session = Session(catalogue.load("maya"))
    for move in REPAIR:
        session.choose(move)
    return transcript.dumps(session)


def seed_is(value: str):
    return lambda text: text.replace('"seed": 0', f'"seed": {value}', 1)


def field_is(name: str, value: str):
    return lambda text: re.sub(rf'"{name}": ("[^"]*"|null|-?\d+)', lambda _: f'"{name}": {value}', text, count=1)


TEXT_CASES = {
    "deep": (lambda text: "[" * 100_000 + "]" * 100_000, ": is nested 100,000 levels deep"),
    "deep_inside": (lambda text: text.replace('"flags": []', '"flags": ' + "[" * 50 + "]" * 50, 1), ": is nested 53 levels deep"),
    "huge_integer": (seed_is("1" * 5000), ": holds a number 5,000 digits long"),
    "seed_text": (seed_is('"zero"'), ': seed: input should be a valid integer, got "zero"'),
    "seed_list": (seed_is("[1]"), ": seed: input should be a valid integer, got a list"),
    "seed_null": (seed_is("null"), ": seed: input should be a valid integer, got null"),
    "seed_nan": (seed_is("NaN"), ": holds NaN"),
    "seed_infinity": (seed_is("-Infinity"), ": holds -Infinity"),
    "seed_float": (seed_is("1.5"), ": seed: input should be a valid integer, got 1.5"),
    "seed_bool": (seed_is("true"), ": seed: input should be a valid integer, got true"),
    "profile_path_number": (field_is("profile_path", "7"), ": profile_path: input should be a valid string, got 7"),
    "profile_path_list": (field_is("profile_path", '["/etc/passwd"]'), ": profile_path: input should be a valid string"),
    "duplicate_key": (lambda text: text.replace('"seed": 0', '"seed": 0, "seed": 3', 1), ': the key "seed" is given twice'),
    "turns_not_moves": (lambda text: text.replace('"turns": [', '"turns": [7, ', 1),
                        ": turns.0: input should be a valid dictionary"),
    "move_not_an_id": (lambda text: text.replace('"move": "notice_hesitation"', '"move": "../x"', 1),
                       ': turns.0.move: "../x" is not an id'),
    "patient_missing": (lambda text: re.sub(r'\n  "patient": "maya",', "", text, count=1), ": patient: missing"),
    "name_escape": (field_is("patient_name", '"\\u001b]0;pwned\\u0007"'),
                    ": patient_name: the text holds the control character U+001B"),
    "top_level_list": (lambda text: "[1, 2]", ": not a rupture session"),
    "not_utf8": (lambda text: "\udcff" + text, ": byte 0 is not UTF-8 text"),
    "empty": (lambda text: "", ": is empty"),
    "truncated": (lambda text: text[: len(text) // 2], ": is not complete JSON"),
}


def write_case(folder: Path, name: str, good: str) -> tuple[Path, str]:
    change, says = TEXT_CASES[name]
    path = folder / f"{name}.json"
    path.write_bytes(change(good).encode("utf-8", "surrogateescape"))
    return path, says


def special(folder: Path, kind: str) -> tuple[Path, str]:
    path = folder / f"{kind}.json"
    if kind == "folder":
        path.mkdir()
        return path, ": is a folder, not a session file"
    if kind == "fifo":
        os.mkfifo(path)
        return path, ": is not a regular file"
    if kind == "dev_zero":
        path.symlink_to("/dev/zero")
        return path, ": is not a regular file"
    if kind == "oversize":
        with open(path, "wb") as f:
            f.truncate(records.MAX_BYTES + 1)
        return path, f": is {records.MAX_BYTES + 1:,} bytes"
    raise AssertionError(kind)


SPECIAL = ["folder", "fifo", "dev_zero", "oversize"]


def hostile(tmp_path: Path, name: str, good: str) -> tuple[Path, str]:
    return special(tmp_path, name) if name in SPECIAL else write_case(tmp_path, name, good)


@pytest.mark.parametrize("name", sorted(TEXT_CASES) + SPECIAL)
def test_report_refuses_the_file_naming_field_and_problem(tmp_path, capsys, good, name):
    path, says = hostile(tmp_path, name, good)
    assert main(["report", "--no-search", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"rupture: {path}{says}" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("name", ["deep", "huge_integer", "seed_text", "seed_nan", "profile_path_list",
                                  "duplicate_key", "name_escape"] + SPECIAL)
def test_play_replay_refuses_the_file_before_opening_a_window(tmp_path, capsys, good, name):
    path, says = hostile(tmp_path, name, good)
    assert main(["play", "--replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{says}" in err and "Traceback" not in err


@pytest.mark.parametrize("name", sorted(TEXT_CASES) + SPECIAL)
def test_the_past_sessions_list_shows_each_with_its_reason(tmp_path, good, name):
    folder = tmp_path / "sessions"
    folder.mkdir()
    path, says = hostile(folder, name, good)
    (folder / "fine.json").write_text(good, encoding="utf-8")
    listed = {s.path.name: s for s in list_sessions(tmp_path)}
    assert listed["fine.json"].error is None and listed["fine.json"].turns == 3
    assert listed[path.name].error.startswith(says.removeprefix(": "))


@pytest.mark.parametrize("name", ["deep", "huge_integer", "seed_list", "seed_nan", "duplicate_key", "dev_zero",
                                  "fifo", "folder", "oversize"])
def test_a_hostile_save_is_named_and_set_aside(tmp_path, good, name):
    current = tmp_path / "current"
    current.mkdir()
    path, says = hostile(current, name, good)
    target = current / "maya.json"
    path.rename(target)
    auto = Autosave("maya", tmp_path)
    found = auto.pending()
    assert found.path == target and found.data is None and found.problem.startswith(says.removeprefix(": "))
    aside = auto.set_aside("corrupt")
    assert aside.name.startswith("maya.json.corrupt-") and not target.exists() and not target.is_symlink()


def test_a_resume_prompt_reads_saved_at_only_when_it_is_a_date(tmp_path, good, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    current = tmp_path / "current"
    current.mkdir()
    (current / "maya.json").write_text(field_is("format", '"rupture-transcript", "saved_at": 12')(good))
    assert main(["text", "maya", "--data-dir", str(tmp_path), "--resume"]) == 0
    err = capsys.readouterr().err
    assert f"{current / 'maya.json'}: saved_at: input should be a valid string, got 12" in err
    assert "Traceback" not in err


def test_a_transcript_naming_any_file_as_its_profile_replays_on_the_bundled_patient(tmp_path, capsys, good):
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    for named in ("/etc/passwd", str(secret), "/dev/zero"):
        data = json.loads(good)
        data["profile_path"] = named
        path = tmp_path / "t.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert patient_for(data).path == str(catalogue.resolve("maya"))
        assert main(["report", "--no-search", str(path)]) == 0
        captured = capsys.readouterr()
        assert "hunter2" not in captured.out + captured.err and "root:" not in captured.out + captured.err


def test_a_copied_profile_is_used_only_while_its_hash_matches(tmp_path, good):
    copy = tmp_path / "maya.yaml"
    copy.write_bytes(catalogue.resolve("maya").read_bytes())
    data = dict(json.loads(good), profile_path=str(copy))
    assert patient_for(data).path == str(copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert patient_for(data).path == str(catalogue.resolve("maya"))
    not_yaml = tmp_path / "maya.txt"
    not_yaml.write_bytes(catalogue.resolve("maya").read_bytes())
    assert patient_for(dict(data, profile_path=str(not_yaml))).path == str(catalogue.resolve("maya"))


def test_unknown_fields_are_kept_and_known_ones_are_strict(tmp_path, good):
    data = json.loads(good)
    data["added_by_a_later_version"] = {"anything": [1, 2]}
    data["turns"][0]["annotation"] = "new per-turn field"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    back = transcript.read_transcript(path)
    assert back["added_by_a_later_version"] == {"anything": [1, 2]} and back["turns"][0]["annotation"]
    assert transcript.replay(catalogue.load("maya"), back).moves == REPAIR


def test_the_past_sessions_screen_lists_every_hostile_file_and_draws(tmp_path, good):
    import pygame

    from simulator.ui.app import App
    from simulator.ui.screens.past_sessions import PastSessionsScreen
    from simulator.ui.synthetic import frame, press, shown

    folder = tmp_path / "sessions"
    folder.mkdir()
    for name in ["deep", "huge_integer", "seed_nan", "duplicate_key", "name_escape"] + SPECIAL:
        hostile(folder, name, good)
    (folder / "fine.json").write_text(good, encoding="utf-8")
    app = App(animate=False)
    app.data_dir = str(tmp_path)
    app.surface = pygame.Surface((1280, 800))
    app.set_screen(PastSessionsScreen(app))
    frame(app)
    assert len(app.screen.sessions) == 10
    press(app, pygame.K_END)
    frame(app)
    press(app, pygame.K_RETURN)
    frame(app)
    assert app.screen.name == "past_sessions" and "cannot be reopened" in shown(app, "past.message")
