"""Property-based hostility: whatever the bytes, the loader answers with a profile or a located ProfileError.

Valid profiles are mutated (values, keys, raw text, bytes), and arbitrary YAML
with anchors, aliases and tags is generated; a profile that still loads must
then play to an ending. Every other exception fails the test. The default run
tries 60 examples per test, the same ones every time (see conftest.py); set
RUPTURE_FUZZ_EXAMPLES=1000 (and RUPTURE_HYPOTHESIS_PROFILE=explore for fresh
random ones) for a longer run, and RUPTURE_FUZZ_COUNTS=file.json to record how
many inputs were tried and how each was answered.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import PATIENTS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, SequenceNode

from simulator.engine import yaml_source
from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile, load_profile_text
from simulator.engine.session import Session

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXAMPLES = int(os.environ.get("RUPTURE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
COUNTS = {"tried": 0, "loaded": 0, "located_errors": 0, "other_exceptions": 0}


@pytest.fixture(scope="module", autouse=True)
def record_counts():
    yield
    shutil.rmtree(_TMP, ignore_errors=True)
    target = os.environ.get("RUPTURE_FUZZ_COUNTS")
    if target:
        old = json.loads(Path(target).read_text()) if Path(target).exists() else {}
        Path(target).write_text(json.dumps({k: old.get(k, 0) + v for k, v in COUNTS.items()}, indent=2))


def _valid_texts() -> dict[str, str]:
    out = {"probe": (HOSTILE / "aliases_within_limits.yaml").read_text(encoding="utf-8")}
    for path in sorted(PATIENTS.glob("*.yaml")):
        try:
            load_profile(path)
        except ProfileError:
            continue  # another profile mid-edit is not this test's subject
        out[path.stem] = path.read_text(encoding="utf-8")
    return out


VALID = _valid_texts()
assert "maya" in VALID, "patients/maya.yaml must load for the mutation tests"
BREAKS = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


def answer(load, path: str, text: str) -> str:
    """Run one load; check a refusal is fully located; play an accepted profile to its end."""
    COUNTS["tried"] += 1
    try:
        patient = load()
    except ProfileError as exc:
        assert exc.diagnostics
        lines = len(BREAKS.findall(text)) + 1
        for d in exc.diagnostics:
            assert d.path == path and d.severity == "error"
            assert 1 <= d.line <= lines and d.col >= 1, d.format()
            assert re.fullmatch(r"R\d{3}", d.code) and d.message.strip()
        COUNTS["located_errors"] += 1
        return "error"
    except BaseException:
        COUNTS["other_exceptions"] += 1
        raise
    session = Session(patient)
    for _ in range(patient.spec.max_turns):
        if session.ended:
            break
        options = session.options()
        session.choose(options[session.turn % len(options)])
    assert session.ended
    COUNTS["loaded"] += 1
    return "loaded"


def load_text(text: str, path: str = "mutant.yaml") -> str:
    return answer(lambda: load_profile_text(text, path), path, text)


# -- mutating the data of valid profiles -------------------------------------------

HOSTILE_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**40, 10**40), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["os.system", "subprocess.Popen", "builtins.exec", "__import__", "state", "trigger", "to_start",
                     "yes", "no", "on", "off", "", "~", "1:30", "0x1F", "010", ".nan", "-.inf", "2024-05-01",
                     "../../outside.png", "/etc/passwd.png", "C:\\face.png", "face.png", "a" * 2500]),
    st.lists(st.integers(-200, 200), max_size=4),
    st.dictionaries(st.sampled_from(["bond", "goals", "tasks", "real", "alliance", "min", "max", "x"]),
                    st.integers(-300, 300), max_size=3),
    st.integers(1, 400).map(lambda n: {"not": None} if n < 2 else _nested_not(n)),
)


def _nested_not(n: int) -> dict:
    cond: dict = {"flags": []}
    for _ in range(n):
        cond = {"not": cond}
    return cond


def _walk(data: st.DataObject, node, depth: int):
    """A path into the profile: a list of (container, key) steps."""
    path = []
    for _ in range(depth):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            break
        path.append((node, key))
        node = node[key]
    return path


def _ids(profile: dict) -> list[str]:
    ids = list(profile.get("moves", {})) + list(profile.get("states", {})) + list(profile.get("flags", {}))
    for state in profile.get("states", {}).values():
        ids += list((state or {}).get("beats", {}))
    return ids or ["x"]


@FUZZ
@given(st.data())
def test_mutated_valid_profiles_load_or_get_located_errors(data):
    name = data.draw(st.sampled_from(sorted(VALID)))
    profile = yaml.load(VALID[name], Loader=yaml_source._BaseLoader)
    ids = _ids(profile)
    for _ in range(data.draw(st.integers(1, 3))):
        path = _walk(data, profile, data.draw(st.integers(1, 9)))
        if not path:
            continue
        container, key = path[-1]
        action = data.draw(st.sampled_from(["replace", "replace", "same_kind_id", "delete", "unknown_key", "rename"]))
        if action == "replace":
            container[key] = data.draw(HOSTILE_VALUES)
        elif action == "same_kind_id":
            container[key] = data.draw(st.sampled_from(ids))
        elif action == "delete":
            del container[key]
        elif action == "unknown_key" and isinstance(container, dict):
            container[data.draw(st.sampled_from(["__class__", "portrait", "extra", "next", "when", "os.system"]))] = \
                data.draw(HOSTILE_VALUES)
        elif action == "rename" and isinstance(container, dict):
            container[data.draw(st.sampled_from(ids + ["state", "trigger", "Bad-Id", "1st"]))] = \
                container.pop(key)
    text = yaml.dump(profile, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True)
    load_text(text)


# -- mutating the text and bytes of valid profiles ------------------------------------

TOKENS = [":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "&b [*a, *a, *a] ", "<<: *a\n",
          "!!python/object/apply:os.system [ls] ", "!foo ", "!!binary ", "!!set ", "\t", "\n", "  ", "# ", "'", '"',
          "|\n", ">-\n", "? ", "---\n", "...\n", "%YAML 1.1\n", "yes", "no", ".nan", ".inf", "0x1F", "1:30", "~",
          "\x00", "\x07", "\ufeff", "\u2028", "\x85", "\r", "\ud800", "@", "`", "os.system", "a" * 300, "9" * 5000]


@FUZZ
@given(st.data())
def test_edited_profile_text_loads_or_gets_located_errors(data):
    text = VALID[data.draw(st.sampled_from(sorted(VALID)))]
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "insert", "delete", "duplicate_line", "dedent", "truncate"]))
        if action == "insert":
            text = text[:pos] + data.draw(st.sampled_from(TOKENS) | st.text(max_size=8)) + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + data.draw(st.integers(1, 300)):]
        elif action == "duplicate_line":
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
        elif action == "dedent":
            start = text.rfind("\n", 0, pos) + 1
            text = text[:start] + text[start:].lstrip(" ")
        else:
            text = text[:pos]
    load_text(text)


_TMP = Path(tempfile.mkdtemp(prefix="rupture-fuzz-"))


def load_bytes(raw: bytes) -> str:
    path = _TMP / "fuzzed.yaml"
    path.write_bytes(raw)
    text = raw.decode("utf-8", "replace")
    return answer(lambda: load_profile(path), str(path), text)


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_get_a_located_error(raw):
    assert load_bytes(raw) == "error"


@FUZZ
@given(st.data())
def test_truncated_or_garbled_profile_bytes(data):
    raw = VALID[data.draw(st.sampled_from(sorted(VALID)))].encode("utf-8")
    cut = data.draw(st.integers(0, len(raw)))
    load_bytes(raw[:cut] + data.draw(st.binary(max_size=64)))


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text_gets_a_located_error(text):
    assert load_text(text) == "error"


# -- generated YAML with anchors, aliases, tags and deep nesting --------------------------

SCALARS = ["a", "yes", "No", "on", "~", "null", ".nan", "-.inf", "1e400", "0x1F", "0o17", "017", "1:30:00", "2024-05-01",
           "2001-12-14t21:59:43.10-05:00", "'quoted [x'", '"esc \\u263a"', "os.system", "__import__", "!!str 5",
           "!!python/name:os.system", "!!python/object/apply:os.system [echo]", "!Local x", "!<tag:x,2000:y> z",
           "!!binary aGk=", "!!int 12", "!!float 1", "!!bool yes", "<<"]


@st.composite
def yaml_documents(draw) -> str:
    """Flow-style YAML whose nodes may carry anchors, tags, and aliases to any anchor seen so far (even an open one)."""
    anchors: list[str] = []

    def node(depth: int) -> str:
        if anchors and draw(st.integers(0, 5)) == 0:
            return "*" + draw(st.sampled_from(anchors))
        prefix = ""
        if draw(st.integers(0, 3)) == 0:
            anchors.append(f"a{len(anchors)}")
            prefix = f"&{anchors[-1]} "
        kind = draw(st.sampled_from(["scalar", "scalar", "seq", "map"])) if depth < 6 else "scalar"
        if kind == "scalar":
            return prefix + draw(st.sampled_from(SCALARS))
        width = draw(st.integers(0, 4))
        if kind == "seq":
            return prefix + "[" + ", ".join(node(depth + 1) for _ in range(width)) + "]"
        return prefix + "{" + ", ".join(f"{draw(st.sampled_from(['format', 'id', 'moves', 'k', '<<', 'when']))}: "
                                        f"{node(depth + 1)}" for _ in range(width)) + "}"

    body = "\n".join(f"{key}: {node(0)}" for key in draw(st.lists(
        st.sampled_from(["format", "id", "name", "moves", "states", "flags", "x1", "x2", "x3"]), min_size=1, max_size=6,
        unique=True)))
    if draw(st.booleans()):  # a bomb: each level aliases the one before, width times
        levels, width = draw(st.integers(1, 14)), draw(st.integers(1, 9))
        bomb = "b0: &b0 [x]\n" + "".join(f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * width)}]\n" for i in range(1, levels))
        body = bomb + body
    return body


@FUZZ
@given(yaml_documents())
def test_generated_yaml_with_aliases_and_tags_gets_an_answer(text):
    load_text(text)


@FUZZ
@given(st.integers(1, 3000), st.sampled_from(["[", "{a: ", "- ", "? ", "!!seq ["]))
def test_nesting_of_any_depth_is_answered(depth, opener):
    closer = {"[": "]", "{a: ": "}", "- ": "", "? ": "", "!!seq [": "]"}[opener]
    result = load_text("x: " * (opener in "[{!") + opener * depth + "1" + closer * depth + "\n")
    assert result == "error"


# -- the cheap estimates that let ordinary files skip the exact count ---------------------

def true_size(text: str) -> tuple[int, int]:
    """Deepest collection nesting and node count with aliases expanded, straight from the parser's events."""
    events = list(yaml.parse(text, Loader=yaml_source._BaseLoader))
    depth = top = nodes = 0
    for ev in events:
        if isinstance(ev, (ScalarEvent, AliasEvent)):
            nodes += 1
        elif isinstance(ev, CollectionStartEvent):
            nodes += 1
            depth += 1
            top = max(top, depth)
        elif isinstance(ev, CollectionEndEvent):
            depth -= 1
    return top, nodes


