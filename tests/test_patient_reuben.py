"""Reuben: a mixed rupture, co-created, mostly his own pattern (clinical model §2, §3, §8).

His withdrawal turns into confrontation when pushed; an apology for his own
feelings does not help, owning a concrete act and sensitive exploration do; an apology for a
push the therapist really made does help; asking about the anger is never an error. Transcript tests play him through the engine;
the content tests hold the profile to the library's bar (issue 3).
"""

from __future__ import annotations

import pytest
from patient_library import assert_design_doc_matches, assert_pull_on_every_marker_beat, outcomes, play

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.engine.vocabulary import MARKERS

START = {"bond": 50, "goals": 58, "tasks": 50, "real": 54}

BEST = ["notice_distance", "wonder_since", "explore_car_park", "link_here_now", "joke_car_park", "welcome_terms"]
SECOND_WITHDRAWAL_WAY = ["notice_distance", "disclose_careful", "validate_distance", "explore_car_park",
                         "ask_imagined", "validate_distance", "hand_him_pace"]
CONFRONTATION_WAY = ["notice_distance", "push_open_up", "apologise_push", "clarify_intent", "notice_whatever",
                     "glad_you_came", "reflect_bracing"]
OWN_IT_FIRST = ["own_letting_go", "explore_car_park", "link_here_now", "joke_car_park", "explain_own_pace",
                "hand_him_pace"]
WITH_THE_RISK_QUESTION = ["notice_distance", "ask_about_anger", "wonder_since", "explore_car_park", "link_here_now",
                          "joke_car_park", "welcome_terms"]
PITFALLS = ["follow_up_lily", "push_open_up", "defend_intent", "explain_feelings_work"]
PASSIVE_PITFALLS = ["reassure_pace"] * 3
REPAIR_AFTER_MISTAKE = ["apologise_last_week", "notice_distance", "wonder_since", "explore_car_park",
                        "link_here_now", "joke_car_park", "welcome_terms"]


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("reuben")


# -- transcripts --------------------------------------------------------------------------

def test_best_route_walks_the_withdrawal_path_to_self_assertion(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "repaired"
    assert s.meters == {"bond": 73, "goals": 64, "tasks": 58, "real": 63}
    assert [t.stage_before for t in s.turns] == ["marker", "disembedding", "exploration", "exploration",
                                                 "avoidance", "resolution"]
    assert s.turns[4].state == "asserting" and "what i need" in s.turns[4].patient.lower()
    assert all(t.cause == "both" for t in s.turns)


def test_a_second_withdrawal_route_also_resolves(patient):
    s = play(patient, SECOND_WITHDRAWAL_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 73, "goals": 65, "tasks": 59, "real": 57}


def test_pushed_he_confronts_and_the_confrontation_path_resolves_in_vulnerability(patient):
    s = play(patient, CONFRONTATION_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 64, "goals": 62, "tasks": 50, "real": 66}
    states = [t.state for t in s.turns]
    assert states[:2] == ["noticing", "confronting"] and "vulnerable" in states and "asserting" not in states
    assert s.turns[1].marker in {m for m, (kind, _t) in MARKERS.items() if kind == "confrontation"}
    # the push cost more than the best route, and the repair shows it
    assert s.meters["bond"] < play(patient, BEST).meters["bond"]


def test_pitfall_route_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert s.ended == "dropout" and s.state == "walked_out"
    assert s.meters == {"bond": 28, "goals": 53, "tasks": 50, "real": 46}
    assert [t.state for t in s.turns][:2] == ["keeping_distance", "confronting"]


def test_leaving_him_alone_ends_unresolved(patient):
    s = play(patient, PASSIVE_PITFALLS)
    assert s.ended == "unresolved" and s.state == "clock_runs_out" and s.end_reason == "state"
    assert s.meters == {"bond": 45, "goals": 58, "tasks": 46, "real": 54}
    assert len({t.patient for t in s.turns}) == 3  # the same reassurance, three different replies


def test_repair_after_a_misplaced_apology_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_AFTER_MISTAKE)
    best = play(patient, BEST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 68, "goals": 64, "tasks": 58, "real": 60}
    assert all(s.meters[m] <= best.meters[m] for m in START) and s.meters["bond"] < best.meters["bond"]
    assert "sorry" in s.turns[2].patient  # he remembers it ("like I'm something you broke")


# -- apology or exploration? (§2) ------------------------------------------------------------

