"""Small readings of a played session that every part of the debrief shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.patient import Patient
from ..engine.session import Session, Turn, stage_of
from ..engine.vocabulary import METERS, STAGE_ORDER
from .judgement import OWNING, RELENTLESS, Moment
from .judgement import approach as approach

if TYPE_CHECKING:
    from ..engine.profile_model import Opening

RISK = "address_risk"
"""The strategy of a safety question (§8)."""


def start_meters(patient: Patient) -> dict:
    return {m: getattr(patient.spec.meters, m).start for m in METERS}


def opening(patient: Patient) -> Opening:
    """The profile's opening (a course's, its first session's), read without importing the format models, which
    a report of transcripts on a cached profile never builds otherwise."""
    found = patient.spec.opening
    if found is None:
        from ..engine.profile_model import opening_of

        return opening_of(patient.spec)  # raises, saying the profile was not loaded by the loader
    return found


def opening_state(patient: Patient) -> str:
    return patient.state_of[patient.initial]


def opening_stage(patient: Patient) -> str | None:
    return stage_of(patient, opening_state(patient))


def kind(patient: Patient, state_id: str) -> str:
    return patient.spec.states[state_id].kind


def stage_number(stage: str | None) -> int:
    """1 (marker) to 5 (resolution); 0 for no stage (working collaboration)."""
    return STAGE_ORDER.index(stage) + 1 if stage in STAGE_ORDER else 0


def meters_before(patient: Patient, turns: list[Turn], number: int) -> dict:
    """The meters just before turn ``number`` (1-based) was played."""
    return dict(turns[number - 2].meters) if number > 1 else start_meters(patient)


def cause_before(patient: Patient, turns: list[Turn], number: int) -> str | None:
    if number > 1:
        return turns[number - 2].cause
    return patient.spec.states[opening_state(patient)].cause


def stage_direction(stage_before: str | None, stage: str | None, moved: bool, dropout: bool = False) -> str:
    """forward, back or same along the resolution model (§3). Leaving rupture for working collaboration is
    forward; a new marker out of working collaboration, or dropping out, is back."""
    if dropout:
        return "back"
    a, b = stage_number(stage_before), stage_number(stage)
    if not moved or a == b:
        return "same"
    if b == 0:
        return "forward"
    if a == 0:
        return "back" if b == 1 else "forward"
    return "forward" if b > a else "back"


def moment_before(patient: Patient, turns: list[Turn], number: int) -> Moment:
    """The moment turn ``number`` (1-based) was played in, as the clinical judgement reads it."""
    t = turns[number - 1]
    marker = turns[number - 2].marker if number > 1 else opening(patient).marker
    before = [x.move for x in turns[max(0, number - RELENTLESS):number - 1]]
    recent = tuple(patient.spec.moves[m].strategy for m in before)
    return Moment(kind(patient, t.state_before), cause_before(patient, turns, number), marker, recent, tuple(before),
                  owned_before(patient, turns[:number - 1]))


def moment_now(session: Session) -> Moment:
    """The moment the next move will be played in."""
    moves = session.patient.spec.moves
    before = session.recent_moves(RELENTLESS - 1)
    return Moment(session.kind, session.cause, session.marker, tuple(moves[m].strategy for m in before), before)



def _played_any(patient: Patient, turns: list[Turn], strategies: frozenset) -> bool:
    return any(patient.spec.moves[t.move].strategy in strategies for t in turns)


def risk_asked(patient: Patient, turns: list[Turn]) -> bool:
    return _played_any(patient, turns, frozenset({RISK}))


def risk_open(session: Session) -> list[str]:
    """The safety questions on offer now while none has been asked yet: safety comes first (§8)."""
    moves = session.patient.spec.moves
    offered = [m for m in session.options() if moves[m].strategy == RISK]
    return offered if offered and not risk_asked(session.patient, session.turns) else []


def owned_before(patient: Patient, turns: list[Turn]) -> bool:
    """Has the therapist apologised or owned their part in the session so far?"""
    return _played_any(patient, turns, OWNING)
