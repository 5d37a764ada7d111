"""The better-move search's answers kept on disk per profile, so a report run again does not search again.

One JSON file per profile in the profile cache's folder (``RUPTURE_CACHE_DIR``,
simulator.engine.profile_cache), named by the profile's sha256 together with
the simulator's own sources (every module, so a file moved or edited anywhere
counts), so an edited profile or a new version of the simulator starts afresh.
Each entry is the line found from one position with one budget. The rules of the profile
cache hold: JSON only, never pickle; a file is written whole (a temporary file,
then a rename) or not at all; a file that is unreadable, malformed, of another
profile or version, or names a move the profile lacks is ignored and rebuilt,
never an error to the user. A file keeps at most MAX_LINES lines (the newest)
and the folder at most MAX_PROFILES files (the most recently written).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from ..engine.patient import Patient
from ..engine.profile_cache import cache_dir
from ..engine.vocabulary import METERS

Entry = tuple[tuple[str, ...], "str | None", dict, bool]
"""A line as kept: its moves, where it ends, the meters there, and whether the search was complete."""

FORMAT = "rupture-lines"
VERSION = 1
MAX_LINES = 50_000
"""Lines kept per profile (about 250 bytes each on disk)."""
MAX_PROFILES = 30
"""Profiles whose lines are kept; the least recently written go first."""
_READ_AT_MOST = 64 * 1024 * 1024

ENDINGS = frozenset({"resolved", "partial", "dropout", "unresolved", None})

def _code_key() -> str:
    """The simulator's own sources, every module: a new version may decide a line differently anywhere."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"{FORMAT}/{VERSION}".encode())
    for path in sorted(package.rglob("*.py")):
        try:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            h.update(path.name.encode())
    return h.hexdigest()


class _Kept:
    """One profile's lines: those read from its file (``name``), and whether any were added since."""

    def __init__(self, name: str, path: Path, lines: dict[str, Entry]):
        self.name, self.path, self.lines, self.changed = name, path, lines, False


_open: dict[str, _Kept] = {}
"""By the profile's sha256: what this process read or added."""


def _kept(patient: Patient) -> _Kept:
    kept = _open.get(patient.sha256)
    if kept is None:
        name = hashlib.sha256(f"{patient.sha256}:{_code_key()}".encode()).hexdigest()
        path = cache_dir() / "lines" / f"{name}.json"
        kept = _open[patient.sha256] = _Kept(name, path, _read(path, patient, name))
    return kept


def _entry(raw, moves: dict) -> Entry:
    got, ended, meters, complete = raw
    if not (isinstance(got, list) and all(isinstance(m, str) and m in moves for m in got)):
        raise ValueError("moves")
    if ended not in ENDINGS or not isinstance(complete, bool) or not isinstance(meters, dict):
        raise ValueError("line")
    if list(meters) != list(METERS) or not all(type(v) is int for v in meters.values()):
        raise ValueError("meters")
    return tuple(got), ended, meters, complete


def _read(path: Path, patient: Patient, name: str) -> dict[str, Entry]:
    """The lines in ``path``; none when it is missing, unreadable, malformed or not this profile's."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return {}  # a pipe or a device is never read (reading one could wait forever)
        with open(path, "rb") as f:
            data = json.loads(f.read(_READ_AT_MOST))
        if data.get("format") != FORMAT or data.get("version") != VERSION or data.get("name") != name:
            return {}
        moves = patient.spec.moves
        return {str(k): _entry(v, moves) for k, v in data["lines"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}


def recall(patient: Patient, key: str) -> Entry | None:
    """The line kept for this position (``key``, see search.best_line) of this profile, if any."""
    return _kept(patient).lines.get(key)


def keep(patient: Patient, key: str, line: Entry) -> None:
    kept = _kept(patient)
    lines = kept.lines
    lines.pop(key, None)
    lines[key] = line
    while len(lines) > MAX_LINES:
        del lines[next(iter(lines))]
    kept.changed = True


def flush() -> None:
    """Write every profile's lines that changed; a folder that cannot be written only costs time next run."""
    for kept in _open.values():
        if not kept.changed:
            continue
        lines = {k: [list(moves), ended, meters, complete] for k, (moves, ended, meters, complete) in kept.lines.items()}
        try:
            kept.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"format": FORMAT, "version": VERSION, "name": kept.name, "lines": lines},
                                      separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, kept.path)
            kept.changed = False
        except OSError:
            continue
    _prune()


def _prune() -> None:
    try:
        files = sorted((cache_dir() / "lines").glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[MAX_PROFILES:]:
            old.unlink()
    except OSError:
        pass


def forget() -> None:
    """Drop what this process read or added (the files stay): the next lookup reads the folder afresh."""
    _open.clear()
