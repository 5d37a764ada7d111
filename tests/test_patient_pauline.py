"""Pauline: a goals/tasks rupture in CBT for insomnia (clinical model §1 goals and tasks, §2, §3, §5, §8).

She rejects the sleep-restriction homework and wants tablets now. Repeating the rationale makes
it worse; changing the task and the goal with her, not for her, resolves it. Transcript tests pin
the meters each route should end with; the content tests hold the profile to the library's bar
(issue 3), with the longest route found by a bounded search over (beat, flags, meters, turn,
cause) using Session.snapshot/restore.
"""

from __future__ import annotations

import pytest
from patient_library import assert_design_doc_matches, assert_pull_on_every_marker_beat, outcomes, play

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.engine.vocabulary import PITFALL_STRATEGIES

START = {"bond": 48, "goals": 40, "tasks": 30, "real": 55}

BEST = ["curious_about_no", "ask_mornings", "reflect_frightened", "own_not_asking", "clarify_telling",
        "rework_together", "agree_anchor"]
OWN_IT_FIRST = ["raise_work", "reflect_frightened", "suggest_gp_drowsy", "her_version", "explain_anchor",
                "check_fit"]
EARLY_RISK = ["curious_about_no", "ask_mornings", "suggest_gp_drowsy", "own_not_asking", "clarify_telling"]
SECOND_WAY = ["validate_no", "ask_mornings", "reflect_frightened", "own_not_asking", "validate_quiet",
              "her_version", "check_fit"]
RIGID_RATIONALE = ["explain_sleep_pressure", "explain_again", "set_window"]
BLAMING = ["explain_sleep_pressure", "point_to_diary", "link_control", "point_to_diary"]
PLACATING = ["first_weeks_hardest", "write_to_gp", "doing_well"]
REPAIR_AFTER_MISTAKE = ["explain_sleep_pressure", "explain_again", "notice_fine", "ask_mornings",
                        "own_not_asking", "validate_quiet", "her_version", "check_fit"]


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("pauline")


# -- transcripts --------------------------------------------------------------------------

def test_opening_rejects_the_homework(patient):
    s = Session(patient)
    assert (s.state, s.kind, s.stage, s.cause) == ("refusing", "confrontation", "marker", "both")
    assert "raise_work" in s.options()
    assert "timetable for sleeping less" in s.line and s.cue
    assert s.meters == START


def test_best_route_walks_the_stages_to_a_plan_made_together(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "own_plan" and s.end_reason == "state"
    assert s.meters == {"bond": 79, "goals": 66, "tasks": 52, "real": 66}
    assert [t.stage for t in s.turns] == ["disembedding", "exploration", "exploration", "avoidance",
                                          "resolution", "resolution", "resolution"]
    assert s.turns[1].marker == "content_affect_split" and "roundabout" in s.turns[1].patient
    hedged = s.turns[2]
    assert hedged.cause == "therapist" and "I suppose what I mind" in hedged.patient
    assert s.turns[3].marker == "denial" and "Forget I said it" in s.turns[3].patient
    need = s.turns[4]
    assert need.marker is None and "I need to be safe" in need.patient and need.deltas["goals"] == 10
    # the right end for a goals/tasks rupture: the task and goal are changed, with her
    assert [patient.spec.moves[t.move].strategy for t in s.turns[-2:]] == ["change_task_or_goal"] * 2
    assert s.meters["tasks"] - START["tasks"] >= 20 and s.meters["goals"] - START["goals"] >= 20
    assert "DROWSY = DON'T DRIVE" in s.epilogue


def test_a_second_way_reaches_the_same_end(patient):
    s = play(patient, SECOND_WAY)
    assert s.ended == "resolved" and s.state == "own_plan"
    assert s.meters == {"bond": 80, "goals": 67, "tasks": 51, "real": 67}
    assert s.turns[0].beat == "dry_smile" and s.turns[-2].beat == "her_plan"


def test_rigidly_repeating_the_rationale_ends_in_dropout(patient):
    s = play(patient, RIGID_RATIONALE)
    assert s.ended == "dropout" and s.state == "cancels"
    assert s.meters == {"bond": 38, "goals": 36, "tasks": 16, "real": 53}
    assert s.turns[1].marker == "deferential_appeasing" and s.turns[1].state == "going_through_motions"
    assert s.turns[0].deltas == {"bond": -2, "tasks": -4} and s.turns[1].deltas["tasks"] == -6
    assert "school run" in s.epilogue


def test_three_rounds_of_the_rationale_and_she_leaves(patient):
    s = play(patient, ["explain_sleep_pressure", "own_pushing", "explain_tablets", "explain_again"])
    assert s.ended == "dropout" and s.state == "cancels"
    assert s.turns[2].patient.startswith("Long run, sleep pressure, page two.")
    assert s.last.patient.startswith("Then I'm clearly not most people.")


def test_blaming_her_with_the_diary_ends_in_dropout(patient):
    s = play(patient, BLAMING)
    assert s.ended == "dropout" and s.state == "cancels"
    assert s.meters == {"bond": 26, "goals": 40, "tasks": 26, "real": 42}
    assert s.last.patient.startswith("I don't need telling off with my own handwriting.")


def test_placating_with_tablets_ends_unresolved_and_loses_the_goal(patient):
    s = play(patient, PLACATING)
    assert s.ended == "unresolved" and s.state == "with_a_letter"
    assert s.meters == {"bond": 45, "goals": 23, "tasks": 26, "real": 55}
    assert s.turns[1].marker == "control_pressure" and "placated" in s.flags


def test_repair_after_repeating_the_rationale_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_AFTER_MISTAKE)
    best = play(patient, SECOND_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 67, "goals": 67, "tasks": 42, "real": 62}
    assert s.turns[1].state == "going_through_motions" and s.turns[2].stage == "disembedding"
    assert s.meters["bond"] < best.meters["bond"] - 10 and s.meters["tasks"] < best.meters["tasks"]


