"""Reuben: a mixed rupture that comes from the patient's own pattern (DOMAIN.md §2, §3).

His withdrawal turns into confrontation when pushed; an apology for his own
feelings does not help, sensitive exploration does; an apology for a push the
therapist really made does help. Transcript tests play him through the engine;
the content tests hold the profile to the library's bar (issue 3).
"""

from __future__ import annotations


import pytest

from simulator import catalogue
from simulator.session import Session
from simulator.vocabulary import MARKERS
from patient_library import play

START = {"bond": 50, "goals": 58, "tasks": 50, "real": 54}

BEST = ["notice_distance", "wonder_since", "explore_car_park", "link_here_now", "stay_with_stupid", "welcome_terms"]
SECOND_WITHDRAWAL_WAY = ["notice_distance", "disclose_careful", "validate_distance", "explore_car_park",
                         "ask_imagined", "validate_distance", "hand_him_pace"]
CONFRONTATION_WAY = ["notice_distance", "push_open_up", "apologise_push", "clarify_intent", "notice_whatever",
                     "notice_whatever", "reflect_bracing"]
PITFALLS = ["follow_up_lily", "push_open_up", "defend_intent", "explain_feelings_work"]
PASSIVE_PITFALLS = ["reassure_pace"] * 7
REPAIR_AFTER_MISTAKE = ["apologise_last_week", "notice_distance", "wonder_since", "explore_car_park",
                        "link_here_now", "stay_with_stupid", "welcome_terms"]


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("reuben")


# -- transcripts --------------------------------------------------------------------------

def test_best_route_walks_the_withdrawal_path_to_self_assertion(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "repaired"
    assert s.meters == {"bond": 73, "goals": 64, "tasks": 58, "real": 69}
    assert [t.stage_before for t in s.turns] == ["marker", "disembedding", "exploration", "exploration",
                                                 "avoidance", "resolution"]
    assert s.turns[4].state == "asserting" and "what i need" in s.turns[4].patient.lower()
    assert all(t.cause == "patient" for t in s.turns)


def test_a_second_withdrawal_route_also_resolves(patient):
    s = play(patient, SECOND_WITHDRAWAL_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 73, "goals": 65, "tasks": 59, "real": 70}


def test_pushed_he_confronts_and_the_confrontation_path_resolves_in_vulnerability(patient):
    s = play(patient, CONFRONTATION_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 65, "goals": 63, "tasks": 50, "real": 66}
    states = [t.state for t in s.turns]
    assert states[:2] == ["noticing", "confronting"] and "vulnerable" in states and "asserting" not in states
    assert s.turns[1].marker in {m for m, (kind, _t) in MARKERS.items() if kind == "confrontation"}
    # the push cost more than the best route, and the repair shows it
    assert s.meters["bond"] < play(patient, BEST).meters["bond"]


def test_pitfall_route_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert s.ended == "dropout" and s.state == "walked_out"
    assert s.meters == {"bond": 28, "goals": 53, "tasks": 50, "real": 43}
    assert [t.state for t in s.turns][:2] == ["keeping_distance", "confronting"]


def test_leaving_him_alone_ends_unresolved(patient):
    s = play(patient, PASSIVE_PITFALLS)
    assert s.ended == "unresolved" and s.state == "clock_runs_out" and s.end_reason == "state"
    assert s.meters == {"bond": 47, "goals": 58, "tasks": 38, "real": 43}


def test_repair_after_a_misplaced_apology_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_AFTER_MISTAKE)
    best = play(patient, BEST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 68, "goals": 64, "tasks": 58, "real": 65}
    assert all(s.meters[m] <= best.meters[m] for m in START) and s.meters["bond"] < best.meters["bond"]
    assert "sorry" in s.turns[2].patient  # he remembers it ("like I'm something you broke")


# -- apology or exploration? (§2) ------------------------------------------------------------

def test_apology_does_not_help_where_exploration_does(patient):
    base = play(patient, ["notice_distance"])
    assert base.cause == "patient"
    apologised = play(patient, ["notice_distance", "apologise_last_week"])
    explored = play(patient, ["notice_distance", "wonder_since"])
    assert apologised.meters["bond"] < base.meters["bond"] < explored.meters["bond"]
    assert apologised.meters["real"] < base.meters["real"] < explored.meters["real"]
    assert apologised.kind == "withdrawal" and apologised.stage == "marker"
    assert explored.kind == "exploration"


def test_apology_in_the_exploration_turns_it_into_confrontation(patient):
    base = play(patient, ["notice_distance", "wonder_since"])
    apologised = play(patient, ["notice_distance", "wonder_since", "apologise_last_week"])
    explored = play(patient, ["notice_distance", "wonder_since", "explore_car_park"])
    assert apologised.kind == "confrontation" and apologised.cause == "patient"
    assert explored.kind == "exploration" and explored.beat == "thinking_less"
    assert apologised.meters["bond"] < base.meters["bond"] < explored.meters["bond"]


def test_apology_helps_only_for_the_part_the_therapist_caused(patient):
    """The same move from the same beat: it helps when the cause is the therapist's push, not after."""
    owed = play(patient, ["follow_up_lily", "push_open_up", "explore_construals"])
    paid = play(patient, ["follow_up_lily", "push_open_up", "apologise_push"])
    assert owed.beat == paid.beat == "what_you_wanted"
    assert owed.cause == "therapist" and paid.cause == "patient"
    before = owed.meters["bond"]
    owed.choose("apologise_push")
    assert owed.meters["bond"] - before == 4 and owed.beat == "what_you_wanted"
    before = paid.meters["bond"]
    paid.choose("apologise_push")
    assert paid.meters["bond"] - before == -3 and paid.kind == "confrontation"


def test_withdrawal_turns_into_confrontation_when_pushed(patient):
    asked_twice = play(patient, ["follow_up_lily", "follow_up_lily"])
    pushed = play(patient, ["follow_up_lily", "push_open_up"])
    for s in (asked_twice, pushed):
        assert s.turns[0].state == "keeping_distance" and s.turns[0].marker == "minimal_response"
        assert s.kind == "confrontation" and s.cause == "therapist" and "pushed" in s.flags


def test_the_same_link_to_his_father_hurts_early_and_lands_late(patient):
    early = play(patient, ["notice_distance", "link_to_dad"])
    assert early.kind == "confrontation" and early.last.deltas["bond"] == -6
    late = play(patient, CONFRONTATION_WAY[:-1] + ["link_to_dad"])
    assert late.ended == "resolved" and late.last.deltas["bond"] > 0


def test_opening_rupture_is_the_patients_own(patient):
    states = patient.spec.states
    assert {sid for sid, st in states.items() if st.cause == "patient"} == {"keeping_distance", "noticing"}
    assert not any(st.cause == "therapist" for st in states.values())
    assert Session(patient).cause == "patient"


# -- the content bar -----------------------------------------------------------------------

def test_the_pitfalls_and_the_repairs_are_on_offer(patient):
    strategies = {move.strategy for move in patient.spec.moves.values()}
    pitfalls = {"continue_agenda", "defend_self", "repeat_rationale", "closing_reassurance", "push_harder",
                "placate", "link_other_relationships"}
    assert pitfalls <= strategies
    assert {"apologise", "invite_feelings", "attend_to_marker", "link_here_and_now", "clarify_misunderstanding",
            "disclose_experience"} <= strategies
