"""Declan: a confrontation rupture whose resolution is vulnerability (clinical model §2, §3, §5).

Transcript tests play him through the engine and pin the meters each route should end with;
the content tests hold the profile to the library's bar (issue 3), with the longest route found
by a bounded search over (beat, flags, meters, turn, cause) using Session.snapshot/restore.
"""

from __future__ import annotations

import pytest
from patient_library import assert_design_doc_matches, assert_pull_on_every_marker_beat, outcomes, play

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.engine.vocabulary import MARKERS, PITFALL_STRATEGIES

START = {"bond": 40, "goals": 36, "tasks": 44, "real": 48}

BEST = ["notice_between_us", "disclose_on_trial", "ask_hopes", "share_view", "ask_wall", "own_clock",
        "validate_guard", "reflect_hurt"]
SHORT_WAY = ["notice_between_us", "ask_about_me", "own_clock", "validate_guard", "reflect_hurt"]
OWN_IT_FIRST = ["raise_clock", "ask_after", "validate_guard", "glad_told"]
TAKE_STOCK = ["take_stock", "explain_chest", "ask_about_me", "own_clock", "disclose_moved", "reflect_hurt"]
SECOND_WAY = ["validate_doubt", "ask_hopes", "reflect_corner", "own_clock", "disclose_moved", "glad_told"]
PITFALLS = ["point_to_progress", "explain_method", "name_hostility"]
PLACATING = ["promise_plan", "agree_terms"]
LONG_PITFALLS = ["start_with_kitchen", "promise_plan", "reassure_stay", "link_mum", "explain_method",
                 "point_to_progress"]
REPAIR_AFTER_MISTAKE = ["point_to_progress", "own_defending", "ask_about_me", "sorry_if", "own_clock",
                        "validate_guard", "reflect_hurt"]

CONFRONTATION = {m for m, (kind, _text) in MARKERS.items() if kind == "confrontation"}


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("declan")


# -- transcripts --------------------------------------------------------------------------

def test_opening_is_a_co_created_confrontation_marker(patient):
    s = Session(patient)
    assert (s.state, s.kind, s.stage, s.cause) == ("on_the_attack", "confrontation", "marker", "both")
    assert {"raise_clock", "take_stock"} <= set(s.options())
    assert s.line.startswith("Nine weeks.") and "keys" in s.cue
    assert s.meters == START
    assert len(s.options()) >= 8


def test_best_route_walks_the_confrontation_path_to_vulnerability(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "repaired" and s.end_reason == "state"
    assert s.meters == {"bond": 80, "goals": 51, "tasks": 51, "real": 68}
    assert [t.stage for t in s.turns] == ["disembedding", "disembedding", "exploration", "exploration",
                                          "exploration", "avoidance", "resolution", "resolution"]
    clock = s.turns[4]
    assert clock.marker == "complaint_therapist" and clock.cause == "therapist" and "clock" in clock.patient
    assert s.turns[5].marker == "denial" and "hand held" in s.turns[5].patient  # stage 4: backs off
    hurt = s.turns[6]
    assert hurt.state == "hurt" and hurt.marker is None and "Thursdays" in hurt.patient
    assert "Same time Thursday" in s.epilogue


def test_two_more_ways_reach_the_vulnerability(patient):
    short = play(patient, SHORT_WAY)
    assert short.ended == "resolved"
    assert short.meters == {"bond": 68, "goals": 47, "tasks": 49, "real": 63}
    second = play(patient, SECOND_WAY)
    assert second.ended == "resolved"
    assert second.meters == {"bond": 71, "goals": 48, "tasks": 48, "real": 71}
    assert [t.state for t in second.turns][-2:] == ["hurt", "repaired"]
    best = play(patient, BEST)
    assert sum(short.meters.values()) < sum(best.meters.values())


def test_defending_then_counter_attacking_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert s.ended == "dropout" and s.state == "walks_out" and s.end_reason == "state"
    assert s.meters == {"bond": 20, "goals": 33, "tasks": 38, "real": 38}
    assert [t.marker for t in s.turns] == ["complaint_progress", "rejecting_intervention", "defending_self"]
    assert all(t.cause == "therapist" for t in s.turns)
    assert "Not coming back" in s.epilogue


def test_placating_his_demands_ends_in_an_unspoken_truce(patient):
    s = play(patient, PLACATING)
    assert s.ended == "unresolved" and s.state == "truce"
    assert s.meters == {"bond": 38, "goals": 41, "tasks": 44, "real": 42}
    assert s.meters["goals"] > START["goals"] and s.meters["real"] < START["real"]
    assert all(t.marker == "control_pressure" for t in s.turns)


def test_a_long_run_of_reasonable_looking_pitfalls_ends_in_dropout(patient):
    s = play(patient, LONG_PITFALLS)
    assert s.ended == "dropout" and s.state == "walks_out"
    assert s.meters == {"bond": 12, "goals": 38, "tasks": 36, "real": 32}
    strategies = {patient.spec.moves[m].strategy for m in LONG_PITFALLS}
    assert {"redirect", "placate", "closing_reassurance", "link_other_relationships", "repeat_rationale",
            "defend_self"} == strategies
    assert [t.state for t in s.turns][2] == "gone_cold"  # placated, then reassured: the anger goes cold


def test_repair_after_defending_and_a_non_apology_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_AFTER_MISTAKE)
    best = play(patient, BEST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 59, "goals": 44, "tasks": 49, "real": 61}
    assert all(s.meters[m] <= best.meters[m] for m in START) and s.meters["bond"] < best.meters["bond"] - 15
    assert s.turns[3].patient.startswith('"If."') and s.turns[3].deltas == {"bond": -4, "real": -4}