def test_changing_the_task_for_her_is_not_changing_it_with_her(patient):
    at_need = BEST[:5]
    decided = play(patient, at_need + ["switch_to_relaxation"])
    together = play(patient, at_need + ["rework_together"])
    assert patient.spec.moves["switch_to_relaxation"].strategy == "change_task_or_goal"
    assert decided.kind == "withdrawal" and decided.last.marker == "deferential_appeasing"
    assert decided.last.patient == "You've decided for me again."
    assert together.kind == "resolution" and together.beat == "her_plan"
    smuggled = play(patient, at_need + ["rework_together", "add_window_too"])
    assert smuggled.kind == "withdrawal" and smuggled.last.deltas == {"bond": -8, "tasks": -10}
    back = play(patient, at_need + ["rework_together", "add_window_too", "notice_fine"])
    assert back.beat == "her_plan" and "put the half past twelve back in" in back.last.patient


def test_going_back_to_the_window_after_she_states_her_need_undoes_it(patient):
    s = play(patient, BEST[:5] + ["back_to_window"])
    assert s.kind == "withdrawal" and s.last.deltas == {"bond": -8, "tasks": -10, "real": -4}
    s.choose("notice_fine")
    assert s.beat == "need" and "I told you what I need" in s.last.patient


# -- apology or exploration? (§2) ------------------------------------------------------------

def test_apology_helps_only_when_the_therapist_caused_the_strain(patient):
    her_pattern = play(patient, ["explain_sleep_pressure", "own_pushing"])
    assert her_pattern.turns[0].cause == "both"
    assert her_pattern.last.patient.startswith("There's no need to apologise") and her_pattern.beat == "tablets"
    assert her_pattern.last.deltas == {"bond": -1}
    pushed = play(patient, ["review_diary", "own_pushing"])
    assert pushed.turns[0].cause == "therapist"
    assert pushed.last.deltas == {"bond": 4, "real": 3} and pushed.beat == "dry_smile"


def test_at_stage_four_an_honest_answer_to_her_fear_helps_once_the_plan_is_owned_pressing_on_does_not(patient):
    at_four = ["curious_about_no", "step_back_goals", "ask_like_this"]
    unowned = play(patient, at_four + ["clarify_telling"])
    assert unowned.beat == "proper_this_week" and unowned.last.marker == "denial"
    owned = play(patient, at_four + ["own_not_asking", "clarify_telling"])
    assert owned.state == "saying_it" and "need_said" in owned.flags
    assert patient.spec.moves["clarify_telling"].strategy == "clarify_misunderstanding"
    pressed = play(patient, at_four + ["own_not_asking", "stay_with_it", "stay_with_it", "stay_with_it"])
    assert [t.marker for t in pressed.turns[-3:]] == ["deferential_appeasing", "minimal_response",
                                                      "complaint_parameters"]
    assert len({t.patient for t in pressed.turns[-3:]}) == 3 and pressed.state == "out_of_time"


def test_the_therapist_can_raise_and_own_the_plan_before_she_complains_of_it(patient):
    s = play(patient, OWN_IT_FIRST)
    assert s.ended == "resolved" and s.meters == {"bond": 69, "goals": 69, "tasks": 54, "real": 64}
    first = s.turns[0]
    assert patient.spec.moves["raise_work"].strategy == "acknowledge_contribution"
    assert first.cause == "both" and "roundabout" in first.patient and "owned" in play(patient, ["raise_work"]).flags


