"""Format 2 conditions on the moves made: `chosen` and `previous`, in play, in undo, in the analyses."""

from __future__ import annotations

import copy

import pytest
from profiles import MINIMAL, load, two_sessions

from simulator.authoring.explore import explore
from simulator.authoring.lint import lint
from simulator.engine.diagnostics import ProfileError
from simulator.engine.session import Session


def _repeating() -> dict:
    """'push' gets a different reply the third time, and 'own' is on offer only straight after 'ask'."""
    data = copy.deepcopy(MINIMAL)
    data["format"] = 2
    opts = data["states"]["talk"]["beats"]["start"]["options"]
    opts[1]["branches"] = [{"when": {"chosen": {"move": "push", "min": 3}}, "reply": "You keep saying that.",
                            "cue": "turns away"}]
    opts[2]["when"] = {"previous": {"strategy": "open_question"}}
    return data


def test_a_move_chosen_three_times_gets_the_repetition_reply():
    s = Session(load(_repeating()))
    s.meters.update(bond=100, real=100, goals=100, tasks=100)
    lines = [s.choose("push").patient for _ in range(4)]
    assert lines == ["Stop.", "Stop.", "You keep saying that.", "You keep saying that."]


def test_previous_reads_the_last_move_and_undo_restores_the_counts():
    s = Session(load(_repeating()))
    assert "own" not in s.options()
    s.choose("ask")
    assert "own" in s.options()
    s.choose("push")
    assert "own" not in s.options()
    s.undo()
    assert "own" in s.options()
    s.meters.update(bond=100, real=100)
    s.choose("push")
    s.choose("push")
    s.rewind_to(1)
    s.meters.update(bond=100, real=100)
    assert [s.choose("push").patient for _ in range(2)] == ["Stop.", "Stop."]


def test_counts_stop_at_the_last_value_a_condition_can_tell_apart():
    patient = load(_repeating())
    assert patient.history.caps == (3,)
    s = Session(patient)
    s.meters.update(bond=100, real=100)
    for _ in range(5):
        s.choose("push")
    assert s.counts == (3,)


def test_format_1_profiles_keep_no_history():
    patient = load()
    assert patient.history.caps == () and not patient.history.tracks_previous
    s = Session(patient)
    s.choose("ask")
    assert s.counts == () and s.previous is None


def test_the_analyses_never_call_a_history_condition_impossible():
    data = _repeating()
    opts = data["states"]["talk"]["beats"]["start"]["options"]
    opts[2]["when"] = {"not": {"previous": {"move": "push"}}, "chosen": {"strategy": "push_harder", "max": 0}}
    patient = load(data)
    found = explore(patient)
    assert not found.unreachable_replies
    codes = {d.code for d in lint(patient)}
    assert "W214" not in codes and "W212" not in codes


@pytest.mark.parametrize("part, message", [
    ({"chosen": {"move": "psuh", "min": 2}}, "unknown move 'psuh' — did you mean 'push'?"),
    ({"previous": {"move": "ask", "strategy": "apologise"}}, "'previous' needs either 'move' or 'strategy'"),
    ({"chosen": {"move": "ask", "min": 3, "max": 1}}, "'chosen' asks for at least 3 and at most 1"),
    ({"chosen": {"strategy": "apologise"}}, "'chosen' gives no bound"),
    ({"chosen": {"strategy": "apologies", "min": 1}}, "unknown strategy 'apologies' — did you mean 'apologise'?"),
])
def test_bad_history_conditions_get_located_errors(part, message):
    data = _repeating()
    data["states"]["talk"]["beats"]["start"]["options"][0]["when"] = part
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert message in diag.message and diag.line > 1


def test_a_format_2_field_in_a_format_1_profile_is_a_located_error():
    data = _repeating()
    data["format"] = 1
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert diag.code == "R125" and "'chosen' is new in format 2" in diag.message and diag.line > 1


