"""Which records' exact bytes have passed validation before, so reading them again skips it, and pydantic.

A class's report read again, or a past session opened twice, is the same bytes checked
by the same code: one line per record that passed, in one file in the profile cache's
folder (``RUPTURE_CACHE_DIR``, simulator.engine.profile_cache), the sha256 of the
modules that decide validity together with the record's bytes. Only a record that
passed is written, so an edited file, or a new version of those modules, is checked
afresh; the parsing limits of simulator.storage.records (size, depth, duplicate keys)
still run on every read. The file is appended to, read at most once per process, and
cut to its newest MAX_KNOWN // 2 lines when it reaches MAX_KNOWN; one that cannot be
read or written only costs time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..engine.profile_cache import cache_dir

MAX_KNOWN = 20_000
_LINE = 65
"""A hex sha256 and its newline."""

_DECIDES = ("storage/records.py", "storage/record_model.py", "engine/shown_text.py", "engine/vocabulary.py")
_code: bytes | None = None
_read_from: dict[str, list[str]] = {}
"""By the file's path: the lines this process read from it or added, oldest first..."""
_sets: dict[str, set[str]] = {}
"""...and the same as a set."""


def _code_key() -> bytes:
    global _code
    if _code is None:
        package = Path(__file__).resolve().parent.parent
        h = hashlib.sha256(b"rupture-records/1")
        for name in _DECIDES:
            try:
                h.update((package / name).read_bytes())
            except OSError:
                h.update(name.encode())
        _code = h.digest()
    return _code


def _key(raw: bytes) -> str:
    return hashlib.sha256(_code_key() + raw).hexdigest()


def _file() -> Path:
    return cache_dir() / "records-known.txt"


def _known_in(path: Path) -> set[str]:
    name = str(path)
    found = _sets.get(name)
    if found is None:
        try:
            with open(path, "rb") as f:
                text = f.read(MAX_KNOWN * _LINE).decode("ascii", "replace")
        except OSError:
            text = ""
        lines = [line for line in text.split("\n") if len(line) == _LINE - 1]
        _read_from[name], found = lines, set(lines)
        _sets[name] = found
    return found


def known(raw: bytes) -> bool:
    """Did these bytes pass validation before, by this version of the code that decides it?"""
    return _key(raw) in _known_in(_file())


def remember(raw: bytes) -> None:
    """These bytes passed validation."""
    path = _file()
    found, key = _known_in(path), _key(raw)
    if key in found:
        return
    lines = _read_from[str(path)]
    found.add(key)
    lines.append(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if len(lines) >= MAX_KNOWN:
            del lines[:-MAX_KNOWN // 2]
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text("".join(f"{line}\n" for line in lines), encoding="ascii")
            os.replace(tmp, path)
        else:
            with open(path, "a", encoding="ascii") as f:
                f.write(key + "\n")
    except OSError:
        pass
