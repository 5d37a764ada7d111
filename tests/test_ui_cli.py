"""`rupture play` as a user runs it: options, replay with --screenshots to the end, refusals with a clear
message, and a first frame that does not wait for the rest of the program to load."""

import json
import os
import subprocess
import sys

import pygame
import pytest

from simulator.cli import main
from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.storage import transcript

REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")


def rupture(*args, timeout=120):
    env = dict(ENV, RUPTURE_DATA_DIR=os.environ["RUPTURE_DATA_DIR"])  # this test's own saves, never the user's
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.fixture
def maya_transcript(tmp_path):
    session = Session(catalogue.load("maya"))
    for move in REPAIR:
        session.choose(move)
    path = tmp_path / "maya.json"
    path.write_text(transcript.dumps(session), encoding="utf-8")
    return path


def test_play_is_listed_and_documents_its_options(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["play", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--replay", "--size", "--fullscreen", "--screenshots", "--exit-after-first-frame", "PATIENT"):
        assert option in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "play" in capsys.readouterr().out


def test_replay_with_screenshots_runs_to_the_end_and_exits_0(maya_transcript, tmp_path):
    shots = tmp_path / "shots"
    done = rupture("play", "maya", "--replay", str(maya_transcript), "--screenshots", str(shots), "--size", "1024x768")
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in shots.iterdir() if p.suffix == ".png")
    assert names[0] == "001_title.png" and names[-1].split("_", 1)[1].startswith("debrief")
    assert names[names.index(next(n for n in names if n.endswith("_end.png"))) + 1].endswith("_debrief.png")
    for name in names:
        layout = json.loads((shots / name.replace(".png", ".layout.json")).read_text(encoding="utf-8"))
        assert layout["size"] == [1024, 768] and layout["elements"]
        assert all(set(e) == {"role", "rect", "text", "px"} for e in layout["elements"])
    assert [n for n in names if "session_turn" in n] == [f"{i + 4:03d}_session_turn{i:02d}.png" for i in range(6)]
    pygame.init()
    assert pygame.image.load(str(shots / names[-1])).get_size() == (1024, 768)


def test_replay_finds_the_patient_from_the_transcript(maya_transcript, tmp_path):
    done = rupture("play", "--replay", str(maya_transcript), "--screenshots", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    assert any(p.name.endswith("_end.png") for p in (tmp_path / "s").iterdir())


def test_exit_after_first_frame_writes_the_title(tmp_path):
    done = rupture("play", "--exit-after-first-frame", "--screenshots", str(tmp_path), "--projector")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["001_title.layout.json", "001_title.png"]


def test_play_patient_opens_its_briefing(tmp_path):
    done = rupture("play", "maya", "--exit-after-first-frame", "--screenshots", str(tmp_path), "--size", "1280x720")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["001_briefing.layout.json", "001_briefing.png"]


def test_an_unknown_patient_is_refused_with_what_is_available():
    done = rupture("play", "nobody", "--exit-after-first-frame")
    assert done.returncode == 2
    assert "no bundled patient 'nobody'" in done.stderr and "maya" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_broken_profile_is_refused_with_located_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\nage: 300\n", encoding="utf-8")
    done = rupture("play", str(bad), "--exit-after-first-frame")
    assert done.returncode == 1
    assert f"{bad}:3:" in done.stderr and "Traceback" not in done.stderr


def test_a_transcript_that_does_not_replay_is_refused(tmp_path, maya_transcript):
    data = json.loads(maya_transcript.read_text())
    data["turns"][2]["move"] = "no_such_move"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    done = rupture("play", "--replay", str(broken), "--screenshots", str(tmp_path / "s"))
    assert done.returncode == 2 and "turn 3" in done.stderr and "Traceback" not in done.stderr
    done = rupture("play", "maya", "--replay", str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "no such file" in done.stderr


def test_a_bad_size_is_refused():
    done = rupture("play", "--size", "huge")
    assert done.returncode == 2 and "not a size like 1920x1080" in done.stderr


def test_the_first_frame_does_not_wait_for_the_engine_or_pydantic():
    code = ("import sys, pygame\n"
            "from simulator.cli import main\n"
            "rc = main(['play', '--exit-after-first-frame'])\n"
            "heavy = [m for m in ('pydantic', 'transitions', 'yaml', 'simulator.engine.session') if m in sys.modules]\n"
            "heavy += [m for m in sys.modules if m.startswith('simulator.commands.')"
            " and m not in ('simulator.commands.play', 'simulator.commands.common')]\n"
            "print(rc, heavy)\n")
    env = dict(ENV, RUPTURE_DATA_DIR=os.environ["RUPTURE_DATA_DIR"])  # no saved session waiting
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr
