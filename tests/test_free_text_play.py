"""Typing instead of picking in the terminal: heard, confirmed or corrected, and the words kept on the turn."""

from __future__ import annotations

import io
import json

from simulator.debrief.moves_review import review_moves
from simulator.engine.catalogue import resolve
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session
from simulator.play.session_runner import SessionRunner
from simulator.play.terminal_play import TerminalPlay
from simulator.storage import transcript
from simulator.storage.autosave import Found


def maya():
    return load_profile(resolve("maya"))


def play(lines: list[str]) -> tuple[Session, str]:
    s, out, feed = Session(maya()), io.StringIO(), iter(lines)
    TerminalPlay(SessionRunner(s.patient, session=s), out, lambda: next(feed, None), free=True).run()
    return s, out.getvalue()


def test_enter_says_the_move_it_was_heard_as_and_keeps_the_words():
    s, out = play(["I noticed you said it's fine really fast", ""])
    assert "Heard as: Notice the quick \"it's fine\"" in out
    assert "Runner-up: " in out
    [turn] = s.turns
    assert (turn.move, turn.typed) == ("notice_hesitation", "I noticed you said it's fine really fast")
    assert turn.to_json()["typed"] == "I noticed you said it's fine really fast"


def test_two_picks_the_runner_up():
    typed = "I noticed you said it's fine really fast"
    s0 = Session(maya())
    from simulator.play.understanding import understand

    runner_up = understand(s0, typed).runner_up
    s, _ = play([typed, "2"])
    assert [t.move for t in s.turns] == [runner_up]
    assert s.turns[0].typed == typed


def test_anything_else_types_again_and_nothing_is_said():
    s, out = play(["I noticed you said it's fine really fast", "r", "let's do the thought record now", "1"])
    assert "Type it again" in out
    assert [(t.move, t.typed) for t in s.turns] == [("start_worksheet", "let's do the thought record now")]


def test_not_sure_offers_the_two_closest_and_enter_does_not_guess():
    s, out = play(["zebra crossing", "", "zebra crossing", "2"])
    assert "Not sure what you meant" in out
    assert len(s.turns) == 1
    assert s.turns[0].typed == "zebra crossing"


def test_menu_commands_still_work_while_typing():
    s, out = play(["let's do the thought record now", "", "u", "q"])
    assert s.turn == 0
    assert "Session left unfinished." in out


def test_typed_words_survive_the_transcript_resume_and_debrief(tmp_path):
    s, _ = play(["I noticed you said it's fine really fast", "", "it makes sense to hold back with me", ""])
    data = json.loads(transcript.dumps(s))
    assert [t["typed"] for t in data["turns"]] == [
        "I noticed you said it's fine really fast", "it makes sense to hold back with me"]
    resumed = SessionRunner.from_save(Found(tmp_path, data), s.patient)
    assert resumed.note is None
    assert [t.typed for t in resumed.session.turns] == [t.typed for t in s.turns]
    replayed = transcript.replay(s.patient, data).session
    assert [t.typed for t in replayed.turns] == [t.typed for t in s.turns]
    review = review_moves(s, search=False)
    assert review[1].to_json()["typed"] == "it makes sense to hold back with me"


def test_transcripts_from_before_typed_still_load_and_resume(tmp_path):
    s = Session(maya())
    s.choose("notice_hesitation")
    data = json.loads(transcript.dumps(s))
    for t in data["turns"]:
        del t["typed"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = transcript.read_transcript(path)
    assert transcript.replay(s.patient, loaded).session.turns[0].typed is None
    assert SessionRunner.from_save(Found(path, loaded), s.patient).session.turn == 1


def test_a_typed_field_that_is_not_text_is_refused_clearly(tmp_path):
    s = Session(maya())
    s.choose("notice_hesitation")
    data = json.loads(transcript.dumps(s))
    data["turns"][0]["typed"] = 42
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        transcript.read_transcript(path)
    except transcript.TranscriptError as exc:
        assert "turns.0.typed" in str(exc) and "string" in str(exc)
    else:
        raise AssertionError("a numeric 'typed' was accepted")
