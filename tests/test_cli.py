"""The CLI contract other work depends on, run as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import PATIENTS

from simulator.engine.schema_export import profile_schema

BEST = "notice_hesitation,invite_feelings,own_part,validate_hesitation,welcome_assertion"


def rupture(*args, input: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          input=input, cwd=cwd, timeout=60)


def test_list_shows_bundled_patients_id_first():
    out = rupture("list")
    assert out.returncode == 0, out.stderr
    ids = [line.split()[0] for line in out.stdout.splitlines()]
    assert "maya" in ids
    assert ids == sorted(p.stem for p in PATIENTS.glob("*.yaml"))
    maya = next(line for line in out.stdout.splitlines() if line.startswith("maya "))
    assert "withdrawal" in maya


def test_run_json_contract():
    out = rupture("run", "maya", "--moves", BEST, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [t["move"] for t in data["turns"]] == BEST.split(",")
    assert (data["state"], data["stage"], data["ended"], data["options"]) == ("repaired", "resolution", "resolved", [])
    assert data["meters"] == {"bond": 77, "goals": 73, "tasks": 61, "real": 62}
    first = data["turns"][0]
    assert first["marker"] == "self_criticism" and first["state"] == "noticing" and first["stage"] == "disembedding"
    assert first["cue"] and first["patient"].startswith("No, it's not")
    assert first["meters"]["bond"] == 58


def test_run_partial_session_lists_options():
    data = json.loads(rupture("run", "maya", "--moves", "reassure", "--json").stdout)
    assert data["ended"] is None
    assert data["options"] == ["start_worksheet", "notice_hesitation", "disclose_pull", "push_for_answer"]


def test_run_unknown_move_exits_2_listing_options():
    out = rupture("run", "maya", "--moves", "notice_hesitation,shout")
    assert out.returncode == 2
    assert "turn 2" in out.stderr and "shout" in out.stderr and "invite_feelings" in out.stderr
    assert "Traceback" not in out.stderr


def test_run_by_path_and_python_m_alike(tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(PATIENTS / "maya.yaml", copy)
    by_path = rupture("run", str(copy), "--moves", BEST, "--json")
    by_id = rupture("run", "maya", "--moves", BEST, "--json")
    a, b = json.loads(by_path.stdout), json.loads(by_id.stdout)
    assert a["turns"] == b["turns"] and a["profile_sha256"] == b["profile_sha256"]


def test_unknown_patient_says_what_exists():
    out = rupture("run", "nobody", "--moves", "x")
    assert out.returncode == 2 and "no bundled patient 'nobody'" in out.stderr and "maya" in out.stderr


def test_random_policy_gives_n_seeded_transcripts():
    out = rupture("run", "maya", "--policy", "random", "--runs", "5", "--seed", "3", "--json")
    runs = json.loads(out.stdout)
    assert len(runs) == 5 and all(r["ended"] in ("resolved", "dropout", "unresolved") for r in runs)
    again = json.loads(rupture("run", "maya", "--policy", "random", "--runs", "5", "--seed", "3", "--json").stdout)
    assert runs == again
    assert len({tuple(t["move"] for t in r["turns"]) for r in runs}) > 1


def test_text_play_through_a_pipe_with_undo():
    # 2 = notice_hesitation; u undoes it; then the best route by number
    keys = "2\nu\n2\n2\n2\n2\n1\n"
    out = rupture("text", "maya", input=keys)
    assert out.returncode == 0, out.stderr
    assert "not a clinical instrument" in out.stdout
    assert out.stdout.count("I might be off the mark") == 2
    assert "Session ended after 5 turns: the rupture was worked through." in out.stdout
    assert "[stage 5 of 5, resolution]  bond 77  goals 73  tasks 61  real relationship 62" in out.stdout
    assert "repaired" not in out.stdout and "stage resolution" not in out.stdout


def test_text_play_ends_cleanly_when_input_runs_out():
    out = rupture("text", "maya", input="1\n")
    assert out.returncode == 0 and "Session left unfinished" in out.stdout


def test_schema_is_draft_07_and_matches_the_shipped_file():
    out = rupture("schema")
    schema = json.loads(out.stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema) and "definitions" in schema
    assert schema == profile_schema()
    shipped = json.loads((PATIENTS / "profile.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema, "regenerate with: rupture schema > patients/profile.schema.json"


def test_bundled_profiles_point_editors_at_the_schema():
    for path in PATIENTS.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=profile.schema.json"), path


def test_text_play_learning_and_detection_together(tmp_path):
    from simulator.authoring.scaffold import render

    text = render("sam").replace("        note: The first marker is already here",
                                 "        pull: {kind: fill_silence, note: the flat voice}\n"
                                 "        note: The first marker is already here")
    (tmp_path / "sam.yaml").write_text(text, encoding="utf-8")
    # the pull prompt (1 = fill the silence), a hint, notice, flag it, then the route to resolution
    keys = "1\nh\n3\nr\n2\n1\n1\n"
    out = subprocess.run([sys.executable, "-m", "simulator", "text", str(tmp_path / "sam.yaml"), "--learning",
                          "--detect", "--data-dir", str(tmp_path / "data")], capture_output=True, text=True,
                         input=keys, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "What do you notice in yourself?" in out.stdout and "9. nothing in particular" in out.stdout
    assert "Sam thinks: There's no point saying what I actually think." in out.stdout
    assert "You are at stage 1. marker" in out.stdout and "(§5)" in out.stdout  # the coach hint
    assert "bond 50" not in out.stdout  # meters hidden
    assert "Flagged" in out.stdout
    assert "Noticing the pull: 1 of 1 answers matched" in out.stdout
    assert "Detection: 1 of 3 markers flagged" in out.stdout
    saved = next((tmp_path / "data" / "sessions").glob("*.json"))
    assert f"rupture report {saved}" in out.stdout
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["detection"] == {"flags": [1]} and data["hints_used"] == 1
    assert data["turns"][0]["pull"]["kind"] == "fill_silence" and data["turns"][0]["pull_answer"] == "fill_silence"


def test_text_play_crosses_a_course_with_its_interval(tmp_path):
    from profiles import course_example_text

    (tmp_path / "jo.yaml").write_text(course_example_text(), encoding="utf-8")
    keys = "4\n2\n3\n3\n"  # notice, invite (ends the first session), apologise, invite
    out = rupture("text", str(tmp_path / "jo.yaml"), "--data-dir", str(tmp_path / "data"), input=keys)
    assert out.returncode == 0, out.stderr
    first, _, second = out.stdout.partition("\u2014 A week later. Jo arrives ten minutes late. \u2014")
    assert "Is that the time already?" in first
    assert second.index("You moved my time again.") < second.index("Session ended after 4 turns")
    assert "the rupture was worked through" in second and "rupture report" in second
    saved = json.loads(next((tmp_path / "data" / "sessions").glob("*.json")).read_text(encoding="utf-8"))
    assert saved["sessions"] == ["first", "second"] and saved["ended"] == "resolved"
    assert [t["session"] for t in saved["turns"]] == ["first", "first", "second", "second"]


def test_the_pull_prompt_takes_a_pull_by_its_name_as_run_pulls_does():
    from simulator.play.terminal_play import pull_named

    kinds = ["fill_silence", "reassure", "push_agenda", "nothing"]
    assert [pull_named(a, kinds) for a in ("nothing", "Reassure or soothe", "push_agenda", " fill the silence ")] == [
        "nothing", "reassure", "push_agenda", "fill_silence"]
    assert pull_named("nothing much", kinds) is None and pull_named("", kinds) is None
