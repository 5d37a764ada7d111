"""Ollie: CBT for panic where the work is helping, and one clarification, not metacommunication, settles a
small strain (clinical model §5: continuing the technique is right where it helps; not every strain needs talk
about the relationship; §4: relentless here-and-now probing can feel invasive).

Routes and meters are the ones docs/patients/ollie.md gives a clinician to review.
"""

from __future__ import annotations

import pytest
from patient_library import assert_debrief_recommends_no_pitfall, assert_design_doc_matches, play

from simulator.authoring.explore import explore
from simulator.engine import catalogue

BEST = ["review_diary", "ask_tuesday", "intro_breathing", "explain_once", "start_breathing", "ask_rating",
        "reflect_insight", "plan_row_f", "clarify_step", "ask_what_to_test", "welcome_plan"]
SHORT = ["intro_breathing", "clarify_meaning", "start_breathing", "ask_rating", "reflect_insight", "ask_what_to_test",
         "welcome_plan"]
FORMULA = ["intro_breathing", "notice_shift", "own_part", "notice_shift", "stay_with_it"]
PROBER = ["intro_breathing", "notice_shift", "stay_with_it", "stay_with_it"]
REPAIR_SPOTLIGHT = ["notice_shift", "stay_with_it", "apologise_spotlight", "clarify_meaning", "start_breathing",
                    "ask_rating", "reflect_insight", "ask_what_to_test", "welcome_plan"]
REPAIR_PUSH = ["intro_breathing", "push_on", "apologise_spotlight", "clarify_meaning", "start_breathing", "ask_rating",
               "reflect_insight", "ask_what_to_test", "welcome_plan"]
RELATIONAL = {"attend_to_marker", "invite_feelings", "link_here_and_now", "link_other_relationships",
              "disclose_experience"}


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("ollie")


def test_the_session_opens_working_and_the_agenda_is_right_there(patient):
    assert patient.spec.states[patient.state_of[patient.initial]].kind == "working"
    assert patient.spec.opening.marker is None
    s = play(patient, ["review_diary"])
    assert s.last.marker is None and s.state == "agenda" and s.last.deltas["tasks"] > 0


def test_best_route_clarifies_once_at_each_strain_and_carries_on(patient):
    s = play(patient, BEST)
    assert (s.ended, s.state, s.end_reason) == ("resolved", "sorted", "state")
    assert s.meters == {"bond": 80, "goals": 88, "tasks": 86, "real": 62}
    strains = [t for t in s.turns if t.marker]
    assert [t.move for t in strains] == ["intro_breathing", "plan_row_f"]
    # each strain is settled by the very next move, a clarification or the rationale, and the work resumes
    after = [s.turns[s.turns.index(t) + 1] for t in strains]
    assert [t.move for t in after] == ["explain_once", "clarify_step"]
    assert all(t.marker is None and patient.spec.states[t.state].kind == "working" for t in after)
    assert not {patient.spec.moves[m].strategy for m in BEST} & RELATIONAL
    assert "exam" in s.turns[-2].patient and s.turns[-2].marker is None


def test_the_debrief_of_the_best_route_faults_nothing_and_recommends_no_pitfall(patient):
    assert_debrief_recommends_no_pitfall(patient, BEST)


def test_the_explorer_finds_a_clean_route_through_the_task_not_the_relationship(patient):
    found = explore(patient)
    assert found.clean_resolution and found.dropout_route
    assert not {patient.spec.moves[m].strategy for m in found.resolution_route} & RELATIONAL
    assert {"give_rationale", "clarify_misunderstanding"} & {patient.spec.moves[m].strategy
                                                             for m in found.resolution_route}


def test_the_rationale_given_once_helps(patient):
    t = play(patient, ["intro_breathing"]).choose("explain_once")
    assert t.marker is None and t.state == "breathing" and sum(t.deltas.values()) > 0


def test_the_formula_notice_own_stay_does_not_work_here(patient):
    s = play(patient, FORMULA)
    assert (s.ended, s.state) == ("dropout", "gets_air")
    noticed = s.turns[1]
    assert noticed.state == "spotlight" and noticed.cause == "therapist" and noticed.deltas["bond"] < 0
    # owning the spotlight helps, once; turning to the relationship again is worse than before
    assert s.turns[2].deltas["bond"] > 0
    assert "just said" in s.turns[3].patient and s.turns[3].deltas["bond"] < noticed.deltas["bond"]


def test_the_relentless_prober_loses_him(patient):
    s = play(patient, PROBER)
    assert (s.ended, s.state) == ("dropout", "gets_air")
    assert "said_watched" in s.flags and "how it starts" in s.turns[2].patient


def test_metacommunication_at_each_working_beat_is_a_strain_of_the_therapists_making(patient):
    routes = {"diary": [], "ready": SHORT[:2], "after": SHORT[:3], "finding": SHORT[:4], "step": SHORT[:5]}
    for beat, route in routes.items():
        s = play(patient, route)
        assert s.beat == beat
        move = "notice_shift" if "notice_shift" in s.options() else "invite_about_therapy"
        t = s.choose(move)
        assert t.marker and t.cause == "therapist" and t.deltas["bond"] < 0, beat


def test_repair_after_turning_the_spotlight_on_him_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_SPOTLIGHT)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 69, "goals": 82, "tasks": 72, "real": 63}
    apology = s.turns[2]
    assert apology.marker is None and apology.state == "back_on_track"
    assert s.alliance < play(patient, BEST).alliance


def test_repair_after_pushing_him_into_it_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_PUSH)
    assert s.ended == "resolved"
    assert s.turns[1].state == "stopped_early" and s.turns[1].cause == "therapist"
    assert s.meters == {"bond": 73, "goals": 82, "tasks": 70, "real": 64}
    assert s.alliance < play(patient, BEST).alliance


def test_reassurance_and_repeating_the_rationale_end_in_dropout(patient):
    s = play(patient, ["intro_breathing", "reassure_safe", "explain_again", "explain_again", "explain_again"])
    assert (s.ended, s.state) == ("dropout", "gets_air")
    lines = [t.patient for t in s.turns[2:]]
    assert len(set(lines)) == len(lines)


def test_wrapping_up_with_nothing_tested_leaves_it_unresolved(patient):
    s = play(patient, ["intro_breathing", "clarify_meaning", "reassure_safe", "explain_again", "notice_shift",
                       "reassure_safe", "wrap_up"])
    assert (s.ended, s.state) == ("unresolved", "not_tested")


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, FORMULA, PROBER, REPAIR_SPOTLIGHT, REPAIR_PUSH))
