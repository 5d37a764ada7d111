"""Reading a YAML file safely, keeping the node tree so any value can be located.

Only PyYAML's safe loader is used (the C one when present): no tag can build a
Python object. Duplicate keys, which PyYAML silently resolves to the last one,
are refused, and every failure becomes a located Diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, ProfileError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
"""Profiles are hand-written text; anything larger is refused before it is read."""


class _DuplicateKey(Exception):
    def __init__(self, key: str, node: Node, first: Node):
        self.key, self.node, self.first = key, node, first


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node, deep=False):
        seen: dict[str, Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value != "<<":
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, key_node, seen[key_node.value])
                seen[key_node.value] = key_node
        return super().construct_mapping(node, deep=deep)


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
        for part in loc:
            found = _child(node, part)
            if found is None:
                return self.locate(loc)
            key, node = found
        mark = (key or node).start_mark
        return mark.line + 1, mark.column + 1


def _child(node, part):
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
    """Read and parse a YAML file, refusing anything unsafe or ambiguous with a located error."""
    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise _error(shown, 1, 1, f"the file is {size:,} bytes; a profile may be at most {MAX_BYTES:,}", "R003",
                         "split the patient into a smaller profile")
        raw = Path(path).read_bytes()
    except ProfileError:
        raise
    except FileNotFoundError:
        raise _error(shown, 1, 1, "no such file", "R001", "check the path, or run 'rupture list' for bundled patients") from None
    except IsADirectoryError:
        raise _error(shown, 1, 1, "this is a folder, not a profile file", "R001", "name a .yaml file inside it") from None
    except OSError as exc:
        raise _error(shown, 1, 1, f"cannot read the file: {exc.strerror}", "R001") from None
    return parse_yaml(shown, decode(shown, raw))


def parse_yaml(path: str, text: str) -> YamlSource:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _error(path, 1, 1, "the file is empty", "R004", "a profile starts with 'format: 1'; see patients/FORMAT.md or run 'rupture new NAME'")
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _DuplicateKey as dup:
        m, first = dup.node.start_mark, dup.first.start_mark
        raise _error(path, m.line + 1, m.column + 1, f"duplicate key '{dup.key}' (first given on line {first.line + 1})",
                     "R006", "YAML would silently keep only the last one; remove or rename one of them") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        hint = None
        if _char_at(text, line, col) == "\t" or "tab" in problem.lower():
            hint = "YAML does not allow tabs for indentation; indent with spaces"
            problem = "a tab character where YAML expects spaces"
        elif "could not determine a constructor" in problem:
            problem = f"the tag {problem.split('tag', 1)[-1].strip()} is not allowed in a profile"
            hint = "profiles are plain data: remove the '!' tag"
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        raise _error(path, line, col, f"invalid YAML: {problem}", "R005", hint) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, f"invalid YAML: {exc}", "R005") from None
    except RecursionError:
        raise _error(path, 1, 1, "the file is nested too deeply", "R005", "a profile needs only a few levels of nesting") from None
    finally:
        loader.dispose()
    return YamlSource(path, text, data, root)
