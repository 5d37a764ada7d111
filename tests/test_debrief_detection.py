"""Detection scoring: hits on time and late, misses, false alarms, and the numbers from fixed transcripts."""

from pathlib import Path

from debrief_profiles import rex, tess

from simulator.debrief import build_debrief
from simulator.debrief.detection import LATE_WINDOW, score
from simulator.debrief.markers import MarkerSeen
from simulator.storage import transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def markers(*turns):
    return [MarkerSeen(t, "minimal_response", "withdrawal") for t in turns]


def test_a_flag_on_the_marker_turn_is_a_hit_on_time():
    d = score(markers(2), [2])
    assert (len(d.hits), len(d.missed), d.false_alarms, d.hits[0].lateness) == (1, 0, [], 0)


def test_a_later_flag_takes_the_latest_unmatched_marker_within_the_window():
    d = score(markers(1, 2), [3])
    assert [(h.marker.turn, h.lateness) for h in d.hits] == [(2, 1)]
    assert [m.turn for m in d.missed] == [1]


def test_a_flag_beyond_the_window_is_a_false_alarm_and_the_marker_a_miss():
    d = score(markers(1), [1 + LATE_WINDOW + 1])
    assert d.hits == [] and [m.turn for m in d.missed] == [1] and d.false_alarms == [1 + LATE_WINDOW + 1]


def test_one_flag_cannot_count_for_two_markers_nor_two_flags_for_one():
    d = score(markers(3), [3, 4])
    assert len(d.hits) == 1 and d.false_alarms == [4]
    d = score(markers(3, 4), [4])
    assert [h.marker.turn for h in d.hits] == [4] and [m.turn for m in d.missed] == [3]


def test_not_played_in_detection_mode_is_not_scored_but_still_lists_markers():
    d = score(markers(1, 2), None)
    assert d.scored is False and d.flags == [] and len(d.missed) == 2
    assert score(markers(1), []).scored is True


def test_fixed_transcript_detour_scores_exactly():
    data = transcript.read_transcript(FIXTURES / "tess_detour.json")
    det = build_debrief(data, tess(), search=False).detection.to_json()
    assert det["marker_turns"] == [1, 2, 3, 4, 6]
    assert det["flags"] == [2, 5, 7]
    assert (det["hits"], det["misses"], det["false_alarms"], det["late"]) == (3, 2, 0, 2)
    assert det["mean_lateness"] == 0.67
    assert [(m["marker_turn"], m["flag_turn"], m["lateness"]) for m in det["matched"]] == [(2, 2, 0), (4, 5, 1), (6, 7, 1)]
    assert [m["turn"] for m in det["missed"]] == [1, 3]
    assert [r["result"] for r in det["rows"]] == ["missed", "on time", "missed", "late", "late"]


def test_fixed_transcript_flag_at_the_opening_hits_the_opening_marker():
    data = transcript.read_transcript(FIXTURES / "rex_resolved.json")
    det = build_debrief(data, rex(), search=False).detection
    assert [(h.marker.turn, h.flag_turn) for h in det.hits] == [(0, 0)]
    assert det.false_alarms == [1] and det.missed == []


def test_fixed_transcript_without_detection_is_unscored():
    data = transcript.read_transcript(FIXTURES / "tess_dropout.json")
    det = build_debrief(data, tess(), search=False).detection.to_json()
    assert det["scored"] is False and det["marker_turns"] == [1, 2, 3] and det["misses"] == 3


def test_a_tagged_opening_marker_in_the_transcript_counts_as_turn_0():
    data = transcript.read_transcript(FIXTURES / "tess_dropout.json")
    data["opening"]["marker"] = "deferential_appeasing"
    data["detection"] = {"flags": [0]}
    det = build_debrief(data, tess(), search=False).detection
    assert [(h.marker.turn, h.marker.marker) for h in det.hits] == [(0, "deferential_appeasing")]


def test_a_flag_on_a_tagged_opening_line_is_a_hit():
    from simulator.debrief.build import build_debrief
    from simulator.debrief.record import PlayRecord
    from simulator.engine.catalogue import load as load_bundled
    from simulator.engine.session import Session

    session = Session(load_bundled("maya"))
    record = PlayRecord(detection_mode=True)
    record.flag(session)
    session.choose("notice_hesitation")
    debrief = build_debrief(session, record=record, search=False).to_json()
    d = debrief["detection"]
    assert (d["hits"], d["misses"], d["false_alarms"]) == (1, 1, 0)