def test_a_line_said_three_times_running_is_a_w236_warning_until_the_repetition_has_its_reply():
    data = copy.deepcopy(MINIMAL)
    data["dropout"]["alliance_below"] = 1
    found = [d for d in lint(load(data)) if d.code == "W236"]
    assert found and "the patient says \"Fine.\" 3 times in a row to 'ask'" in found[0].message
    data["format"] = 2
    ask = data["states"]["talk"]["beats"]["start"]["options"][0]
    ask["branches"] = [{"when": {"chosen": {"move": "ask", "min": 3}}, "reply": "Again? I'm going.", "cue": "stands",
                        "next": "gone"},
                       {"when": {"previous": {"move": "ask"}}, "reply": "You asked that already.", "cue": "frowns"}]
    stop = data["states"]["talk"]["beats"]["start"]["options"][1]
    stop["branches"] = [{"when": {"previous": {"move": "push"}}, "reply": "I said stop.", "cue": "glares",
                         "next": "gone"}]
    left = [d.message for d in lint(load(data)) if d.code == "W236"]
    assert all("'ask'" not in m and "'push'" not in m for m in left), left


def test_a_course_carries_meters_and_flags_over_and_counts_per_session():
    data = two_sessions()
    data["states"]["talk"]["beats"]["start"]["options"][1]["branches"] = [
        {"when": {"chosen": {"move": "push", "min": 2}}, "reply": "Again?", "cue": "sighs"},
        {"when": {"chosen": {"move": "push", "min": 2, "within": "course"}}, "reply": "Like last week.", "cue": "sighs"}]
    s = Session(load(data))
    s.meters.update(bond=100, real=100)
    s.choose("push")
    s.choose("ask")
    assert s.session_id == "second" and s.session_turn == 0 and "asked" in s.flags and s.meters["bond"] == 85
    assert s.choose("push").patient == "Like last week."
    assert s.choose("push").patient == "Again?"
    s.choose("ask")
    s.choose("ask")
    assert (s.ended, s.end_reason) == ("unresolved", "turn limit") and s.turn == 6


@pytest.mark.parametrize("change, code, message", [
    (lambda d: d["states"]["talk"]["beats"]["start"]["options"][0]["branches"][0].update(next_session="secnd"),
     "R127", "unknown session 'secnd' — did you mean 'second'?"),
    (lambda d: d.update(max_turns=10), "R126", "the profile gives both 'sessions' and 'max_turns'"),
    (lambda d: d["states"]["talk"]["beats"]["start"]["options"][0]["branches"][0].update(when={"session": "thrid"}),
     "R127", "unknown session 'thrid'"),
])
def test_bad_course_values_get_located_coded_errors(change, code, message):
    data = two_sessions()
    change(data)
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert diag.code == code and message in diag.message and diag.line > 1


@pytest.mark.parametrize("change, what", [
    (lambda d: d["states"]["talk"]["beats"]["start"].update(pull={"kind": "defend"}), "'pull'"),
    (lambda d: d["states"].update(partly={"kind": "resolution", "ending": "partial"}), "'ending: partial'"),
    (lambda d: d["moves"]["ask"].update(strategy="humour"), "the strategy 'humour'"),
    (lambda d: d["states"]["talk"].update(cause="both"), "'cause: both'"),
])
def test_every_format_2_field_or_value_needs_format_2(change, what):
    data = copy.deepcopy(MINIMAL)
    change(data)
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert diag.code == "R125" and diag.message.startswith(what) and diag.line > 1
    data["format"] = 2
    assert load(data).spec.format == 2


def test_a_format_1_course_is_refused_where_it_says_sessions():
    data = two_sessions()
    data["format"] = 1
    data["states"]["talk"]["beats"]["start"]["options"][0].pop("branches")
    with pytest.raises(ProfileError) as err:
        load(data)
    assert err.value.diagnostics[0].code == "R125" and "'sessions' is new in format 2" in err.value.diagnostics[0].message


def test_a_session_no_reply_opens_is_a_w237_warning():
    data = two_sessions()
    data["states"]["talk"]["beats"]["start"]["options"][0].pop("branches")
    found = [d for d in lint(load(data)) if d.code == "W237"]
    assert len(found) == 1 and "session 'second' is never played: no reply opens it" in found[0].message
    assert found[0].line > 1
    assert not [d for d in lint(load(two_sessions())) if d.code == "W237"]


def test_an_empty_opening_is_a_located_error_not_a_crash():
    data = copy.deepcopy(MINIMAL)
    data["opening"] = None
    with pytest.raises(ProfileError) as err:
        load(data)
    diag = err.value.diagnostics[0]
    assert diag.code == "R100" and "'opening' is empty" in diag.message and diag.line > 1
