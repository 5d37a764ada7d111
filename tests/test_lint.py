"""The lint: each code fires on the mistake it names, at the line of that mistake, and not on a clean profile."""

from __future__ import annotations

import copy

import pytest
from profiles import MINIMAL, dump

from simulator.authoring import explore as explore_mod
from simulator.authoring.lint import CODES, lint
from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile_text


def clean() -> dict:
    """MINIMAL with its findings fixed: 'asked' is read (own is on offer once asked) and dropout can happen."""
    data = copy.deepcopy(MINIMAL)
    data["states"]["talk"]["beats"]["start"]["options"][2]["when"] = {"flags": ["asked"]}
    data["dropout"]["alliance_below"] = 30
    return data


def findings(data: dict):
    """Every finding but W236: MINIMAL's replies repeat by design, and tests/test_format2_history.py covers it."""
    text = dump(data)
    patient = load_profile_text(text, "tiny.yaml")
    return [d for d in lint(patient) if d.code != "W236"], text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = text.splitlines()
    hits = [i + 1 for i, ln in enumerate(lines) if needle in ln]
    return hits[nth - 1]


def codes(found) -> list[str]:
    return [d.code for d in found]


def opts(data):
    return data["states"]["talk"]["beats"]["start"]["options"]


def test_clean_profile_has_no_findings():
    found, _ = findings(clean())
    assert found == []


def test_minimal_profile_findings_in_line_order():
    """MINIMAL's flag is never read, and pushing only brings the alliance to 25, never below 20."""
    found, text = findings(MINIMAL)
    assert codes(found) == ["W222", "W201", "W210"]
    flag, dropout, gone = found
    assert flag.line == line_of(text, "asked: the therapist asked")
    assert flag.format().startswith(f"tiny.yaml:{flag.line}:3: warning: flag 'asked' is set but no condition")
    assert dropout.line == line_of(text, "dropout:")
    assert gone.line == line_of(text, "  gone:") and "state 'gone' can never be reached" in gone.message


def test_unreachable_resolution_is_an_error():
    """'own' needs 'asked', but only a reply that comes after 'own' sets it."""
    data = clean()
    opts(data)[0].pop("set")
    opts(data)[2]["set"] = ["asked"]
    found, text = findings(data)
    assert codes(found) == ["W213", "W212", "E200", "W210"]
    dead_end, never_offered, error, done = found
    assert "state 'talk' has no way out in play" in dead_end.message
    assert error.severity == "error" and error.line == line_of(text, "  done:")
    assert "'own' is never on offer" in never_offered.message
    assert done.line == line_of(text, "  done:")


def test_patient_who_cannot_drop_out():
    data = clean()
    data["dropout"]["alliance_below"] = 0
    found, text = findings(data)
    assert codes(found) == ["W201", "W210"]
    assert found[0].line == line_of(text, "dropout:")
    assert found[1].line == line_of(text, "  gone:")


def test_unreachable_state_and_its_hint_about_the_turn_limit():
    data = clean()
    data["states"]["limbo"] = {"kind": "withdrawal", "ending": "unresolved", "epilogue": "Nothing more."}
    found, text = findings(data)
    assert codes(found) == ["W210"]
    assert found[0].line == line_of(text, "  limbo:")
    assert "turn limit" in found[0].hint


def test_unreachable_beat():
    data = clean()
    data["states"]["talk"]["beats"]["later"] = {"options": [
        {"move": "ask", "reply": "Later.", "cue": "looks up", "next": "start"}]}
    found, text = findings(data)
    assert codes(found) == ["W211"]
    assert found[0].line == line_of(text, "    later:")


