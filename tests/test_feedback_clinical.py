"""Feedback judged by the clinical model (docs/clinical-model.md), one test per way it used to teach the opposite.

Each test names the rule it holds fixed; the profiles are in tests/feedback_profiles.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest
from feedback_profiles import BO, ada, bo, cy, di, play, text
from patient_library import assert_debrief_recommends_no_pitfall

from simulator.authoring.explore import explore
from simulator.authoring.lint import lint
from simulator.debrief import build_debrief, coach_hint
from simulator.debrief.detection import LATE_WINDOW, score
from simulator.debrief.markers import MarkerSeen
from simulator.debrief.moves_review import ALLIANCE_GAP, review_moves
from simulator.debrief.report_md import render_md
from simulator.debrief.search import best_line
from simulator.debrief.significance import FALL_MUCH, FALL_SOME, endangerment, intensity
from simulator.engine.catalogue import load
from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session
from simulator.engine.vocabulary import PITFALL_STRATEGIES

CLEAN_ROUTE = ["notice", "explore", "reflect_warm"]


# -- 1. better move, hint and expert route never pass through a pitfall ---------------------------------

def test_a_defensive_shortcut_is_never_the_better_move_the_hint_or_the_expert_route():
    patient = ada()
    assert play(patient, ["justify"]).ended == "resolved"
    assert best_line(Session(patient)).moves == tuple(CLEAN_ROUTE)
    found = explore(patient)
    assert found.resolution_route == CLEAN_ROUTE
    assert found.clean_resolution and found.resolution_route_pitfalls == []
    assert "defend" not in coach_hint(Session(patient))
    reviews = review_moves(play(patient, CLEAN_ROUTE))
    assert [r.better for r in reviews] == [None, None, None]


def test_the_shortcut_itself_is_named_and_the_clean_move_offered_instead():
    (review,) = review_moves(play(ada(), ["justify"]))
    assert review.pitfall and review.verdict == "mixed"
    assert review.mattered and review.better.move == "notice"
    assert all(ada().spec.moves[m].strategy not in PITFALL_STRATEGIES for m in review.better.best.moves)


def test_where_only_a_pitfall_resolves_the_explorer_and_the_linter_say_so():
    patient = ada(with_notice=False)
    found = explore(patient)
    assert found.resolution_route == ["justify"]
    assert not found.clean_resolution and found.resolution_route_pitfalls == ["justify"]
    assert any(d.code == "W255" for d in lint(patient, found))
    assert review_moves(play(patient, ["justify"]))[0].better is None


def test_the_bundled_expert_routes_are_clean_and_their_debriefs_recommend_no_pitfall():
    from simulator.engine.catalogue import bundled

    for pid in [e.id for e in bundled()]:
        patient = load(pid)
        found = explore(patient)
        assert found.clean_resolution, pid
        assert_debrief_recommends_no_pitfall(patient, found.resolution_route)


def test_declans_prober_is_never_told_to_link_to_his_mother():
    patient = load("declan")
    session = Session(patient)
    for _ in range(12):
        if session.ended:
            break
        options = session.options()
        probing = [m for m in options if patient.spec.moves[m].strategy in ("attend_to_marker", "invite_feelings",
                                                                            "open_question")]
        session.choose(probing[0] if probing else options[0])
    for m in build_debrief(session).moves:
        if m.better:
            assert all(patient.spec.moves[x].strategy != "link_other_relationships" for x in m.better.best.moves)


# -- 2. the headline says what mattered, not how fast ---------------------------------------------------

def test_the_headline_names_the_turning_point_and_principle_never_a_race():
    debrief = build_debrief(play(ada(), ["notice", "explore", "reflect"]))
    # Ada's author gave no resolution_kind: the headline does not claim a form the lines may not show
    assert debrief.summary.startswith("Resolved: it turned at turn 1")
    assert "tentative" in debrief.summary
    assert not re.search(r"in \d+ turns?", debrief.summary)
    happened, helped, nxt = debrief.plain
    assert happened.startswith("What happened:") and helped.startswith("What helped:")
    assert nxt.startswith("Try next:")


# -- 3. verdicts come from the clinical model, not from the meters alone -------------------------------------

def test_a_clean_move_that_moves_the_work_on_while_the_alliance_dips_is_mixed():
    review = review_moves(play(di(), ["apologise", "stay"]))[1]
    assert (review.stage_change, review.deltas, review.faulted) == ("forward", {"tasks": -2}, False)
    assert review.verdict == "mixed"


def test_a_reassurance_that_raised_the_bond_is_mixed_and_named_as_closing_exploration():
    (review,) = review_moves(play(cy(), ["soothe"]))
    assert review.deltas == {"bond": 3}
    assert review.verdict == "mixed"
    assert any("closes the exploration" in r for r in review.remarks)


@pytest.mark.parametrize("times, named", [(2, False), (3, True)])
def test_the_same_exploration_is_relentless_probing_from_the_third_time_running(times, named):
    reviews = review_moves(play(cy(), ["probe"] * times))
    last = reviews[-1]
    assert ("relentless" in [f.id for f in last.findings]) is named
    assert last.verdict == ("mixed" if named else "helped")


def test_probing_twice_then_something_else_then_probing_again_is_not_relentless():
    reviews = review_moves(play(cy(), ["probe", "probe", "own", "probe"]))
    assert all("relentless" not in [f.id for f in r.findings] for r in reviews)


def test_the_hint_after_two_probes_does_not_suggest_a_third():
    session = play(cy(), ["probe", "probe"])
    line = best_line(session)
    assert line.moves and line.moves[0] != "probe"


# -- 4. the episode's type comes from the path of states -------------------------------------------------

def test_a_withdrawal_that_turns_into_confrontation_resolves_through_vulnerability():
    debrief = build_debrief(play(bo(), ["wonder", "reflect", "explore", "welcome"]))
    (e,) = debrief.episodes
    assert e.kinds == ["withdrawal", "confrontation"]
    assert e.resolution_kind == "vulnerability" and "vulnerability" in e.resolution.why
    assert "self-assertion" not in e.resolution.why
    data = e.to_json()
    assert (data["kinds"], data["relationship"], data["cause"], data["resolution_kind"], data["revisit_of"]) == (
        ["withdrawal", "confrontation"], "working", "patient", "vulnerability", None)


def test_the_form_the_author_gives_the_resolution_is_named_over_the_one_the_path_suggests():
    body = BO.replace("  vulnerable:\n    kind: resolution\n", "  vulnerable:\n    kind: resolution\n"
                      "    resolution_kind: self_assertion\n")
    patient = load_profile_text(text("bo", "withdrawal", body).replace("format: 1", "format: 2"), "bo.yaml")
    (e,) = build_debrief(play(patient, ["wonder", "reflect", "explore", "welcome"])).episodes
    assert e.kinds == ["withdrawal", "confrontation"] and e.resolution_kind == "self_assertion"
    assert "the resolution here is self-assertion" in e.resolution.why and "vulnerability" not in e.resolution.why
    debrief = build_debrief(play(patient, ["wonder", "reflect", "explore", "welcome"]))
    assert debrief.summary.startswith("Resolved: Bo reached self-assertion")
    assert debrief.to_json()["episodes"][0]["resolution_kind_from"] == "profile"


def test_without_the_authors_word_the_debrief_names_the_form_as_the_models_expectation():
    (e,) = build_debrief(play(bo(), ["wonder", "reflect", "explore", "welcome"])).episodes
    assert "the form the model expects on this path is vulnerability" in e.resolution.why
    assert "the resolution here is" not in e.resolution.why


def test_pauline_resolves_by_stating_her_own_goal_and_the_debrief_says_self_assertion():
    pauline = load("pauline")
    route = explore(pauline).resolution_route
    debrief = build_debrief(play(pauline, route))
    closed = [e for e in debrief.episodes if e.stage_reached == "resolution"]
    assert closed and all(e.resolution_kind == "self_assertion" for e in closed)
    assert all("vulnerability" not in e.resolution.why for e in closed)


@pytest.mark.parametrize("fmt, code", [(2, "R128"), (1, "R125")])
def test_a_resolution_kind_outside_the_resolution_stage_or_in_format_1_is_refused_where_it_is_written(fmt, code):
    body = BO.replace("  confronting:\n    kind: confrontation\n", "  confronting:\n    kind: confrontation\n"
                      "    resolution_kind: vulnerability\n")
    if fmt == 1:
        body = BO.replace("  vulnerable:\n    kind: resolution\n", "  vulnerable:\n    kind: resolution\n"
                          "    resolution_kind: vulnerability\n")
    source = text("bo", "withdrawal", body).replace("format: 1", f"format: {fmt}")
    with pytest.raises(ProfileError) as caught:
        load_profile_text(source, "bo.yaml")
    (found,) = [d for d in caught.value.diagnostics if d.code == code]
    assert found.line == source.splitlines().index("    resolution_kind: vulnerability") + 1


def test_a_slip_of_care_inside_a_rupture_is_a_second_episode_in_the_real_relationship():
    first, second = build_debrief(play(bo(), ["wonder", "glance", "reflect", "explore", "welcome"])).episodes
    assert (first.relationship, first.cause, first.resolution.closed) == ("working", "patient", "turned")
    assert (second.relationship, second.cause) == ("real", "therapist")
    assert second.start == 2 and second.kinds == ["withdrawal"]
    assert any("slower to repair" in n for n in second.notes)


def test_a_rupture_that_comes_back_after_the_work_resumed_is_a_revisit():
    first, again = build_debrief(play(cy(), ["resume", "probe", "ask"])).episodes
    assert (first.resolution.closed, first.revisit_of) == ("working", None)
    # one clean move settled it and the work resumed: that was enough (§5), though it never left stage 1
    assert first.stage_reached == "marker" and first.resolution.degree == 5 and "settled" in first.resolution.why
    assert (again.start, again.revisit_of) == (2, 1)
    assert again.to_json()["revisit_of"] == 1


# -- 5. the apology rule is about apologising ---------------------------------------------------------------

def test_owning_ones_part_is_advised_whoever_caused_the_rupture():
    (review,) = review_moves(play(cy(), ["own"]))
    assert review.verdict == "helped" and not review.faulted
    assert any("§4.3" in r for r in review.remarks)
    assert not any("apology does not help" in r for r in review.remarks)


def test_an_apology_into_the_patients_own_pattern_is_named_and_never_recommended():
    (review,) = review_moves(play(cy(), ["sorry"]))
    assert [f.id for f in review.findings] == ["apology_patient"]
    assert any("apology does not help" in r for r in review.remarks)
    assert "sorry" not in best_line(Session(cy())).moves


def test_the_apology_is_judged_by_who_caused_the_rupture_before_it_not_after():
    for route in (["sorry_mine", "sorry"], ["own", "sorry_mine", "sorry"]):
        reviews = review_moves(play(cy(), route))
        assert [f.id for f in reviews[-2].findings] == ["apology_patient"]
        assert [f.id for f in reviews[-1].findings] == ["apology_therapist"]


def test_a_therapist_caused_rupture_never_owned_is_named_in_its_episode():
    (e,) = build_debrief(play(di(), ["shrug", "shrug"])).episodes
    assert any("never owned" in n for n in e.notes)
    (owned,) = build_debrief(play(di(), ["apologise", "stay", "stay", "welcome"])).episodes
    assert not any("never owned" in n for n in owned.notes)


# -- 6. significance reads every meter; the real relationship is slow to repair --------------------------------

@pytest.mark.parametrize("route, degree", [
    (["apologise", "stay", "stay", "welcome"], 4),              # resolution stage reached in exactly 3 moves
    (["apologise", "linger", "stay", "stay", "welcome"], 5),    # in 4
])
def test_a_real_relationship_repair_in_three_moves_is_not_rated_fully_resolved(route, degree):
    (e,) = build_debrief(play(di(), route)).episodes
    assert e.relationship == "real" and e.resolution.degree == degree
    assert ("slower to repair" in e.resolution.why) is (degree == 4)


def test_the_linter_warns_of_a_real_relationship_rupture_that_heals_in_three_moves():
    assert any(d.code == "W253" for d in lint(di()))


def test_a_fall_in_the_real_relationship_counts_for_intensity():
    (e,) = build_debrief(play(di(), ["shrug"])).episodes
    assert "the real relationship meter fell 3 points" in e.significance.intensity.why


def test_a_meter_that_starts_near_its_dropout_rule_is_not_danger_until_the_episode_brings_it_closer():
    patient = di()
    (calm,) = build_debrief(play(patient, ["apologise"])).episodes
    assert calm.significance.endangerment.rating == 1
    (slipping,) = build_debrief(play(patient, ["shrug"])).episodes
    assert slipping.significance.endangerment.rating == 4


def test_centrality_does_not_depend_on_who_caused_the_rupture():
    by_patient = build_debrief(play(ada(cause="patient"), CLEAN_ROUTE)).episodes[0]
    by_therapist = build_debrief(play(ada(cause="therapist"), CLEAN_ROUTE)).episodes[0]
    assert (by_patient.cause, by_therapist.cause) == ("patient", "therapist")
    assert by_patient.significance.centrality == by_therapist.significance.centrality
    assert by_patient.significance.centrality.rating == 2


@pytest.mark.parametrize("fall, steps", [(FALL_SOME - 1, 0), (FALL_SOME, 1), (FALL_MUCH - 1, 1), (FALL_MUCH, 2)])
def test_intensity_boundaries(fall, steps):
    start = {"bond": 50, "goals": 50, "tasks": 50, "real": 50}
    low = dict(start, real=50 - fall)
    assert intensity(1, [start, low]).rating == 1 + steps


@pytest.mark.parametrize("closest, rating", [(4, 4), (5, 3), (9, 3), (10, 2), (19, 2), (20, 1)])
def test_endangerment_boundaries(closest, rating):
    patient = di()  # dropout when real < 26
    start = {"bond": 60, "goals": 60, "tasks": 60, "real": 60}
    assert endangerment(patient, [start, dict(start, real=26 + closest)], False).rating == rating


# -- 7. no remark is said again and again --------------------------------------------------------------------

def test_a_move_played_twelve_times_gets_each_remark_once_with_its_turns():
    debrief = build_debrief(play(cy(), ["soothe"] * 12))
    remark = next(r for r in debrief.remarks if "closes the exploration" in r["text"])
    assert remark["turns"] == list(range(1, 13))
    report = render_md([debrief], ["cy.json"])
    assert report.count("closes the exploration") == 1
    assert "(turns 1, 2, 3" in report
    dialogue = ("- You:", "- Cy (")
    lines = Counter(line.strip() for line in report.splitlines()
                    if line.strip() and not line.lstrip().startswith(dialogue) and not line.startswith("|"))
    assert not {line: n for line, n in lines.items() if n > 2 and len(line) > 20}


# -- boundaries of the other rules the feedback stands on -------------------------------------------------------

@pytest.mark.parametrize("warm, mattered", [(20, True), (19, False)])
def test_a_clean_line_that_keeps_the_alliance_gap_higher_matters_from_exactly_the_gap(warm, mattered):
    assert ALLIANCE_GAP == 5.0
    reviews = review_moves(play(ada(warm), ["notice", "explore", "reflect"]))
    assert reviews[2].mattered is mattered


@pytest.mark.parametrize("flag_turn, late", [(3 + LATE_WINDOW, True), (4 + LATE_WINDOW, False)])
def test_a_flag_counts_as_a_late_hit_up_to_the_late_window_and_no_further(flag_turn, late):
    detection = score([MarkerSeen(3, "denial", "withdrawal")], [flag_turn])
    assert (len(detection.hits), len(detection.false_alarms)) == ((1, 0) if late else (0, 1))


def test_report_json_carries_the_episode_contract(tmp_path):
    path = tmp_path / "bo.json"
    session = play(bo(), ["wonder", "glance", "reflect", "explore", "welcome"])
    from simulator.storage import transcript
    profile = tmp_path / "bo.yaml"
    profile.write_text(text("bo", "withdrawal", BO), encoding="utf-8")
    path.write_text(json.dumps(transcript.to_json(session)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "report", str(path), "--json"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    episodes = data["episodes"]
    assert [(e["kinds"], e["relationship"], e["cause"], e["resolution_kind"], e["revisit_of"]) for e in episodes] == [
        (["withdrawal", "confrontation"], "working", "patient", None, None),
        (["withdrawal"], "real", "therapist", None, None)]  # no form by path in the real relationship
