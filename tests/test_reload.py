"""The front end's F5, headless: reload the profile from disk and replay the moves so far."""

from __future__ import annotations

from simulator.reload import reload_and_replay
from simulator.scaffold import render

MOVES = ["notice", "own_part", "stay"]


def write(tmp_path, text):
    path = tmp_path / "sam.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reload_replays_every_move(tmp_path):
    path = write(tmp_path, render("sam"))
    session, message = reload_and_replay(path, MOVES, seed=3)
    assert session.state == "asserting" and session.turn == 3 and session.seed == 3
    assert message == "reloaded sam.yaml; replayed all 3 moves"


def test_an_edited_reply_shows_after_reload(tmp_path):
    path = write(tmp_path, render("sam"))
    path.write_text(path.read_text().replace("Okay. I don't want homework handed to me.", "Okay. I want a say."))
    session, _ = reload_and_replay(path, MOVES)
    assert session.line.startswith("Okay. I want a say.")


def test_a_move_the_edit_made_unavailable_stops_the_replay_there(tmp_path):
    text = render("sam").replace("          - move: own_part\n            reply: Oh. I...",
                                 "          - move: own_part\n            when: {turn: {min: 5}}\n            reply: Oh. I...")
    path = write(tmp_path, text)
    session, message = reload_and_replay(path, MOVES)
    assert session.turn == 1 and session.state == "hedging"
    assert message == ("reloaded sam.yaml; replayed 1 of 3 moves and stopped at move 2: 'own_part' is no longer on "
                       "offer here (on offer: invite, press_on)")


def test_a_removed_move_is_named(tmp_path):
    path = write(tmp_path, render("sam"))
    session, message = reload_and_replay(path, ["notice", "vanished"])
    assert session.turn == 1 and "move 'vanished' is no longer in the profile" in message


def test_check_errors_come_back_as_a_message_not_an_exception(tmp_path):
    path = write(tmp_path, render("sam").replace("strategy: attend_to_marker", "strategy: atend_to_marker"))
    session, message = reload_and_replay(path, MOVES)
    assert session is None
    assert message.startswith(f"{path} has 2 errors; kept the session as it was:")
    assert "unknown strategy 'atend_to_marker' — did you mean 'attend_to_marker'?  [R100]" in message


def test_a_file_that_is_gone(tmp_path):
    session, message = reload_and_replay(tmp_path / "nope.yaml", MOVES)
    assert session is None and "no such file  [R001]" in message
