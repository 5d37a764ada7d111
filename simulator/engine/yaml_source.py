"""Reading a YAML file safely, keeping the node tree so any value can be located.

Only PyYAML's safe loader is used (the C one when present): no tag can build a
Python object. Duplicate keys, which PyYAML silently resolves to the last one,
are refused, and every failure becomes a located Diagnostic.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, ProfileError

if TYPE_CHECKING:
    from yaml._yaml import Mark as CMark
    from yaml.error import Mark

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
"""Profiles are hand-written text; anything larger is refused before it is read."""

MAX_DEPTH = 200
"""Nesting refused before composing, counted by this module whatever the YAML library's own limits.

Far below where libyaml (0.2.6 and later) stops by itself (about 1,000 levels, counted its own way)
and where PyYAML's Python composer would exhaust the interpreter's recursion limit, so every PyYAML
build accepts and refuses the same files, at the same place.
"""

MAX_NODES = 200_000
"""Values in the file with every alias expanded, as validation and lint walk them (billion laughs)."""


class _DuplicateKey(Exception):
    def __init__(self, key: str, node: Node, first: Node):
        self.key, self.node, self.first = key, node, first


class _Strict:
    """Duplicate keys and numbers in another base refused, on top of either safe loader."""

    def construct_mapping(self, node, deep=False):
        seen: dict[str, Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, key_node, seen[key_node.value])
                seen[key_node.value] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_plain_int(self, node):
        """Refuse YAML 1.1 numbers written in another base: 'age: 1:30' would be 90, 'max_turns: 010' 8."""
        try:
            value = self.construct_yaml_int(node)
        except ValueError:  # Python refuses to read integers of more than 4,300 digits
            raise _Misread(node, f"a number {len(node.value):,} characters long is far beyond any value in a profile",
                           "write the number in plain digits, or put it in quotes if it is text") from None
        if _OTHER_BASE.match(node.value):
            raise _Misread(node, f"'{node.value}' reads as the number {value} in YAML",
                           "write the number in plain digits, or put it in quotes if it is text")
        return value


class _Misread(Exception):
    def __init__(self, node: Node, message: str, hint: str):
        self.node, self.message, self.hint = node, message, hint


_OTHER_BASE = re.compile(r"[-+]?(?:0[0-7_]+$|0[xbo]|[0-9][0-9_]*:)")


class _StrictLoader(_Strict, _BaseLoader):  # type: ignore[misc,valid-type]
    pass


class _PyStrictLoader(_Strict, yaml.SafeLoader):
    """PyYAML's Python loader, for a file libyaml stopped on its own nesting limit (see MAX_DEPTH)."""


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_plain_int)
# the stubs bind the method to the mixin that defines it, not to this loader that inherits it
_PyStrictLoader.add_constructor("tag:yaml.org,2002:int", _PyStrictLoader.construct_plain_int)  # type: ignore[type-var]


@dataclass
class YamlSource:
    """A parsed file: its data, and the node tree that says where each value stands."""

    path: str
    text: str
    data: object
    root: Node | None

    def locate(self, loc: tuple) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``, or of its nearest ancestor.

        Parts of ``loc`` that name nothing in the file (a schema's union branch,
        a missing field) are skipped, so a missing field points at its parent.
        A value that is a mapping or list is located by its key, where a reader
        looks first.
        """
        node, key = self.root, None
        if node is None:
            return 1, 1
        for part in loc:
            found = _child(node, part)
            if found is not None:
                key, node = found
        mark = key.start_mark if key is not None and isinstance(node, (MappingNode, SequenceNode)) else node.start_mark
        return mark.line + 1, mark.column + 1

    def locate_key(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the key that names the value at ``loc`` (for a misspelt field)."""
        node = self.root
        if node is None:
            return 1, 1
        for part in loc:
            found = _child(node, part)
            if found is None:
                return self.locate(loc)
            key, node = found
        mark = (key or node).start_mark
        return mark.line + 1, mark.column + 1


