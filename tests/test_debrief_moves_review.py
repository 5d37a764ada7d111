"""Move-by-move review, the profile search behind "a better move", and the coach's hint."""

from debrief_profiles import PATH_A, PATH_B, PATH_C, play, rex, tess

from simulator.debrief import PlayRecord, coach_hint
from simulator.debrief.moves_review import review_moves
from simulator.debrief.search import best_line
from simulator.engine.catalogue import load
from simulator.engine.session import Session


def test_each_move_reports_meters_state_principles_and_a_verdict():
    reviews = review_moves(play(tess(), PATH_B))
    first = reviews[0]
    # no marker was showing yet, so pushing on is not a rupture pitfall; it still breaks §4.6
    assert (first.move, first.strategy, first.pitfall, first.verdict) == ("push", "continue_agenda", False, "hurt")
    assert reviews[1].pitfall and [f.id for f in reviews[1].findings] == ["pitfall", "breaks"]
    assert first.deltas == {"bond": -10, "tasks": -5} and first.alliance_delta == -3.75
    assert (first.state_before, first.state, first.stage_change) == ("talk", "withdrawn", "back")
    assert first.breaks == ["watch_response"]
    assert first.to_json()["breaks"] == [{"id": "watch_response", "text": "§4.6 watch the response to each intervention"}]
    notice = reviews[2]
    assert (notice.verdict, notice.stage_change, notice.honours) == ("helped", "forward", ["tentative", "concrete"])


def test_the_turn_that_mattered_names_a_better_move_found_by_search():
    reviews = review_moves(play(tess(), PATH_B))
    # both pushes break a principle while a clean move was on offer; how many turns each line takes never counts
    assert [r.turn for r in reviews if r.mattered] == [1, 2]
    better = reviews[1].better
    assert better.move == "notice"
    # the pushes made the strain the therapist's: the line owns it before the end (§2: apology helps there)
    assert better.best.moves == ("notice", "invite", "sorry", "replan") and better.best.ended == "resolved"
    assert reviews[1].yours.turns == 6 and reviews[1].yours.resolves
    assert better.labels == ["Notice the shrug", "Invite her doubts", "Apologise", "Rework the plan together"]


def test_where_the_move_lost_the_patient_the_search_still_finds_resolution():
    reviews = review_moves(play(tess(), PATH_C))
    last = reviews[-1]
    assert last.mattered and last.yours.ended == "dropout" and last.yours.turns == 1
    assert last.better.best.moves == ("notice", "invite", "invite", "sorry", "replan")


def test_a_straight_repair_has_no_better_move():
    reviews = review_moves(play(tess(), PATH_A))
    assert [r.mattered for r in reviews] == [False, False, False]
    assert [r.verdict for r in reviews] == ["helped", "helped", "helped"]


def test_apology_remarks_depend_on_who_caused_the_rupture():
    by_therapist = review_moves(play(tess(), PATH_B))[5]
    assert by_therapist.move == "sorry"
    assert any("therapist's side" in r for r in by_therapist.remarks)
    by_patient = review_moves(play(tess(), ["notice", "invite", "sorry"]))[2]
    assert any("patient's own pattern" in r for r in by_patient.remarks)


def test_review_without_search_has_no_lines():
    reviews = review_moves(play(tess(), PATH_B), search=False)
    assert all(r.yours is None and r.better is None and not r.mattered for r in reviews)


def test_search_leaves_the_session_where_it_was():
    session = play(tess(), ["push"])
    before = session.snapshot()
    line = best_line(session)
    assert session.snapshot() == before and session.turns[-1].move == "push"
    assert line.moves == ("notice", "invite", "sorry", "replan") and line.complete


def test_search_lines_replay_legally_on_maya():
    patient = load("maya")
    session = Session(patient)
    line = best_line(session)
    assert line.resolves and line.turns >= 2
    replayed = Session(patient)
    for move in line.moves:
        replayed.choose(move)
    assert replayed.ended == "resolved" and replayed.meters == line.meters


def test_search_from_an_ended_session_is_the_ending():
    line = best_line(play(tess(), PATH_C))
    assert (line.moves, line.ended) == ((), "dropout")


def test_coach_hint_names_the_marker_stage_strategy_and_principles_but_not_the_move():
    session = play(tess(), ["push"])
    hint = coach_hint(session)
    assert "minimal response: short answers, silence" in hint
    assert "notice the marker and attend to it" in hint
    assert "§4.1 tentative, own subjectivity" in hint
    assert "turns" not in hint
    assert "Notice the shrug" not in hint
    assert session.turn == 1 and session.beat == "quiet"


def test_coach_hint_after_the_end_says_so():
    assert "has ended (dropout)" in coach_hint(play(tess(), PATH_C))


def test_play_record_counts_hints_and_drops_flags_on_undone_lines():
    session = Session(tess())
    record = PlayRecord(trainee="Ana", detection_mode=True)
    session.choose("push")
    record.flag(session)
    session.choose("push")
    record.flag(session)
    assert "notice the marker" in record.hint(session)
    record.hint(session)
    session.undo()
    record.rewound(session)
    data = record.transcript(session)
    assert data["detection"] == {"flags": [1]}
    assert data["hints_used"] == 2 and data["trainee"] == "Ana"


def test_rex_real_relationship_review():
    reviews = review_moves(play(rex(), ["defend", "own", "reflect"]))
    assert reviews[0].pitfall and reviews[0].breaks == ["accept_responsibility"]
    assert any("therapist's side" in r for r in reviews[1].remarks)


def test_sections_for_the_front_end_hook():
    from simulator.debrief.sections import provider

    shown = dict(provider(play(tess(), PATH_B), [2, 5, 7]))
    assert list(shown) == ["In one line", "In plain words", "Noticing ruptures", "Rupture episode 1",
                           "Turns that mattered", "Move by move"]
    assert shown["In plain words"].startswith("What happened:")
    assert shown["Noticing ruptures"].startswith("3 of 5 markers flagged, 2 missed, 0 false alarm(s), 2 late.")
    assert "Significance 4/5: intensity 5" in shown["Rupture episode 1"]
    assert shown["Turns that mattered"].startswith("Turn 1: instead of \u201cPress on with the plan\u201d, "
                                                   "\u201cNotice the shrug\u201d")
    assert "Noticing ruptures" not in dict(provider(play(tess(), PATH_A), []))
