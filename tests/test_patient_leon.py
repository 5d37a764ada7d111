"""Leon, 16: a confrontation rupture in which a risk must be asked about although asking strains the
alliance (clinical model §8), and the strain then repaired on the confrontation path to vulnerability (§3).

The transcript tests play him through the engine, the CLI and the debrief; the routes and meters are the
ones docs/patients/leon.md gives a clinician to review. The shared bar is tests/test_patient_library_bar.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from patient_library import outcomes, play, stages_walked

from simulator.commands.run import random_playthrough
from simulator.debrief.moves_review import review_moves
from simulator.engine import catalogue
from simulator.engine.session import stage_of
from simulator.engine.vocabulary import PITFALL_STRATEGIES

BEST = ["own_assessment", "ask_whats_hard", "ask_safety", "own_bluntness", "explain_conf", "disclose_worry",
        "welcome_telling", "plan_with_mum"]
SHOWCASE = ["fair_enough", "ask_whats_hard", "ask_safety", "own_bluntness", "explain_conf", "disclose_worry",
            "welcome_telling", "plan_with_mum"]
PASSES_OVER = ["fair_enough", "reflect_everyone", "reassure_matters", "no_pressure", "start_with_school",
               "advise_mum", "start_with_school", "advise_mum", "no_pressure", "start_with_school", "wrap_up"]
TAKES_IT_BACK = ["fair_enough", "ask_whats_hard", "ask_safety", "take_it_back", "start_with_school", "no_pressure",
                 "start_with_school", "advise_mum", "no_pressure", "advise_mum", "wrap_up"]
DEFENDS = ["explain_point", "start_with_school", "insist_point", "fair_enough", "reflect_everyone", "ask_safety",
           "justify_asking", "justify_asking"]
ASKS_WITHOUT_REPAIR = ["fair_enough", "ask_whats_hard", "ask_safety", "promise_secret", "ask_safety",
                       "promise_secret", "ask_safety", "ask_how_it_landed", "ask_how_it_landed", "ask_safety", "wrap_up"]
REPAIR_REASSURE = ["fair_enough", "reflect_everyone", "reassure_matters", "ask_safety", "own_bluntness",
                   "explain_conf", "disclose_worry", "welcome_telling", "plan_with_mum"]
REPAIR_PROBE = ["fair_enough", "ask_whats_hard", "ask_safety", "validate_wariness", "explain_conf", "press_details",
                "own_bluntness", "disclose_worry", "safety_plan"]
ROUTES = [BEST, SHOWCASE, PASSES_OVER, TAKES_IT_BACK, DEFENDS, ASKS_WITHOUT_REPAIR, REPAIR_REASSURE, REPAIR_PROBE]
AFTER_THE_QUESTION = {"strain", "construals", "under_the_anger", "telling", "safer"}


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("leon")


def risk_moves(patient):
    return {mid for mid, m in patient.spec.moves.items() if m.strategy == "address_risk"}


# -- transcripts --------------------------------------------------------------------------

def test_best_route_asks_lets_the_strain_show_repairs_it_and_reaches_vulnerability(patient):
    s = play(patient, BEST)
    assert (s.ended, s.state, s.end_reason) == ("resolved", "safer", "state")
    assert s.meters == {"bond": 66, "goals": 48, "tasks": 48, "real": 67}
    assert stages_walked(s) == ["marker", "disembedding", "marker", "exploration", "avoidance", "resolution"]
    question = s.turns[2]
    assert question.move == "ask_safety" and question.state == "strain" and question.marker == "defending_self"
    assert question.deltas["bond"] < 0 and "tell my mum" in question.patient
    assert question.cause == "both"
    told = next(t for t in s.turns if t.state == "telling")
    assert "I don't want to die" in told.patient and told.marker is None
    assert all(patient.spec.moves[m].strategy not in PITFALL_STRATEGIES for m in BEST)


def test_validating_him_instead_of_owning_the_assessment_also_resolves(patient):
    best, showcase = play(patient, BEST), play(patient, SHOWCASE)
    assert (showcase.ended, showcase.state) == ("resolved", "safer")
    assert showcase.meters == {"bond": 66, "goals": 48, "tasks": 48, "real": 66}
    assert showcase.meters["real"] < best.meters["real"]  # owning one's slip touches the person a little more


def test_passing_over_what_he_let_slip_never_resolves(patient):
    s = play(patient, PASSES_OVER)
    assert (s.ended, s.state, s.end_reason) == ("unresolved", "sleeve_down", "state")
    assert "asked_risk" not in s.flags and "said_not_around" in s.flags
    assert s.alliance < play(patient, BEST).alliance


def test_taking_the_question_back_is_no_better_than_never_asking(patient):
    s = play(patient, TAKES_IT_BACK)
    assert (s.ended, s.state) == ("unresolved", "sleeve_down")
    assert {"asked_risk", "retracted"} <= s.flags
    back = s.turns[3]
    assert back.move == "take_it_back" and back.deltas["real"] < 0 and back.state == "risk_passed_over"


def test_defending_the_question_loses_him_but_the_question_itself_did_not(patient):
    s = play(patient, DEFENDS)
    assert (s.ended, s.state) == ("dropout", "walks_out")
    assert s.last.move == "justify_asking" and s.turns[5].move == "ask_safety" and not s.turns[5].ended


def test_asking_again_and_again_without_repair_gets_no_further_than_a_partial_ending(patient):
    s = play(patient, ASKS_WITHOUT_REPAIR)
    assert (s.ended, s.state) == ("partial", "door_ajar")
    assert "told" not in s.flags and s.meters["bond"] < 30
    asks = [t.patient for t in s.turns if t.move == "ask_safety"]
    assert asks[1] != asks[2]  # asked a third time, it is heard as one too many


def test_repair_after_reassuring_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_REASSURE)
    assert (s.ended, s.state) == ("resolved", "safer")
    assert s.meters == {"bond": 64, "goals": 42, "tasks": 48, "real": 66}
    assert "Thought we'd moved on" in s.turns[3].patient
    assert s.alliance < play(patient, BEST).alliance


def test_repair_after_pressing_for_details_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_PROBE)
    assert (s.ended, s.state) == ("resolved", "safer")
    assert s.meters == {"bond": 59, "goals": 50, "tasks": 45, "real": 61}
    pressed, owned = s.turns[5], s.turns[6]
    assert pressed.marker == "complaint_therapist" and pressed.cause == "therapist"
    assert owned.state == "under_the_anger" and "Like a form" in owned.patient
    assert s.alliance < play(patient, BEST).alliance


def test_the_therapists_slip_in_the_briefing_can_be_owned_first(patient):
    assert "mother talking over" in patient.spec.briefing.background
    s = play(patient, [])
    assert s.cause == "both" and "own_assessment" in s.options()
    t = s.choose("own_assessment")
    assert t.marker is None and t.deltas["bond"] > 0 and t.state == "sizing_up"


def test_no_option_refers_to_what_he_has_not_said(patient):
    s = play(patient, [])
    assert not risk_moves(patient) & set(s.options())
    s = play(patient, ["no_pressure", "no_pressure"])
    assert s.beat == "small_talk" and "ask_safety" not in s.options() and "ask_whats_hard" in s.options()
    s = play(patient, ["fair_enough", "ask_whats_hard"])
    assert "said_not_around" in s.flags and "ask_safety" in s.options()


def test_pressing_the_same_exploration_costs(patient):
    once = play(patient, ["ask_about_here"]).last
    again = play(patient, ["ask_about_here", "ask_about_here", "ask_about_here"]).last
    assert once.deltas["bond"] > 0 and again.deltas["bond"] < 0
    s = play(patient, ["ask_about_here"] * 4)
    assert (s.ended, s.state) == ("dropout", "walks_out")
    landed = play(patient, ["fair_enough", "ask_whats_hard", "ask_safety", "ask_how_it_landed"])
    assert landed.last.deltas["bond"] > 0
    s = play(patient, ["fair_enough", "ask_whats_hard", "ask_safety", "ask_how_it_landed", "reflect_looked_at",
                       "ask_how_it_landed"])
    assert s.last.marker == "complaint_activities" and s.last.deltas["bond"] < 0


def test_run_json_through_the_cli():
    proc = subprocess.run([sys.executable, "-m", "simulator", "run", "leon", "--moves", ",".join(BEST), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["ended"], data["state"]) == ("resolved", "safer")
    assert [t["move"] for t in data["turns"]] == BEST


# -- the safety question is never the fault (§8) --------------------------------------------

def test_the_risk_question_strains_the_alliance_but_never_causes_dropout_by_itself(patient):
    risky = risk_moves(patient)
    assert risky == {"ask_safety", "safety_plan"}
    seen = 0
    for _beat, rule, o in outcomes(patient):
        if rule.move not in risky:
            continue
        seen += 1
        assert patient.spec.states[patient.state_of[o.target]].kind != "dropout", o.replies
        assert sum(d for _m, d in o.effects) >= 0, o.replies  # the alliance never falls, so no dropout rule fires
    assert seen >= 8
    strained = [t for t in play(patient, BEST).turns if t.move == "ask_safety"]
    assert strained and all(t.deltas["bond"] < 0 and t.marker for t in strained)


def test_the_debrief_never_faults_the_risk_question_and_never_calls_it_hurt(patient):
    for route in ROUTES:
        reviews = review_moves(play(patient, route), search=False)
        for r in reviews:
            if r.move in risk_moves(patient):
                assert not r.faulted and r.verdict != "hurt", (route, r.turn)
                assert any(f.id == "risk" for f in r.findings)
                assert r.move not in {f.id for f in r.findings if f.fault}


def test_in_random_play_the_risk_question_is_never_the_move_that_ends_it_in_dropout(patient):
    risky = risk_moves(patient)
    for seed in range(200):
        s = random_playthrough(patient, seed)
        if s.ended == "dropout":
            assert s.last.move not in risky, seed


def test_only_the_risk_question_leads_past_the_slip_to_resolution(patient):
    """Avoiding the question to keep the peace cannot do well: the states after it are entered only by
    asking, and the partial ending needs the question asked and not taken back."""
    risky = risk_moves(patient)
    for beat, rule, o in outcomes(patient):
        here = patient.state_of[beat.name]
        there = patient.state_of[o.target]
        if there in AFTER_THE_QUESTION and here not in AFTER_THE_QUESTION:
            assert rule.move in risky, (beat.name, rule.move)
        if "asked_risk" in o.sets:
            assert rule.move in risky


def test_the_debrief_of_the_expert_route_recommends_no_pitfall(tmp_path):
    run = subprocess.run([sys.executable, "-m", "simulator", "run", "leon", "--moves", ",".join(BEST), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    record = tmp_path / "leon.json"
    record.write_text(run.stdout, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "simulator", "report", str(record), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert all(not m["faults"] and not m["mattered"] for m in report["moves"])
    asked = next(m for m in report["moves"] if m["move"] == "ask_safety")
    assert asked["verdict"] == "helped" and asked["alliance_delta"] <= 0 and asked["deltas"]["bond"] < 0
    assert [e["resolution"]["label"] for e in report["episodes"]] == ["resolved"]


# -- the content bar -----------------------------------------------------------------------

def test_every_beat_says_what_it_pulls_for(patient):
    for state in patient.spec.states.values():
        for bid, beat in state.beats.items():
            assert beat.pull is not None and beat.pull.note, bid


def test_the_design_doc_maps_every_state_with_its_kind_stage_and_cause(patient):
    """The states table in docs/patients/leon.md says what the profile says, column by column."""
    doc = (ROOT / "docs" / "patients" / "leon.md").read_text(encoding="utf-8")
    table = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`") and cells[0].endswith("`"):
            table[cells[0].strip("`")] = cells
    assert set(table) == set(patient.spec.states)
    for sid, state in patient.spec.states.items():
        _id, kind, stage, cause, beats, _model = table[sid]
        assert kind.split(",")[0] == state.kind, sid
        if state.ending:
            assert f"**{state.ending}**" in kind, sid
            continue
        assert stage == stage_of(patient, sid), sid
        assert cause in (state.cause or "", "(as in play)"), sid
        assert {b.strip("` ") for b in beats.split(",")} == set(state.beats), sid
    for route in (BEST, SHOWCASE, PASSES_OVER, DEFENDS, REPAIR_REASSURE, REPAIR_PROBE):
        assert ", ".join(route) in doc