# -- apology or exploration? (§2) ------------------------------------------------------------

def test_apology_for_the_pace_helps_only_after_the_therapist_has_caused_a_strain(patient):
    own_pattern = play(patient, ["apologise_pace"])
    assert own_pattern.turns[0].cause == "both" and own_pattern.last.deltas == {"bond": -2, "real": -1}
    assert own_pattern.last.patient.startswith("Don't be sorry. Be useful.") and own_pattern.state == "on_the_attack"

    after_defending = play(patient, ["point_to_progress", "apologise_pace"])
    assert after_defending.turns[0].cause == "therapist"
    assert after_defending.last.deltas == {"bond": 3, "real": 1} and after_defending.state == "testing"

    twice = play(patient, ["point_to_progress", "apologise_pace", "point_to_progress", "apologise_pace"])
    assert twice.last.patient.startswith("Sorry again.") and twice.last.deltas["bond"] < 0


def test_owning_the_clock_helps_an_i_am_sorry_if_does_not(patient):
    at_clock = ["notice_between_us", "ask_about_me"]
    owned = play(patient, at_clock + ["own_clock"])
    hedged = play(patient, at_clock + ["sorry_if"])
    justified = play(patient, at_clock + ["explain_frame"])
    assert play(patient, at_clock).cause == "therapist"
    assert owned.last.deltas == {"bond": 8, "goals": 2, "real": 6} and owned.kind == "avoidance"
    assert hedged.last.deltas == {"bond": -4, "real": -4} and hedged.beat == "the_clock"
    assert "sorry_if" not in hedged.options() and "own_clock" in hedged.options()
    assert justified.kind == "confrontation" and justified.last.deltas["bond"] == -8


def test_stage_four_needs_the_apology_then_respect_for_his_guard_not_pressing_on(patient):
    unowned = play(patient, ["notice_between_us", "ask_about_me", "ask_after", "validate_guard"])
    assert unowned.beat == "not_a_kid" and unowned.last.marker == "defending_self"
    owned = play(patient, ["notice_between_us", "ask_about_me", "ask_after", "own_clock", "validate_guard"])
    assert owned.state == "hurt" and "Thursdays" in owned.line
    pressed = play(patient, ["notice_between_us", "ask_about_me", "ask_after", "own_clock", "stay_with_it"])
    assert pressed.beat == "shut_door" and pressed.last.marker == "control_pressure"


def test_the_therapist_can_raise_and_own_the_clock_before_he_names_it(patient):
    s = play(patient, OWN_IT_FIRST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 59, "goals": 43, "tasks": 48, "real": 66}
    first = s.turns[0]
    assert patient.spec.moves["raise_clock"].strategy == "acknowledge_contribution"
    assert first.cause == "both" and "clock" in first.patient and first.state == "exploring"
    assert "own_clock" not in play(patient, ["raise_clock"]).options()


def test_a_fair_review_of_goals_and_one_collaborative_rationale_both_help(patient):
    s = play(patient, TAKE_STOCK)
    assert s.ended == "resolved" and s.meters == {"bond": 67, "goals": 54, "tasks": 57, "real": 67}
    review, rationale = s.turns[0], s.turns[1]
    assert patient.spec.moves["take_stock"].strategy == "review_goals_tasks"
    assert review.deltas == {"bond": 2, "goals": 5, "tasks": 3} and "corner" in review.patient
    assert patient.spec.moves["explain_chest"].strategy == "give_rationale"
    assert rationale.deltas == {"goals": 3, "tasks": 5}
    assert "explain_chest" not in play(patient, TAKE_STOCK[:2]).options()


def test_the_clock_can_still_be_owned_after_a_revisit(patient):
    s = play(patient, ["notice_between_us", "ask_about_me", "ask_after", "stay_with_it", "stay_with_it", "revisit",
                       "stay_with_it"])
    assert s.beat == "shut_door" and "own_clock" in s.options()
    s.choose("own_clock")
    assert s.beat == "not_a_kid" and "owned_clock" in s.flags
    s = play(patient, ["promise_plan", "reassure_stay"])
    assert s.beat == "crack_on" and "raise_clock" in s.options()


