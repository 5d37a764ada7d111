"""Hugh: a withdrawal rupture carried by stories (clinical model §2, §3 withdrawal path, §4.4, §5, §8).

Avoidant storytelling, abstract talk and a content/affect split; the pull is the
therapist's own disengagement. Transcript tests play him through the engine and
the CLI; the content tests hold the profile to the library's bar (issue 3).
Routes and meters are the ones docs/patients/hugh.md gives a clinician.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from conftest import ROOT
from patient_library import assert_design_doc_matches, outcomes, play, stages_walked

from simulator.engine import catalogue
from simulator.engine.session import Session, stage_of
from simulator.engine.vocabulary import MARKERS, PITFALL_STRATEGIES

START = {"bond": 60, "goals": 45, "tasks": 50, "real": 65}
BEST = ["notice_drift", "disclose_lost_thread", "sit_with_silence", "own_drifting", "ask_about_anne",
        "acknowledge_weight", "name_pattern_here", "agree_a_signal", "welcome_need"]
SECOND_WAY = ["catch_fourteen_months", "validate_stories", "name_pattern_here", "ask_about_anne",
              "acknowledge_weight", "validate_stories", "welcome_need"]
PITFALLS = ["share_knowledge", "debate_the_idea", "deny_boredom", "explain_focus", "explain_focus_again"]
PLEASANT_HOUR = ["share_knowledge", "laugh_along", "notice_drift", "laugh_along", "notice_drift",
                 "catch_fourteen_months", "neutral_go_on", "laugh_along", "notice_drift", "laugh_along", "wrap_up"]
REPAIR_CLOCK = ["ask_about_lilies", "ask_about_dictionaries", "apologise_for_clock", "invite_here", "ask_about_anne",
                "acknowledge_weight", "name_pattern_here", "welcome_need"]
REPAIR_LINK = ["notice_drift", "link_to_father", "ask_how_it_landed", "own_drifting", "ask_about_anne",
               "acknowledge_weight", "name_pattern_here", "welcome_need"]
REPAIR_FLAT = ["notice_drift", "own_drifting", "invite_here", "ask_about_anne", "neutral_go_on",
               "apologise_for_flatness", "acknowledge_weight", "name_pattern_here", "welcome_need"]
RISK_FIRST = ["ask_about_risk", "own_the_bluntness", "ask_what_keeps_him", "sit_with_silence", "own_drifting",
              "ask_about_anne", "acknowledge_weight", "name_pattern_here", "welcome_need"]
SECTION_5_PITFALLS = {"continue_agenda", "defend_self", "repeat_rationale", "closing_reassurance", "push_harder",
                      "link_other_relationships", "redirect", "professional_neutrality"}


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("hugh")


# -- transcripts --------------------------------------------------------------------------

def test_best_route_walks_the_whole_stage_model_to_self_assertion(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "steadier" and s.end_reason == "state"
    assert s.meters == {"bond": 89, "goals": 65, "tasks": 72, "real": 86}
    assert stages_walked(s) == ["marker", "disembedding", "exploration", "avoidance", "resolution"]
    ask = next(t for t in s.turns if t.state == "asking")
    assert "I'd like you to stop me" in ask.patient and ask.marker is None
    # what takes him past the avoidance is naming the double act, your part in it included (§4.8)
    assert ask.move == "name_pattern_here"
    assert all(patient.spec.moves[m].strategy not in PITFALL_STRATEGIES for m in BEST)


def test_best_route_offers_at_least_eight_distinct_moves(patient):
    s = Session(patient)
    offered = set(s.options())
    for move in BEST:
        s.choose(move)
        offered |= set(s.options())
    assert len(offered) >= 8
    assert offered & {m for m, mv in patient.spec.moves.items() if mv.strategy in PITFALL_STRATEGIES}


def test_a_second_route_through_the_footnote(patient):
    s = play(patient, SECOND_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 84, "goals": 61, "tasks": 67, "real": 80}
    assert "named_it" in s.flags and "owned_drift" not in s.flags


def test_pitfall_route_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert (s.ended, s.state, s.end_reason) == ("dropout", "cancels", "state")
    assert s.meters == {"bond": 40, "goals": 34, "tasks": 40, "real": 49}
    assert {patient.spec.moves[m].strategy for m in PITFALLS} <= PITFALL_STRATEGIES | {"give_rationale"}
    assert s.turns[1].state == "drifting" and s.turns[1].cause == "therapist"


def test_a_pleasant_hour_loses_the_work_and_applauding_the_performance_is_not_a_personal_bond(patient):
    s = play(patient, PLEASANT_HOUR)
    assert (s.ended, s.state, s.end_reason) == ("unresolved", "pleasant_hour", "state")
    assert s.meters == {"bond": 60, "goals": 27, "tasks": 32, "real": 59}
    # the real meter is Gelso's personal bond: laughing along with the show does not raise it (§1)
    assert s.meters["real"] < START["real"] and s.meters["goals"] < START["goals"] - 15
    laughs = [t for t in s.turns if t.move == "laugh_along"]
    assert all(t.deltas.get("real", 0) <= 0 for t in laughs) and len({t.patient for t in laughs}) == len(laughs)


def test_repair_after_drifting_off_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_CLOCK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 76, "goals": 59, "tasks": 60, "real": 75}
    clock, apology = s.turns[1], s.turns[2]
    assert clock.beat == "clock" and clock.cause == "therapist" and clock.deltas["real"] < 0
    assert apology.marker is None and apology.state == "exploring"
    assert s.alliance < play(patient, BEST).alliance


def test_repair_after_a_premature_link_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_LINK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 78, "goals": 61, "tasks": 68, "real": 79}
    assert "felt_analysed" not in s.flags and s.turns[2].state == "exploring"
    assert s.alliance < play(patient, BEST).alliance


def test_following_his_stories_twice_shows_the_drift_and_he_catches_it(patient):
    s = play(patient, ["ask_about_lilies"])
    assert s.last.marker == "content_affect_split" and "next to her" in s.last.patient
    t = s.choose("ask_about_dictionaries")
    assert (t.beat, t.cause, t.marker) == ("clock", "therapist", "self_criticism")
    assert "boring you" in t.patient and "caught_clock" in s.flags


def test_denying_the_drift_twice_ends_the_therapy(patient):
    s = play(patient, ["share_knowledge", "debate_the_idea", "deny_boredom", "debate_the_idea"])
    assert s.beat == "clock" and "denied" in s.flags
    s.choose("deny_boredom")
    assert (s.ended, s.state) == ("dropout", "cancels")


def test_apology_helps_only_while_the_drift_is_the_rupture_in_play(patient):
    therapist_caused = play(patient, ["ask_about_lilies", "ask_about_dictionaries", "own_drifting"])
    assert therapist_caused.cause == "therapist"
    helped = therapist_caused.choose("apologise_for_clock")
    assert helped.marker is None and helped.beat == "what_its_like"
    # once he has been reflected back to "ten past three", the rupture in play is his own pattern again
    patient_caused = play(patient, ["ask_about_lilies", "ask_about_dictionaries", "bring_back_to_plan",
                                    "reflect_three_ten", "sit_with_silence"])
    assert patient_caused.cause == "patient" and "caught_clock" in patient_caused.flags
    missed = patient_caused.choose("apologise_for_clock")
    assert missed.marker == "self_criticism" and missed.beat == "self_mockery" and missed.deltas == {"bond": 1}


def test_a_bland_reply_to_the_ashes_costs_the_real_relationship_most(patient):
    s = play(patient, ["notice_drift", "own_drifting", "invite_here", "ask_about_anne"])
    assert s.beat == "the_boot"
    t = s.choose("neutral_go_on")
    assert t.deltas["real"] == min(t.deltas.values()) == -8
    # professional neutrality after a loss is a rupture in the real relationship, and the therapist's (§2)
    assert t.state == "said_to_a_wall" and t.marker == "content_affect_split" and s.cause == "therapist"
    assert patient.spec.states["said_to_a_wall"].relationship == "real"


def test_the_flat_reply_is_repaired_by_an_apology_then_exploration(patient):
    s = play(patient, REPAIR_FLAT)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 80, "goals": 61, "tasks": 70, "real": 72}
    apology = s.turns[5]
    assert apology.move == "apologise_for_flatness" and apology.state == "coming_back" and apology.marker is None
    assert s.meters["real"] < play(patient, BEST).meters["real"]
    explained = play(patient, REPAIR_FLAT[:5] + ["explain_neutral"])
    assert explained.last.marker == "complaint_therapist" and explained.last.deltas["real"] < 0
    explained.choose("explain_neutral")
    assert (explained.ended, explained.state) == ("dropout", "cancels")


def test_a_risk_question_strains_when_blunt_is_repaired_and_never_ends_the_therapy(patient):
    s = play(patient, RISK_FIRST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 84, "goals": 63, "tasks": 66, "real": 86}
    strained = s.turns[0]
    assert strained.deltas["bond"] < 0 and strained.marker == "rejecting_intervention"
    assert s.turns[1].move == "own_the_bluntness" and s.turns[1].deltas["bond"] > 0
    # asked near the grief, after "ten past three", it opens the grief instead
    timed = play(patient, ["bring_back_to_plan"]).choose("ask_about_risk")
    assert timed.deltas["bond"] > 0 and timed.deltas["real"] > 0 and "ten past three" in timed.patient
    for route in (["ask_about_risk"], ["share_knowledge", "ask_about_risk"]):
        assert not play(patient, route).ended


def test_staying_with_him_is_not_his_key_and_pressing_it_costs(patient):
    s = play(patient, BEST[:6])
    assert s.beat == "self_mockery"
    turns = [s.choose("stay_with_him") for _ in range(3)]
    assert all(t.state != "asking" for t in turns)
    assert turns[1].deltas["bond"] < 0 and turns[2].deltas["bond"] < 0 and turns[2].marker == "rejecting_intervention"
    assert len({t.patient for t in turns}) == 3


def test_noticing_the_drift_again_and_again_costs(patient):
    s = Session(patient)
    for _ in range(4):
        s.choose("notice_drift")
        if "laugh_along" in s.options():
            s.choose("laugh_along")
    notices = [t for t in s.turns if t.move == "notice_drift"]
    assert s.meters["bond"] < START["bond"] and len({t.patient for t in notices}) == 4


def test_the_rationale_once_he_has_asked_to_be_stopped_helps(patient):
    s = play(patient, BEST[:8])
    assert s.beat == "after_the_ask"
    t = s.choose("explain_focus")
    assert t.deltas["goals"] > 0 and t.deltas["tasks"] > 0 and s.ended == "resolved"


def test_without_trust_staying_with_him_does_not_bring_out_the_ask(patient):
    s = play(patient, ["notice_drift", "link_to_father", "disclose_lost_thread", "invite_here", "ask_about_anne",
                       "acknowledge_weight", "stay_with_him"])
    assert "felt_analysed" in s.flags and s.beat == "back_to_books"
    t = s.choose("name_pattern_here")
    assert t.state == "retreating" and t.marker == "self_criticism"


def test_run_json_through_the_cli():
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", "hugh", "--moves", ",".join(BEST), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["ended"], data["state"]) == ("resolved", "steadier")
    assert data["meters"] == {"bond": 89, "goals": 65, "tasks": 72, "real": 86}
    assert data["turns"][0]["stage_before"] == "marker"


# -- the content bar -----------------------------------------------------------------------

def test_his_avoidance_lines_carry_a_marker(patient):
    for beat, rule, o in outcomes(patient):
        if stage_of(patient, patient.state_of[o.target]) == "avoidance":
            assert o.marker in MARKERS, f"{beat.name}/{rule.move} leads into avoidance without a marker"


def test_the_storyteller_markers_are_all_there(patient):
    shown = {o.marker for _b, _r, o in outcomes(patient)}
    assert {"avoidant_storytelling", "abstract_communication", "content_affect_split"} <= shown


def test_the_section_5_pitfalls_and_the_repairs_are_on_offer(patient):
    strategies = {move.strategy for move in patient.spec.moves.values()}
    assert SECTION_5_PITFALLS <= strategies
    assert {"attend_to_marker", "disclose_experience", "acknowledge_contribution", "apologise", "invite_feelings",
            "link_here_and_now", "validate_defence", "change_task_or_goal"} <= strategies


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, SECOND_WAY, PITFALLS, PLEASANT_HOUR, REPAIR_CLOCK, REPAIR_LINK,
                                        REPAIR_FLAT, RISK_FIRST))



def test_a_safety_question_never_ends_the_therapy_by_itself(patient):
    """From every position that forty seeded random sessions pass through, asking about risk never drops him out (§8)."""
    risk_moves = {m for m, mv in patient.spec.moves.items() if mv.strategy == "address_risk"}
    asked = 0
    for seed in range(40):
        rng = random.Random(seed)
        s = Session(patient, seed=seed)
        while not s.ended:
            snap = s.snapshot()
            for move in risk_moves & set(s.options()):
                s.choose(move)
                asked += 1
                assert s.ended != "dropout", (seed, move, s.turn)
                s.restore(snap)
            s.choose(rng.choice(s.options()))
    assert asked > 40
