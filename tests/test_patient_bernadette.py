"""Bernadette: a rupture in the real relationship that the therapist caused (clinical model §2).

Transcript tests play her through the engine exactly as a trainee would; the
content tests hold the profile to the library's bar (issue 3).
"""

from __future__ import annotations

import pytest
from patient_library import outcomes, play

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.engine.vocabulary import PITFALL_STRATEGIES, STAGE_ORDER

START = {"bond": 60, "goals": 64, "tasks": 62, "real": 50}

BEST = ["notice_purse", "apologise_glance", "explore_moment", "reflect_first", "validate_caution", "look_properly"]
SECOND_WAY = ["apologise_glance", "invite_reaction", "disclose_pang", "congratulate_now", "validate_caution",
              "reflect_wish"]
PITFALLS = ["ask_meaning", "press_further", "ask_about_frank", "notice_purse", "link_to_mother", "notice_purse",
            "defend_phone"]
REPAIR_AFTER_MISTAKE = ["ask_meaning", "notice_purse", "apologise_glance", "explore_moment", "reflect_first",
                        "validate_caution", "look_properly"]


@pytest.fixture(scope="module")
def patient():
    return catalogue.load("bernadette")


# -- transcripts --------------------------------------------------------------------------

def test_best_route_walks_the_stage_model_and_resolves(patient):
    s = play(patient, BEST)
    assert s.ended == "resolved" and s.state == "seen"
    assert s.meters == {"bond": 81, "goals": 68, "tasks": 64, "real": 65}
    stages = [t.stage_before for t in s.turns] + [s.turns[-1].stage]
    assert stages == ["marker", "disembedding", "exploration", "exploration", "avoidance", "resolution", "resolution"]
    assert [STAGE_ORDER.index(x) for x in stages] == sorted(STAGE_ORDER.index(x) for x in stages)
    assert s.turns[3].marker == "self_criticism"          # stage 4: "God, listen to me"
    assert "proud of me" in s.turns[4].patient            # stage 5: the need, said directly
    # what takes her past the avoidance is your part owned again, here and now, not "stay with it"
    assert s.turns[4].move == "validate_caution" and s.turns[4].marker is None
    assert s.epilogue and "licence" in s.epilogue


def test_a_second_route_also_resolves(patient):
    s = play(patient, SECOND_WAY)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 80, "goals": 68, "tasks": 64, "real": 64}
    assert set(SECOND_WAY).isdisjoint(set(BEST) - {"apologise_glance", "validate_caution"})


def test_pitfall_route_ends_in_dropout(patient):
    s = play(patient, PITFALLS)
    assert s.ended == "dropout" and s.state == "stops_coming"
    assert s.meters == {"bond": 50, "goals": 66, "tasks": 63, "real": 28}
    assert all(patient.spec.moves[m].breaks for m in PITFALLS if m != "notice_purse")


def test_repair_after_a_mistake_resolves_at_a_cost(patient):
    s = play(patient, REPAIR_AFTER_MISTAKE)
    best = play(patient, BEST)
    assert s.ended == "resolved"
    assert s.meters == {"bond": 79, "goals": 70, "tasks": 64, "real": 61}
    assert len(s.turns) > len(best.turns)
    assert s.meters["real"] < best.meters["real"] and s.meters["bond"] < best.meters["bond"]
    # the early neutrality cost the real relationship: it climbs back only in small steps
    assert s.turns[0].deltas["real"] < 0 and s.turns[0].marker == "abstract_communication"


# -- the real relationship moves differently -----------------------------------------------

def test_carrying_on_with_the_agenda_raises_tasks_while_the_real_meter_falls_to_dropout(patient):
    s = play(patient, ["ask_about_frank"] * 7)
    assert s.ended == "dropout" and s.end_reason == "real below 32"
    assert s.meters == {"bond": 60, "goals": 64, "tasks": 68, "real": 31}
    assert len({t.patient for t in s.turns}) == 7        # each story about Frank is a new one
    assert s.meters["tasks"] > START["tasks"] and s.meters["bond"] == START["bond"]
    assert s.alliance >= 44  # the working alliance alone would never have ended it


