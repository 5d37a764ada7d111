"""The annotated example in patients/FORMAT.md stays a valid profile that plays to both endings."""

from __future__ import annotations

import re

from conftest import PATIENTS

from simulator.profile_loader import load_profile_text
from simulator.session import Session


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


def test_every_field_in_the_schema_is_documented():
    from simulator.schema_export import profile_schema

    doc = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    schema = profile_schema()
    models = [schema] + list(schema["definitions"].values())
    for model in models:
        for field in model.get("properties", {}):
            assert f"`{field}`" in doc or f"{field}:" in doc, field
