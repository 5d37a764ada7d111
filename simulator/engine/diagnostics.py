"""Located messages about a profile file, in the compiler style editors understand.

Every problem with a profile reaches the user as ``PATH:LINE:COL: error: message``
(with a stable code and an optional hint), never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    code: str
    severity: str = "error"
    hint: str | None = None

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}  [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class ProfileError(Exception):
    """A profile could not be loaded; carries every error found, each located."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """A ' — did you mean …?' suffix, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" — did you mean '{close[0]}'?" if close else ""
