"""The post-session questionnaire against the simulation, the one-line summary, and the class summary."""

from pathlib import Path

from debrief_profiles import PATH_A, PATH_C, play, rex, tess

from simulator.debrief import build_debrief
from simulator.debrief.class_summary import summarise
from simulator.debrief.questionnaire import check_answers
from simulator.storage import transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def test_answers_are_checked_with_messages_that_say_what_to_fix():
    assert check_answers({"tension": 3, "resolved": 4, "bond": 50, "goals": 50, "tasks": 50}) == []
    problems = check_answers({"tension": 7, "resolved": 4, "bond": 50, "goals": 50, "mood": 3})
    assert "'tension' must be a whole number from 1 to 5, not 7" in problems
    assert "'tasks' is not answered" in problems
    assert any(p.startswith("unknown question 'mood'") for p in problems)
    assert check_answers({"tension": True, "resolved": 4, "bond": 50, "goals": 50, "tasks": 50})


def test_fixed_transcript_questionnaire_set_beside_simulated_values():
    data = transcript.read_transcript(FIXTURES / "tess_detour.json")
    q = build_debrief(data, tess(), search=False).questionnaire.to_json()
    rows = {i["key"]: (i["answer"], i["simulated"], i["verdict"]) for i in q["items"]}
    # simulated tension = overall significance 4; resolved = degree 5; meters where they ended
    assert rows == {
        "tension": (2, 4, "under-estimated"),
        "resolved": (5, 5, "close"),
        "bond": (60, 41, "over-estimated"),
        "goals": (55, 60, "close"),
        "tasks": (30, 48, "under-estimated"),
    }
    assert (q["close"], q["rated"]) == (2, 5)


def test_one_line_summaries_say_what_mattered_not_how_fast():
    assert build_debrief(play(tess(), PATH_A)).summary == (
        "Resolved: it turned at turn 1, when \u201cNotice the shrug\u201d "
        "(§4.1 tentative, own subjectivity) moved Tess on.")
    assert build_debrief(play(tess(), PATH_C)).summary == (
        "Tess dropped out at stage 1 (marker): at turn 1, \u201cNotice the shrug\u201d (§4.1 tentative, own "
        "subjectivity) was the better way than \u201cPress on with the plan\u201d.")
    data = transcript.read_transcript(FIXTURES / "tess_detour.json")
    assert build_debrief(data, tess()).summary == (
        "Resolved: it turned at turn 3, when \u201cNotice the shrug\u201d "
        "(§4.1 tentative, own subjectivity) moved Tess on; you flagged 3 of 5 markers.")
    assert build_debrief(play(rex(), ["defend"])).summary == (
        "Stopped with the rupture at stage 1 (marker): at turn 1, \u201cOwn being late\u201d (§4.3 accept "
        "responsibility for your part) was the better way than \u201cExplain the traffic\u201d.")


def test_class_summary_rows_and_patterns():
    debriefs = [build_debrief(transcript.read_transcript(FIXTURES / f"{name}.json"), patient, search=False)
                for name, patient in (("tess_detour", tess()), ("tess_dropout", tess()), ("rex_resolved", rex()))]
    summary = summarise(debriefs, ["a.json", "b.json", "c.json"]).to_json()
    rows = [(r["trainee"], r["patient"], r["ended"], r["resolved_at"], r["detection_scored"], r["hits"], r["misses"])
            for r in summary["rows"]]
    assert rows == [("Ana", "tess", "resolved", 7, True, 3, 2), ("Ben", "tess", "dropout", None, False, 0, 3),
                    ("Ana", "rex", "resolved", 2, True, 1, 0)]
    assert (summary["sessions"], summary["resolved"], summary["mean_turns_to_resolution"]) == (3, 2, 4.5)
    patterns = summary["patterns"]
    assert (patterns["most_common_pitfall"]["id"], patterns["most_common_pitfall"]["count"],
            patterns["most_common_pitfall"]["sessions"]) == ("continue_agenda", 3, 2)
    assert patterns["most_broken_principle"]["id"] == "watch_response"
    # only sessions played in detection mode count: tess_detour missed turns 1 (minimal response) and 3 (self-criticism)
    missed = patterns["most_missed_marker"]
    assert (missed["id"], missed["count"], missed["sessions"]) == ("minimal_response", 1, 1)


def test_out_of_range_answers_in_a_transcript_are_set_aside_with_a_note():
    data = transcript.read_transcript(FIXTURES / "tess_detour.json")
    data["questionnaire"] = {"tension": 9, "resolved": 5, "bond": 60, "goals": 55, "tasks": 30}
    debrief = build_debrief(data, tess(), search=False)
    assert [i.key for i in debrief.questionnaire.items] == ["resolved", "bond", "goals", "tasks"]
    assert any("'tension' must be a whole number from 1 to 5, not 9" in n for n in debrief.notes)
