"""Every practice session kept as its transcript in the data folder, listed, and reopened for its debrief.

Files live in ``<data dir>/sessions/`` (see simulator.storage.data_dir: ``--data-dir``,
then ``RUPTURE_DATA_DIR``, then the user's data folder), one JSON transcript
each, written to a temporary file and renamed so a crash never leaves half a
session. A file that cannot be read is listed with the reason, never hidden.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..engine.catalogue import UnknownPatient, bundled_paths, resolve
from ..engine.patient import Patient
from ..engine.profile_loader import load_profile
from ..engine.session import Session
from ..engine.yaml_source import MAX_BYTES
from . import transcript
from .data_dir import data_dir as resolve_data_dir
from .records import RecordError

SUBDIR = "sessions"


class StoreError(OSError):
    """The sessions folder cannot be written or read; the message says where and what to do."""


def sessions_dir(data_dir: str | os.PathLike | None = None) -> Path:
    return resolve_data_dir(data_dir) / SUBDIR


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40]


def save(data: dict, data_dir: str | os.PathLike | None = None, now: datetime | None = None,
         replace: Path | None = None) -> Path:
    """Keep a transcript (with its practice fields); returns the file written.

    ``replace`` names the copy the autosave already filed for this session, so
    the one with the practice fields takes its place instead of listing twice.
    """
    folder = sessions_dir(data_dir)
    stamp = (now or datetime.now()).replace(microsecond=0)
    data = dict(data, saved_at=stamp.isoformat())
    previous = Path(replace) if replace is not None and Path(replace).parent.resolve() == folder.resolve() else None
    if previous is not None:
        data = with_attempts(previous, data)
    stem = f"{stamp:%Y%m%d-%H%M%S}-{_slug(str(data.get('patient', 'session'))) or 'session'}"
    if data.get("trainee"):
        stem += f"-{_slug(data['trainee'])}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}.json"
        n = 2
        while target.exists() and target != previous:
            target = folder / f"{stem}-{n}.json"
            n += 1
        _write(folder, target, data)
        if previous is not None and previous != target:
            previous.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot save the session in {folder}: {exc.strerror or exc}; "
                         f"give --data-dir or set RUPTURE_DATA_DIR to a folder you can write") from None
    return target


def _write(folder: Path, target: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False)
    os.replace(tmp, target)


def _moves(data: dict) -> list:
    return [t.get("move") for t in data.get("turns") or () if isinstance(t, dict)]


def with_attempts(previous: Path, data: dict, taken_back: bool = False) -> dict:
    """``data`` carrying the attempts of the earlier file of the same playthrough, plus that file's own
    ending when it was taken back and played again (``taken_back``, or moves that differ): one record per
    playthrough."""
    try:
        old = transcript.read_transcript(previous)
    except RecordError:
        return data
    earlier = old.get("attempts")
    attempts = [a for a in earlier if isinstance(a, dict)] if isinstance(earlier, list) else []
    if taken_back or _moves(old) != _moves(data):
        attempts.append({"moves": _moves(old), "ended": old.get("ended"), "saved_at": old.get("saved_at")})
    return dict(data, attempts=attempts) if attempts else data


def fold(previous: Path, into: Path) -> Path:
    """The playthrough's earlier finished file goes inside its newer one as an attempt, and is removed."""
    previous, into = Path(previous), Path(into)
    if previous == into or not previous.is_file():
        return into
    try:
        data = with_attempts(previous, transcript.read_transcript(into), taken_back=True)
        _write(into.parent, into, data)
        previous.unlink()
    except (OSError, RecordError) as exc:
        raise StoreError(f"cannot keep {previous} inside {into}: {getattr(exc, 'strerror', None) or exc}") from None
    return into


def save_session(session: Session, record=None, data_dir: str | os.PathLike | None = None,
                 replace: Path | None = None) -> Path:
    """Keep a live session; ``record`` is its debrief.PlayRecord (flags, hints, questionnaire, trainee)."""
    data = record.transcript(session) if record is not None else transcript.to_json(session)
    flags = sorted(record.flags) if record is not None and record.detection_mode else None
    return save(dict(data, scores=scores(session, flags)), data_dir, replace=replace)