@st.composite
def block_and_flow_yaml(draw) -> str:
    """Valid-looking YAML mixing block and flow styles, compact '- - ' lists, comments and quoted brackets."""

    def flow(depth: int) -> str:
        if depth > 12 or draw(st.integers(0, 2)) == 0:
            return draw(st.sampled_from(["a", "'[['", '"]}"', "b c", "1", "x: y"]))
        if draw(st.booleans()):
            return "[" + ", ".join(flow(depth + 1) for _ in range(draw(st.integers(0, 3)))) + "]"
        return "{" + ", ".join(f"k{i}: {flow(depth + 1)}" for i in range(draw(st.integers(0, 3)))) + "}"

    def block(indent: int, depth: int) -> list[str]:
        pad = " " * indent
        kind = draw(st.sampled_from(["map", "seq", "compact", "flow"])) if depth < 10 else "flow"
        step = draw(st.integers(1, 3))
        lines = []
        for i in range(draw(st.integers(1, 3))):
            comment = draw(st.sampled_from(["", "", " # ]] {{", " # ["]))
            if kind == "flow":
                return [pad + "v" + str(i) + ": " + flow(0) + comment]
            if kind == "map":
                lines.append(f"{pad}k{i}:{comment}")
                lines += block(indent + step, depth + 1)
            elif kind == "seq":
                lines.append(f"{pad}-{comment}")
                lines += block(indent + step, depth + 1)
            else:
                chain = draw(st.integers(1, 4))
                lines.append(pad + "- " * chain + flow(0) + comment)
        return lines

    return "\n".join(block(0, 0)) + "\n"


