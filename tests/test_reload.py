"""The front end's F5, headless: reload the profile from disk and replay the moves so far."""

from __future__ import annotations

from simulator.authoring.reload import reload_runner
from simulator.authoring.scaffold import render
from simulator.engine.profile_loader import load_profile
from simulator.play.session_runner import SessionRunner

MOVES = ["notice", "own_part", "stay"]


def write(tmp_path, text):
    path = tmp_path / "sam.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def played(path, moves=MOVES, seed=0) -> SessionRunner:
    runner = SessionRunner(load_profile(path), seed)
    runner.play(moves)
    return runner


def test_reload_replays_every_move(tmp_path):
    path = write(tmp_path, render("sam"))
    runner, message = reload_runner(played(path, seed=3), path)
    session = runner.session
    assert session.state == "asserting" and session.turn == 3 and session.seed == 3
    assert message == "reloaded sam.yaml; replayed all 3 moves"


def test_an_edited_reply_shows_after_reload(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path)
    path.write_text(path.read_text().replace("Okay. I don't want homework handed to me.", "Okay. I want a say."))
    runner, _ = reload_runner(before, path)
    assert runner.session.line.startswith("Okay. I want a say.")
    assert not before.session.line.startswith("Okay. I want a say.")


def test_a_move_the_edit_made_unavailable_stops_the_replay_there(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path)
    path.write_text(render("sam").replace("          - move: own_part\n            reply: Oh. I...",
                                          "          - move: own_part\n            when: {turn: {min: 5}}\n"
                                          "            reply: Oh. I..."), encoding="utf-8")
    runner, message = reload_runner(before, path)
    assert runner.session.turn == 1 and runner.session.state == "hedging"
    assert message == ("reloaded sam.yaml; replayed 1 of 3 moves and stopped at move 2: 'own_part' is no longer on "
                       "offer here (on offer: invite, press_on)")


def test_a_removed_move_is_named(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path, ["notice"])
    path.write_text(render("sam").replace("- move: notice\n", "- move: noticed\n").replace("  notice:\n", "  noticed:\n"),
                    encoding="utf-8")
    runner, message = reload_runner(before, path)
    assert runner.session.turn == 0 and "move 'notice' is no longer in the profile" in message


def test_flags_after_the_point_the_replay_stopped_are_dropped(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path, [])
    before.record.detection_mode = True
    for move in MOVES:
        before.choose(move)
        before.toggle_flag()
    path.write_text(render("sam").replace("          - move: own_part\n            reply: Oh. I...",
                                          "          - move: own_part\n            when: {turn: {min: 5}}\n"
                                          "            reply: Oh. I..."), encoding="utf-8")
    runner, _ = reload_runner(before, path)
    assert runner.record is before.record and runner.record.flags == {1}


def test_check_errors_come_back_as_a_message_not_an_exception(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path)
    path.write_text(render("sam").replace("strategy: attend_to_marker", "strategy: atend_to_marker"), encoding="utf-8")
    runner, message = reload_runner(before, path)
    assert runner is None and before.session.turn == 3
    assert message.startswith(f"{path} has 2 errors; kept the session as it was:")
    assert "unknown strategy 'atend_to_marker' — did you mean 'attend_to_marker'?  [R100]" in message


def test_a_file_that_is_gone(tmp_path):
    path = write(tmp_path, render("sam"))
    before = played(path)
    runner, message = reload_runner(before, tmp_path / "nope.yaml")
    assert runner is None and "no such file  [R001]" in message
