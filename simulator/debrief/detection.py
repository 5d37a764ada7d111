"""Scoring the trainee's rupture flags (R in detection mode) against the markers the patient showed.

A flag at turn N means "I sensed a rupture in the line the patient said after
turn N" (0 is the opening line). Each marker can be matched by one flag and
each flag matches one marker: a flag first takes a marker shown on its own
turn (a hit on time); otherwise the most recent unmatched marker shown up to
LATE_WINDOW turns before it (a late hit, late by the difference). A marker no
flag matched is a miss; a flag that matched no marker is a false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .markers import MarkerSeen

LATE_WINDOW = 2
"""A flag more than this many turns after a marker no longer counts as noticing it."""

RULE = (f"a flag takes the marker shown on its own turn, else the latest unmatched marker up to "
        f"{LATE_WINDOW} turns earlier (late by the difference); unmatched markers are misses, "
        f"unmatched flags false alarms")


@dataclass(frozen=True)
class Hit:
    marker: MarkerSeen
    flag_turn: int

    @property
    def lateness(self) -> int:
        return self.flag_turn - self.marker.turn

    def to_json(self) -> dict:
        return {"marker_turn": self.marker.turn, "flag_turn": self.flag_turn, "lateness": self.lateness,
                "marker": self.marker.marker, "family": self.marker.family, "text": self.marker.text}


@dataclass
class Detection:
    scored: bool
    """False when the session was not played in detection mode (no flags recorded)."""
    flags: list[int]
    markers: list[MarkerSeen]
    hits: list[Hit] = field(default_factory=list)
    missed: list[MarkerSeen] = field(default_factory=list)
    false_alarms: list[int] = field(default_factory=list)

    @property
    def late(self) -> list[Hit]:
        return [h for h in self.hits if h.lateness > 0]

    @property
    def mean_lateness(self) -> float | None:
        return sum(h.lateness for h in self.hits) / len(self.hits) if self.hits else None

    def noticed(self, turns: set[int]) -> bool:
        return any(h.marker.turn in turns for h in self.hits)

    def rows(self) -> list[dict]:
        """Every marker and every false alarm in turn order, with what the trainee did about it."""
        out: list[dict[str, Any]] = [
            {"turn": h.marker.turn, "text": h.marker.text, "result": "late" if h.lateness else "on time",
             "flag_turn": h.flag_turn, "lateness": h.lateness} for h in self.hits]
        out += [{"turn": m.turn, "text": m.text, "result": "missed", "flag_turn": None, "lateness": None}
                for m in self.missed]
        out += [{"turn": f, "text": "no marker shown", "result": "false alarm", "flag_turn": f, "lateness": None}
                for f in self.false_alarms]
        return sorted(out, key=lambda r: (r["turn"], r["result"] == "false alarm"))

    def to_json(self) -> dict:
        mean = self.mean_lateness
        return {
            "scored": self.scored,
            "flags": list(self.flags),
            "marker_turns": [m.turn for m in self.markers],
            "hits": len(self.hits),
            "misses": len(self.missed),
            "false_alarms": len(self.false_alarms),
            "late": len(self.late),
            "mean_lateness": None if mean is None else round(mean, 2),
            "matched": [h.to_json() for h in self.hits],
            "missed": [m.to_json() for m in self.missed],
            "false_alarm_turns": list(self.false_alarms),
            "rows": self.rows(),
            "rule": RULE,
        }


def score(markers: list[MarkerSeen], flags: list[int] | None) -> Detection:
    """``flags`` None means detection was not played; an empty list means it was, and nothing was flagged."""
    flag_turns = sorted(set(flags or ()))
    result = Detection(flags is not None, flag_turns, list(markers))
    unmatched = list(markers)
    for f in flag_turns:
        same = [m for m in unmatched if m.turn == f]
        earlier = [m for m in unmatched if f - LATE_WINDOW <= m.turn < f]
        pick = same[0] if same else (earlier[-1] if earlier else None)
        if pick is None:
            result.false_alarms.append(f)
        else:
            unmatched.remove(pick)
            result.hits.append(Hit(pick, f))
    result.missed = unmatched
    return result