def _child(node: Node, part: object) -> tuple[Node | None, Node] | None:
    """(key node or None, value node) for one step of a path, or None."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return key_node, value_node
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _error(path: str, line: int, col: int, message: str, code: str, hint: str | None = None) -> ProfileError:
    return ProfileError([Diagnostic(path, line, col, message, code, hint=hint)])


def _error_at(path: str, mark: Mark | CMark | None, message: str, code: str, hint: str | None = None) -> ProfileError:
    """Located at a parser mark, or at the top of the file if the parser gave none."""
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return _error(path, line, col, message, code, hint)


def decode(path: str, raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is accepted), or a located error at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _error(
            path, line, col,
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "R002",
            "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
        ) from None


def read_yaml(path: str | Path) -> YamlSource:
    """Read and parse a YAML file, refusing anything unsafe or ambiguous with a located error.

    Only a regular file is read: the file is opened without blocking, so a pipe
    or device named as a profile is refused at once instead of waiting for a writer.
    """
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise _error(shown, 1, 1, f"this is {_kind(info.st_mode)}, not a profile file", "R001",
                             "name a .yaml file saved on disk")
            if info.st_size > MAX_BYTES:
                raise _error(shown, 1, 1, f"the file is {info.st_size:,} bytes; a profile may be at most {MAX_BYTES:,}",
                             "R003", "split the patient into a smaller profile")
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:  # the file grew after it was measured
            raise _error(shown, 1, 1, f"the file is over {MAX_BYTES:,} bytes, the most a profile may be", "R003",
                         "split the patient into a smaller profile")
    except ProfileError:
        raise
    except FileNotFoundError:
        raise _error(shown, 1, 1, "no such file", "R001", "check the path, or run 'rupture list' for bundled patients") from None
    except IsADirectoryError:
        raise _error(shown, 1, 1, "this is a folder, not a profile file", "R001", "name a .yaml file inside it") from None
    except OSError as exc:
        raise _error(shown, 1, 1, f"cannot read the file: {exc.strerror}", "R001") from None
    return parse_yaml(shown, decode(shown, raw))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def parse_yaml(path: str, text: str) -> YamlSource:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _error(path, 1, 1, "the file is empty", "R004",
                     "a profile starts with 'format: 1'; see patients/FORMAT.md or run 'rupture new NAME'")
    try:
        try:
            root, data = _compose(path, text, _StrictLoader, _BaseLoader)
        except yaml.YAMLError as exc:
            if _BaseLoader is yaml.SafeLoader or not _stopped_by_libyaml_depth(exc):
                raise
            root, data = _compose(path, text, _PyStrictLoader, yaml.SafeLoader)
    except _DuplicateKey as dup:
        m, first = dup.node.start_mark, dup.first.start_mark
        raise _error(path, m.line + 1, m.column + 1, f"duplicate key '{dup.key}' (first given on line {first.line + 1})",
                     "R006", "YAML would silently keep only the last one; remove or rename one of them") from None
    except _Misread as bad:
        m = bad.node.start_mark
        raise _error(path, m.line + 1, m.column + 1, bad.message, "R010", bad.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.context == "while scanning a quoted scalar":
            mark = exc.context_mark
        line, col = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        hint = None
        if _char_at(text, line, col) == "\t" or "tab" in problem.lower():
            hint = "YAML does not allow tabs for indentation; indent with spaces"
            problem = "a tab character where YAML expects spaces"
        elif "could not determine a constructor" in problem:
            problem = f"the tag {problem.split('tag', 1)[-1].strip()} is not allowed in a profile"
            hint = "profiles are plain data: remove the '!' tag"
        elif "another document" in problem:
            problem = "a second document starts here; a profile is one document"
            hint = "remove the '---' line and everything after it, or move it to its own file"
        elif exc.context == "while scanning a quoted scalar":
            problem = f"this quoted text is never closed ({problem})"
            hint = "end the text with the same quote mark it starts with"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise _error(path, line, col, f"invalid YAML: {problem}", "R005", hint) from None
    except yaml.reader.ReaderError as exc:  # libyaml gives a byte offset and a code point, PyYAML an index and a str
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        index = exc.position
        if isinstance(exc.character, int):
            index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
        line, col = _line_col(text, index)
        raise _error(path, line, col, f"the invisible character U+{char:04X} is not allowed in YAML", "R002",
                     "delete it; it is often pasted in invisibly from a word processor") from None
    except UnicodeEncodeError as exc:
        line, col = _line_col(text, exc.start)
        raise _error(path, line, col, f"U+{ord(text[exc.start]):04X} is half of a character and cannot be stored as UTF-8",
                     "R002", "delete it, or paste the whole character again") from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, f"invalid YAML: {exc}", "R005") from None
    except RecursionError:
        raise _error(path, 1, 1, "the file is nested too deeply", "R005",
                     "a profile needs only a few levels of nesting") from None
    return YamlSource(path, text, data, root)


def _compose(path: str, text: str, loader_class: type, events_class: type) -> tuple[Node | None, object]:
    """The node tree and data, after the limits are proved or counted with the same YAML library."""
    if _may_exceed_limits(text):
        _check_limits(path, text, events_class)
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def _stopped_by_libyaml_depth(exc: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit, which can fire before this module counts (its scanner reads ahead)."""
    return "depth" in (getattr(exc, "problem", None) or "")


def _within(text: str, line: int, col: int) -> tuple[int, int]:
    """An end-of-file mark moved back onto the last line, where an editor can show it."""
    lines = _BREAK.split(text)
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, col