def test_pressing_the_same_move_gets_a_new_reply_and_costs(patient):
    sorry = play(patient, ["apologise_pace"] * 3)
    assert len({t.patient for t in sorry.turns}) == 3 and sorry.state == "gone_cold"
    noticed = play(patient, ["promise_plan", "reassure_stay"] + ["notice_between_us"] * 3)
    lines = [t.patient for t in noticed.turns[-3:]]
    assert len(set(lines)) == 3 and noticed.ended == "unresolved"
    assert [t.deltas["bond"] for t in noticed.turns[-3:]] == [-1, -2, -4]


def test_the_real_meter_moves_with_the_person_not_the_technique(patient):
    asked = play(patient, ["notice_between_us", "ask_about_me"])
    assert all("real" not in t.deltas for t in asked.turns)
    glad = play(patient, SECOND_WAY)
    assert glad.last.deltas["real"] == max(d.get("real", 0) for t in glad.turns for d in [t.deltas])


def test_the_same_link_to_his_mother_hurts_early_and_lands_late(patient):
    early = play(patient, ["notice_between_us", "link_mum"])
    assert early.kind == "confrontation" and early.last.marker == "rejecting_intervention"
    assert early.last.deltas == {"bond": -7, "real": -3}
    again = play(patient, ["notice_between_us", "link_mum", "validate_doubt", "link_mum"])
    assert again.ended == "dropout"
    late = play(patient, BEST[:-1] + ["link_mum"])
    assert late.ended == "resolved" and "Sundays" in late.last.patient and late.last.deltas["bond"] > 0
    too_soon = play(patient, SHORT_WAY[:-1] + ["link_mum"])
    assert too_soon.turns[-2].meters["bond"] < 62 and not too_soon.ended
    assert too_soon.beat == "not_a_kid" and too_soon.last.patient == "Can we not do my mum today. Please."


def test_closing_reassurance_shuts_the_door_and_the_way_back_costs(patient):
    s = play(patient, ["notice_between_us", "reassure_stay"])
    assert s.kind == "withdrawal" and s.last.marker == "minimal_response" and s.cause == "therapist"
    s.choose("revisit")
    assert s.beat == "half_decided" and s.last.deltas == {"bond": 1}
    s.choose("reassure_stay")
    s.choose("revisit")
    assert s.ended == "unresolved" and s.state == "back_to_business"
    assert s.last.patient.startswith("We've done this.")


def test_late_in_the_session_the_clock_itself_comes_back(patient):
    long_way = ["notice_between_us", "disclose_on_trial", "ask_hopes", "share_view", "ask_wall", "own_clock",
                "take_at_word", "revisit", "take_at_word", "go_with_work"]
    s = play(patient, long_way)
    assert s.ended == "unresolved" and s.state == "back_to_business"
    late = play(patient, ["validate_doubt", "promise_plan", "notice_between_us", "point_to_progress",
                          "own_defending", "ask_hopes", "share_view", "ask_wall", "own_clock", "validate_guard",
                          "extra_time", "revisit", "stay_with_it", "reassure_stay", "revisit"])
    assert late.turn >= 15 and late.ended == "unresolved"
    assert "look at the clock" in late.last.patient and late.last.marker == "complaint_parameters"


def test_reply_variants_depend_on_the_seed(patient):
    replies = {play(patient, ["point_to_progress"], seed=seed).line for seed in range(12)}
    assert len(replies) == 2


# -- the content bar -----------------------------------------------------------------------

def test_its_markers_are_all_there(patient):
    markers = {o.marker for _b, _r, o in outcomes(patient)}
    assert {"complaint_progress", "complaint_therapist", "control_pressure", "rejecting_intervention",
            "defending_self"} <= markers


def test_every_move_has_a_note_and_every_pitfall_breaks_a_principle(patient):
    for mid, move in patient.spec.moves.items():
        assert move.note, mid
        if move.strategy in PITFALL_STRATEGIES:
            assert move.breaks, mid
    strategies = {move.strategy for move in patient.spec.moves.values()}
    assert {"defend_self", "placate", "repeat_rationale", "closing_reassurance", "redirect",
            "continue_agenda", "link_other_relationships"} <= strategies
    assert {"apologise", "acknowledge_contribution", "disclose_experience", "invite_feelings",
            "attend_to_marker", "validate_defence", "empathic_reflection", "warmth"} <= strategies


def test_at_least_eight_distinct_moves_are_offered_on_the_best_route(patient):
    s = Session(patient)
    offered = set(s.options())
    for move in BEST:
        s.choose(move)
        offered |= set(s.options())
    assert len(offered) >= 8 and len(offered) >= 12


def test_every_state_has_beats_that_branch(patient):
    states = patient.spec.states
    talk = [sid for sid, st in states.items() if not st.ending]
    assert sum(len(states[sid].beats) >= 2 for sid in talk) >= 4
    for sid in talk:
        for bid, beat in states[sid].beats.items():
            assert len(beat.options) >= 3, bid


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, SHORT_WAY, SECOND_WAY, OWN_IT_FIRST, TAKE_STOCK, PITFALLS, REPAIR_AFTER_MISTAKE))


def test_every_marker_beat_says_its_pull(patient):
    assert_pull_on_every_marker_beat(patient)