def test_asking_whether_she_is_safe_to_drive_is_never_an_error(patient):
    assert patient.spec.moves["suggest_gp_drowsy"].strategy == "address_risk"
    early = play(patient, EARLY_RISK)
    asked = early.turns[2]
    assert asked.marker == "denial" and asked.deltas["bond"] < 0 and "licence" in asked.patient  # the strain shows
    assert early.state == "saying_it" and "need_said" in early.flags  # and it is repaired
    well_timed = play(patient, OWN_IT_FIRST[:3])
    assert well_timed.state == "saying_it" and well_timed.last.marker is None
    assert well_timed.last.deltas["goals"] == 10 and "safe" in well_timed.last.patient
    for _beat, rule, o in outcomes(patient):
        if rule.move == "suggest_gp_drowsy":
            assert patient.spec.states[patient.state_of[o.target]].kind != "dropout"


def test_one_collaborative_rationale_helps_and_is_offered_once(patient):
    s = play(patient, OWN_IT_FIRST[:5])
    assert patient.spec.moves["explain_anchor"].strategy == "give_rationale"
    assert s.last.deltas == {"goals": 2, "tasks": 6} and s.beat == "her_plan"
    assert "explain_anchor" not in s.options()


def test_owning_nothing_and_apologising_again_and_again_gets_new_replies_and_costs(patient):
    s = play(patient, ["first_weeks_hardest", "write_to_gp", "own_pushing", "own_pushing", "own_pushing"])
    assert len({t.patient for t in s.turns[-3:]}) == 3 and [t.deltas["bond"] for t in s.turns[-3:]] == [-2, -3, -3]
    assert s.ended == "unresolved" and s.state == "with_a_letter"


def test_a_premature_link_is_rejected_and_twice_ends_the_session(patient):
    once = play(patient, ["explain_sleep_pressure", "link_control"])
    assert once.last.marker == "rejecting_intervention" and once.last.deltas == {"bond": -6, "real": -3}
    twice = play(patient, ["explain_sleep_pressure", "link_control", "explain_tablets", "link_control"])
    assert twice.ended == "dropout"


def test_late_in_the_session_she_has_a_bus_to_drive(patient):
    s = play(patient, ["explain_sleep_pressure", "explain_again", "notice_fine", "ask_mornings",
                       "reflect_frightened", "own_not_asking", "clarify_telling", "rework_together",
                       "add_window_too", "own_pushing", "ask_mornings", "explain_again", "disclose_selling",
                       "ask_mornings", "link_control", "revisit"])
    assert s.turn == 16 and s.ended == "unresolved" and s.state == "out_of_time"
    assert "afternoon run" in s.last.patient and s.last.marker == "complaint_parameters"
    assert {"need_said", "window_smuggled"} <= s.flags  # she said it once; the window came back


def test_smuggling_the_window_back_twice_ends_the_course(patient):
    s = play(patient, BEST[:6] + ["add_window_too", "notice_fine", "add_window_too"])
    assert s.ended == "dropout" and s.state == "cancels"
    assert s.last.patient.startswith("There it is again.")


def test_reply_variants_depend_on_the_seed(patient):
    replies = {play(patient, ["explain_sleep_pressure"], seed=seed).line for seed in range(12)}
    assert len(replies) == 2


# -- the content bar -----------------------------------------------------------------------

def test_its_markers_are_all_there(patient):
    markers = {o.marker for _b, _r, o in outcomes(patient)}
    assert {"rejecting_intervention", "complaint_activities", "control_pressure", "complaint_therapist",
            "deferential_appeasing", "content_affect_split"} <= markers


def test_every_move_has_a_note_and_every_pitfall_breaks_a_principle(patient):
    for mid, move in patient.spec.moves.items():
        assert move.note, mid
        if move.strategy in PITFALL_STRATEGIES:
            assert move.breaks, mid
    strategies = {move.strategy for move in patient.spec.moves.values()}
    assert {"repeat_rationale", "give_rationale", "defend_self", "placate", "closing_reassurance",
            "continue_agenda", "link_other_relationships", "address_risk", "acknowledge_contribution",
            "clarify_misunderstanding"} <= strategies
    assert {"change_task_or_goal", "review_goals_tasks", "apologise", "disclose_experience",
            "attend_to_marker", "validate_defence", "empathic_reflection"} <= strategies


def test_at_least_eight_distinct_moves_are_offered_on_the_best_route(patient):
    s = Session(patient)
    offered = set(s.options())
    for move in BEST:
        s.choose(move)
        offered |= set(s.options())
    assert len(offered) >= 12


def test_every_state_has_beats_that_branch(patient):
    states = patient.spec.states
    talk = [sid for sid, st in states.items() if not st.ending]
    assert sum(len(states[sid].beats) >= 2 for sid in talk) >= 4
    for sid in talk:
        for bid, beat in states[sid].beats.items():
            assert len(beat.options) >= 3, bid


def test_every_marker_beat_says_its_pull(patient):
    assert_pull_on_every_marker_beat(patient)


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    assert_design_doc_matches(patient, (BEST, SECOND_WAY, OWN_IT_FIRST, EARLY_RISK, RIGID_RATIONALE, REPAIR_AFTER_MISTAKE))
