"""rupture new: a commented template that checks clean, plays to both endings, and never overwrites."""

from __future__ import annotations

import subprocess
import sys

from simulator.authoring.explore import explore
from simulator.authoring.lint import lint
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, cwd=cwd)


def test_new_writes_a_profile_that_checks_with_no_warning(tmp_path):
    out = run(["new", "sam"], tmp_path)
    assert out.returncode == 0, out.stderr
    path = tmp_path / "sam.yaml"
    text = path.read_text()
    assert text.count("#") > 20, "the template explains itself in comments"
    patient = load_profile(path)
    assert patient.id == "sam" and patient.name == "Sam"
    assert lint(patient) == []
    check = run(["check", "sam.yaml"], tmp_path)
    assert check.returncode == 0 and check.stdout.strip() == "1 of 1 profile valid"


def test_new_profile_plays_to_resolution_and_to_dropout(tmp_path):
    run(["new", "new_patient"], tmp_path)
    patient = load_profile(tmp_path / "new_patient.yaml")
    assert patient.name == "New Patient"
    found = explore(patient)
    for route, ending in ((found.resolution_route, "resolved"), (found.dropout_route, "dropout")):
        s = Session(patient)
        for move in route:
            s.choose(move)
        assert s.ended == ending
        assert "New Patient" in s.epilogue


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text("my work\n", encoding="utf-8")
    out = run(["new", "sam"], tmp_path)
    assert out.returncode == 1
    assert "already exists" in out.stderr and "Traceback" not in out.stderr
    assert path.read_text() == "my work\n"


def test_new_refuses_a_name_that_cannot_be_an_id(tmp_path):
    out = run(["new", "Sam Smith"], tmp_path)
    assert out.returncode == 1
    assert "cannot be a patient id" in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_course_is_the_format_examples_course_and_checks_clean(tmp_path):
    from profiles import course_example_text

    from simulator.authoring.scaffold import render
    from simulator.engine.profile_loader import load_profile_text

    example = course_example_text()
    assert render("jo", course=True).split("\nformat: 2", 1)[1] == example.split("\nformat: 2", 1)[1]
    out = subprocess.run([sys.executable, "-m", "simulator", "new", "ana_b", "--course"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "ana_b.yaml").read_text(encoding="utf-8")
    patient = load_profile_text(text, "ana_b.yaml")
    assert patient.id == "ana_b" and "Ana B emails" in text and [c.id for c in patient.spec.sessions] == ["first", "second"]
    assert lint(patient) == []
