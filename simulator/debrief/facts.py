"""Small readings of a played session that every part of the debrief shares."""

from __future__ import annotations

from ..patient import Patient
from ..profile_model import Move
from ..session import Turn, stage_of
from ..vocabulary import METERS, STAGE_ORDER, STRATEGIES


def start_meters(patient: Patient) -> dict:
    return {m: getattr(patient.spec.meters, m).start for m in METERS}


def opening_state(patient: Patient) -> str:
    return patient.state_of[patient.initial]


def opening_stage(patient: Patient) -> str | None:
    return stage_of(patient, opening_state(patient))


def kind(patient: Patient, state_id: str) -> str:
    return patient.spec.states[state_id].kind


def stage_number(stage: str | None) -> int:
    """1 (marker) to 5 (resolution); 0 for no stage (working collaboration)."""
    return STAGE_ORDER.index(stage) + 1 if stage in STAGE_ORDER else 0


def approach(move: Move) -> str:
    return move.approach or STRATEGIES[move.strategy][0]


def meters_before(patient: Patient, turns: list[Turn], number: int) -> dict:
    """The meters just before turn ``number`` (1-based) was played."""
    return dict(turns[number - 2].meters) if number > 1 else start_meters(patient)


def cause_before(patient: Patient, turns: list[Turn], number: int) -> str | None:
    if number > 1:
        return turns[number - 2].cause
    return patient.spec.states[opening_state(patient)].cause
