"""The annotated example in patients/FORMAT.md stays a valid profile that plays to both endings."""

from __future__ import annotations

import re

from conftest import PATIENTS

from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session


def example():
    text = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    return load_profile_text(block, "FORMAT.md example")


def play(moves):
    s = Session(example())
    for m in moves:
        s.choose(m)
    return s


def test_example_resolves():
    s = play(["notice_quiet", "own_cancel", "welcome"])
    assert (s.ended, s.state) == ("resolved", "repaired")
    assert s.meters == {"bond": 69, "goals": 60, "tasks": 55, "real": 61}


def test_example_drops_out():
    s = play(["get_started", "get_started", "get_started"])
    assert (s.ended, s.state, s.end_reason) == ("dropout", "leaves", "state")
    assert s.last.marker == "complaint_progress"


def test_example_checks_clean_and_its_documented_routes_are_the_ones_found():
    """FORMAT.md says the example passes `rupture check` and names its two routes: both claims are kept true."""
    from simulator.authoring.explore import explore
    from simulator.authoring.lint import lint

    patient = example()
    found = explore(patient)
    assert lint(patient, found) == []
    doc = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    resolves, drops = re.search(r"Routes: `([^`]*)` resolves; `([^`]*)` drops out\.", doc).groups()
    assert found.resolution_route == resolves.split(", ")
    assert found.dropout_route == drops.split(", ")


def test_every_field_in_the_schema_is_documented():
    from simulator.engine.schema_export import profile_schema

    doc = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    schema = profile_schema()
    models = [schema] + list(schema["definitions"].values())
    for model in models:
        for field in model.get("properties", {}):
            assert f"`{field}`" in doc or f"{field}:" in doc, field


def course():
    from profiles import course_example

    return course_example()


def play_course(moves, answers=None):
    s = Session(course())
    for i, m in enumerate(moves, 1):
        s.choose(m, pull_answer=(answers or {}).get(i))
    return s


def test_course_example_resolves_across_both_sessions():
    s = play_course(["notice", "invite", "apologise", "invite"])
    assert (s.ended, s.state) == ("resolved", "heard")
    assert [t.session for t in s.turns] == ["first", "first", "second", "second"]
    assert s.sessions_played == ["first", "second"]
    assert s.turns[-1].patient.startswith("You asked me that last week.")


def test_course_example_interval_and_opening_between_sessions():
    s = play_course(["notice", "invite"])
    assert s.session_id == "second" and s.interval.startswith("A week later.")
    assert s.line.startswith("You moved my time again.") and s.marker == "complaint_parameters"
    assert s.pull.kind == "defend"
    s.undo()
    assert s.session_id == "first" and s.interval is None and s.line.startswith("It's... nothing.")


def test_course_example_partial_dropout_and_turn_limit():
    s = play_course(["notice", "own_part", "apologise", "advise"])
    assert (s.ended, s.state) == ("partial", "partly")
    assert s.turns[2].patient == "Twice. Yeah. That's exactly it."
    s = play_course(["fill_gap", "fill_gap"])
    assert (s.ended, s.state) == ("dropout", "leaves")
    s = play_course(["check_safety", "notice", "reassure_her", "notice", "reassure_her", "advise"])
    assert (s.ended, s.end_reason) == ("unresolved", "turn limit")
    s = play_course(["notice", "invite", "joke", "explain_time", "apologise", "share_own", "advise"])
    assert s.ended == "partial"


def test_course_example_checks_clean_and_explores_every_ending():
    from simulator.authoring.explore import explore
    from simulator.authoring.lint import lint

    patient = course()
    assert lint(patient) == []
    found = explore(patient)
    # safety first (§8): the example offers a safety question at the opening, so the expert route asks it
    assert found.resolution_route[0] == "check_safety" and len(found.resolution_route) == 5
    assert play_course(found.resolution_route).ended == "resolved"
    assert found.random_endings["partial"] > 0 and found.random_partial_share > 0
    assert not found.unreachable_states
