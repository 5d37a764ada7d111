"""What the window shows for a course of sessions and a partial ending, read back from the layout JSON and the
screen's state (issue 14, an instructor's three-session course and a partial ending): a partial ending does
not claim stage 5; a session's last reply and the next session's opening are two lines with the interval
between them as its own element; the title counts sessions rather than showing ids; the interval notice
covers no dialogue, move or control; a screenshot replay saves the debrief after the end screen."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session
from simulator.storage import transcript
from simulator.ui import layout_export
from simulator.ui.app import App
from simulator.ui.synthetic import frame

CASES = Path(__file__).parent / "data" / "cases"
NADIA_MOVES = ["own_door", "how_landed", "sorry_door", "each_view", "coat", "how_without"]
RUTH_MOVES = ["photos", "invite", "not_silly"]
PROTECTED = ("patient_line", "therapist_line", "cue", "move", "key")


@pytest.fixture(scope="module")
def nadia():
    return load_profile(CASES / "nadia.yaml")


def layout(app) -> list[dict]:
    frame(app)
    return layout_export.layout_of(app)["elements"]


def texts(elements, role: str) -> list[str]:
    return [e["text"] for e in elements if e["role"] == role]


def joined(elements) -> str:
    return " ".join(" ".join(e["text"] for e in elements).split())


def play(patient, moves) -> App:
    """A window of 1280x800 that has played ``moves`` with ``patient``, each turn drawn."""
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    app.start_session(patient)
    for move in moves:
        app.session_screen.choose(move)
        frame(app)
    return app


def test_a_partial_ending_does_not_claim_stage_5():
    app = play(load_profile(CASES / "ruth.yaml"), RUTH_MOVES)
    assert app.session.ended == "partial"
    panel = " ".join(texts(layout(app), "panel"))
    assert "worked through in part" in panel
    assert "5 of 5" not in panel and "resolution" not in panel, panel


def test_a_full_resolution_still_shows_stage_5(nadia):
    app = play(nadia, NADIA_MOVES)
    assert app.session.ended == "resolved"
    assert "5 of 5: resolution" in " ".join(texts(layout(app), "panel"))


def test_a_session_change_is_two_lines_with_the_interval_between(nadia):
    app = play(nadia, NADIA_MOVES[:2])
    assert app.session.session_id == "last_before"
    closing = app.session.turns[-1].patient
    opening = nadia.spec.sessions[1].opening
    elements = layout(app)
    said = [e for e in elements if e["role"] == "patient_line"]
    close_at = next(i for i, e in enumerate(said) if closing.startswith(e["text"]))
    open_at = next(i for i, e in enumerate(said) if opening.line.startswith(e["text"]))
    assert joined(said[close_at:open_at]) == closing
    assert joined(said[open_at:]) == opening.line
    interval = [e for e in elements if "A week later" in e["text"] and e["role"] != "notice"]
    assert [e["text"] for e in interval] == ["\u2014 A week later, the last session before the break. \u2014"]
    assert interval[0]["role"] == "other"
    assert said[close_at]["rect"][1] < interval[0]["rect"][1] < said[open_at]["rect"][1]
    cues = texts(elements, "cue")
    assert f"({opening.cue})" in cues and not any("; then" in c for c in cues), cues


def test_the_title_counts_sessions_and_shows_no_ids(nadia):
    app = play(nadia, [])
    assert "session 1 of 3" in " ".join(texts(layout(app), "title"))
    app = play(nadia, NADIA_MOVES[:4])
    elements = layout(app)
    title = " ".join(texts(elements, "title"))
    assert "session 3 of 3" in title
    assert not {c.id for c in nadia.spec.sessions} & set(title.split()), title
    assert not [e["text"] for e in elements if "last_before" in e["text"]]


@pytest.mark.parametrize("turns", [2, 4])
def test_the_interval_notice_covers_no_dialogue_move_or_control(nadia, turns):
    app = play(nadia, NADIA_MOVES[:turns])
    elements = layout(app)
    notices = [e for e in elements if e["role"] == "notice"]
    assert notices and app.session.interval in " ".join(n["text"] for n in notices)
    for n in notices:
        for e in elements:
            if e["role"] in PROTECTED or e["text"].startswith("\u2014"):
                assert not pygame.Rect(n["rect"]).colliderect(e["rect"]), f"notice covers {e['role']} {e['text']!r}"


def test_a_screenshot_replay_saves_the_debrief_after_the_end(nadia, tmp_path):
    session = Session(nadia)
    for move in NADIA_MOVES:
        session.choose(move)
    path = tmp_path / "t.json"
    path.write_text(transcript.dumps(session), encoding="utf-8")
    shots, data = tmp_path / "shots", tmp_path / "data"
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    done = subprocess.run([sys.executable, "-m", "simulator", "play", "--replay", str(path), "--screenshots",
                           str(shots), "--size", "1280x800", "--data-dir", str(data)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    names = sorted(p.stem for p in shots.glob("*.png"))
    views = [n.split("_", 1)[1] for n in names]
    end = views.index("end")
    assert views[end + 1:end + 3] == ["debrief", "debrief_p2"], views
    for name in names[end + 1:]:
        elements = json.loads((shots / f"{name}.layout.json").read_text(encoding="utf-8"))["elements"]
        assert any(e["text"] == "Back to the end of the session" for e in elements), name
    first = json.loads((shots / f"{names[end + 1]}.layout.json").read_text(encoding="utf-8"))["elements"]
    assert any(e["text"].startswith("What happened") for e in first)
    ending = json.loads((shots / f"{names[end]}.layout.json").read_text(encoding="utf-8"))["elements"]
    for elements in (first, ending):  # a course is charted as a whole
        assert any(e["text"] == "The alliance over the course" for e in elements)
    last = " ".join(e["text"] for e in json.loads(
        (shots / f"{names[-1]}.layout.json").read_text(encoding="utf-8"))["elements"])
    assert "Turn 6" in last  # paged to the end of the account
    assert not data.exists() or not any(data.rglob("*.json"))  # a replay is not saved as a new playthrough

