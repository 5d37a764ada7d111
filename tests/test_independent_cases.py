"""Profiles written the way an outside instructor would, from published rupture cases (clinical model §2-§5, §8).

Corinne (a confrontation the therapist caused by being late), Harold (withdrawal by deference, with a
passive wish to be gone), Dana (a tasks disagreement over CBT homework), Ruth (a rupture in the real
relationship: a neutral reply to a first grandchild), Vince (a testing confrontation from his own pattern,
with a live risk) and Nadia (a three-session course around a break, where the withdrawal comes back) were not
shaped on the bundled patients, so they check that the feedback holds for any well-formed profile, not only ours.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from patient_library import assert_debrief_recommends_no_pitfall, play

from simulator.authoring.explore import explore
from simulator.authoring.lint import lint
from simulator.debrief import build_debrief
from simulator.debrief.coach import coach_hint
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session

CASES = Path(__file__).parent / "data" / "cases"
NAMES = ["corinne", "harold", "dana", "ruth", "vince", "nadia"]


@pytest.fixture(scope="module", params=NAMES)
def patient(request):
    return load_profile(CASES / f"{request.param}.yaml")


@pytest.fixture(scope="module")
def expert_route(patient):
    found = explore(patient, runs=20)
    assert found.clean_resolution, (patient.id, found.resolution_route_pitfalls)
    return found.resolution_route


def test_profile_loads_and_lints_without_errors(patient):
    errors = [d.format() for d in lint(patient) if d.severity == "error"]
    assert not errors, errors


def test_expert_route_resolves(patient, expert_route):
    s = play(patient, expert_route)
    assert s.ended == "resolved", (patient.id, expert_route, s.ended)


def test_expert_route_debrief_recommends_no_pitfall(patient, expert_route):
    assert_debrief_recommends_no_pitfall(patient, expert_route)


def test_expert_route_calls_no_move_hurt(patient, expert_route):
    """A move the expert route plays, and the judgement does not fault, is not 'hurt' (fails today on Dana:
    the opening check-in that lets the homework complaint surface is rated hurt, with no reason given)."""
    hurt = [(m.turn, m.move) for m in build_debrief(play(patient, expert_route)).moves if m.verdict == "hurt"]
    assert not hurt, (patient.id, hurt)


def test_harold_expert_route_asks_about_risk_when_he_says_they_would_be_better_off_without_him():
    """Safety first (§8): once he says his family would be better off without him and a risk question is on
    offer, the expert route and the coach ask it (fails today: both go straight on to the rupture)."""
    harold = load_profile(CASES / "harold.yaml")
    route = explore(harold, runs=20).resolution_route
    assert route is not None and "ask_risk" in route, route
    s = Session(harold)
    s.choose("notice")
    assert "better off without me" in s.turns[-1].patient
    assert "safety" in coach_hint(s).lower()


# -- findings from reading every debrief of these profiles against the clinical model -----------------------

def _debrief(name: str, moves: list[str]):
    return build_debrief(play(load_profile(CASES / f"{name}.yaml"), moves))


def test_passing_by_an_offered_safety_question_is_named_and_the_question_is_the_move_to_try_next():
    debrief = _debrief("harold", ["push", "ask_feel", "kept_peace"])
    passed = [m for m in debrief.moves if any(f.id == "risk_passed" for f in m.findings)]
    assert [m.turn for m in passed] == [2]
    (m,) = passed
    assert not m.faulted and m.mattered and m.better.move == "ask_risk" and "§8" in m.better.why
    assert "ending his life" in debrief.plain[2] and debrief.plain[2].startswith("Try next: at turn 2")


def test_once_the_safety_question_is_asked_it_is_not_asked_for_again():
    debrief = _debrief("harold", ["notice", "ask_risk"])
    assert not any(f.id == "risk_passed" for m in debrief.moves for f in m.findings)


def test_a_partial_ending_is_not_stage_5_and_names_no_form():
    debrief = _debrief("corinne", ["not_going", "not_going", "own_it", "extra_time", "not_going", "not_going"])
    assert debrief.ended == "partial"
    assert all(e.stage_reached != "resolution" and e.resolution_kind is None for e in debrief.episodes)
    assert debrief.summary.startswith("Worked through in part: Corinne got as far as stage 4 (avoidance)")


def test_closing_in_part_on_a_deferent_yes_is_not_helped():
    last = _debrief("harold", ["notice", "ask_feel", "drop_sheet"]).moves[-1]
    assert (last.ended, last.marker) == ("partial", "deferential_appeasing")
    assert last.verdict == "mixed"


def test_the_headline_says_where_the_rupture_fell_back_to():
    summary = _debrief("harold", ["margaret", "margaret", "notice", "ask_feel", "margaret"]).summary
    assert summary.startswith("Stopped with the rupture at stage 1 (marker), after reaching stage 4 (avoidance)")


def test_a_better_move_after_a_fault_is_explained_by_the_fault_not_by_alliance_figures():
    debrief = _debrief("corinne", ["own_it", "mother", "apologise", "both_sides", "mother", "own_it", "how_was_it",
                                   "reflect_hurt"])
    faulted = [m for m in debrief.moves if m.faulted and m.better]
    assert faulted
    for m in faulted:
        assert "alliance" not in m.better.why and "fault" in m.better.why


def test_a_link_to_mother_while_the_rupture_is_still_being_explored_is_early():
    moves = _debrief("dana", ["how_week", "mum", "reflect", "mum", "invite", "invite", "what_fits"]).moves
    assert [m.turn for m in moves if any(f.id == "early_link" for f in m.findings)] == [2, 4]


def test_exploring_a_lapse_of_the_therapists_own_before_owning_it_gets_a_reminder_not_a_fault():
    moves = _debrief("corinne", ["how_was_it", "how_was_it", "own_it", "how_was_it", "how_was_it", "how_was_it",
                                 "reflect_hurt"]).moves
    reminded = [m.turn for m in moves if any(f.id == "own_first" for f in m.findings)]
    assert reminded == [1, 2]
    assert not any(f.fault for m in moves[:1] for f in m.findings if f.id == "own_first")


@pytest.mark.parametrize("name", ["corinne", "harold"])
def test_a_marker_on_the_reply_into_a_partial_ending_is_not_linted_as_a_resolved_need(name):
    assert not [d for d in lint(load_profile(CASES / f"{name}.yaml")) if d.code == "W231"]


def test_an_episode_in_play_from_the_opening_says_its_cost_before_the_session_is_not_measured():
    route = explore(load_profile(CASES / "corinne.yaml"), runs=20).resolution_route
    first = _debrief("corinne", route).episodes[0]
    assert first.start == 0 and "before that is not measured" in first.significance.intensity.why


def test_a_plainly_typed_risk_question_is_heard_as_the_safety_question():
    from simulator.play.understanding import understand

    s = Session(load_profile(CASES / "harold.yaml"))
    s.choose("notice")
    assert understand(s, "do you ever feel like killing yourself").understood == "ask_risk"


# -- round two: the real relationship, a rupture from the patient's own pattern, a course with a revisit -----------

def test_a_course_closes_each_sessions_rupture_and_names_the_return_after_the_break_a_revisit():
    """§4.10 (expect revisits; each time is new) and §6 (the 3RS rates each session): Nadia's withdrawal in the
    first session, left open when the session ends, comes back as the same withdrawal after the break. (Fails
    today: one episode spans all three sessions, 'resolved 5/5', and no revisit is named.)"""
    episodes = _debrief("nadia", ["own_door", "how_landed", "sorry_door", "each_view", "coat", "how_without"]).episodes
    assert all(len(e.sessions) == 1 for e in episodes), [(e.number, e.sessions) for e in episodes]
    first = next(e for e in episodes if e.sessions == ["before"])
    after = next(e for e in episodes if e.sessions == ["after"])
    assert first.resolution.closed != "resolved"
    assert after.revisit_of == first.number


def test_repeating_the_rationale_right_after_the_patient_rejected_it_is_a_fault():
    """§5: giving the rationale once is a repair; repeating it rigidly after it has been rejected makes it worse
    (fails today: only a third time running is faulted)."""
    moves = _debrief("nadia", ["notice", "how_landed", "rationale", "rationale"]).moves
    assert moves[2].marker == "rejecting_intervention"
    assert not moves[2].faulted and moves[3].faulted


def test_try_next_says_why_the_safety_question_once():
    """The plain line and the headline name the safety question's reason once (fails today: a better move with
    no principle repeats its strategy text in brackets)."""
    debrief = _debrief("vince", ["validate", "with_me", "lonely", "back_to_work"])
    assert debrief.plain[2].startswith("Try next: at turn 4, \u201cAsk about the wall\u201d")
    for text in (debrief.plain[2], debrief.summary):
        assert text.count("ask about safety") == 1, text


def test_a_quick_real_relationship_warning_cites_a_line_that_resolves_not_one_that_ends_in_part():
    """W253 is about reaching resolution; a partial ending is not stage 5 (fails today: the line it cites for
    Ruth ends in part)."""
    ruth = load_profile(CASES / "ruth.yaml")
    assert play(ruth, ["photos", "invite", "not_silly"]).ended == "partial"
    assert not [d.format() for d in lint(ruth) if d.code == "W253" and "(photos, invite, not_silly)" in d.format()]


def test_between_two_lines_that_end_in_part_the_better_move_is_the_one_that_keeps_to_the_model():
    """After pushing Ruth, empathic reflection (§4.6) is the better move, not talk of the therapist's own
    grandchildren, whose reply shows a new marker (fails today: with no clean line resolving, alliance alone
    decides, and the search skips the clinical order it uses among lines that resolve)."""
    moves = _debrief("ruth", ["photos", "invite", "press", "press"]).moves
    assert moves[2].faulted and moves[2].better.move == "not_silly"


def test_an_apology_into_vinces_test_is_faulted_and_exploration_is_the_better_move():
    moves = _debrief("vince", ["sorry", "pull_aloud", "with_me", "lonely", "wall", "lonely"]).moves
    assert [f.id for f in moves[0].findings if f.fault] == ["apology_patient"]
    assert moves[0].better.move == "validate"
    assert moves[-1].ended == "resolved"


def test_the_safety_question_is_not_offered_or_asked_for_before_vince_mentions_the_wall():
    s = Session(load_profile(CASES / "vince.yaml"))
    for move in ["validate", "with_me"]:
        s.choose(move)
    assert "wall" not in s.options() and "safety" not in coach_hint(s).lower()
    s.choose("lonely")
    assert "drove into a wall" in s.turns[-1].patient
    assert "wall" in s.options() and "safety" in coach_hint(s).lower()


def test_a_rupture_in_the_real_relationship_is_named_as_one_in_the_debrief():
    (episode,) = _debrief("ruth", ["own_bland", "invite", "not_silly", "want_to_hear"]).episodes
    assert episode.relationship == "real" and episode.cause == "therapist"
    assert any("real relationship" in n for n in episode.notes)


def test_a_course_report_names_sessions_for_trainees_not_by_their_ids():
    from simulator.debrief.report_md import render_md

    debrief = _debrief("nadia", ["own_door", "how_landed", "sorry_door", "each_view", "coat", "how_without"])
    report = render_md([debrief], ["nadia.json"])
    assert "#### Session 2 of 3" in report and "- Sessions: session 3 of 3" in report
    assert "over the course" in report and "last_before" not in report and "last before" not in report


def test_the_hint_says_a_rupture_has_come_back_from_an_earlier_session():
    s = Session(load_profile(CASES / "nadia.yaml"))
    for move in ["own_door", "how_landed", "sorry_door"]:
        s.choose(move)
    assert "come back" not in coach_hint(s)
    s.choose("each_view")
    assert s.session_id == "after" and "come back from an earlier session" in coach_hint(s) and "§4.10" in coach_hint(s)


def test_the_terminal_says_when_a_rupture_is_in_the_real_relationship():
    from simulator.play.terminal_play import where_words

    s = Session(load_profile(CASES / "ruth.yaml"))
    assert s.kind == "withdrawal" and "in the real relationship" in where_words(s)


def test_an_unquoted_comma_in_a_flow_mapping_gets_a_hint_to_quote_the_text(tmp_path):
    from simulator.engine.diagnostics import ProfileError

    source = (CASES / "ruth.yaml").read_text(encoding="utf-8")
    broken = source.replace("note: her own offer to get on with Jean}", "note: her own offer, to get on with Jean}")
    assert broken != source
    path = tmp_path / "ruth.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert any("put the whole text in quotes" in (d.hint or "") for d in caught.value.diagnostics)


# -- round three: ordinary (random) sessions of bundled patients read end to end -------------------------------

def _random(pid: str, seed: int):
    from simulator.engine.catalogue import load
    from simulator.play.session_runner import random_playthrough

    return build_debrief(random_playthrough(load(pid), seed))


def test_a_dropout_says_which_rule_ended_it():
    debrief = _random("bernadette", 1)
    assert debrief.ended == "dropout" and debrief.end_reason == "real below 32"
    assert "when the real relationship meter fell below 32" in debrief.plain[0]
    assert "the real relationship meter falls below 32" in debrief.dropout_rules


def test_a_cause_revealed_by_the_first_move_does_not_split_off_an_episode_of_no_moves():
    for seed in (1, 3):
        episodes = _random("declan", seed).episodes
        assert all(e.end > e.start or e.start > 0 for e in episodes), [(e.start, e.end) for e in episodes]


def test_an_episode_whose_markers_are_all_of_the_other_family_is_typed_by_them():
    for seed in (1, 3):
        for e in _random("ollie", seed).episodes:
            families = {m.family for m in e.markers if m.family in ("withdrawal", "confrontation")}
            if len([m for m in e.markers if m.family in families]) >= 2:
                assert families & set(e.kinds), (seed, e.number, e.kinds, families)


def test_every_verdict_says_what_it_read():
    moves = _debrief("dana", ["how_week", "mum", "reflect", "mum", "invite", "invite", "what_fits"]).moves
    assert moves[0].verdict == "neutral" and "came to the surface" in moves[0].verdict_why
    assert moves[1].verdict == "hurt" and "fault" in moves[1].verdict_why
    assert all(m.verdict_why and m.verdict_why != "nothing changed" for m in moves if m.verdict != "neutral")
    assert moves[2].to_json()["verdict_why"] == moves[2].verdict_why


def test_never_owned_is_not_said_after_an_apology_or_owning_move():
    from simulator.debrief.episodes import UNOWNED_NOTE

    for pid, seed in [("ollie", 3), ("maya", 2), ("declan", 2), ("bernadette", 2)]:
        debrief = _random(pid, seed)
        owning = [m.turn for m in debrief.moves if m.strategy in ("apologise", "acknowledge_contribution")]
        for e in debrief.episodes:
            if UNOWNED_NOTE in e.notes:
                assert not [t for t in owning if t <= e.end], (pid, seed, e.number, owning)
