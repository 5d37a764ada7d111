"""The debrief of a course of sessions (format 2): sessions as sections, episodes across them, the pull scores."""

from __future__ import annotations

import json

from profiles import course_example, course_example_text

from simulator.cli import main
from simulator.debrief import build_debrief
from simulator.debrief.report_md import render_md
from simulator.engine.session import Session

ROUTE = ["notice", "own_part", "apologise", "invite"]


def played(answers: dict[int, str]) -> Session:
    session = Session(course_example())
    for number, move in enumerate(ROUTE, 1):
        session.choose(move, pull_answer=answers.get(number))
    return session


def test_pull_answers_are_scored_against_the_authored_pulls():
    session = played({1: "fill_silence", 2: "defend"})
    authored = [t.pull["kind"] if t.pull else None for t in session.turns]
    assert authored[:2] == ["fill_silence", "reassure"]
    sa = build_debrief(session).self_awareness.to_json()
    assert (sa["asked"], sa["matched"]) == (2, 1)
    assert [(m["turn"], m["pull"], m["answered"]) for m in sa["missed"]] == [(2, "reassure", "defend")]
    assert "§7" in sa["why"]


def test_unasked_pulls_are_not_scored():
    sa = build_debrief(played({})).self_awareness
    assert (sa.asked, sa.matched, sa.missed) == (0, 0, [])
    assert sa.offered >= 2


def test_a_course_is_reported_session_by_session():
    debrief = build_debrief(played({1: "fill_silence"}))
    assert debrief.sessions == ["first", "second"]
    assert debrief.episodes[-1].sessions == ["first", "second"]
    assert [m.session for m in debrief.moves] == ["first", "first", "second", "second"]
    text = render_md([debrief], ["jo.json"])
    assert text.index("#### Session 1 of 2") < text.index("#### Session 2 of 2")
    assert "Noticing the pull on yourself" in text


def test_run_with_scripted_pulls_then_report_json(tmp_path, capsys):
    profile = tmp_path / "jo.yaml"
    profile.write_text(course_example_text(), encoding="utf-8")
    assert main(["run", str(profile), "--moves", ",".join(ROUTE), "--pulls", "1=fill_silence,2=defend",
                 "--json"]) == 0
    path = tmp_path / "t.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["report", str(path), "--json"]) == 0
    sa = json.loads(capsys.readouterr().out)["self_awareness"]
    assert (sa["asked"], sa["matched"], sa["missed"][0]["turn"]) == (2, 1, 2)
