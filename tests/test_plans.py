"""rupture test: plans pass, failures name the case, step and line, bad plans get located errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.authoring.plans import PlanError, load_plan, run_plan
from simulator.authoring.scaffold import render
from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile_text

PLAN = textwrap.dedent("""\
    format: 1
    patient: sam
    cases:
      - name: owning the part leads to self-assertion
        steps:
          - moves: [notice]
            expect: {state: hedging, stage: exploration, kind: exploration, ended: false}
          - moves: [own_part, stay]
            expect:
              state: asserting
              beat: says_it
              meters: {bond: {min: 60}, alliance: {min: 55}, goals: 61}
              flags: [owned_part]
              offered: [welcome]
              not_offered: [notice]
              marker: null
              turn: 3
          - moves: [welcome]
            expect: {ended: resolved}
      - name: pressing on drops out
        steps:
          - moves: [press_on, press_on, press_on, press_on]
            expect: {ended: dropout, state: leaves}
    """)


@pytest.fixture(scope="module")
def sam():
    return load_profile_text(render("sam"), "sam.yaml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_correct_plan_passes(sam, tmp_path):
    result = run_plan(sam, load_plan(write(tmp_path, PLAN), sam))
    assert result.cases == 2 and result.passed


def test_a_failed_expectation_names_case_step_moves_and_line(sam, tmp_path):
    path = write(tmp_path, PLAN.replace("state: hedging", "state: backing_off"))
    result = run_plan(sam, load_plan(path, sam))
    (f,) = result.failures
    assert (f.case, f.step, f.after) == ("owning the part leads to self-assertion", 1, ["notice"])
    assert f.message == "expected state 'backing_off', got 'hedging'"
    assert f.line == 7
    assert result.format_failure(f).startswith(f"{path}:7:")


def test_meter_range_and_unavailable_move_failures(sam, tmp_path):
    text = PLAN.replace("bond: {min: 60}", "bond: {min: 90}").replace("[press_on, press_on, press_on, press_on]",
                                                                       "[press_on, welcome]")
    result = run_plan(sam, load_plan(write(tmp_path, text), sam))
    meter, move = result.failures
    assert meter.step == 2 and meter.message.startswith("expected bond at least 90, got 6")
    assert move.case == "pressing on drops out" and move.after == ["press_on"]
    assert "move 'welcome' is not on offer now; on offer: press_on, reassure, notice" in move.message


def test_bad_plan_files_get_located_errors(sam, tmp_path):
    text = PLAN.replace("moves: [notice]", "moves: [notise]").replace("stage: exploration", "stag: exploration")
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, text), sam)
    (d,) = err.value.diagnostics
    assert d.code == "P100" and "unknown field 'stag'" in d.message and "did you mean 'stage'" in d.message
    assert d.line == 7
    text = PLAN.replace("moves: [notice]", "moves: [notise]").replace("flags: [owned_part]", "flags: [owned]") \
        .replace("state: leaves", "state: left")
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, text), sam)
    found = [(d.code, d.line) for d in err.value.diagnostics]
    assert found == [("P111", 6), ("P113", 13), ("P112", 23)]
    assert "did you mean 'notice'" in err.value.diagnostics[0].message


def test_plan_for_another_patient(sam, tmp_path):
    with pytest.raises(PlanError) as err:
        load_plan(write(tmp_path, PLAN.replace("patient: sam", "patient: maya")), sam)
    assert err.value.diagnostics[0].code == "P110"


def test_unreadable_plan_is_a_located_error_not_a_traceback(sam, tmp_path):
    with pytest.raises(ProfileError) as err:
        load_plan(write(tmp_path, "format: 1\ncases: [oops\n"), sam)
    assert err.value.diagnostics[0].code == "R005"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "simulator", "test", *map(str, args)], capture_output=True, text=True)


def test_cli_exit_codes(tmp_path):
    profile = tmp_path / "sam.yaml"
    profile.write_text(render("sam"), encoding="utf-8")
    good = write(tmp_path, PLAN)
    out = run_cli(profile, good)
    assert out.returncode == 0 and "2 of 2 cases passed" in out.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLAN.replace("{ended: resolved}", "{ended: dropout}"), encoding="utf-8")
    out = run_cli(profile, bad)
    assert out.returncode == 1
    assert "failed: case 'owning the part leads to self-assertion', step 3 (after notice, own_part, stay, welcome)" \
        in out.stderr
    assert "expected ended 'dropout', got 'resolved'" in out.stderr and "1 of 2 cases passed" in out.stderr
    out = run_cli(profile, tmp_path / "missing.yaml")
    assert out.returncode == 1 and "R001" in out.stderr and "Traceback" not in out.stderr


def test_a_plan_spans_a_course_of_sessions(tmp_path):
    from profiles import course_example

    jo = course_example()
    plan = """\
format: 1
patient: jo
cases:
  - name: across both sessions
    steps:
      - moves: [notice, invite]
        expect: {session: second, beat: back_again, marker: complaint_parameters, ended: false}
      - moves: [apologise, advise]
        expect: {ended: partial, session: second}
  - name: wrong session
    steps:
      - moves: [notice]
        expect: {session: second}
"""
    path = tmp_path / "plan.yaml"
    path.write_text(plan, encoding="utf-8")
    result = run_plan(jo, load_plan(path, jo))
    assert result.cases == 2 and [f.case for f in result.failures] == ["wrong session"]
    assert "expected session 'second', got 'first'" in result.failures[0].message
