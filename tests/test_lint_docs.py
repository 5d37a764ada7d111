"""Every diagnostic code the program can emit has its own section in docs/diagnostics.md."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.authoring.lint import CODES

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
SECTIONS = set(re.findall(r"^### ([A-Z]\d{3})$", DOC, re.M))


def emitted_codes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "simulator").rglob("*.py"):
        found |= set(re.findall(r'"([RP]\d{3})"', path.read_text(encoding="utf-8")))
    return found | set(CODES)


def test_every_code_is_documented():
    missing = sorted(emitted_codes() - SECTIONS)
    assert not missing, f"add a section to docs/diagnostics.md for: {', '.join(missing)}"


def test_the_doc_names_no_code_that_does_not_exist():
    assert sorted(SECTIONS - emitted_codes()) == []


def test_each_lint_section_shows_a_mistake_or_a_fix():
    for code in CODES:
        body = DOC.split(f"### {code}\n", 1)[1].split("\n### ", 1)[0]
        assert "Fix" in body or "fix" in body or code == "N240", code
