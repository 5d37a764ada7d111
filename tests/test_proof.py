"""rupture proof: the whole profile as readable Markdown, every line traceable to the YAML."""

from __future__ import annotations

import subprocess
import sys

import pytest

from simulator.explore import explore
from simulator.proof import condition_text, render
from simulator.profile_loader import load_profile_text
from simulator.scaffold import render as template


@pytest.fixture(scope="module")
def sam():
    return load_profile_text(template("sam"), "sam.yaml")


@pytest.fixture(scope="module")
def text(sam):
    return render(sam, explore(sam))


def test_every_state_beat_move_and_patient_line_is_in_the_proof(sam, text):
    for sid in sam.spec.states:
        assert f"### {sid}:" in text
    for bid in sam.beats:
        assert f"#### Beat {bid}" in text
    for move in sam.spec.moves.values():
        assert move.label in text
        assert " ".join(move.says.split()) in text
    for beat in sam.beats.values():
        for rule in beat.options:
            for outcome in [o for _p, o in rule.branches] + [rule.fallback]:
                for line in outcome.replies:
                    assert " ".join(line.split()) in text
                assert outcome.cue in text


def test_briefing_meters_flags_and_dropout_rule(sam, text):
    assert "- **Presenting problem:** Low mood and poor sleep" in text
    assert "| bond | 50 |" in text and "| real relationship | 50 |" in text
    assert "`owned_part`: the therapist has owned their part" in text
    assert "drops out (state **leaves**) when the alliance (mean of the four meters) falls below 40" in text


def test_conditions_markers_and_routes_in_words(sam, text):
    assert ("- If flag 'owned_part' is set (the therapist has owned their part in setting the diary without "
            "asking):") in text
    assert "on offer only when flag 'owned_part' is not set" in text
    assert "If the number of moves made so far is at least 6:" in text
    assert "marker: denial (withdrawal: denial of a feeling that is plainly there)" in text
    assert "bond +5, goals +6, tasks +6, real relationship +3; then beat **says_it** (state asserting)" in text
    expert = text.split("**Expert route (the shortest to resolution):**")[1].split("**Shortest")[0]
    assert [ln.split("(`")[1].split("`")[0] for ln in expert.strip().splitlines()] == \
        ["notice", "own_part", "stay", "welcome"]


def test_branches_are_listed_in_the_order_they_are_tried(text):
    block = text.split("- **Therapist: Stay with what they are backing away from**")[1]
    assert block.index("- If flag 'owned_part'") < block.index("- Otherwise:")


def test_condition_text_covers_any_and_not(sam):
    from simulator.profile_model import Condition

    cond = Condition.model_validate({"any": [{"meters": {"alliance": {"max": 40}}}, {"cause": "therapist"}],
                                     "not": {"turn": {"min": 2, "max": 5}}})
    assert condition_text(cond, sam) == (
        "at least one of: (the alliance (mean of the four meters) is at most 40); or (the rupture in play was "
        "caused by the therapist) and not (the number of moves made so far is between 2 and 5)")


def test_cli_writes_the_file(tmp_path):
    profile = tmp_path / "sam.yaml"
    profile.write_text(template("sam"), encoding="utf-8")
    out_file = tmp_path / "sam.md"
    out = subprocess.run([sys.executable, "-m", "simulator", "proof", str(profile), "-o", str(out_file)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out_file.read_text().startswith("# Sam, 34: patient profile `sam`")


def test_proof_of_a_course_reads_sessions_pulls_and_repetition_in_words(tmp_path):
    from profiles import course_example
    from simulator.proof import render

    text = render(course_example())
    assert "### Session second: at most 6 moves" in text and "*A week later. Jo arrives ten minutes late.*" in text
    assert "Pull on the therapist: **fill the silence**" in text
    assert "move 'fill_gap' has been chosen at least 2 times in this session" in text
    assert "move 'advise' has not been chosen yet in this session" in text
    assert "this session ends; then session 'second'" in text
