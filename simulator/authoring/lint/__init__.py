"""Lint for patient profiles: what a valid profile can still get wrong, as coded, located findings.

``lint(patient)`` runs after the loader has accepted a profile. Findings about
what play can reach come from simulator.authoring.explore (the real engine, plus a sound
over-approximation), so "unreachable" means no session can get there, not only
that no ``next`` points there. Every code is listed in ``codes.CODES`` and has a
page in docs/diagnostics.md.
"""

from __future__ import annotations

from ...engine.diagnostics import Diagnostic
from ...engine.patient import Patient
from ..explore import Exploration, explore
from . import clinical, content, examples, play, unused
from .codes import CODES, severity
from .report import Report

__all__ = ["CODES", "lint", "severity"]


def lint(patient: Patient, exploration: Exploration | None = None) -> list[Diagnostic]:
    """Every finding for ``patient``, ordered by line."""
    found = exploration or explore(patient)
    report = Report(patient)
    unused.check(patient, report)
    content.check(patient, found, report)
    play.check(patient, found, report)
    clinical.check(patient, found, report)
    examples.check(patient, report)
    return report.sorted()