_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _line_col(text: str, index: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


_WIDE = 60
_LEAD = bytes(32 if b in b" \t-?:" else 10 if b == 10 else 120 for b in range(256))
_DROP = bytes(b for b in range(256) if b not in b"[]{}\n\"'#,:-?")
_INNERMOST = re.compile(rb"\[[,:?-]*\]|\{[,:?-]*\}")


def _may_exceed_limits(text: str) -> bool:
    """Over-estimates of nesting and node count from string scans; False proves the text within both limits.

    Every node but the first follows a line break or one of ``[{,:-?``.
    Block collections along one path open at strictly greater columns (a
    mapping and its indentless list share one), none right of a line's run of
    indentation and '- ', '? ', ': ' indicators. Flow collections (twice, for
    a single-pair mapping in a list) are bounded by peeling innermost
    brackets that share a line with no quote or comment, then counting what
    is left. Anchors make aliases possible and rare line breaks shift
    columns: such files, and any the estimates cannot clear, are counted exactly.
    """
    if "&" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return True
    raw = text.encode("utf-8", "surrogatepass")
    marks = raw.translate(None, _DROP)
    closing = sum(marks.count(c) for c in (b"]", b"}", b'"', b"'", b"#"))
    if 2 * (2 + len(marks) - closing) > MAX_NODES:
        return True
    runs = raw.translate(_LEAD)
    if b"\n" + b" " * _WIDE in runs or runs.startswith(b" " * _WIDE):
        return True
    block = 2 * (_WIDE + 2)
    flow, peeled = marks.count(b"[") + marks.count(b"{"), 0
    while block + 2 * (peeled + flow) > MAX_DEPTH:
        marks, n = _INNERMOST.subn(b"", marks)
        if not n or peeled == 8:
            return True
        peeled += 1
        flow = marks.count(b"[") + marks.count(b"{")
    return False


def _check_limits(path: str, text: str, events_class: type = _BaseLoader) -> None:
    """Stream the parser's events (no tree is built) and refuse, located, past MAX_DEPTH or MAX_NODES.

    An alias counts as every value under its anchor, and one that points into
    the collection holding it is refused: both are what make a small file
    expand without end when walked.
    """
    events = events_class(text)
    opened: list[list] = []  # per open collection: anchor, count at its start, deepest level reached inside
    open_anchors: dict[str, int] = {}
    size: dict[str, int] = {}
    levels: dict[str, int] = {}  # collection levels an anchored value spans, which its aliases add where they stand
    total = 0
    try:
        while events.check_event():
            ev = events.get_event()
            if isinstance(ev, ScalarEvent):
                total += 1
                if ev.anchor:
                    size[ev.anchor], levels[ev.anchor] = 1, 0
            elif isinstance(ev, CollectionStartEvent):
                total += 1
                opened.append([ev.anchor, total, len(opened) + 1])
                if ev.anchor:
                    open_anchors[ev.anchor] = open_anchors.get(ev.anchor, 0) + 1
                if len(opened) > MAX_DEPTH:
                    raise _error_at(path, ev.start_mark, f"nested more than {MAX_DEPTH} levels deep", "R008",
                                    "a profile needs only a few levels of nesting")
            elif isinstance(ev, CollectionEndEvent):
                anchor, start, deepest = opened.pop()
                if opened:
                    opened[-1][2] = max(opened[-1][2], deepest)
                if anchor:
                    size[anchor], levels[anchor] = total - start + 1, deepest - len(opened)
                    open_anchors[anchor] -= 1
            elif isinstance(ev, AliasEvent) and ev.anchor is not None:
                if open_anchors.get(ev.anchor):
                    raise _error_at(path, ev.start_mark,
                                    f"the alias '*{ev.anchor}' refers to a collection that contains it",
                                    "R009", "a profile cannot contain itself; write the values out")
                total += size.get(ev.anchor, 1)
                reach = len(opened) + levels.get(ev.anchor, 0)
                if opened:
                    opened[-1][2] = max(opened[-1][2], reach)
                if reach > MAX_DEPTH:
                    raise _error_at(path, ev.start_mark,
                                    f"the alias '*{ev.anchor}' nests the data more than {MAX_DEPTH} levels deep", "R008",
                                    "aliases ('*name') repeat everything under their anchor; write the values out instead")
            if total > MAX_NODES:
                m = ev.start_mark
                if size:
                    raise _error_at(path, m,
                                    f"the file holds more than {MAX_NODES:,} values once its aliases are expanded", "R009",
                                    "aliases ('*name') repeat everything under their anchor; write the values out instead")
                raise _error_at(path, m, f"the file holds more than {MAX_NODES:,} values", "R009",
                                "a profile needs a few thousand; split the patient into smaller profiles")
    finally:
        events.dispose()
