"""Transcripts: a session as versioned JSON, and back again by replaying its moves.

A transcript names the profile it was played on by id and SHA-256, so a replay
on a profile that has changed since is noticed rather than silently diverging.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from ..engine.conditions import alliance
from ..engine.patient import Patient
from ..engine.session import Session, stage_of
from .records import FORMAT, VERSION, RecordError, read_record
from .records import TranscriptError as TranscriptError  # callers catch it as transcript.TranscriptError


def to_json(session: Session, *, detection_flags: list[int] | None = None, questionnaire: dict | None = None,
            trainee: str | None = None, hints_used: int | None = None) -> dict:
    """The whole session: every turn, where it stands now, and what is on offer.

    The keyword fields are what practice adds (detection flags, questionnaire
    answers, trainee name, coach hints used); each is written only when given,
    so a plain transcript stays as it was.
    """
    patient = session.patient
    spec = patient.spec
    opening = spec.opening
    assert opening is not None, "a loaded profile has an opening (a course's is its first session's)"
    start = {m: getattr(spec.meters, m).start for m in session.meters}
    data = {
        "format": FORMAT,
        "version": VERSION,
        "patient": spec.id,
        "patient_name": spec.name,
        "profile_sha256": patient.sha256,
        "profile_path": patient.path,
        "seed": session.seed,
        "opening": {
            "patient": opening.line,
            "cue": opening.cue,
            "marker": opening.marker,
            "state": patient.state_of[patient.initial],
            "stage": stage_of(patient, patient.state_of[patient.initial]),
            "meters": start,
        },
        "turns": [t.to_json() for t in session.turns],
        "beat": session.beat,
        "state": session.state,
        "kind": session.kind,
        "stage": session.stage,
        "meters": dict(session.meters),
        "alliance": round(alliance(session.meters), 2),
        "flags": sorted(session.flags),
        "ended": session.ended,
        "end_reason": session.end_reason,
        "epilogue": session.epilogue,
        "options": session.options(),
    }
    if spec.sessions:
        data["sessions"] = session.sessions_played
        data["session"] = session.session_id
    if detection_flags is not None:
        data["detection"] = {"flags": sorted(set(detection_flags))}
    if questionnaire is not None:
        data["questionnaire"] = dict(questionnaire)
    if trainee is not None:
        data["trainee"] = trainee
    if hints_used is not None:
        data["hints_used"] = hints_used
    return data


def dumps(session: Session, **practice) -> str:
    """``practice``: the keyword fields of ``to_json``."""
    return json.dumps(to_json(session, **practice), indent=2, ensure_ascii=False)


@dataclass
class Replay:
    session: Session
    moves: list[str]
    profile_changed: bool


def read_transcript(path: str | os.PathLike) -> dict:
    """A transcript of this version, checked by simulator.storage.records; raises TranscriptError saying what is wrong."""
    data = read_record(path)
    if data["version"] != VERSION:
        raise RecordError(path, "version", f"transcript version {data['version']}; this program reads version {VERSION}")
    return data


def detection_flags(data: dict) -> list[int] | None:
    """The turns the trainee flagged in detection mode; None when the session was not played in it."""
    detection = data.get("detection")
    return None if detection is None else list(detection["flags"])


def replay(patient: Patient, data: dict, upto: int | None = None) -> Replay:
    """Play a transcript's moves on ``patient`` with its seed (simulator.play.session_runner does it); raises
    TranscriptError where the patient is another or a move is unavailable."""
    from ..play.session_runner import SessionRunner

    runner = SessionRunner.from_transcript(dict(data, turns=data["turns"][:upto]), patient)
    return Replay(runner.session, runner.moves, runner.profile_changed)
