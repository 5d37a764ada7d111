"""Maya: a deferential withdrawal rupture (clinical model §2, §3 withdrawal path, §5).

Transcript tests play her through the engine and the CLI; the content tests
hold the profile to the library's bar (issue 3). Routes and meters here are the
ones docs/patients/maya.md gives a clinician to review.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from patient_library import assert_design_doc_matches, play, stages_walked

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.engine.vocabulary import PITFALL_STRATEGIES

SHOWCASE = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]
BEST = ["notice_hesitation", "wait_quietly", "invite_feelings", "explore_school", "name_marking_here",
        "validate_hesitation", "ask_how_it_felt", "rework_plan"]
THIRD_WAY = ["notice_hesitation", "validate_hesitation", "explore_school", "ask_what_she_wants", "own_part",
             "disclose_pull", "rework_plan"]
PITFALLS = ["start_worksheet", "start_worksheet", "ask_evidence", "explain_again", "explain_again", "ask_evidence"]
OFF_TARGET = ["reassure", "start_worksheet", "reflect_tiredness", "set_sheet_aside", "reflect_tiredness", "reassure",
              "start_worksheet", "name_the_flatness", "reassure", "start_worksheet", "wrap_up"]
REPAIR_PUSH = ["start_worksheet", "apologise_for_pushing", "explore_school", "name_marking_here", "validate_hesitation",
               "welcome_assertion"]
REPAIR_LINK = ["notice_hesitation", "link_to_mother", "check_the_impact", "own_part", "validate_hesitation",
               "welcome_assertion"]
SECTION_5_PITFALLS = {"continue_agenda", "defend_self", "repeat_rationale", "closing_reassurance", "push_harder",
                      "link_other_relationships"}


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("maya")


# -- transcripts --------------------------------------------------------------------------

def test_best_route_walks_the_stage_model_to_self_assertion(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "repaired" and s.end_reason == "state"
    # real moves less than the working meters: her personal bond with you grows with your care and
    # genuineness (the apology, the question about how it felt), not with technique (§1, Gelso)
    assert s.meters == {"bond": 87, "goals": 76, "tasks": 66, "real": 68}
    # the opening line is the marker (she apologises and defers); then stages 2 to 5 in order
    assert "sorry" in patient.spec.opening.line and "whatever you think" in patient.spec.opening.line
    assert stages_walked(s) == ["marker", "disembedding", "exploration", "avoidance", "resolution"]
    assertion = next(t for t in s.turns if t.state == "asserting")
    # what helps Maya past the avoidance is making it safe to criticise you, not holding her to the feeling
    assert assertion.move == "validate_hesitation" and "I want to" in assertion.patient and assertion.marker is None
    assert all(patient.spec.moves[m].strategy not in PITFALL_STRATEGIES for m in BEST)


def test_best_route_offers_at_least_eight_distinct_moves(patient):
    s = Session(patient)
    offered = set(s.options())
    for move in BEST:
        s.choose(move)
        offered |= set(s.options())
    assert len(offered) >= 8
    assert offered & {m for m, mv in patient.spec.moves.items() if mv.strategy in PITFALL_STRATEGIES}


def test_the_showcase_route_still_resolves(patient):
    s = play(patient, SHOWCASE)
    assert (s.state, s.ended) == ("repaired", "resolved")
    assert s.meters == {"bond": 77, "goals": 73, "tasks": 61, "real": 62}


def test_a_third_route_through_what_she_wanted(patient):
    s = play(patient, THIRD_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 84, "goals": 78, "tasks": 63, "real": 66}
    assert "said_monday" in s.flags and "what_she_wanted" in [t.beat for t in s.turns]


def test_pitfall_route_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert (s.ended, s.state) == ("dropout", "stops_coming")
    assert s.meters == {"bond": 30, "goals": 52, "tasks": 9, "real": 60}
    assert {patient.spec.moves[m].strategy for m in PITFALLS} <= PITFALL_STRATEGIES
    assert "cancel" in s.epilogue


def test_kind_but_off_target_moves_end_with_the_rupture_unspoken(patient):
    s = play(patient, OFF_TARGET)
    assert (s.ended, s.state, s.end_reason) == ("unresolved", "polite_goodbye", "state")
    # the second reflection of her tiredness is heard before ("You said. Worn down."): no gain the second time
    assert s.meters == {"bond": 50, "goals": 56, "tasks": 25, "real": 59}
    assert s.last.marker == "deferential_appeasing"


def test_repair_after_pressing_on_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_PUSH)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 76, "goals": 73, "tasks": 57, "real": 66}
    first, apology = s.turns[0], s.turns[1]
    assert first.cause == "therapist" and apology.marker is None and apology.state == "hedging"
    assert s.alliance < play(patient, BEST).alliance


def test_repair_after_a_premature_link_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_LINK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 75, "goals": 73, "tasks": 59, "real": 65}
    assert s.turns[1].state == "going_along" and s.turns[2].state == "hedging"
    assert s.alliance < play(patient, BEST).alliance


def test_until_the_link_is_talked_about_she_will_not_assert(patient):
    s = play(patient, ["notice_hesitation", "link_to_mother", "disclose_pull", "own_part"])
    assert "felt_analysed" in s.flags and s.beat == "silly_of_me"
    t = s.choose("validate_hesitation")
    assert t.state == "backing_off" and t.marker == "denial"


def test_staying_with_it_is_not_her_key_and_pressing_it_costs(patient):
    s = play(patient, ["notice_hesitation", "invite_feelings", "own_part"])
    first = s.choose("stay_with_it")
    assert first.state == "backing_off" and first.marker == "denial"
    second, third = s.choose("stay_with_it"), s.choose("stay_with_it")
    assert second.deltas["bond"] < 0 and third.deltas["bond"] < 0 and third.marker == "rejecting_intervention"
    assert len({first.patient, second.patient, third.patient}) == 3 and s.state == "going_along"


def test_relentless_noticing_costs_and_ends_in_dropout(patient):
    s = Session(patient)
    for _ in range(6):
        if s.ended:
            break
        s.choose("notice_hesitation")
        if "reassure" in s.options():
            s.choose("reassure")
    assert s.meters["bond"] < 55 and s.ended == "dropout"


def test_probing_after_the_assertion_is_net_negative(patient):
    s = play(patient, ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "ask_how_it_felt"])
    t = s.choose("probe_feeling_further")
    assert sum(t.deltas.values()) < 0 and t.deltas["bond"] < 0


def test_options_and_lines_wait_for_their_premise(patient):
    s = play(patient, ["start_worksheet", "disclose_pull"])
    assert s.beat == "hedged_complaint" and "named_worksheet" not in s.flags
    assert "explore_school" not in s.options()
    assert "silly" not in patient.spec.moves["stay_with_it"].says
    assert "Hesitant" not in play(patient, ["reassure"]).choose("notice_hesitation").patient


def test_apology_helps_only_while_the_push_is_the_rupture_in_play(patient):
    therapist_caused = play(patient, ["start_worksheet"])
    helped = therapist_caused.choose("apologise_for_pushing")
    assert helped.marker is None and helped.state == "hedging" and helped.deltas["bond"] > 0
    # after she has told the flat story the rupture in play is her own pattern again
    patient_caused = play(patient, ["start_worksheet", "start_worksheet", "name_the_flatness", "reassure"])
    assert patient_caused.cause == "patient" and "felt_pushed" in patient_caused.flags
    missed = patient_caused.choose("apologise_for_pushing")
    # an apology into her own pattern costs a little: she has to look after your feelings now (§2)
    assert missed.marker == "self_criticism" and missed.state == "noticing" and missed.deltas == {"bond": -1}


def test_silence_helps_once_noticed_and_feels_like_a_test_before(patient):
    noticed = play(patient, ["notice_hesitation"]).choose("wait_quietly")
    assert noticed.beat == "couldnt_do_it" and noticed.deltas["bond"] > 0
    pressed = play(patient, ["start_worksheet"]).choose("wait_quietly")
    assert pressed.beat == "quiet" and pressed.deltas["bond"] < 0


def test_praise_turns_speaking_up_into_a_performance(patient):
    s = play(patient, ["notice_hesitation", "invite_feelings"])
    t = s.choose("praise_courage")
    assert t.state == "going_along" and t.marker == "deferential_appeasing" and "praised" in s.flags


def test_overriding_her_assertion_twice_ends_the_therapy(patient):
    s = play(patient, SHOWCASE[:4] + ["one_more_go", "check_the_impact", "validate_hesitation", "one_more_go"])
    assert (s.ended, s.state) == ("dropout", "stops_coming")


def test_run_json_through_the_cli():
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", "maya", "--moves", ",".join(BEST), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["ended"], data["state"]) == ("resolved", "repaired")
    assert data["meters"] == {"bond": 87, "goals": 76, "tasks": 66, "real": 68}
    assert [t["move"] for t in data["turns"]] == BEST


# -- the content bar -----------------------------------------------------------------------

def test_the_section_5_pitfalls_and_the_repairs_are_on_offer(patient):
    strategies = {move.strategy for move in patient.spec.moves.values()}
    assert SECTION_5_PITFALLS <= strategies
    assert {"attend_to_marker", "invite_feelings", "disclose_experience", "acknowledge_contribution", "apologise",
            "link_here_and_now", "validate_defence", "change_task_or_goal"} <= strategies


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, SHOWCASE, PITFALLS, REPAIR_PUSH, REPAIR_LINK))

