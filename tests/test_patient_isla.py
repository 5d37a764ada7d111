"""Isla: a rupture over the parameters of therapy that returns after it seemed repaired (clinical model §2
complaints about the parameters, §3 both paths, §4.10 expect more ruptures), played across a course of three
sessions. Routes and meters here are the ones docs/patients/isla.md gives a clinician to review.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from patient_library import assert_debrief_recommends_no_pitfall, play, stages_walked

from simulator.authoring.explore import explore
from simulator.debrief.build import build_debrief
from simulator.engine import catalogue
from simulator.engine.vocabulary import PITFALL_STRATEGIES

BEST = ["own_doorway", "validate_easy", "name_looking_after", "plan_together",
        "notice_missed", "own_now", "reflect_practice", "say_will_miss", "plan_together",
        "notice_card", "say_goodbye"]
CLEAN_TWIN = ["notice_brightness", "invite_door", "own_doorway", "name_looking_after", "plan_together",
              "notice_missed", "explore_both_sides", "reflect_practice", "say_will_miss", "plan_together",
              "notice_card", "review_course"]
REPAIR_LINK = ["notice_brightness", "link_to_dad", "take_back_link", "invite_door", "own_doorway", "name_looking_after",
               "plan_together", "notice_missed", "explore_both_sides", "reflect_practice", "say_will_miss", "plan_together",
               "notice_card", "review_course"]
RISK = ["notice_brightness", "invite_door", "own_doorway", "name_looking_after", "plan_together",
        "notice_missed", "check_safety", "explore_both_sides", "reflect_practice", "say_will_miss", "link_dad_timely",
        "plan_together", "say_goodbye", "review_course"]
PROMISE = ["own_doorway", "invite_more", "validate_easy", "explain_transfer", "reassure",
           "notice_missed", "explain_again", "own_now", "invite_more", "say_will_miss", "fix_the_gap", "fix_the_gap"]
UNSPOKEN = ["back_to_panic", "back_to_panic", "notice_brightness", "explain_placement", "back_to_panic", "wrap_up",
            "notice_missed", "promise_to_chase", "accept_early_end", "wrap_up"]
DEFENDED = BEST[:4] + ["notice_missed", "explain_placement", "explain_placement", "explain_placement"]
PROBER = ["push_feelings", "push_feelings", "push_feelings"]
LIGHT = BEST[:9] + ["back_to_panic", "back_to_panic", "back_to_panic"]


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("isla")


def session_of(s, sid):
    return [t for t in s.turns if t.session == sid]


# -- the course: repaired in the first session, back three weeks later, and once more at the end -------------

def test_best_route_resolves_across_the_three_sessions(patient):
    s = play(patient, BEST)
    assert (s.ended, s.state, s.end_reason) == ("resolved", "ended_well", "state")
    assert s.meters == {"bond": 92, "goals": 85, "tasks": 80, "real": 86}
    assert [t.session for t in s.turns] == ["news"] * 4 + ["return"] * 5 + ["goodbye"] * 2
    assert all(patient.spec.moves[m].strategy not in PITFALL_STRATEGIES for m in BEST)
    # each session walks the stages on its own, from the marker again (§4.10)
    assert stages_walked(s) == (["marker", "exploration", "avoidance", "resolution"] * 2
                                + ["marker", "exploration", "resolution"])


def test_the_first_session_ends_in_self_assertion_and_the_second_in_vulnerability(patient):
    s = play(patient, BEST)
    first, second = session_of(s, "news"), session_of(s, "return")
    assertion = next(t for t in first if t.state == "asks_for_it")
    assert "tell me properly" in assertion.patient and assertion.marker is None
    assert any(t.state == "whats_the_point" for t in second)
    vulnerability = next(t for t in second if t.state == "vulnerable")
    assert "Again." in vulnerability.patient and vulnerability.marker is None and vulnerability.deltas["real"] >= 5


def test_the_rupture_comes_back_to_the_same_state_and_the_debrief_calls_it_a_revisit(patient):
    s = play(patient, BEST)
    # the last line of each session already carries the old bright smile (a seed of the return)
    for sid in ("news", "return"):
        closing = session_of(s, sid)[-1]
        assert closing.marker == "denial" and closing.state == "making_it_easy" and "loads" in closing.patient
    assert [sp.opening.marker for sp in patient.spec.sessions[1:]] == ["deferential_appeasing"] * 2
    episodes = build_debrief(s).episodes
    assert len(episodes) == 3
    first, second, third = episodes
    assert first.resolution_kind == "self_assertion" and first.resolution.closed == "resolved"
    assert second.revisit_of == third.revisit_of == first.number
    assert second.kinds == ["withdrawal", "confrontation"] and second.resolution_kind == "vulnerability"
    assert third.kinds == ["withdrawal"] and third.resolution.closed == "resolved"
    assert first.cause == second.cause == third.cause == "both"


def test_an_ordinary_last_hour_leaves_the_goodbye_unsaid_after_two_good_sessions(patient):
    s = play(patient, LIGHT)
    assert (s.ended, s.state) == ("unresolved", "bright_goodbye")
    assert s.meters == {"bond": 80, "goals": 82, "tasks": 80, "real": 77}
    assert len({t.patient for t in session_of(s, "goodbye")}) == 3
    assert s.last.marker == "minimal_response"


def test_the_expert_routes_are_clean_and_their_debriefs_recommend_no_pitfall(patient):
    found = explore(patient)
    assert found.clean_resolution and found.dropout_route
    for route in (found.resolution_route, BEST):
        assert_debrief_recommends_no_pitfall(patient, route)


def test_the_return_is_sharper_when_the_first_session_left_the_ending_unspoken(patient):
    s = play(patient, UNSPOKEN)
    assert (s.ended, s.state) == ("unresolved", "bright_goodbye")
    assert s.meters == {"bond": 41, "goals": 51, "tasks": 53, "real": 50}
    assert "unspoken" in s.flags and "plan_agreed" not in s.flags
    back = session_of(s, "return")[0]
    assert "at the door" in back.patient and back.marker == "complaint_therapist"
    assert "remind_agreement" not in play(patient, UNSPOKEN[:6]).options()


def test_a_promise_in_the_first_session_is_what_the_letter_breaks(patient):
    s = play(patient, PROMISE)
    assert (s.ended, s.state) == ("partial", "sorted_on_paper")
    assert s.meters == {"bond": 78, "goals": 73, "tasks": 73, "real": 73}
    by_move = {t.move: t for t in session_of(s, "return")}
    assert "You did say I'd be looked after" in by_move["own_now"].patient
    # the rationale given once, when she asked, helped; the same rationale after the letter is rigid (§5)
    once = next(t for t in s.turns if t.move == "explain_transfer")
    again = by_move["explain_again"]
    assert once.deltas["bond"] > 0 and once.marker is None
    assert again.deltas["bond"] < 0 and again.marker == "complaint_therapist"
    assert patient.spec.moves["explain_again"].strategy == "repeat_rationale"


# -- pitfalls and their cost ----------------------------------------------------------------------------

def test_pressing_for_the_feeling_ends_the_first_session_in_dropout(patient):
    s = play(patient, PROBER)
    assert (s.ended, s.state) == ("dropout", "closes_her_file")
    assert len({t.patient for t in s.turns}) == 3


def test_defending_the_service_three_times_loses_her_after_a_good_first_session(patient):
    s = play(patient, DEFENDED)
    assert (s.ended, s.state) == ("dropout", "closes_her_file")
    assert s.meters == {"bond": 59, "goals": 69, "tasks": 72, "real": 59}
    replies = [t.patient for t in s.turns[-3:]]
    assert len(set(replies)) == 3 and "like I'm thick" in replies[1]


def test_the_agenda_asked_again_gets_a_new_answer_each_time_and_then_she_leaves(patient):
    s = play(patient, ["back_to_panic"] * 4)
    lines = [t.patient for t in s.turns]
    assert len(set(lines)) == 4
    assert [t.marker for t in s.turns] == ["content_affect_split", "minimal_response", "complaint_activities",
                                           "minimal_response"]
    assert s.ended == "dropout"


def test_noticing_again_and_again_costs_instead_of_paying(patient):
    s = play(patient, ["back_to_panic", "notice_brightness", "reassure"])
    again = s.choose("notice_brightness")
    assert again.deltas["bond"] < 0 and again.beat == "getting_on"
    third = s.choose("notice_brightness")
    assert third.deltas["bond"] < again.deltas["bond"] and third.marker == "rejecting_intervention"
    assert s.choose("notice_brightness").state == "closes_her_file"


def test_a_third_validation_running_costs_even_when_trust_would_let_it_land(patient):
    s = play(patient, ["own_doorway", "validate_easy", "validate_easy"])  # the second one lands: she asserts
    assert s.state == "asks_for_it" and s.last.marker is None
    s = play(patient, ["notice_brightness", "validate_easy", "validate_easy"])
    assert s.meters["bond"] >= 66 and s.beat == "not_my_friend"
    third = s.choose("validate_easy")
    assert third.state == "making_it_easy" and third.deltas["bond"] < 0


# -- repair after a mistake --------------------------------------------------------------------------

def test_repair_after_a_premature_link_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_LINK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 91, "goals": 89, "tasks": 84, "real": 78}
    link = s.turns[1]
    assert link.cause == "therapist" and link.marker == "rejecting_intervention"
    assert s.alliance < play(patient, CLEAN_TWIN).alliance


def test_until_the_link_is_owned_she_will_not_say_what_she_wants(patient):
    s = play(patient, ["notice_brightness", "link_to_dad"])
    assert "felt_analysed" in s.flags and "take_back_link" in s.options()
    s = play(patient, ["own_doorway", "link_to_dad", "notice_brightness", "invite_door", "invite_more"])
    assert s.beat == "not_my_friend" and "felt_analysed" in s.flags
    assert s.choose("name_looking_after").state == "backing_off"


def test_owning_the_doorway_is_on_offer_before_she_names_it(patient):
    s = play(patient, [])
    assert s.cause == "both" and "own_doorway" in s.options()
    t = s.choose("own_doorway")
    assert t.marker is None and t.deltas["real"] > 0 and t.state == "telling"


def test_a_timely_link_to_her_father_is_offered_only_after_she_says_again(patient):
    before = play(patient, RISK[:10])
    assert "said_again" in before.flags and "link_dad_timely" in before.options()
    assert "link_dad_timely" not in play(patient, RISK[:9]).options()


# -- safety first ------------------------------------------------------------------------------------

def test_asking_about_safety_strains_but_is_never_an_error_and_the_route_still_resolves(patient):
    s = play(patient, RISK)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 98, "goals": 92, "tasks": 83, "real": 86}
    risk = next(t for t in s.turns if t.move == "check_safety")
    assert risk.deltas["bond"] < 0 and risk.deltas["real"] > 0 and not risk.ended
    review = next(m for m in build_debrief(s).moves if m.move == "check_safety")
    assert not review.faulted and review.verdict == "helped"
    assert "check_safety" not in play(patient, RISK[:7]).options()


def test_no_risk_question_ends_the_course(patient):
    for outcome_rule in [r for b in patient.beats.values() for r in b.options if r.move == "check_safety"]:
        outcomes = [outcome_rule.fallback] + [o for _w, o in outcome_rule.branches]
        for o in outcomes:
            assert patient.spec.states[patient.state_of[o.target]].kind != "dropout"


# -- the CLI and the design note -----------------------------------------------------------------

def test_run_json_through_the_cli_spans_the_course():
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", "isla", "--moves", ",".join(BEST), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["ended"], data["state"]) == ("resolved", "ended_well")
    assert data["sessions"] == ["news", "return", "goodbye"]
    assert [t["session"] for t in data["turns"]] == ["news"] * 4 + ["return"] * 5 + ["goodbye"] * 2


def test_the_design_doc_lists_every_state_as_the_profile_has_it(patient):
    doc = (ROOT / "docs" / "patients" / "isla.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]*) \|", doc, re.M))
    listed = {sid: rows.get(sid, "").strip() for sid in patient.spec.states}
    wrong = [sid for sid, st in patient.spec.states.items()
             if not listed[sid].startswith(st.kind) or (st.ending and st.ending not in listed[sid])]
    assert not wrong, f"states missing or mis-described in the doc: {wrong}"
    missing = [r for r in (BEST, REPAIR_LINK, RISK, PROMISE, UNSPOKEN, DEFENDED, PROBER, LIGHT) if ", ".join(r) not in doc]
    assert not missing
