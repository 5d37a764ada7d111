"""The check every bundled patient's design note must pass: each state listed with its kind (and its ending),
and each named route spelled out, so a clinician reviewing docs/patients/<id>.md reads what is played."""

from __future__ import annotations

import re

from conftest import ROOT


def assert_design_doc_matches(patient, routes) -> None:
    doc = (ROOT / "docs" / "patients" / f"{patient.spec.id}.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", doc, re.M)}
    for sid, state in patient.spec.states.items():
        assert sid in rows, f"state {sid} missing from the doc"
        assert rows[sid].strip().startswith(state.kind), sid
        if state.ending:
            assert state.ending in rows[sid], sid
    for route in routes:
        assert ", ".join(route) in doc, route
