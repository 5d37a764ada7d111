"""Sessions survive crashes: the session in progress is saved after every turn and offered back on the next start.

Each playthrough has its own save, ``<data dir>/current/<patient id>--<time>-<token>.json``
(older versions wrote ``<patient id>.json``; it is still found), holding the
transcript (simulator.storage.transcript) of the session in progress, so two trainees
sharing a data folder never write over each other's work. While a process plays
or resumes a save it holds a lock on it (``<data dir>/locks/``), so another
player is never offered a session someone is still playing. A save is written
to a temporary file in the same folder, flushed, fsynced and renamed over the
old one, so a kill at any moment leaves either the previous save or the new one.
A finished session moves to ``<data dir>/sessions/`` (listed by
simulator.storage.sessions_store). A save that cannot be read (simulator.storage.records says
why), or can no longer be replayed, is renamed aside and never overwritten or
deleted. A save is resumed by simulator.play.session_runner, which replays its moves.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..engine.session import Session
from . import transcript
from .data_dir import data_dir as resolve_data_dir
from .identity import NotThisPatient, check_patient
from .records import RecordError, read_record

try:
    import fcntl
except ImportError:  # Windows: unique names still keep players apart; only the offer of a live save is not prevented
    fcntl = None  # type: ignore[assignment]

CURRENT = "current"
FINISHED = "sessions"
LOCKS = "locks"


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
        """When it was saved (checked by simulator.storage.records to be an ISO date and time), or None."""
        return self.data.get("saved_at") if self.data else None

    @property
    def finished(self) -> bool:
        return bool(self.data and self.data.get("ended"))


def patient_of(save: Path) -> str:
    """The patient id a save's file name starts with."""
    return save.name.split("--", 1)[0].removesuffix(".json")


_held: dict[str, int] = {}
"""Locks this process holds, by save path: the same save may be looked at by several objects of one player."""


def _lock(lock_folder: Path, save: Path) -> bool:
    """Hold the lock on ``save`` for this process; False when another process holds it."""
    key = str(save.resolve())
    if key in _held or fcntl is None:
        return True
    try:
        lock_folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_folder / f"{save.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a folder that cannot be written: no one can save in it, so there is nothing to protect
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _held[key] = fd
    return True


def _unlock(lock_folder: Path, save: Path) -> None:
    fd = _held.pop(str(save.resolve()), None)
    if fd is not None:
        with contextlib.suppress(OSError):
            (lock_folder / f"{save.name}.lock").unlink()
        os.close(fd)


class Autosave:
    """The save of one playthrough with one patient under the data folder.

    A new Autosave writes a file of its own; ``pending()`` instead picks up the
    newest save of this patient that no other process is playing, and the
    object then saves into that one (a resume) or moves it away (start afresh).
    """

    def __init__(self, patient_id: str, data_dir: str | os.PathLike | None = None):
        root = resolve_data_dir(data_dir)
        self.folder = root / CURRENT
        self.finished_folder = root / FINISHED
        self.lock_folder = root / LOCKS
        self.patient_id = patient_id
        self.path = self._new_path()

    def _new_path(self) -> Path:
        return self.folder / f"{self.patient_id}--{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.json"

    # -- writing -----------------------------------------------------------------
    def save(self, session: Session, practice: dict | None = None, now: datetime | None = None) -> Path:
        """Replace this playthrough's save with the session as it is now; raises OSError when the folder cannot be written.

        ``practice``: transcript.to_json's keyword fields (detection flags, hints used...).
        """
        data = dict(transcript.to_json(session, **(practice or {})),
                    saved_at=(now or datetime.now()).replace(microsecond=0).isoformat())
        self.folder.mkdir(parents=True, exist_ok=True)
        if not _lock(self.lock_folder, self.path):  # someone took over this save: never write over their work
            self.path = self._new_path()
            _lock(self.lock_folder, self.path)
        _write_atomically(self.path, json.dumps(data, indent=2, ensure_ascii=False))
        return self.path

    def finish(self, session: Session, practice: dict | None = None) -> Path:
        """Save the ended session one last time and move it, whole, among the finished sessions."""
        stamp = datetime.now()  # the file's name and its saved_at show the same time
        self.save(session, practice, stamp)
        return self._move_to_finished(stamp)

    def keep_among_finished(self) -> Path:
        """Move the waiting save, as it is, among the finished sessions (the trainee chose not to resume it)."""
        return self._move_to_finished()

    def _move_to_finished(self, stamp: datetime | None = None) -> Path:
        self.finished_folder.mkdir(parents=True, exist_ok=True)
        stamp = stamp or datetime.now()
        target = _free_name(self.finished_folder, f"{stamp:%Y%m%d-%H%M%S}-{self.patient_id}", ".json")
        os.replace(self.path, target)
        _fsync_folder(self.folder)
        _fsync_folder(self.finished_folder)
        self._let_go()
        return target

    def set_aside(self, why: str) -> Path:
        """Rename the save to ``<name>.<why>-<time>`` beside it, so nothing ever writes over it."""
        target = _free_name(self.folder, f"{self.path.name}.{why}-{datetime.now():%Y%m%d-%H%M%S}", "")
        os.replace(self.path, target)
        _fsync_folder(self.folder)
        self._let_go()
        return target

    def _let_go(self) -> None:
        """The save has moved away: release it, and write the next session to a new file."""
        _unlock(self.lock_folder, self.path)
        self.path = self._new_path()

    # -- reading -----------------------------------------------------------------
    def pending(self) -> Found | None:
        """The newest save waiting for this patient that no one else is playing, read and checked; None when there is none.

        This object takes it over: it holds its lock, and ``path`` names it.
        """
        self._sweep()
        for save in _newest_first(self.folder, self.patient_id):
            if not _lock(self.lock_folder, save):
                continue
            if not save.exists():  # its player finished it meanwhile
                _unlock(self.lock_folder, save)
                continue
            if save != self.path:
                _unlock(self.lock_folder, self.path)
            self.path = save
            try:
                data = read_record(save)
            except RecordError as exc:
                return Found(save, None, exc.reason)
            try:
                check_patient(data, self.patient_id)
            except NotThisPatient as exc:
                return Found(save, None, str(exc))
            return Found(save, data)
        return None

    def _sweep(self) -> None:
        """Remove temporary files a killed save left behind (never a save: those are only ever renamed)."""
        now = time.time()
        with contextlib.suppress(OSError):
            for tmp in self.folder.glob(f".{self.patient_id}*.tmp"):
                with contextlib.suppress(OSError):
                    if now - tmp.stat().st_mtime > 60:
                        tmp.unlink()


def _newest_first(folder: Path, patient_id: str) -> list[Path]:
    try:
        saves = [p for p in folder.glob(f"{patient_id}*.json") if patient_of(p) == patient_id]
        return sorted(saves, key=lambda p: (_mtime(p), p.name), reverse=True)
    except OSError:
        return []


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def waiting_patients(data_dir: str | os.PathLike | None = None) -> list[str]:
    """The patients with a save waiting in the data folder, newest save first."""
    folder = resolve_data_dir(data_dir) / CURRENT
    try:
        saves = sorted(folder.glob("*.json"), key=lambda p: (_mtime(p), p.name), reverse=True)
    except OSError:
        return []
    return list(dict.fromkeys(patient_of(p) for p in saves))


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