def test_apology_does_not_help_where_exploration_does(patient):
    base = play(patient, ["notice_distance"])
    assert base.cause == "both"
    apologised = play(patient, ["notice_distance", "apologise_last_week"])
    explored = play(patient, ["notice_distance", "wonder_since"])
    assert apologised.meters["bond"] < base.meters["bond"] < explored.meters["bond"]
    assert apologised.meters["real"] < base.meters["real"] == explored.meters["real"]  # pity is personal
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


def test_opening_rupture_is_co_created_and_mostly_his_own_pattern(patient):
    states = patient.spec.states
    assert {sid for sid, st in states.items() if st.cause == "both"} == {"keeping_distance", "noticing"}
    assert not any(st.cause == "therapist" for st in states.values())
    assert Session(patient).cause == "both"


def test_owning_the_unspoken_goodbye_helps_where_apologising_for_his_feelings_does_not(patient):
    owned = play(patient, ["own_letting_go"])
    sorry = play(patient, ["apologise_last_week"])
    assert patient.spec.moves["own_letting_go"].strategy == "acknowledge_contribution"
    assert owned.last.deltas == {"bond": 3, "real": 4} and owned.beat == "car_park" and "car park" in owned.last.patient
    assert sorry.last.deltas == {"bond": -4, "real": -3} and sorry.last.marker == "defending_self"
    s = play(patient, OWN_IT_FIRST)
    assert s.ended == "resolved" and s.meters == {"bond": 69, "goals": 68, "tasks": 65, "real": 64}


def test_asking_about_the_anger_strains_never_ends_it_and_the_repair_stays_open(patient):
    assert patient.spec.moves["ask_about_anger"].strategy == "address_risk"
    s = play(patient, WITH_THE_RISK_QUESTION)
    asked = s.turns[1]
    assert asked.marker == "defending_self" and asked.deltas == {"bond": -2, "goals": 2} and "locker" in asked.patient
    assert s.ended == "resolved" and s.meters == {"bond": 71, "goals": 66, "tasks": 58, "real": 63}
    angry = play(patient, ["follow_up_lily", "push_open_up", "defend_intent", "ask_about_anger"])
    assert not angry.ended and angry.beat == "escalating" and "explore_construals" in angry.options()
    for _beat, rule, o in outcomes(patient):
        if rule.move == "ask_about_anger":
            assert patient.spec.states[patient.state_of[o.target]].kind != "dropout"
            assert sum(v for _m, v in o.effects) >= 0  # the alliance mean never falls, so it cannot trip the dropout rule


def test_at_stage_four_being_ordinary_with_him_helps_and_pressing_on_does_not(patient):
    at_four = BEST[:4]
    joked = play(patient, at_four + ["joke_car_park"])
    assert patient.spec.moves["joke_car_park"].strategy == "humour"
    assert joked.state == "asserting" and "what i need" in joked.last.patient.lower()
    pressed = play(patient, at_four + ["stay_with_stupid"] * 3)
    assert pressed.ended == "unresolved" and len({t.patient for t in pressed.turns[-3:]}) == 3
    assert [t.deltas["bond"] for t in pressed.turns[-3:]] == [1, -3, -2]


def test_one_collaborative_rationale_for_his_own_pace_helps_once(patient):
    s = play(patient, OWN_IT_FIRST[:5])
    assert patient.spec.moves["explain_own_pace"].strategy == "give_rationale"
    assert s.last.deltas == {"goals": 2, "tasks": 5} and "explain_own_pace" not in s.options()


def test_digging_under_the_whatever_again_costs_and_ends_it(patient):
    at_whatever = CONFRONTATION_WAY[:4]
    s = play(patient, at_whatever + ["notice_whatever"] * 3)
    assert s.ended == "unresolved" and len({t.patient for t in s.turns[-3:]}) == 3


# -- the content bar -----------------------------------------------------------------------

def test_the_pitfalls_and_the_repairs_are_on_offer(patient):
    strategies = {move.strategy for move in patient.spec.moves.values()}
    pitfalls = {"continue_agenda", "defend_self", "repeat_rationale", "closing_reassurance", "push_harder",
                "placate", "link_other_relationships"}
    assert pitfalls <= strategies
    assert {"apologise", "invite_feelings", "attend_to_marker", "link_here_and_now", "clarify_misunderstanding",
            "disclose_experience"} <= strategies


def test_every_marker_beat_says_its_pull(patient):
    assert_pull_on_every_marker_beat(patient)


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, SECOND_WITHDRAWAL_WAY, CONFRONTATION_WAY, OWN_IT_FIRST,
                                        WITH_THE_RISK_QUESTION, PITFALLS, REPAIR_AFTER_MISTAKE))
