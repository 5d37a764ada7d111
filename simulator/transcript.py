"""Transcripts: a session as versioned JSON, and back again by replaying its moves.

A transcript names the profile it was played on by id and SHA-256, so a replay
on a profile that has changed since is noticed rather than silently diverging.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .conditions import alliance
from .patient import Patient
from .session import MoveUnavailable, Session, stage_of

FORMAT = "rupture-transcript"
VERSION = 1


def to_json(session: Session, *, detection_flags: list[int] | None = None, questionnaire: dict | None = None,
            trainee: str | None = None, hints_used: int | None = None) -> dict:
    """The whole session: every turn, where it stands now, and what is on offer.

    The keyword fields are what practice adds (detection flags, questionnaire
    answers, trainee name, coach hints used); each is written only when given,
    so a plain transcript stays as it was.
    """
    patient = session.patient
    spec = patient.spec
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
            "patient": spec.opening.line,
            "cue": spec.opening.cue,
            "marker": spec.opening.marker,
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


class TranscriptError(ValueError):
    """A transcript that cannot be read or replayed; the message says why and what to do."""


@dataclass
class Replay:
    session: Session
    moves: list[str]
    profile_changed: bool


def read_transcript(path: str | Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TranscriptError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TranscriptError(f"{path}: not a readable transcript ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TranscriptError(f"{path}: not a rupture transcript (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise TranscriptError(f"{path}: transcript version {data.get('version')!r}; this program reads version {VERSION}")
    turns = data.get("turns")
    if not isinstance(turns, list) or not all(isinstance(t, dict) and isinstance(t.get("move"), str) for t in turns):
        raise TranscriptError(f"{path}: its \"turns\" are not a list of moves")
    if any(t.get("typed") is not None and not isinstance(t["typed"], str) for t in turns):
        raise TranscriptError(f"{path}: a turn's \"typed\" must be the words typed (text) or null")
    problem = _practice_problem(data)
    if problem:
        raise TranscriptError(f"{path}: {problem}")
    return data


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _practice_problem(data: dict) -> str | None:
    """What is wrong with the optional practice fields, or None."""
    detection = data.get("detection")
    if detection is not None:
        flags = detection.get("flags") if isinstance(detection, dict) else None
        if not isinstance(flags, list) or not all(_is_count(f) for f in flags):
            return "\"detection\" must be {\"flags\": [turn numbers]} (whole numbers from 0)"
    answers = data.get("questionnaire")
    if answers is not None and not (isinstance(answers, dict) and all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in answers.items())):
        return "\"questionnaire\" must map question names to whole numbers"
    if data.get("trainee") is not None and not isinstance(data["trainee"], str):
        return "\"trainee\" must be a name (text)"
    if data.get("hints_used") is not None and not _is_count(data["hints_used"]):
        return "\"hints_used\" must be a whole number from 0"
    return None


def detection_flags(data: dict) -> list[int] | None:
    """The turns the trainee flagged in detection mode; None when the session was not played in it."""
    detection = data.get("detection")
    return None if detection is None else list(detection["flags"])


def replay(patient: Patient, data: dict, upto: int | None = None) -> Replay:
    """Play a transcript's moves on ``patient`` with its seed; stops with a clear error where a move is unavailable."""
    if data.get("patient") != patient.id:
        raise TranscriptError(f"this transcript was played with patient '{data.get('patient')}', not '{patient.id}'")
    session = Session(patient, seed=int(data.get("seed", 0)))
    turns = data["turns"][:upto]
    moves = [t["move"] for t in turns]
    for i, (move, turn) in enumerate(zip(moves, turns), 1):
        try:
            session.choose(move, turn.get("typed"))
        except MoveUnavailable as exc:
            raise TranscriptError(f"turn {i}: {exc} (the profile has changed since this session was played)") from None
    return Replay(session, moves, data.get("profile_sha256") != patient.sha256)
