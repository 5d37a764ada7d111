"""Where the patient showed a rupture marker: the turns detection is scored against.

A turn shows a marker when its reply is tagged with a 3RS marker (clinical model §2).
The opening line shows one when the profile (or the transcript) tags it, or,
untagged, when the patient opens in a withdrawal or confrontation state at
stage 1 of the resolution model ("the marker appears", §3); its subtype is
then unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.patient import Patient
from ..engine.session import Turn
from ..engine.vocabulary import MARKERS
from .facts import kind, opening, opening_stage, opening_state


@dataclass(frozen=True)
class MarkerSeen:
    turn: int
    """0 is the opening line."""
    marker: str | None
    """The 3RS subtype, or None when only the state says a marker is showing."""
    family: str
    """withdrawal or confrontation."""

    @property
    def text(self) -> str:
        if self.marker:
            return MARKERS[self.marker][1]
        return f"a {self.family} marker at the opening (subtype not tagged)"

    def to_json(self) -> dict:
        return {"turn": self.turn, "marker": self.marker, "family": self.family, "text": self.text}


def opening_marker(patient: Patient, tagged: str | None = None) -> MarkerSeen | None:
    tagged = tagged or opening(patient).marker
    if tagged in MARKERS:
        return MarkerSeen(0, tagged, MARKERS[tagged][0])
    state = opening_state(patient)
    if kind(patient, state) in ("withdrawal", "confrontation") and opening_stage(patient) == "marker":
        return MarkerSeen(0, None, kind(patient, state))
    return None


def markers_shown(patient: Patient, turns: list[Turn], tagged_opening: str | None = None) -> list[MarkerSeen]:
    """Every marker the patient showed, in turn order, the opening first."""
    out = []
    first = opening_marker(patient, tagged_opening)
    if first:
        out.append(first)
    for t in turns:
        if t.marker:
            out.append(MarkerSeen(t.number, t.marker, MARKERS[t.marker][0]))
    return out
