"""Reports: the HTML page (chart inline, class summary, everything escaped), Markdown, and the CLI."""

import json
import re
from pathlib import Path

from debrief_profiles import PATH_A, PATH_B, TESS, play, tess

from simulator.cli import main
from simulator.debrief import build_debrief
from simulator.debrief.report_html import render_html
from simulator.debrief.report_md import render_md
from simulator.storage import transcript

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
MAYA_MOVES = "notice_hesitation,invite_feelings,own_part,validate_hesitation,welcome_assertion"

EVIL = TESS.replace("reply: I'm fine. It's probably me.", "reply: \"<script>alert('x')</script> I'm fine.\"").replace(
    "label: Notice the shrug", "label: \"Notice <b>the</b> shrug | *now*\"")


def test_html_report_is_self_contained_with_an_inline_chart():
    page = render_html([build_debrief(play(tess(), PATH_B))], ["t.json"])
    assert page.count("<svg") == 1 and "</svg>" in page
    assert "<polyline" in page and "dropout below 40" in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)=["'](https?:|//|file:)""", page)
    assert "Class summary" not in page
    assert "A better move was on offer" in page and "Notice the shrug" in page
    assert "Episode 1: withdrawal rupture" in page


def test_html_report_of_several_sessions_has_a_class_summary_and_one_chart_each():
    debriefs = [build_debrief(play(tess(), PATH_A)), build_debrief(play(tess(), PATH_B))]
    page = render_html(debriefs, ["a.json", "b.json"])
    assert "Class summary" in page and page.count("<svg") == 2
    assert "Most common pitfall" in page and "carry on with the agenda or technique in hand" in page


def test_profile_text_cannot_inject_markup_into_html():
    patient = tess(EVIL)
    page = render_html([build_debrief(play(patient, ["notice", "invite"]))], ["<i>evil</i>.json"])
    assert "<script>" not in page and "<b>the</b>" not in page and "<i>evil</i>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Notice &lt;b&gt;the&lt;/b&gt; shrug" in page
    assert "&lt;i&gt;evil&lt;/i&gt;.json" in page


def test_profile_text_cannot_inject_markup_into_markdown():
    patient = tess(EVIL)
    text = render_md([build_debrief(play(patient, ["notice", "invite"]))], ["t.json"])
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in text
    assert r"Notice &lt;b&gt;the&lt;/b&gt; shrug \| \*now\*" in text


def test_markdown_report_has_the_meter_table_and_detection():
    data = transcript.read_transcript(FIXTURES / "tess_detour.json")
    text = render_md([build_debrief(data, tess())], ["tess_detour.json"])
    assert ("| 2 | 30 | 50 | 40 | 50 | 42.5 | marker: minimal response: short answers, silence; pitfall: carry on "
            "with the agenda or technique in hand; flagged |") in text
    assert "**3** hits of 5 markers, **2** missed, **0** false alarms, 2 late (0.67 turns late on average)." in text
    assert "| 4 | minimal response: short answers, silence | flagged at turn 5 (1 late) |" in text


def test_cli_run_with_flags_then_report_json(capsys, tmp_path):
    assert main(["run", "maya", "--moves", MAYA_MOVES, "--flag-turns", "1,3", "--json"]) == 0
    t = tmp_path / "t.json"
    t.write_text(capsys.readouterr().out, encoding="utf-8")
    data = json.loads(t.read_text())
    assert data["detection"] == {"flags": [1, 3]}
    assert main(["report", str(t), "--json"]) == 0
    debrief = json.loads(capsys.readouterr().out)
    marker_turns = [turn["number"] for turn in data["turns"] if turn["marker"]]
    det = debrief["detection"]
    assert det["marker_turns"][-len(marker_turns):] == marker_turns
    assert det["hits"] == len({1, 3} & set(det["marker_turns"]))
    assert det["false_alarms"] == len({1, 3} - set(det["marker_turns"]))
    assert det["hits"] + det["misses"] == len(det["marker_turns"])
    assert debrief["outcome"]["ended"] == data["ended"] and len(debrief["moves"]) == 5
    assert debrief["episodes"] and debrief["episodes"][0]["type"] == "withdrawal"


def test_cli_report_of_two_transcripts_writes_html_with_class_summary(capsys, tmp_path):
    paths = []
    for i, moves in enumerate((MAYA_MOVES, "start_worksheet,notice_hesitation")):
        assert main(["run", "maya", "--moves", moves, "--flag-turns", "1", "--trainee", f"T{i}", "--json"]) == 0
        path = tmp_path / f"t{i}.json"
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "report.html"
    assert main(["report", *paths, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "Class summary" in page and "T0" in page and "T1" in page
    assert "wrote" in capsys.readouterr().err
    md = tmp_path / "report.md"
    assert main(["report", paths[0], "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Debrief: Maya with T0")


def test_cli_report_with_a_profile_path_and_several_json(capsys, tmp_path):
    profile = tmp_path / "tess.yaml"
    profile.write_text(TESS, encoding="utf-8")
    fixtures = [str(FIXTURES / "tess_detour.json"), str(FIXTURES / "tess_dropout.json")]
    assert main(["report", *fixtures, "--patient", str(profile), "--json", "--no-search"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["format"] == "rupture-class-debrief" and len(payload["debriefs"]) == 2
    assert payload["class_summary"]["rows"][0]["hits"] == 3
    assert all(m["better"] is None for d in payload["debriefs"] for m in d["moves"])


def test_cli_report_explains_bad_input_without_a_traceback(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json: is not complete JSON" in err and "Traceback" not in err

    assert main(["report", str(FIXTURES / "tess_detour.json")]) == 1
    err = capsys.readouterr().err
    assert "patient: 'tess' is not bundled" in err and "--patient" in err

    assert main(["report", str(FIXTURES / "tess_detour.json"), "-o", str(tmp_path / "r.pdf")]) == 2
    assert "name it .html or .md" in capsys.readouterr().err


def test_cli_report_on_a_changed_profile_says_where_replay_fails(capsys, tmp_path):
    profile = tmp_path / "tess.yaml"
    profile.write_text(TESS.replace("  sorry:\n    label: Apologise", "  sorry_x:\n    label: Apologise")
                       .replace("move: sorry\n", "move: sorry_x\n"), encoding="utf-8")
    assert main(["report", str(FIXTURES / "tess_detour.json"), "--patient", str(profile)]) == 1
    err = capsys.readouterr().err
    assert "tess_detour.json: turn 6: move 'sorry' is not on offer now" in err


def test_cli_run_rejects_flags_outside_the_session(capsys):
    assert main(["run", "maya", "--moves", "notice_hesitation", "--flag-turns", "1,4"]) == 2
    assert "turn 4 was not played (0 to 1)" in capsys.readouterr().err
    assert main(["run", "maya", "--moves", "notice_hesitation", "--flag-turns", "x"]) == 2
    assert main(["run", "maya", "--moves", "notice_hesitation", "--answers", "tension=9"]) == 2
    assert "'tension' must be a whole number from 1 to 5" in capsys.readouterr().err
