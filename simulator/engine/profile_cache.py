"""Validated profiles remembered by hash, so a profile is parsed and validated once, not at every start.

An entry is written only after a profile file loaded and validated in full, and
is keyed by the sha256 of the file's bytes together with the sources that decide
validity (the format models, the loader, the vocabulary), so an edited profile
or a new version of the simulator is validated afresh. An entry is JSON in the
user's cache folder (``RUPTURE_CACHE_DIR`` overrides it): the header ``rupture
list`` shows, and the validated profile as plain data, read back as read-only
``CachedModel`` objects with the same attributes as the pydantic models, so a
hit needs neither YAML nor pydantic. The YAML is parsed only if a location is
asked for. A missing, unreadable or malformed entry is just a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .profile_model import Profile
    from .yaml_source import YamlSource

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


class CachedModel:
    """One validated part of a profile read back from the cache: its fields as read-only attributes."""

    def __init__(self, fields: dict, fields_set: frozenset):
        self.__dict__.update(fields)
        self.__dict__["model_fields_set"] = fields_set

    def __setattr__(self, name, value):
        raise AttributeError(f"a profile is read-only: cannot set '{name}'")


class LazySource:
    """The YAML of a profile loaded from the cache, parsed only when a location is asked for."""

    def __init__(self, path: str, text: str):
        self.path, self.text = path, text
        self._parsed = None

    def __getattr__(self, name):
        if self._parsed is None:
            from .yaml_source import parse_yaml

            self._parsed = parse_yaml(self.path, self.text)
        return getattr(self._parsed, name)


def _encode(value):
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return {"$": {name: _encode(getattr(value, name)) for name in fields}, "$set": sorted(value.model_fields_set)}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if "$" in value:
            return CachedModel({k: _decode(v) for k, v in value["$"].items()}, frozenset(value["$set"]))
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


_READ_AT_MOST = 4 * 1024 * 1024
"""Twice the largest profile the loader accepts: a bigger file cannot have been validated, so is never cached."""


def _read(path) -> bytes | None:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a pipe or a device is never cached (reading one could wait forever)
        with open(path, "rb") as f:
            data = f.read(_READ_AT_MOST + 1)
    except OSError:
        return None
    return data if len(data) <= _READ_AT_MOST else None


def _entry(data: bytes) -> Path:
    return cache_dir() / "profiles" / f"{key_of(data)}.json"


def cached_spec(path) -> tuple[Profile, YamlSource] | None:
    """The validated profile of this file and its source, if it was validated before; else None.

    Typed as what they stand in for: a ``CachedModel`` has the attributes of the model it was
    encoded from, and a ``LazySource`` those of the parsed source.
    """
    data = _read(path)
    if data is None:
        return None
    try:
        got = json.loads(_entry(data).read_text(encoding="utf-8"))
        spec = _decode(got["spec"])
        text = data.decode("utf-8-sig")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return cast("Profile", spec), cast("YamlSource", LazySource(str(path), text))


def remember(path, patient) -> None:
    """Keep a profile file that just loaded and validated in full."""
    data = _read(path)
    if data is None or patient.source is None or data.decode("utf-8-sig", "replace") != patient.source.text:
        return
    spec = patient.spec
    _store(_entry(data), Header(spec.id, spec.summary, spec.difficulty), _encode(spec))


def header(path: Path) -> tuple[Header | None, Exception | None]:
    """The listing fields of one profile: from the cache, else by loading it in full (and remembering them).

    Returns (header, None), or (None, the ProfileError) when it does not load.
    """
    data = _read(path) or b""
    try:
        got = json.loads(_entry(data).read_text(encoding="utf-8"))
        return Header(str(got["id"]), str(got["summary"]), int(got["difficulty"])), None
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from .diagnostics import ProfileError
    from .profile_loader import load_profile

    try:
        spec = load_profile(path).spec
    except ProfileError as exc:
        return None, exc
    return Header(spec.id, spec.summary, spec.difficulty), None


def _store(entry: Path, found: Header, spec) -> None:
    """Write the entry whole or not at all; a cache that cannot be written only costs time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"id": found.id, "summary": found.summary, "difficulty": found.difficulty,
                                   "spec": spec}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        pass
