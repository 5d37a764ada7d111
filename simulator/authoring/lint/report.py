"""Collecting located findings for one profile."""

from __future__ import annotations

from ...engine.diagnostics import Diagnostic
from ...engine.patient import Patient
from .codes import CODES, severity


class Report:
    def __init__(self, patient: Patient):
        self.patient = patient
        self.found: list[Diagnostic] = []
        self.quiet: set[tuple] = set()
        """YAML locations already explained by a finding, so a consequence is not reported twice."""

    def add(self, code: str, loc: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        assert code in CODES, code
        src = self.patient.source
        if src is None:
            line, col = 1, 1
        else:
            line, col = src.locate_key(loc) if key else src.locate(loc)
        self.found.append(Diagnostic(self.patient.path, line, col, message, code, severity(code), hint))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.found, key=lambda d: (d.line, d.col, d.code))
