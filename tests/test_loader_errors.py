"""Every class of bad profile gets a located, readable error: never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from profiles import MINIMAL, dump, profile

from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile, load_profile_text

LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+?)  \[(?P<code>R\d+)\]$", re.M)


def errors_of(text: str, path: str = "bad.yaml") -> list:
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, path)
    return info.value.diagnostics


def first(text: str):
    return errors_of(text)[0]


def test_invalid_yaml_is_located():
    d = first("format: 1\nid: [unclosed\nname: x\n")
    assert (d.code, d.line) == ("R005", 3)
    assert "invalid YAML" in d.message


def test_tabs_get_a_hint():
    d = first("format: 1\nbriefing:\n\tbackground: x\n")
    assert (d.line, d.col) == (3, 1)
    assert "tab" in d.message and "spaces" in d.hint


def test_empty_file():
    d = first("# only a comment\n\n")
    assert (d.code, d.line, d.col) == ("R004", 1, 1)
    assert "empty" in d.message


def test_list_at_top_level():
    d = first("- format: 1\n- id: x\n")
    assert d.code == "R007" and "list" in d.message


def test_non_utf8_bytes_are_located(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"format: 1\nname: Jos\xe9\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.col) == ("R002", 2, 10)
    assert "0xe9" in d.message and "UTF-8" in d.hint


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + dump(MINIMAL).encode())
    assert load_profile(path).id == "tiny"


def test_duplicate_keys_are_an_error():
    text = dump(MINIMAL).replace("age: 30\n", "age: 30\nage: 31\n")
    d = first(text)
    line = text.splitlines().index("age: 31") + 1
    assert (d.code, d.line, d.col) == ("R006", line, 1)
    assert "duplicate key 'age'" in d.message


def test_wrong_type_is_located_at_the_value():
    text = dump(profile(age="thirty"))
    d = first(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("age:"))
    assert (d.line, d.col) == (line, 6)
    assert "expected a whole number" in d.message


def test_yaml_boolean_where_text_is_meant_gets_a_hint():
    text = dump(MINIMAL).replace("name: Tiny", "name: yes")
    d = first(text)
    assert "boolean" in d.message and "quotes" in d.hint


def test_unknown_field_suggests_the_right_one():
    text = dump(profile(sumary="typo"))
    d = first(text)
    assert "unknown field 'sumary'" in d.message and "did you mean 'summary'" in d.message
    assert d.line == next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("sumary:"))


def test_missing_field_points_at_the_parent():
    data = profile()
    del data["briefing"]["watch_for"]
    text = dump(data)
    d = first(text)
    assert d.message == "missing field 'watch_for'"
    assert d.line == next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("briefing:"))


def test_unknown_next_suggests_a_state():
    data = profile()
    data["states"]["talk"]["beats"]["start"]["options"][2]["next"] = "dnoe"
    text = dump(data)
    d = first(text)
    assert d.code == "R112"
    assert "unknown beat or state 'dnoe' — did you mean 'done'?" in d.message
    assert text.splitlines()[d.line - 1].strip() == "next: dnoe"


def test_unknown_move_and_flag():
    data = profile()
    opts = data["states"]["talk"]["beats"]["start"]["options"]
    opts[0]["move"] = "aks"
    opts[1]["set"] = ["askd"]
    codes = {d.code: d for d in errors_of(dump(data))}
    assert "did you mean 'ask'" in codes["R111"].message
    assert "unknown flag 'askd' — did you mean 'asked'?" in codes["R113"].message


def test_unknown_strategy_suggests_one():
    data = profile()
    data["moves"]["ask"]["strategy"] = "empathic_reflexion"
    d = first(dump(data))
    assert "unknown strategy 'empathic_reflexion' — did you mean 'empathic_reflection'?" in d.message


def test_python_tags_are_refused_not_constructed():
    d = first("format: 1\nid: !!python/object/apply:os.system ['echo hacked']\n")
    assert d.code == "R005" and "not allowed" in d.message and (d.line, d.col) == (2, 5)


def test_every_error_of_a_file_is_reported_at_once():
    data = profile()
    data["moves"]["ask"]["strategy"] = "nope"
    data["states"]["talk"]["kind"] = "sulking"
    assert len(errors_of(dump(data))) == 2


def test_cli_check_prints_located_errors_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: [oops\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(dump(MINIMAL), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "check", str(good), str(bad)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    m = LOCATED.search(out.stderr)
    assert m and m["path"] == str(bad) and m["code"] == "R005"
    assert "1 of 2 profiles valid" in out.stderr


def test_cli_check_passes_valid_files(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(dump(MINIMAL), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "check", str(good)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