@dataclass(frozen=True)
class SavedSession:
    path: Path
    patient: str | None
    patient_name: str | None
    trainee: str | None
    saved_at: str | None
    ended: str | None
    turns: int
    error: str | None = None
    """Why the file cannot be reopened; None when it can."""
    attempts: int = 0
    """Earlier endings of the same playthrough that were taken back and played again."""
    detection: tuple[int, int, int] | None = None
    """(markers flagged, markers shown, false alarms) when played in detection mode."""
    self_awareness: tuple[int, int] | None = None
    """(answers that named the pull, answers given) when the pull prompt was answered."""


def list_sessions(data_dir: str | os.PathLike | None = None) -> list[SavedSession]:
    """Past sessions, newest first."""
    folder = sessions_dir(data_dir)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        try:
            data = transcript.read_transcript(path)
        except RecordError as exc:
            out.append(SavedSession(path, None, None, None, None, None, 0, exc.reason))
            continue
        kept = data.get("scores")
        scores: dict = kept if isinstance(kept, dict) else {}
        out.append(SavedSession(path, data.get("patient"), data.get("patient_name"), data.get("trainee"),
                                data.get("saved_at"), data.get("ended"), len(data["turns"]),
                                attempts=len(data["attempts"]) if isinstance(data.get("attempts"), list) else 0,
                                detection=_triple(scores.get("detection"), 3),
                                self_awareness=_triple(scores.get("self_awareness"), 2)))
    return sorted(out, key=lambda s: (s.saved_at or "", s.path.name), reverse=True)


def _triple(value, n: int) -> tuple | None:
    if isinstance(value, list) and len(value) == n and all(isinstance(x, int) for x in value):
        return tuple(value)
    return None


def scores(session: Session, flags: list[int] | None) -> dict:
    """The detection and self-awareness scores a list of past sessions shows, worked out as the debrief does."""
    from ..debrief.detection import score as score_detection
    from ..debrief.markers import markers_shown
    from ..debrief.self_awareness import score as score_pulls

    out: dict = {}
    if flags is not None:
        det = score_detection(markers_shown(session.patient, session.turns), flags)
        out["detection"] = [len(det.hits), len(det.markers), len(det.false_alarms)]
    sa = score_pulls(session.turns)
    if sa.asked:
        out["self_awareness"] = [sa.matched, sa.asked]
    return out


def recorded_profile(data: dict) -> Path | None:
    """The transcript's ``profile_path`` when it is a profile the trainee could have played, else None.

    That is a bundled patient's file, or a ``.yaml``/``.yml`` regular file whose
    SHA-256 is the transcript's own. Any other path (a password file, a device,
    a profile edited since) is never opened as a profile, so its lines never
    reach an error message.
    """
    recorded = data.get("profile_path")
    if not isinstance(recorded, str) or not recorded:
        return None
    path = Path(recorded)
    try:
        if any(path.resolve() == bundled.resolve() for bundled in bundled_paths()):
            return path
        if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    try:
        digest = hashlib.sha256(raw.decode("utf-8-sig").encode("utf-8")).hexdigest()
    except UnicodeDecodeError:
        return None
    return path if digest == data.get("profile_sha256") else None


def patient_for(data: dict, source: str = "transcript") -> Patient:
    """The profile a transcript was played on: its recorded file if trusted (see recorded_profile), else the bundled patient.

    Raises transcript.TranscriptError naming ``source`` when neither can be found;
    a profile that no longer loads raises diagnostics.ProfileError.
    """
    pid = data.get("patient")
    recorded = recorded_profile(data)
    if recorded is not None:
        patient = load_profile(recorded)
        if patient.id == pid:
            return patient
    try:
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", pid):
            raise UnknownPatient(pid)
        return load_profile(resolve(pid))
    except UnknownPatient:
        raise transcript.TranscriptError(
            f"{source}: patient: '{pid}' is not bundled, and the transcript's profile_path is not a profile it was "
            "played on (missing, changed since, or not a .yaml profile); give the profile with --patient PATH") from None


def reopen(path: str | os.PathLike) -> tuple[dict, Patient]:
    """A saved session and the patient to replay it on, ready for build_debrief(data, patient)."""
    data = transcript.read_transcript(path)
    return data, patient_for(data, str(path))
