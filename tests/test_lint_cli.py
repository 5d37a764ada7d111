"""rupture check: load errors, then lint findings, in PATH:LINE:COL style; exit 1 only on an error."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from profiles import MINIMAL, dump

from simulator.authoring.scaffold import render

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): warning: (?P<msg>.+?)  \[(?P<code>W\d{3})\]$", re.M)


def check(*args):
    return subprocess.run([sys.executable, "-m", "simulator", "check", *map(str, args)], capture_output=True, text=True)


def test_warnings_are_printed_located_and_exit_0(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(dump(MINIMAL), encoding="utf-8")
    out = check(path)
    assert out.returncode == 0
    found = [(m["code"], int(m["line"])) for m in WARNING.finditer(out.stdout)]
    assert [code for code, _ in found] == ["W222", "W201", "W236", "W236", "W210"]
    assert "1 of 1 profile valid, 5 warnings" in out.stdout


def test_a_lint_error_exits_1(tmp_path):
    text = render("sam").replace("            next: done\n", "            next: first_marker\n")
    path = tmp_path / "sam.yaml"
    path.write_text(text, encoding="utf-8")
    out = check(path)
    assert out.returncode == 1
    assert re.search(r"sam\.yaml:\d+:\d+: error: no session can reach a resolved ending.*\[E200\]", out.stderr)
    assert "0 of 1 profile valid" in out.stderr


def test_json_output(tmp_path):
    good = tmp_path / "sam.yaml"
    good.write_text(render("sam"), encoding="utf-8")
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text(dump(MINIMAL), encoding="utf-8")
    out = check("--json", good, tiny)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert [d["ok"] for d in data] == [True, True]
    assert data[0]["diagnostics"] == []
    assert {d["code"] for d in data[1]["diagnostics"]} == {"W222", "W201", "W210", "W236"}
    assert all(d["severity"] == "warning" and d["line"] > 0 for d in data[1]["diagnostics"])