def test_branch_shadowed_by_an_earlier_branch_and_the_default_reply_never_given():
    data = clean()
    opts(data)[1]["branches"] = [
        {"when": {"meters": {"bond": {"min": 0}}}, "reply": "Always this.", "cue": "sighs"},
        {"when": {"flags": ["asked"]}, "reply": "Never this.", "cue": "frowns"},
    ]
    found, text = findings(data)
    assert codes(found) == ["W212", "W212"]
    fallback, branch = found
    assert "'push'" in fallback.message and "never given" in fallback.message
    assert "branch 2" in branch.message
    assert branch.line == line_of(text, "- when:", 2)


def test_option_never_on_offer_where_it_stands():
    data = clean()
    start = opts(data)
    start[2]["when"] = {"turn": {"max": 0}}
    start[2]["next"] = "second"
    data["states"]["talk"]["beats"]["second"] = {"options": [
        {"move": "own", "reply": "Thank you.", "cue": "looks up", "next": "done"},
        {"move": "push", "when": {"turn": {"min": 3}}, "reply": "Stop.", "cue": "turns away", "next": "start"},
    ]}
    start[0]["branches"] = [{"when": {"flags": ["asked"]}, "reply": "Still fine.", "cue": "shrugs again"}]
    found, text = findings(data)
    assert codes(found) == ["W212"]
    assert "'push' is never on offer in beat 'second'" in found[0].message
    assert found[0].line == line_of(text, "min: 3") - 2


def test_dead_end_state():
    data = clean()
    opts(data)[1]["next"] = "stuck_here"
    data["states"]["stuck"] = {"kind": "avoidance", "beats": {"stuck_here": {"options": [
        {"move": "ask", "reply": "Hm.", "cue": "stares", "set": ["asked"], "next": "stuck_here"},
        {"move": "push", "reply": "No.", "cue": "glares", "effects": {"bond": -10, "goals": -10, "real": -10},
         "next": "stuck_here"}]}}}
    found, text = findings(data)
    assert codes(found) == ["W213"]
    assert found[0].line == line_of(text, "  stuck:")


def test_condition_that_can_never_hold_is_reported_once_with_why():
    data = clean()
    opts(data)[0]["branches"] = [{"when": {"meters": {"bond": {"min": 70, "max": 40}}}, "reply": "Hm.", "cue": "sighs"}]
    found, text = findings(data)
    assert codes(found) == ["W214"]
    assert "bond bounds leave no value" in found[0].message
    assert found[0].line == line_of(text, "- when:")


def test_turn_beyond_the_session_can_never_hold():
    data = clean()
    opts(data)[0]["branches"] = [{"when": {"turn": {"min": 30}}, "reply": "Hm.", "cue": "sighs"}]
    found, _ = findings(data)
    assert codes(found) == ["W214"]
    assert "max_turns is 10" in found[0].message


def test_every_move_on_offer_disabled_at_once():
    data = clean()
    opts(data)[1]["next"] = "gate"
    data["states"]["talk"]["beats"]["gate"] = {"options": [
        {"move": "own", "when": {"flags": ["asked"]}, "reply": "Thanks.", "cue": "nods", "next": "done"},
        {"move": "ask", "when": {"meters": {"bond": {"min": 60}}}, "reply": "Fine.", "cue": "shrugs",
         "next": "start"},
        {"move": "push", "when": {"turn": {"min": 5}}, "reply": "Stop it.", "cue": "arms cross",
         "effects": {"bond": -20, "real": -20}, "next": "start"},
    ]}
    found, text = findings(data)
    assert codes(found) == ["W215"]
    assert "after push nothing is on offer" in found[0].message, found[0].message
    assert found[0].line == line_of(text, "    gate:")


def test_unused_move_and_flags():
    data = clean()
    data["moves"]["spare"] = {"label": "Spare", "says": "Hm.", "strategy": "open_question"}
    data["flags"]["idle"] = "never used"
    data["flags"]["needed"] = "never set"
    opts(data)[1]["when"] = {"not_flags": ["needed"]}
    found, text = findings(data)
    by_code = {d.code: d for d in found}
    assert sorted(by_code) == ["W220", "W221", "W223"]
    assert by_code["W220"].line == line_of(text, "  spare:")
    assert by_code["W221"].line == line_of(text, "idle: never used")
    assert by_code["W223"].line == line_of(text, "needed: never set")


