"""The content bar every bundled patient meets (issue 3): a clean check, and forty lines, each with its cue."""

from __future__ import annotations

import subprocess
import sys

import pytest

from patient_library import outcomes
from simulator import catalogue

BUNDLED = [p.stem for p in catalogue.bundled_paths()]


@pytest.mark.parametrize("pid", BUNDLED)
def test_check_passes_without_warnings(pid):
    proc = subprocess.run([sys.executable, "-m", "simulator", "check", str(catalogue.resolve(pid))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if ": warning:" in line]
    # W235 (a line said three times running) is new with format 2; the bundled patients are being
    # rewritten with `chosen`/`previous` for it, and until then only it is let through.
    assert all(line.endswith("[W235]") for line in warnings), warnings


@pytest.mark.parametrize("pid", BUNDLED)
def test_at_least_forty_distinct_lines_each_with_a_cue(pid):
    patient = catalogue.load(pid)
    assert patient.spec.opening.cue.strip()
    lines = set()
    for _beat, _rule, o in outcomes(patient):
        assert o.cue and o.cue.strip()
        assert all(r.strip() for r in o.replies)
        lines.update(o.replies)
    assert len(lines) >= 40


def test_every_bundled_patient_is_covered():
    assert len(BUNDLED) >= 6
