"""Transcripts, autosaves and kept sessions: one model, read through one function, with limits.

These files come from anywhere (a classmate's share, a hand edit, a crash), so
``read_record`` opens only regular files, reads at most ``MAX_BYTES``, refuses
JSON nested deeper than a session ever is, integers longer than a seed,
NaN/Infinity and duplicate keys, then validates the fields the program uses.
Fields it does not know are kept as they are: other versions add fields.
Every refusal is a ``RecordError`` whose message is ``FILE: field: what is wrong``.
"""

from __future__ import annotations

import json
import os
import re
import stat
from array import array
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from . import record_memo

FORMAT = "rupture-transcript"
VERSION = 1
MAX_BYTES = 4 * 1024 * 1024
"""A session of a few hundred turns is well under 1 MB; anything far larger is not one of ours."""
MAX_DEPTH = 12
"""A session is nested at most five deep (turn, meters); twelve leaves room for fields other versions add."""
MAX_DIGITS = 20
"""A seed fits in 64 bits; no field of a session needs a longer integer."""
MAX_TURNS = 5000


class TranscriptError(ValueError):
    """A transcript that cannot be read or replayed; the message says why and what to do."""


class RecordError(TranscriptError):
    """A transcript, save or kept session that cannot be used; the message is ``FILE: field: what is wrong``."""

    def __init__(self, path: str | os.PathLike, field: str | None, problem: str):
        self.path, self.field, self.problem = str(path), field, problem
        self.reason = f"{field}: {problem}" if field else problem
        """What is wrong, without the file's name (for a list that already shows it)."""
        super().__init__(f"{self.path}: {self.reason}")


MAX_TYPED = 2000
"""Longest free-response text kept on a turn; the terminal and the window stop there."""


def read_record(path: str | os.PathLike) -> dict:
    """The record in ``path`` as plain JSON data, checked against ``Record`` (simulator.storage.record_model) unless
    these very bytes passed before; raises RecordError."""
    raw = _read_bounded(path)
    data = _parse(path, raw)
    if not isinstance(data, dict):
        raise RecordError(path, None, "not a rupture session (the file holds no JSON object)")
    if data.get("format") != FORMAT:
        raise RecordError(path, "format", f"not a rupture session (no \"format\": \"{FORMAT}\")")
    if not record_memo.known(raw):
        _validate(path, data)
        record_memo.remember(raw)
    return data


def _validate(path: str | os.PathLike, data: dict) -> None:
    """``data`` checked against ``Record``, whose pydantic models are imported only here: a record read before
    (simulator.storage.record_memo) needs neither them nor pydantic."""
    from pydantic import ValidationError

    from .record_model import Record

    try:
        Record.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise RecordError(path, _field(err["loc"]), _what(err)) from None


def _read_bounded(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; never blocks on a FIFO or reads a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise RecordError(path, None, "no such file") from None
    except IsADirectoryError:
        raise RecordError(path, None, "is a folder, not a session file") from None
    except OSError as exc:
        raise RecordError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise RecordError(path, None, "is a folder, not a session file")
        if not stat.S_ISREG(info.st_mode):
            raise RecordError(path, None, "is not a regular file (a device, a pipe or a socket), so it is not read")
        if info.st_size > MAX_BYTES:
            raise RecordError(path, None, f"is {info.st_size:,} bytes; a session file is at most {MAX_BYTES:,}")
        chunks, total = [], 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise RecordError(path, None, f"grows past {MAX_BYTES:,} bytes while read; a session file is smaller")
        return b"".join(chunks)
    except OSError as exc:
        raise RecordError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


class _Refused(Exception):
    pass


def _no_duplicates(pairs: list) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _Refused(f"the key \"{key[:40]}\" is given twice in one object")
        seen[key] = value
    return seen


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"holds a number {len(text):,} digits long; no field of a session is")
    return int(text)


def _constant(name: str):
    raise _Refused(f"holds {name}, which is not a number a session writes")


def _parse(path, raw: bytes):
    if not raw.strip():
        raise RecordError(path, None, "is empty (the program stopped before it was first written)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(path, None, f"byte {exc.start} is not UTF-8 text") from None
    depth = _depth(text)
    if depth > MAX_DEPTH:
        raise RecordError(path, None, f"is nested {depth:,} levels deep; a session is at most {MAX_DEPTH}")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_whole_number, parse_constant=_constant)
    except _Refused as exc:
        raise RecordError(path, None, str(exc)) from None
    except json.JSONDecodeError as exc:
        raise RecordError(path, None, f"is not complete JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise RecordError(path, None, f"is not JSON a session writes ({type(exc).__name__})") from None


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
"""An opening bracket as +1, a closing one as -1 (a signed byte)."""


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, found without parsing (so without recursion), summed in C:
    a class's report reads hundreds of transcripts."""
    steps = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii").translate(_STEP)
    return max(accumulate(array("b", steps), initial=0))


def _field(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(the whole file)"


def _what(err: Mapping[str, Any]) -> str:
    value, kind = err.get("input"), err["type"]
    if kind == "missing":
        return "missing"
    if kind.endswith("_type") or kind in ("int_from_float", "literal_error"):
        return f"{err['msg'][0].lower()}{err['msg'][1:]}, got {_describe(value)}"
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} is not an id (lower-case letters, digits and '_', starting with a letter)"
    if kind == "value_error" and "isoformat" in err["msg"]:
        return f"not a date and time (got {_describe(value)})"
    message = err["msg"]
    return f"{message[0].lower()}{message[1:]}"


def _describe(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    text = json.dumps(value) if isinstance(value, (str, int, float)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
