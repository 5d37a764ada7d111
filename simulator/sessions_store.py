"""Every practice session kept as its transcript in the data folder, listed, and reopened for its debrief.

Files live in ``<data dir>/sessions/`` (see simulator.data_dir: ``--data-dir``,
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

from . import transcript
from .catalogue import UnknownPatient, bundled_paths, resolve
from .data_dir import data_dir as resolve_data_dir
from .patient import Patient
from .profile_loader import load_profile
from .records import RecordError
from .session import Session
from .yaml_source import MAX_BYTES

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
    stem = f"{stamp:%Y%m%d-%H%M%S}-{_slug(str(data.get('patient', 'session'))) or 'session'}"
    if data.get("trainee"):
        stem += f"-{_slug(data['trainee'])}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if replace is not None and Path(replace).parent.resolve() == folder.resolve():
            target = Path(replace)
        else:
            target = folder / f"{stem}.json"
            n = 2
            while target.exists():
                target = folder / f"{stem}-{n}.json"
                n += 1
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError as exc:
        raise StoreError(f"cannot save the session in {folder}: {exc.strerror or exc}; "
                         f"give --data-dir or set RUPTURE_DATA_DIR to a folder you can write") from None
    return target


def save_session(session: Session, record=None, data_dir: str | os.PathLike | None = None,
                 replace: Path | None = None) -> Path:
    """Keep a live session; ``record`` is its debrief.PlayRecord (flags, hints, questionnaire, trainee)."""
    data = record.transcript(session) if record is not None else transcript.to_json(session)
    return save(data, data_dir, replace=replace)


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
        out.append(SavedSession(path, data.get("patient"), data.get("patient_name"), data.get("trainee"),
                                data.get("saved_at"), data.get("ended"), len(data["turns"])))
    return sorted(out, key=lambda s: (s.saved_at or "", s.path.name), reverse=True)


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
