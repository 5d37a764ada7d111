"""Every plan in patients/plans/ passes against the patient it names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulator.authoring.plans import load_plan, run_plan
from simulator.engine.catalogue import load

PLANS = sorted((Path(__file__).resolve().parent.parent / "patients" / "plans").glob("*.yaml"))


def test_there_are_bundled_plans():
    assert any(p.stem == "maya" for p in PLANS)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_bundled_plan_passes(path):
    patient = load(yaml.safe_load(path.read_text(encoding="utf-8"))["patient"])
    result = run_plan(patient, load_plan(path, patient))
    assert result.cases >= 2
    assert result.passed, "\n".join(result.format_failure(f) for f in result.failures)
