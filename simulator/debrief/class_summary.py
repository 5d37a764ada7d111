"""Several sessions side by side, for an instructor: one row per session and the patterns across them.

Patterns are counts, with ties broken by how many sessions share it, then by
name: the pitfall strategy (§5) played most often, the principle (§4) broken
most often, and the marker subtype (§2) missed most often in detection mode.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..engine.vocabulary import MARKERS, STRATEGIES
from .build import Debrief
from .judgement import principle_text


@dataclass(frozen=True)
class Row:
    source: str
    trainee: str | None
    patient: str
    patient_name: str
    ended: str | None
    turns: int
    resolved_at: int | None
    detection_scored: bool
    hits: int
    misses: int
    false_alarms: int
    hints_used: int
    summary: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Pattern:
    id: str
    text: str
    count: int
    sessions: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ClassSummary:
    rows: list[Row]
    most_common_pitfall: Pattern | None
    most_broken_principle: Pattern | None
    most_missed_marker: Pattern | None

    @property
    def resolved(self) -> int:
        return sum(1 for r in self.rows if r.ended == "resolved")

    @property
    def mean_turns_to_resolution(self) -> float | None:
        done = [r.resolved_at for r in self.rows if r.resolved_at is not None]
        return round(sum(done) / len(done), 2) if done else None

    def to_json(self) -> dict:
        return {
            "sessions": len(self.rows),
            "resolved": self.resolved,
            "mean_turns_to_resolution": self.mean_turns_to_resolution,
            "rows": [r.to_json() for r in self.rows],
            "patterns": {
                "most_common_pitfall": self.most_common_pitfall.to_json() if self.most_common_pitfall else None,
                "most_broken_principle": self.most_broken_principle.to_json() if self.most_broken_principle else None,
                "most_missed_marker": self.most_missed_marker.to_json() if self.most_missed_marker else None,
            },
        }


def _top(counts: Counter, sessions: dict[str, set], text) -> Pattern | None:
    if not counts:
        return None
    key = min(counts, key=lambda k: (-counts[k], -len(sessions[k]), k))
    return Pattern(key, text(key), counts[key], len(sessions[key]))


def _missed_key(marker) -> str:
    return marker.marker or f"opening_{marker.family}"


def _missed_text(key: str) -> str:
    if key in MARKERS:
        return f"{MARKERS[key][1]} ({MARKERS[key][0]})"
    return f"the {key.removeprefix('opening_')} marker at the opening"


def summarise(debriefs: list[Debrief], sources: list[str]) -> ClassSummary:
    rows = []
    pitfalls: Counter[str] = Counter()
    principles: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    pit_s: dict[str, set[int]] = {}
    prin_s: dict[str, set[int]] = {}
    miss_s: dict[str, set[int]] = {}
    for i, (d, source) in enumerate(zip(debriefs, sources)):
        det = d.detection
        rows.append(Row(source, d.trainee, d.patient_id, d.patient_name, d.ended, d.turns, d.resolved_at, det.scored,
                        len(det.hits), len(det.missed), len(det.false_alarms), d.hints_used, d.summary))
        for m in d.moves:
            if m.pitfall:
                pitfalls[m.strategy] += 1
                pit_s.setdefault(m.strategy, set()).add(i)
            for p in m.breaks:
                principles[p] += 1
                prin_s.setdefault(p, set()).add(i)
        if det.scored:
            for marker in det.missed:
                key = _missed_key(marker)
                missed[key] += 1
                miss_s.setdefault(key, set()).add(i)
    return ClassSummary(
        rows,
        _top(pitfalls, pit_s, lambda k: STRATEGIES[k][1]),
        _top(principles, prin_s, principle_text),
        _top(missed, miss_s, _missed_text),
    )


def heading(debriefs: list, sources: list[str]) -> tuple[str, dict | None]:
    """The title every report format opens with, and the class summary when there are several sessions."""
    if len(debriefs) == 1:
        d = debriefs[0]
        return f"Debrief: {d.patient_name}" + (f" with {d.trainee}" if d.trainee else ""), None
    klass = summarise(debriefs, sources).to_json() if len(debriefs) > 1 else None
    return f"Class debrief: {len(debriefs)} sessions", klass