@FUZZ
@given(block_and_flow_yaml(), st.integers(6, 40), st.integers(1, 12))
def test_clearing_a_file_cheaply_is_never_wrong(text, max_depth, wide):
    """With the limits shrunk to sizes small files reach, a file the estimates clear is truly within them."""
    try:
        depth, nodes = true_size(text)
    except yaml.YAMLError:
        assume(False)
    saved = yaml_source.MAX_DEPTH, yaml_source.MAX_NODES, yaml_source._WIDE
    yaml_source.MAX_DEPTH, yaml_source.MAX_NODES, yaml_source._WIDE = max_depth, max_depth * 3, wide
    try:
        cleared = not yaml_source._may_exceed_limits(text)
    finally:
        yaml_source.MAX_DEPTH, yaml_source.MAX_NODES, yaml_source._WIDE = saved
    if cleared:
        assert depth <= max_depth and nodes <= max_depth * 3


def reference_limits(text: str) -> tuple[int, int, bool]:
    """Depth, expanded size and self-reference from the composed node graph (memoised, so bombs stay cheap)."""
    root = yaml.compose(text, Loader=yaml_source._BaseLoader)
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    cyclic = False

    def visit(node, stack: set) -> None:
        nonlocal cyclic
        if id(node) in stack:
            cyclic = True
            return
        if id(node) in sizes:
            return
        children = []
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        stack.add(id(node))
        for child in children:
            visit(child, stack)
        stack.discard(id(node))
        sizes[id(node)] = 1 + sum(sizes.get(id(c), 0) for c in children)
        is_collection = isinstance(node, (SequenceNode, MappingNode))
        depths[id(node)] = is_collection + max((depths.get(id(c), 0) for c in children), default=0)

    if root is None:
        return 0, 0, False
    visit(root, set())
    return depths[id(root)], sizes[id(root)], cyclic


@FUZZ
@given(yaml_documents(), st.integers(3, 30), st.integers(10, 3000))
def test_the_exact_count_agrees_with_the_composed_tree(text, max_depth, max_nodes):
    try:
        depth, nodes, cyclic = reference_limits(text)
    except (yaml.YAMLError, RecursionError):
        assume(False)
    saved = yaml_source.MAX_DEPTH, yaml_source.MAX_NODES
    yaml_source.MAX_DEPTH, yaml_source.MAX_NODES = max_depth, max_nodes
    try:
        yaml_source._check_limits("gen.yaml", text)
        refused = None
    except ProfileError as exc:
        refused = exc.diagnostics[0]
    finally:
        yaml_source.MAX_DEPTH, yaml_source.MAX_NODES = saved
    if cyclic:
        assert refused is not None
    else:
        assert (refused is not None) == (depth > max_depth or nodes > max_nodes)
    if refused is not None:
        assert refused.code in ("R008", "R009") and refused.line >= 1
