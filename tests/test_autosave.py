"""The session in progress is saved after every turn, and a damaged or outdated save never costs the trainee anything."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PATIENTS, ROOT

from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session
from simulator.play.session_runner import SessionRunner
from simulator.storage import autosave, transcript
from simulator.storage.autosave import Autosave, CannotResume


@pytest.fixture(scope="module")
def maya():
    return load_profile(PATIENTS / "maya.yaml")


def planned_moves(patient, n: int) -> list[str]:
    """n moves that keep the session going: the first on offer that does not end it."""
    session, moves = Session(patient), []
    for _ in range(n):
        for move in session.options():
            snap = session.snapshot()
            session.choose(move)
            if not session.ended:
                moves.append(move)
                break
            session.restore(snap)
    assert len(moves) == n
    return moves


def played(patient, moves, seed=0) -> Session:
    session = Session(patient, seed=seed)
    for m in moves:
        session.choose(m)
    return session


def test_every_save_is_the_whole_session_so_far(tmp_path, maya):
    auto = Autosave("maya", tmp_path)
    session = Session(maya)
    for move in planned_moves(maya, 3):
        session.choose(move)
        auto.save(session)
        data = json.loads(auto.path.read_text(encoding="utf-8"))
        assert data["turns"] == [t.to_json() for t in session.turns]
        assert (data["format"], data["patient"], data["profile_sha256"]) == (transcript.FORMAT, "maya", maya.sha256)
    assert re.fullmatch(r"maya--\d{8}-\d{6}-[0-9a-f]{8}\.json", auto.path.name) and auto.path.parent == tmp_path / "current"
    assert [p.name for p in auto.folder.iterdir()] == [auto.path.name]


def test_a_save_interrupted_before_the_rename_leaves_the_previous_one(tmp_path, maya, monkeypatch):
    auto = Autosave("maya", tmp_path)
    moves = planned_moves(maya, 2)
    session = played(maya, moves[:1])
    auto.save(session)
    before = auto.path.read_bytes()
    session.choose(moves[1])

    def killed(*_):
        raise KeyboardInterrupt  # what a Ctrl-C between the write and the rename looks like

    monkeypatch.setattr(autosave.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        auto.save(session)
    assert auto.path.read_bytes() == before
    assert [p.name for p in auto.folder.iterdir()] == [auto.path.name]


def test_the_data_folder_comes_from_the_flag_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("RUPTURE_DATA_DIR", str(tmp_path / "env"))
    assert Autosave("maya").path.parent == tmp_path / "env" / "current"
    assert Autosave("maya", tmp_path / "flag").path.parent == tmp_path / "flag" / "current"


@pytest.mark.parametrize("damage, why", [
    (lambda raw: raw[: len(raw) // 2], "not complete JSON"),
    (lambda raw: b"", "empty"),
    (lambda raw: b"\xff\xfe" + raw, "not UTF-8"),
    (lambda raw: b'{"format": "something else"}', "not a rupture session"),
    (lambda raw: raw.replace(b'"move": "', b'"move": 7, "x": "', 1), "turns.0.move: input should be a valid string"),
    (lambda raw: raw.replace(b'"seed": 0', b'"seed": "zero"'), "seed: input should be a valid integer, got \"zero\""),
    (lambda raw: raw.replace(b'"patient": "maya"', b'"patient": "declan"'), "patient 'declan', not 'maya'"),
    (lambda raw: raw.replace(b'"seed": 0', b'"seed": 1' + b"0" * 5000), "a number 5,001 digits long"),
    (lambda raw: b"[" * 100_000, "nested 100,000 levels deep"),
    (lambda raw: raw.replace(b'"seed": 0', b'"seed": NaN'), "holds NaN"),
    (lambda raw: raw.replace(b'"seed": 0', b'"seed": 0, "seed": 1'), "the key \"seed\" is given twice"),
    (lambda raw: re.sub(rb'"saved_at": "[^"]*"', b'"saved_at": 5', raw), "saved_at: input should be a valid string, got 5"),
    (lambda raw: re.sub(rb'"saved_at": "[^"]*"', b'"saved_at": "yesterday"', raw), "saved_at: not a date and time"),
])
def test_a_damaged_save_is_named_and_set_aside_untouched(tmp_path, maya, damage, why):
    auto = Autosave("maya", tmp_path)
    auto.save(played(maya, planned_moves(maya, 2)))
    broken = damage(auto.path.read_bytes())
    auto.path.write_bytes(broken)
    found = auto.pending()
    assert found.data is None and why in found.problem
    save = auto.path
    aside = auto.set_aside("corrupt")
    assert re.fullmatch(re.escape(save.name) + r"\.corrupt-\d{8}-\d{6}", aside.name)
    assert aside.read_bytes() == broken and not save.exists() and auto.path != save
    save.write_bytes(broken)
    assert auto.pending().path == save
    assert auto.set_aside("corrupt") != aside and aside.read_bytes() == broken


def test_an_unchanged_save_resumes_to_the_same_turns(tmp_path, maya):
    auto = Autosave("maya", tmp_path)
    original = played(maya, planned_moves(maya, 4), seed=3)
    auto.save(original)
    resumed = SessionRunner.from_save(auto.pending(), maya)
    assert resumed.note is None
    assert [t.to_json() for t in resumed.session.turns] == [t.to_json() for t in original.turns]
    assert (resumed.session.seed, resumed.session.meters, resumed.session.beat) == (3, original.meters, original.beat)


def test_a_save_from_another_version_is_replayed_and_says_so(tmp_path, maya):
    auto = Autosave("maya", tmp_path)
    original = played(maya, planned_moves(maya, 3))
    auto.save(original)
    data = json.loads(auto.path.read_text(encoding="utf-8"))
    data["version"] = 0
    for turn in data["turns"]:  # an older format kept only the moves
        for key in list(turn):
            if key != "move":
                del turn[key]
    auto.path.write_text(json.dumps(data), encoding="utf-8")
    resumed = SessionRunner.from_save(auto.pending(), maya)
    assert "transcript version 0" in resumed.note and "3 moves were replayed" in resumed.note
    assert [t.to_json() for t in resumed.session.turns] == [t.to_json() for t in original.turns]


def _edited_maya(tmp_path: Path, old: str, new: str) -> Path:
    text = (PATIENTS / "maya.yaml").read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path = tmp_path / "maya.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_save_on_a_changed_profile_is_replayed_and_says_what_differs(tmp_path, maya):
    moves = planned_moves(maya, 2)
    original = played(maya, moves)
    reply = original.turns[0].patient
    changed = load_profile(_edited_maya(tmp_path, reply.split("\n")[0][:40], "REWRITTEN"))
    auto = Autosave("maya", tmp_path)
    auto.save(original)
    resumed = SessionRunner.from_save(auto.pending(), changed)
    assert "the profile has changed" in resumed.note
    assert "differently at 1 of 2 turns" in resumed.note
    assert resumed.session.turns[0].patient.startswith("REWRITTEN")
    assert [t.move for t in resumed.session.turns] == moves


def test_a_save_whose_move_is_gone_is_refused_naming_the_turn(tmp_path, maya):
    moves = planned_moves(maya, 3)
    auto = Autosave("maya", tmp_path)
    auto.save(played(maya, moves))
    text = (PATIENTS / "maya.yaml").read_text(encoding="utf-8")
    renamed = re.sub(rf"\bmove: {moves[1]}\b", "move: renamed_move", text).replace(f"  {moves[1]}:\n", "  renamed_move:\n")
    assert renamed != text
    path = tmp_path / "maya.yaml"
    path.write_text(renamed, encoding="utf-8")
    with pytest.raises(CannotResume) as info:
        SessionRunner.from_save(auto.pending(), load_profile(path))
    assert f"turn {moves.index(moves[1]) + 1}: move '{moves[1]}' is not on offer now" in str(info.value)
    assert str(info.value).endswith("; the profile has changed since it was saved")


def test_a_finished_session_moves_whole_among_the_finished_ones(tmp_path, maya):
    session = Session(maya)
    while not session.ended:
        session.choose(session.options()[0])
    auto = Autosave("maya", tmp_path)
    kept = auto.finish(session)
    assert kept.parent == tmp_path / "sessions"
    assert re.fullmatch(r"\d{8}-\d{6}-maya\.json", kept.name)
    assert not auto.path.exists()
    data = transcript.read_transcript(kept)
    assert data["ended"] == session.ended and len(data["turns"]) == session.turn and data["saved_at"]
    again = auto.finish(session)
    assert again != kept and kept.exists()


def test_only_stale_temporary_files_are_swept(tmp_path):
    auto = Autosave("maya", tmp_path)
    auto.folder.mkdir(parents=True)
    stale, fresh = auto.folder / f".{auto.path.name}.abc.tmp", auto.folder / f".{auto.path.name}.def.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    assert auto.pending() is None
    assert not stale.exists() and fresh.exists()


# -- through `rupture text` ------------------------------------------------------------

def rupture_text(data_dir: Path, stdin: str, *args: str, patient: str = "maya") -> subprocess.CompletedProcess:
    env = dict(os.environ, RUPTURE_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "simulator", "text", patient, *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=ROOT, timeout=120)


def option_numbers(patient, moves) -> list[str]:
    session, numbers = Session(patient), []
    for m in moves:
        numbers.append(str(session.options().index(m) + 1))
        session.choose(m)
    return numbers


def the_save(data_dir: Path) -> Path:
    [save] = (data_dir / "current").glob("maya*.json")
    return save


def saved_moves(data_dir: Path) -> list[str]:
    data = json.loads(the_save(data_dir).read_text(encoding="utf-8"))
    return [t["move"] for t in data["turns"]]


def test_text_saves_each_turn_and_offers_to_resume(tmp_path, maya):
    moves = planned_moves(maya, 3)
    numbers = option_numbers(maya, moves)
    first = rupture_text(tmp_path, "\n".join(numbers[:2] + ["u", numbers[1], "q"]) + "\n")
    assert first.returncode == 0, first.stderr
    assert saved_moves(tmp_path) == moves[:2]
    assert "run 'rupture text maya' again to resume" in first.stdout
    second = rupture_text(tmp_path, f"y\n{numbers[2]}\nq\n")
    assert "An unfinished session with Maya is saved (2 turns" in second.stdout
    assert "Resuming at turn 2." in second.stdout
    assert saved_moves(tmp_path) == moves


def test_declining_keeps_the_old_session_with_the_finished_ones(tmp_path, maya):
    numbers = option_numbers(maya, planned_moves(maya, 2))
    rupture_text(tmp_path, "\n".join(numbers) + "\nq\n")
    old = the_save(tmp_path).read_text(encoding="utf-8")
    out = rupture_text(tmp_path, "n\nq\n")
    [kept] = (tmp_path / "sessions").iterdir()
    assert f"the unfinished session is kept as {kept}" in out.stdout
    assert kept.read_text(encoding="utf-8") == old
    assert not list((tmp_path / "current").glob("maya*.json"))


def test_no_answer_to_the_prompt_changes_nothing(tmp_path, maya):
    numbers = option_numbers(maya, planned_moves(maya, 1))
    rupture_text(tmp_path, numbers[0] + "\nq\n")
    save = the_save(tmp_path)
    before = save.read_bytes()
    out = rupture_text(tmp_path, "")
    assert out.returncode == 0 and "left as it was" in out.stdout
    assert save.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "current").iterdir()) == [save.name]


def test_a_corrupt_save_is_reported_moved_aside_and_a_new_session_starts(tmp_path, maya):
    current = tmp_path / "current"
    current.mkdir()
    (current / "maya.json").write_text('{"format": "rupture-transcript", "turns": [{"mo', encoding="utf-8")
    numbers = option_numbers(maya, planned_moves(maya, 1))
    out = rupture_text(tmp_path, numbers[0] + "\nq\n", "--resume")
    [aside] = current.glob("maya.json.corrupt-*")
    assert f"cannot be read: {current / 'maya.json'}: is not complete JSON" in out.stderr
    assert f"It is kept as {aside}" in out.stderr
    assert "Traceback" not in out.stderr
    assert aside.read_text(encoding="utf-8") == '{"format": "rupture-transcript", "turns": [{"mo'
    assert len(saved_moves(tmp_path)) == 1


def test_a_save_that_no_longer_replays_is_refused_kept_and_explained(tmp_path, maya):
    moves = planned_moves(maya, 2)
    profile = tmp_path / "maya.yaml"
    profile.write_text((PATIENTS / "maya.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rupture_text(tmp_path, "\n".join(option_numbers(maya, moves)) + "\nq\n", patient=str(profile))
    save = the_save(tmp_path)
    saved = save.read_bytes()
    text = profile.read_text(encoding="utf-8")
    profile.write_text(re.sub(rf"\bmove: {moves[0]}\b", "move: renamed_move", text)
                       .replace(f"  {moves[0]}:\n", "  renamed_move:\n"), encoding="utf-8")
    out = rupture_text(tmp_path, "q\n", "--resume", patient=str(profile))
    [aside] = (tmp_path / "current").glob(f"{save.name}.refused-*")
    assert "Traceback" not in out.stderr and "Resuming" not in out.stdout
    assert f"turn 1: move '{moves[0]}' is not on offer now" in out.stderr
    assert "the profile has changed since it was saved" in out.stderr and f"It is kept as {aside}" in out.stderr
    assert aside.read_bytes() == saved


def test_a_finished_session_lands_among_the_finished_ones(tmp_path, maya):
    session, numbers = Session(maya), []
    while not session.ended:
        numbers.append("1")
        session.choose(session.options()[0])
    out = rupture_text(tmp_path, "\n".join(numbers) + "\n")
    [kept] = (tmp_path / "sessions").iterdir()
    assert f"The session is kept as {kept}" in out.stdout
    assert [t["move"] for t in json.loads(kept.read_text(encoding="utf-8"))["turns"]] == [t.move for t in session.turns]
    assert list((tmp_path / "current").iterdir()) == []


def test_an_unwritable_data_folder_warns_once_and_play_goes_on(tmp_path, maya):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    numbers = option_numbers(maya, planned_moves(maya, 2))
    out = rupture_text(tmp_path, "\n".join(numbers) + "\nq\n", "--data-dir", str(blocked))
    assert out.returncode == 0
    assert out.stderr.count("cannot save the session in") == 1 and "Traceback" not in out.stderr
    assert out.stdout.count("You: ") == 2


def test_a_course_resumes_in_its_second_session_with_the_pull_answers(tmp_path):
    from profiles import course_example

    jo = course_example()
    s = Session(jo)
    s.choose("notice", pull_answer="fill_silence")
    s.choose("invite", pull_answer="nothing")
    s.choose("explain_time", pull_answer="defend")
    auto = Autosave("jo", tmp_path)
    auto.save(s, {"hints_used": 2})
    found = auto.pending()
    assert found.data["sessions"] == ["first", "second"] and found.data["hints_used"] == 2
    back = SessionRunner.from_save(found, jo)
    assert back.note is None
    r = back.session
    assert (r.session_id, r.session_turn, r.turn) == ("second", 1, 3)
    assert [t.pull_answer for t in r.turns] == ["fill_silence", "nothing", "defend"]
    assert r.choose("explain_time").ended == "dropout"
