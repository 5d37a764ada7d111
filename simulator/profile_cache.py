"""What ``rupture list`` shows of a profile, remembered by the file's hash so listing does not validate again.

An entry is written only after the profile loaded and validated in full, and is
keyed by the sha256 of the file's bytes together with the sources that decide
validity (the format models, the loader, the vocabulary), so an edited profile
or a new version of the simulator is validated afresh. Entries are small JSON
files in the user's cache folder (``RUPTURE_CACHE_DIR`` overrides it); a missing,
unreadable or malformed entry is just a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

ENV = "RUPTURE_CACHE_DIR"
_DECIDES = ("profile_model.py", "profile_loader.py", "vocabulary.py", "conditions.py", "yaml_source.py")


@dataclass(frozen=True)
class Header:
    """The fields a listing shows."""

    id: str
    summary: str
    difficulty: int


def cache_dir() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("rupture-simulator", appauthor=False))


def _code_key() -> bytes:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in _DECIDES:
        h.update((here / name).read_bytes())
    return h.digest()


def key_of(data: bytes, code: bytes | None = None) -> str:
    return hashlib.sha256((code or _code_key()) + data).hexdigest()


def header(path: Path) -> tuple[Header | None, Exception | None]:
    """The listing fields of one profile: from the cache, else by loading it in full (and remembering them).

    Returns (header, None), or (None, the ProfileError) when it does not load.
    """
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    key = key_of(data)
    entry = cache_dir() / "profiles" / f"{key}.json"
    try:
        got = json.loads(entry.read_text(encoding="utf-8"))
        return Header(str(got["id"]), str(got["summary"]), int(got["difficulty"])), None
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from .diagnostics import ProfileError
    from .profile_loader import load_profile

    try:
        spec = load_profile(path).spec
    except ProfileError as exc:
        return None, exc
    found = Header(spec.id, spec.summary, spec.difficulty)
    _store(entry, found)
    return found, None


def _store(entry: Path, found: Header) -> None:
    """Write the entry whole or not at all; a cache that cannot be written only costs time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"id": found.id, "summary": found.summary, "difficulty": found.difficulty}),
                       encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        pass