def test_apology_without_exploration_helps_the_work_not_the_person(patient):
    moved_on = play(patient, ["apologise_glance", "back_to_plan"])
    explored = play(patient, ["apologise_glance", "invite_reaction"])
    assert moved_on.meters["tasks"] > explored.meters["tasks"]
    assert moved_on.meters["real"] < START["real"] < explored.meters["real"]
    assert moved_on.kind == "withdrawal" and explored.kind == "exploration"


def test_real_meter_repairs_more_slowly_than_the_bond(patient):
    s = play(patient, BEST)
    gains = {m: s.meters[m] - START[m] for m in START}
    assert gains["real"] < gains["bond"]
    repair_turns = [t for t in s.turns if t.deltas.get("bond", 0) > 0]
    assert all(t.deltas.get("real", 0) <= t.deltas["bond"] for t in repair_turns[:-1])
    slips = [o for _b, r, o in outcomes(patient)
             if patient.spec.moves[r.move].strategy in PITFALL_STRATEGIES and dict(o.effects).get("real", 0) < 0]
    assert min(dict(o.effects)["real"] for o in slips) <= -6
    assert max(dict(o.effects).get("real", 0) for _b, _r, o in outcomes(patient)) <= 5


def test_without_the_apology_validating_her_caution_does_not_resolve(patient):
    """The therapist caused it, so the need comes out only once the slip has been owned (§2)."""
    unapologised = play(patient, ["notice_purse", "disclose_pang", "explore_moment", "reflect_first",
                                  "validate_caution"])
    apologised = play(patient, ["notice_purse", "apologise_glance", "explore_moment", "reflect_first",
                                "validate_caution"])
    assert "apologised" not in unapologised.flags
    assert unapologised.state == "backing_off" and unapologised.meters["real"] >= 54
    assert apologised.state == "asking_to_be_seen"


def test_staying_with_it_is_not_her_key_and_pressing_it_costs(patient):
    s = play(patient, ["notice_purse", "apologise_glance", "explore_moment", "reflect_first"])
    turns = [s.choose("stay_with_it") for _ in range(3)]
    assert all(t.state != "asking_to_be_seen" for t in turns)
    assert len({t.patient for t in turns}) == 3
    assert turns[2].marker == "complaint_therapist" and turns[2].deltas["bond"] < 0 and s.beat == "brushed_off"
    assert "daft" not in patient.spec.moves["stay_with_it"].says


def test_noticing_the_purse_again_and_again_costs(patient):
    s = Session(patient)
    for _ in range(4):
        s.choose("notice_purse")
        if not s.ended and "congratulate_now" in s.options():
            s.choose("congratulate_now")
    assert s.meters["bond"] <= START["bond"] and s.meters["real"] <= START["real"]
    lines = [t.patient for t in s.turns if t.move == "notice_purse"]
    assert len(set(lines)) == len(lines)


def test_twice_is_said_only_when_it_is_true(patient):
    s = play(patient, ["congratulate_now"])
    assert "Twice" in s.choose("notice_purse").patient    # the flat "well done", then the belated one
    s = play(patient, ["congratulate_now", "ask_about_frank", "congratulate_now"])
    assert "Twice" not in s.choose("notice_purse").patient


def test_every_rupture_state_is_in_the_real_relationship_and_caused_by_the_therapist(patient):
    states = patient.spec.states
    assert all(st.relationship == "real" for st in states.values() if not st.ending)
    assert {sid for sid, st in states.items() if st.cause == "therapist"} == {"slip", "noticing"}
    assert Session(patient).cause == "therapist"


# -- the content bar -----------------------------------------------------------------------

def test_the_pitfalls_and_the_repairs_are_on_offer(patient):
    strategies = {move.strategy for move in patient.spec.moves.values()}
    pitfalls = {"continue_agenda", "defend_self", "repeat_rationale", "closing_reassurance", "push_harder",
                "placate", "link_other_relationships", "professional_neutrality"}
    assert pitfalls <= strategies
    assert {"apologise", "warmth", "invite_feelings", "attend_to_marker"} <= strategies
