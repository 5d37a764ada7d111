"""Merle: pseudo-compliance that sounds like resolution (clinical model §2 deferential and appeasing; detecting
the marker is a skill in itself), across a difference of generation and background (§4.2, §4.7).

Routes and meters are the ones docs/patients/merle.md gives a clinician to review.
"""

from __future__ import annotations

import re

import pytest
from patient_library import assert_debrief_recommends_no_pitfall, assert_design_doc_matches, play, stages_walked

from simulator.authoring.explore import explore
from simulator.debrief.detection import score
from simulator.debrief.markers import markers_shown
from simulator.engine import catalogue
from simulator.engine.vocabulary import PITFALL_STRATEGIES

BEST = ["notice_agreement", "ask_and_you", "validate_manners", "name_yes_sister", "ask_her_expertise",
        "welcome_assertion"]
NAME_FIRST = ["ask_name", "invite_disagreement", "validate_manners", "name_yes_sister", "ask_her_expertise",
              "welcome_assertion"]
FACE_VALUE = ["ask_how_went", "add_class", "set_count", "set_count", "praise_progress", "wrap_up"]
PARTIAL = ["notice_agreement", "invite_disagreement", "suggest_other"]
FORMULA = ["notice_agreement", "invite_disagreement", "own_plan", "stay_with_it", "stay_with_it"]
EARLY_LINK = ["link_generation", "defend_link", "defend_link"]
REPAIR_LINK = ["link_generation", "apologise_box", "invite_disagreement", "ask_and_you", "validate_manners",
               "name_yes_sister", "ask_her_expertise", "welcome_assertion"]
AGREEMENT = re.compile(r"very good idea|really helps|quite right|lovely|thought of everything|great help|"
                       r"leave it with you|nice of you|thank you", re.I)


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("merle")


def test_the_opening_sounds_like_progress_and_is_the_marker(patient):
    opening = patient.spec.opening
    assert "that really helps" in opening.line and "You're quite right" in opening.line
    assert opening.marker == "deferential_appeasing"
    assert patient.spec.states[patient.state_of[patient.initial]].kind == "withdrawal"


def test_best_route_notices_the_agreement_and_reaches_self_assertion(patient):
    s = play(patient, BEST)
    assert (s.ended, s.state, s.end_reason) == ("resolved", "her_plan", "state")
    assert s.meters == {"bond": 89, "goals": 68, "tasks": 60, "real": 68}
    assert stages_walked(s) == ["marker", "disembedding", "exploration", "avoidance", "resolution"]
    assertion = next(t for t in s.turns if t.state == "says_it")
    assert "I don't want a lunch club" in assertion.patient and assertion.marker is None
    assert all(patient.spec.moves[m].strategy not in PITFALL_STRATEGIES for m in BEST)


def test_asking_her_name_is_a_step_out_of_the_routine_that_touches_the_person(patient):
    t = play(patient, []).choose("ask_name")
    assert "Mrs Campbell" in t.patient and t.marker is None and t.stage == "disembedding"
    assert t.deltas["real"] > t.deltas["bond"] > 0
    s = play(patient, NAME_FIRST)
    assert s.ended == "resolved" and s.meters["real"] > play(patient, BEST).meters["real"]


def test_the_debriefs_of_both_good_routes_fault_nothing_and_recommend_no_pitfall(patient):
    for route in (BEST, NAME_FIRST, explore(patient).resolution_route):
        assert_debrief_recommends_no_pitfall(patient, route)


def test_taking_the_agreement_at_face_value_ends_unresolved_in_agreeable_words(patient):
    s = play(patient, FACE_VALUE)
    assert (s.ended, s.state) == ("unresolved", "polite_thanks")
    # every line sounds like agreement, and every one carries the appeasing marker: a detection exercise
    assert all(t.marker == "deferential_appeasing" for t in s.turns)
    assert all(AGREEMENT.search(t.patient) for t in s.turns)
    assert s.meters["tasks"] < patient.spec.meters.tasks.start
    lines = [t.patient for t in s.turns]
    assert len(set(lines)) == len(lines)


def test_in_detection_mode_flagging_the_agreeable_lines_scores_hits(patient):
    s = play(patient, FACE_VALUE)
    seen = markers_shown(patient, s.turns)
    assert len(seen) == len(FACE_VALUE) + 1  # the opening line too
    caught = score(seen, [m.turn for m in seen])
    assert len(caught.hits) == len(seen) and not caught.missed and not caught.false_alarms
    missed = score(seen, [])
    assert len(missed.missed) == len(seen)


def test_a_swap_chosen_for_her_is_a_partial_success(patient):
    s = play(patient, PARTIAL)
    assert (s.ended, s.state) == ("partial", "partly")
    assert s.last.marker is None and "suit me better" in s.last.patient
    assert s.alliance < play(patient, BEST).alliance


def test_the_formula_stay_with_it_does_not_get_her_past_stage_four(patient):
    s = play(patient, FORMULA)
    assert not s.ended and s.state == "going_along"
    assert s.turns[3].marker == "denial" and "Stay with what" in s.turns[3].patient
    assert s.turns[4].state == "going_along" and s.turns[4].deltas["bond"] < 0


def test_explaining_her_by_her_generation_is_a_real_relationship_rupture(patient):
    t = play(patient, []).choose("link_generation")
    assert t.state == "categorised" and t.deltas["real"] <= -7
    assert patient.spec.states["categorised"].relationship == "real"
    s = play(patient, EARLY_LINK)
    assert (s.ended, s.state) == ("dropout", "cancels")


def test_repair_after_putting_her_in_a_box_resolves_slowly_and_at_a_cost(patient):
    s = play(patient, REPAIR_LINK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 86, "goals": 68, "tasks": 60, "real": 66}
    assert s.turns[1].state == "thawing" and s.turns[1].marker is None
    assert s.meters["real"] < play(patient, BEST).meters["real"]
    # until she has been apologised to, a swap picked for her is one more thing from the list
    swapped = play(patient, REPAIR_LINK[:4]).choose("suggest_other")
    assert swapped.state == "going_along" and swapped.marker == "deferential_appeasing"


def test_caution_after_the_fall_is_the_management_she_objects_to(patient):
    s = play(patient, ["notice_agreement", "ask_and_you", "ask_what_would_fit"])
    assert "said_ivy" in s.flags
    t = s.choose("caution_first")
    assert t.state == "going_along" and t.cause == "therapist" and t.deltas["goals"] < 0


def test_the_rationale_given_once_opens_the_disagreement(patient):
    t = play(patient, []).choose("explain_activation")
    assert t.state == "hedging" and t.marker is None and sum(t.deltas.values()) > 0
    assert "explain_activation" not in play(patient, ["explain_activation"]).options()


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, NAME_FIRST, FACE_VALUE, PARTIAL, FORMULA, EARLY_LINK, REPAIR_LINK))