def test_branch_without_a_cue():
    data = clean()
    opts(data)[0]["branches"] = [{"when": {"flags": ["asked"]}, "reply": "Again?", "cue": None}]
    found, text = findings(data)
    assert codes(found) == ["W230"]
    assert found[0].line == line_of(text, "cue: null")


def test_a_blank_line_is_refused_at_load_before_lint():
    data = clean()
    opts(data)[1]["reply"] = ["Stop.", "   "]
    with pytest.raises(ProfileError) as info:
        findings(data)
    [d] = info.value.diagnostics
    assert d.code == "R101" and "only invisible characters" in d.message


def test_marker_on_a_reply_into_a_resolution_state():
    data = clean()
    opts(data)[2]["marker"] = "denial"
    found, text = findings(data)
    assert codes(found) == ["W231"]
    assert "leads into 'done', a resolution state" in found[0].message
    assert found[0].line == line_of(text, "marker: denial")


def test_marker_on_a_reply_into_dropout_is_fine():
    data = clean()
    opts(data)[1]["branches"] = [{"when": {"turn": {"min": 3}}, "reply": "I'm going.", "cue": "stands",
                                  "marker": "complaint_therapist", "next": "gone"}]
    found, _ = findings(data)
    assert found == []


def test_effect_that_changes_nothing():
    data = clean()
    opts(data)[0]["effects"] = {"bond": 5, "real": 0}
    found, text = findings(data)
    assert codes(found) == ["W232"]
    assert found[0].line == line_of(text, "real: 0")


def test_effect_routinely_cut_off_at_100():
    data = clean()
    data["meters"]["real"]["start"] = 96
    opts(data)[0]["effects"] = {"bond": 5, "real": 10}
    opts(data)[1]["effects"] = {"bond": -20, "goals": -20, "tasks": -20}
    found, _ = findings(data)
    assert codes(found) == ["W233"]
    assert "cut off at 100" in found[0].message


def test_effect_that_can_never_matter_because_the_meter_is_always_full():
    data = clean()
    data["meters"]["real"]["start"] = 100
    opts(data)[0]["effects"] = {"bond": 5, "real": 3}
    opts(data)[1]["effects"] = {"bond": -20, "goals": -20, "tasks": -20}
    found, _ = findings(data)
    assert codes(found) == ["W232"]
    assert "always already 100" in found[0].message


def test_search_budget_running_out_is_a_note_not_a_warning(monkeypatch):
    data = clean()
    patient = load_profile_text(dump(data), "tiny.yaml")
    monkeypatch.setattr(explore_mod, "TOTAL_BUDGET", 0)
    found = lint(patient, explore_mod.explore(patient, runs=0))
    assert found and {d.code for d in found} == {"N240"}
    assert all(d.severity == "note" for d in found)


def test_every_code_has_a_severity_letter():
    assert all(code[0] in "EWN" and code[1:].isdigit() for code in CODES)


@pytest.mark.parametrize("word, field, suggestion", [
    ("atend_to_marker", "strategy", "attend_to_marker"),
    ("tentativ", "honours", "tentative"),
])
def test_unknown_strategy_or_principle_gets_did_you_mean(word, field, suggestion):
    from simulator.engine.diagnostics import ProfileError

    data = clean()
    data["moves"]["ask"][field] = [word] if field == "honours" else word
    with pytest.raises(ProfileError) as err:
        load_profile_text(dump(data), "tiny.yaml")
    (d,) = err.value.diagnostics
    noun = "principle" if field == "honours" else "strategy"
    assert d.message == f"unknown {noun} '{word}' — did you mean '{suggestion}'?"
    assert d.line == line_of(dump(data), word)
