"""Sessions survive crashes: the session in progress is saved after every turn and offered back on the next start.

``<data dir>/current/<patient id>.json`` holds the transcript (simulator.transcript)
of the session in progress. It is written to a temporary file in the same
folder, flushed, fsynced and renamed over the old save, so a kill at any moment
leaves either the previous save or the new one. A finished session moves to
``<data dir>/sessions/`` (listed by simulator.sessions_store). A save that
cannot be read, or can no longer be replayed, is renamed aside and never
overwritten or deleted. A save is resumed by replaying its moves, so one
written by another transcript version or on a profile that has changed since
resumes exactly when every move is still on offer, and is refused, naming the
turn, when one is not.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import transcript
from .data_dir import data_dir as resolve_data_dir
from .patient import Patient
from .session import MoveUnavailable, Session

CURRENT = "current"
FINISHED = "sessions"
MAX_SAVE_BYTES = 16 * 1024 * 1024
"""A save holds at most a few hundred turns; anything larger is not one of ours."""


class CannotResume(Exception):
    """A readable save that cannot be replayed on this profile; the message says which turn and why."""


@dataclass
class Found:
    """The save waiting for a patient: its data, or why it cannot be read."""

    path: Path
    data: dict | None
    problem: str | None = None

    @property
    def turns(self) -> int:
        return len(self.data["turns"]) if self.data else 0

    @property
    def saved_at(self) -> str | None:
        return self.data.get("saved_at") if self.data else None

    @property
    def finished(self) -> bool:
        return bool(self.data and self.data.get("ended"))


@dataclass
class Resumed:
    session: Session
    note: str | None
    """What differs from the saved session (another version, a changed profile), or None."""


class Autosave:
    """The in-progress save of one patient's session under the data folder."""

    def __init__(self, patient_id: str, data_dir: str | os.PathLike | None = None):
        root = resolve_data_dir(data_dir)
        self.folder = root / CURRENT
        self.finished_folder = root / FINISHED
        self.path = self.folder / f"{patient_id}.json"
        self.patient_id = patient_id

    # -- writing -----------------------------------------------------------------
    def save(self, session: Session) -> Path:
        """Replace the save with the session as it is now; raises OSError when the folder cannot be written."""
        data = dict(transcript.to_json(session), saved_at=datetime.now().replace(microsecond=0).isoformat())
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(self.path, json.dumps(data, indent=2, ensure_ascii=False))
        return self.path

    def finish(self, session: Session) -> Path:
        """Save the ended session one last time and move it, whole, among the finished sessions."""
        self.save(session)
        return self._move_to_finished()

    def keep_among_finished(self) -> Path:
        """Move the waiting save, as it is, among the finished sessions (the trainee chose not to resume it)."""
        return self._move_to_finished()

    def _move_to_finished(self) -> Path:
        self.finished_folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now()
        target = _free_name(self.finished_folder, f"{stamp:%Y%m%d-%H%M%S}-{self.patient_id}", ".json")
        os.replace(self.path, target)
        _fsync_folder(self.folder)
        _fsync_folder(self.finished_folder)
        return target

    def set_aside(self, why: str) -> Path:
        """Rename the save to ``<id>.json.<why>-<time>`` beside it, so nothing ever writes over it."""
        target = _free_name(self.folder, f"{self.path.name}.{why}-{datetime.now():%Y%m%d-%H%M%S}", "")
        os.replace(self.path, target)
        _fsync_folder(self.folder)
        return target

    # -- reading -----------------------------------------------------------------
    def pending(self) -> Found | None:
        """The save waiting for this patient, read and checked; None when there is none."""
        self._sweep()
        try:
            size = self.path.stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            return Found(self.path, None, f"cannot read it: {exc.strerror or exc}")
        if size > MAX_SAVE_BYTES:
            return Found(self.path, None, f"it is {size:,} bytes, far more than a session")
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            return Found(self.path, None, f"cannot read it: {exc.strerror or exc}")
        problem, data = _check(raw, self.patient_id)
        return Found(self.path, None if problem else data, problem)

    def _sweep(self) -> None:
        """Remove temporary files a killed save left behind (never a save: those are only ever renamed)."""
        now = time.time()
        with contextlib.suppress(OSError):
            for tmp in self.folder.glob(f".{self.path.name}.*.tmp"):
                with contextlib.suppress(OSError):
                    if now - tmp.stat().st_mtime > 60:
                        tmp.unlink()


def _check(raw: bytes, patient_id: str) -> tuple[str | None, dict | None]:
    """(why the bytes are not a usable save, None) or (None, the save)."""
    if not raw.strip():
        return "it is empty (the program stopped before it was first written)", None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"byte {exc.start} is not UTF-8 text", None
    except json.JSONDecodeError as exc:
        return f"it is not complete JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", None
    except ValueError as exc:  # an integer too long for Python to read
        return f"it holds a value no session writes ({exc})", None
    except RecursionError:
        return "it is nested far deeper than a session", None
    if not isinstance(data, dict) or data.get("format") != transcript.FORMAT:
        return f"it is not a rupture session (no \"format\": \"{transcript.FORMAT}\")", None
    turns = data.get("turns")
    if not isinstance(turns, list) or not all(isinstance(t, dict) and isinstance(t.get("move"), str) for t in turns):
        return "its \"turns\" are not a list of moves", None
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        return "its \"seed\" is not a whole number", None
    if data.get("patient") != patient_id:
        return f"it is a session with patient {data.get('patient')!r}, not '{patient_id}'", None
    return None, data


def resume(patient: Patient, data: dict) -> Resumed:
    """Rebuild the saved session by replaying its moves; raises CannotResume naming the turn that no longer plays."""
    version = data.get("version")
    changed = data.get("profile_sha256") != patient.sha256
    reasons = []
    if version != transcript.VERSION:
        reasons.append(f"it was saved as transcript version {version!r} (this program writes {transcript.VERSION})")
    if changed:
        reasons.append("the profile has changed since it was saved")
    session = Session(patient, seed=data.get("seed", 0))
    saved = data["turns"]
    for number, turn in enumerate(saved, 1):
        try:
            session.choose(turn["move"], turn.get("typed"))
        except MoveUnavailable as exc:
            raise CannotResume(f"turn {number}: {exc}; {' and '.join(reasons) or 'the save does not fit this profile'}"
                               ) from None
    now = [t.to_json() for t in session.turns]
    if version == transcript.VERSION and not changed and now == saved:
        return Resumed(session, None)
    differ = sum(1 for a, b in zip(now, saved) if a.get("patient") != b.get("patient") or a.get("state") != b.get("state"))
    how = f"; the patient now answers differently at {differ} of {len(saved)} turns" if differ else ""
    return Resumed(session, f"{' and '.join(reasons) or 'the save differs from its replay'}, so its "
                            f"{len(saved)} moves were replayed on the current profile{how}")


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; not every system can open a folder, and then the rename is as durable as it gets."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    target, n = folder / f"{stem}{suffix}", 2
    while target.exists():
        target, n = folder / f"{stem}-{n}{suffix}", n + 1
    return target
