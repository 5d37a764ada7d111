"""rupture proof: the whole profile as readable Markdown, every line traceable to the YAML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.authoring.explore import explore
from simulator.authoring.proof import condition_text, render
from simulator.authoring.scaffold import render as template
from simulator.engine.profile_loader import load_profile_text


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
    from simulator.engine.profile_model import Condition

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

    from simulator.authoring.proof import render

    text = render(course_example())
    assert "### Session second: at most 6 moves" in text and "*A week later. Jo arrives ten minutes late.*" in text
    assert "Pull on the therapist: **fill the silence**" in text
    assert "move 'fill_gap' has been chosen at least 2 times in this session" in text
    assert "move 'advise' has not been chosen yet in this session" in text
    assert "this session ends; then session 'second'" in text


HOSTILE = (Path(__file__).resolve().parent / "hostile" / "bell_character.yaml").read_text(encoding="utf-8").replace("\x07", "")
INJECTIONS = {
    "name: Probe": 'name: "<script>alert(1)</script>"',
    "summary: a patient for hostile-input tests": 'summary: "**bold** [x](javascript:alert(1)) `code`"',
    "label: Ask,": 'label: "# Ask",',
    "reply: Fine.": 'reply: "<img src=x onerror=alert(1)>"',
    "cue: shrugs": 'cue: "_under_ ~~struck~~ | pipe"',
    "kind: withdrawal": 'kind: withdrawal\n    description: "fine\\n# Injected heading\\n- injected item\\n<script>x</script>"',
    "epilogue: It went well.": 'epilogue: "1. looks like a list"',
}


@pytest.fixture(scope="module")
def hostile_proof():
    text = HOSTILE
    for old, new in INJECTIONS.items():
        assert old in text
        text = text.replace(old, new, 1)
    patient = load_profile_text(text, "probe.yaml")
    return render(patient, explore(patient))


def test_profile_text_cannot_inject_html_or_markdown(hostile_proof):
    assert "<script" not in hostile_proof and "<img" not in hostile_proof
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_proof
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_proof
    assert r"\*\*bold\*\* \[x\](javascript:alert(1)) \`code\`" in hostile_proof
    assert r"\_under\_ \~\~struck\~\~ \| pipe" in hostile_proof
    assert "fine # Injected heading - injected item &lt;script&gt;x&lt;/script&gt;" in hostile_proof
    assert r"### \# Ask (`ask`)" in hostile_proof
    assert "> " + r"\1. looks like a list" in hostile_proof
    headings = [line for line in hostile_proof.splitlines() if line.startswith("#")]
    assert not any("Injected" in h for h in headings)
    assert not any(line.startswith(("- injected", "<")) for line in hostile_proof.splitlines())


def test_a_newline_in_a_name_is_refused_before_any_output(tmp_path):
    profile = tmp_path / "probe.yaml"
    profile.write_text(HOSTILE.replace("name: Probe", 'name: "Probe\\n# Injected"'), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "proof", str(profile)], capture_output=True, text=True)
    assert out.returncode == 1 and out.stdout == ""
    assert f"{profile}:3:7: error: the text holds a line break" in out.stderr and "[R101]" in out.stderr
    assert "Traceback" not in out.stderr


def rupture_proof(*args):
    return subprocess.run([sys.executable, "-m", "simulator", "proof", *args], capture_output=True, text=True)


def test_proof_never_writes_over_its_profile_or_another_profile(tmp_path):
    profile = tmp_path / "probe.yaml"
    profile.write_text(HOSTILE, encoding="utf-8")
    other = tmp_path / "other.yml"
    other.write_text("kept", encoding="utf-8")
    for target in (profile, other, tmp_path / "new.yaml"):
        for force in ([], ["--force"]):
            out = rupture_proof(str(profile), "-o", str(target), *force)
            assert out.returncode == 2 and f"rupture: {target} is a profile" in out.stderr
    assert profile.read_text(encoding="utf-8") == HOSTILE and other.read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "new.yaml").exists()


def test_proof_writes_over_an_existing_file_only_with_force(tmp_path):
    profile = tmp_path / "probe.yaml"
    profile.write_text(HOSTILE, encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("my notes", encoding="utf-8")
    out = rupture_proof(str(profile), "-o", str(notes))
    assert out.returncode == 2 and "exists; give --force" in out.stderr
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert rupture_proof(str(profile), "-o", str(notes), "--force").returncode == 0
    assert notes.read_text(encoding="utf-8").startswith("# Probe, 30")
    out = rupture_proof(str(profile), "-o", str(tmp_path))
    assert out.returncode == 2 and "is a folder" in out.stderr
