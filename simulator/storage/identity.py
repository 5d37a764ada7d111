"""Whose recorded session this is: the one patient-id check and the one profile-hash check.

Every reader of a recorded session (a transcript replayed, a save resumed, the saves
offered back at start) asks these, so the window and the terminal cannot disagree.
Kept free of pydantic so that play starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.patient import Patient


class NotThisPatient(ValueError):
    """A transcript or save of another patient; the message is ``patient: ...``, the field and what is wrong."""


def check_patient(data: dict, patient_id: str) -> None:
    """The one patient-id check of a recorded session, for a replay, a resume and the saves offered back."""
    if data.get("patient") != patient_id:
        raise NotThisPatient(f"patient: it is a session with patient '{data.get('patient')}', not '{patient_id}'")


def changed_since(data: dict, patient: Patient) -> bool:
    """The one SHA-256 check: the profile is not the one the recorded session was played on."""
    return data.get("profile_sha256") != patient.sha256
