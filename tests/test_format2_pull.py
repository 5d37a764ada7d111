"""Format 2 pulls: authored on a beat, exposed by the Session, answered in run and kept in the transcript."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from profiles import MINIMAL, dump, load

from simulator.engine.diagnostics import ProfileError
from simulator.engine.session import Session
from simulator.storage import transcript


def _pulling() -> dict:
    data = copy.deepcopy(MINIMAL)
    data["format"] = 2
    data["states"]["talk"]["beats"]["start"]["pull"] = {"kind": "fill_silence", "note": "the short answers"}
    return data


def test_the_session_exposes_the_pull_and_the_turn_keeps_it_with_the_answer():
    s = Session(load(_pulling()))
    assert s.pull.kind == "fill_silence"
    turn = s.choose("ask", pull_answer="reassure")
    assert turn.to_json()["pull"] == {"kind": "fill_silence", "note": "the short answers"}
    assert turn.to_json()["pull_answer"] == "reassure"
    s.choose("own")
    assert s.pull is None
    with pytest.raises(ValueError):
        Session(load(_pulling())).choose("ask", pull_answer="sulk")


def test_run_records_scripted_answers_and_replay_keeps_them(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(dump(_pulling()), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "run", str(path), "--moves", "ask,ask,own",
                          "--pulls", "1=fill_silence,2=nothing", "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [t.get("pull_answer") for t in data["turns"]] == ["fill_silence", "nothing", None]
    assert [t["pull"]["kind"] for t in data["turns"]] == ["fill_silence"] * 3
    again = transcript.replay(load(_pulling()), data).session
    assert [t.pull_answer for t in again.turns] == ["fill_silence", "nothing", None]
    bad = subprocess.run([sys.executable, "-m", "simulator", "run", str(path), "--moves", "ask",
                          "--pulls", "1=fil_silence"], capture_output=True, text=True)
    assert bad.returncode == 2 and "did you mean 'fill_silence'" in bad.stderr


def test_an_unknown_pull_kind_is_a_located_error_with_a_suggestion():
    data = _pulling()
    data["states"]["talk"]["beats"]["start"]["pull"]["kind"] = "reasure"
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert "unknown pull 'reasure'" in diag.message and "reassure" in diag.message and diag.line > 1


def test_format_1_transcripts_have_no_pull_fields():
    s = Session(load())
    assert "pull" not in s.choose("ask").to_json()
