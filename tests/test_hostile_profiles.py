"""Hostile and broken profiles: each file in tests/hostile/ gets exactly the answer listed in expected.yaml.

An error is always a ProfileError whose diagnostics name the file, line and
column; nothing in a file is ever imported, called or allowed to exhaust
memory, time or the C stack.
"""

from __future__ import annotations

import builtins
import importlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from simulator.engine import yaml_source
from simulator.engine.diagnostics import ProfileError
from simulator.engine.profile_loader import load_profile, portrait_path
from simulator.engine.session import Session
from simulator.engine.yaml_source import MAX_BYTES, MAX_DEPTH, read_yaml

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
FILES = EXPECTED["files"]
MADE = EXPECTED["make"]


def check_answer(path: Path, expect, diagnostics) -> None:
    assert [(d.code, d.line, d.col) for d in diagnostics] == [(e["code"], e["line"], e["col"]) for e in expect]
    for d, e in zip(diagnostics, expect):
        assert e["says"] in d.message
        assert d.path == str(path) and d.severity == "error"


def play_to_the_end(patient) -> Session:
    """Always take the last move on offer; every corpus patient ends within max_turns."""
    session = Session(patient)
    while not session.ended:
        session.choose(session.options()[-1])
    return session


@pytest.mark.parametrize("name", sorted(FILES))
def test_corpus_file_gets_its_expected_answer(name):
    path = HOSTILE / name
    expect = FILES[name]
    if isinstance(expect, dict) and expect.get("loads"):
        patient = load_profile(path)
        assert patient.id == "probe"
        assert play_to_the_end(patient).ended in ("resolved", "dropout", "unresolved")
        return
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    check_answer(path, expect, info.value.diagnostics)


def test_every_corpus_file_has_an_expectation():
    on_disk = {p.name for p in HOSTILE.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(FILES)


def make(dest: Path, recipe: dict) -> Path:
    with open(dest, "w", encoding="utf-8") as f:
        if "staircase" in recipe:
            n = recipe["staircase"]
            for i in range(n):
                f.write(" " * i + "k:\n")
            f.write(" " * n + "v\n")
        for text, times in recipe.get("parts", []):
            f.write(text * times)
    return dest


_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    if sys.argv[1] == "python":  # PyYAML as built without libyaml
        import yaml
        del yaml.CSafeLoader
    from simulator.engine.diagnostics import ProfileError
    from simulator.engine.profile_loader import load_profile
    out = {}
    for path in sys.argv[2:]:
        t = time.perf_counter()
        try:
            load_profile(path)
            answer = "loaded"
        except ProfileError as exc:
            answer = [[d.code, d.line, d.col, d.message] for d in exc.diagnostics]
        out[path] = {"answer": answer, "seconds": time.perf_counter() - t}
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
""")


def _limit_memory():  # a regression to an alias bomb fails here instead of swapping the machine
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("build", ["libyaml", "python"])
def test_oversized_and_deeply_nested_files_are_refused_in_bounded_time_and_memory(tmp_path, build):
    """Built at test time (up to 2 MB each); loaded in a child process so a crash cannot take the suite down.

    The same answer, at the same place, whether PyYAML reads with libyaml (which stops deep nesting by
    itself, by its own count) or in Python (which has no such limit).
    """
    made = {name: recipe for name, recipe in MADE.items()
            if build == "libyaml" or recipe["expect"][0]["code"] == "R008"}  # only nesting depends on the build
    paths = {name: make(tmp_path / name, recipe) for name, recipe in made.items()}
    done = subprocess.run([sys.executable, "-c", _CHILD, build, *map(str, paths.values())], capture_output=True,
                          text=True, timeout=120, preexec_fn=_limit_memory, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    for name, path in paths.items():
        got = report[str(path)]
        expect = made[name]["expect"]
        assert [tuple(d[:3]) for d in got["answer"]] == [(e["code"], e["line"], e["col"]) for e in expect], name
        assert all(e["says"] in d[3] for d, e in zip(got["answer"], expect)), name
    assert report["peak_rss_mb"] < 400


@pytest.mark.parametrize("build", ["libyaml", "python"])
@pytest.mark.parametrize("shape", ["block", "flow", "dashes", "block_then_flow"])
def test_nesting_at_the_limit_is_read_and_one_level_more_is_refused(shape, build, monkeypatch):
    if build == "python":
        monkeypatch.setattr(yaml_source, "_BaseLoader", yaml.SafeLoader)
        monkeypatch.setattr(yaml_source, "_StrictLoader", yaml_source._PyStrictLoader)
    half = MAX_DEPTH // 2

    def nested(n: int) -> str:
        if shape == "block":
            return "".join(" " * i + "k:\n" for i in range(n)) + " " * n + "v\n"
        if shape == "flow":
            return "[" * n + "]" * n + "\n"
        if shape == "dashes":
            return "- " * n + "x\n"
        return "".join(" " * i + "k:\n" for i in range(half)) + " " * half + "[" * (n - half) + "]" * (n - half) + "\n"

    assert yaml_source.parse_yaml("at.yaml", nested(MAX_DEPTH)).data
    with pytest.raises(ProfileError) as info:
        yaml_source.parse_yaml("over.yaml", nested(MAX_DEPTH + 1))
    d = info.value.diagnostics[0]
    assert (d.code, d.message) == ("R008", f"nested more than {MAX_DEPTH} levels deep")
    assert (d.line, d.col) == {"block": (MAX_DEPTH + 1, MAX_DEPTH + 1), "flow": (1, MAX_DEPTH + 1),
                               "dashes": (1, 2 * MAX_DEPTH + 1), "block_then_flow": (half + 1, MAX_DEPTH + 1)}[shape]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    big = make(tmp_path / "big.yaml", MADE["oversize.yaml"])
    tracemalloc.start()
    with pytest.raises(ProfileError) as info:
        read_yaml(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    d = info.value.diagnostics[0]
    assert d.code == "R003" and f"{MAX_BYTES:,}" in d.message
    assert peak < 200_000


def test_a_device_or_a_pipe_is_refused_without_being_read(tmp_path):
    """A pipe with no writer would block a reader forever; the reader thread is released if it ever does."""
    fifo = tmp_path / "patient.yaml"
    os.mkfifo(fifo)
    answers: list = []

    def read(path):
        try:
            read_yaml(path)
        except ProfileError as exc:
            answers.append(exc.diagnostics[0])

    for path, kind in ((fifo, "a pipe"), ("/dev/zero", "a device")):
        reader = threading.Thread(target=read, args=(path,), daemon=True)
        reader.start()
        reader.join(60)
        if reader.is_alive():
            with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "w"):
                pass
            pytest.fail(f"reading {path} blocked")
        d = answers.pop()
        assert (d.code, d.path, d.line, d.col) == ("R001", str(path), 1, 1)
        assert d.message == f"this is {kind}, not a profile file"


@contextmanager
def nothing_imported_or_run():
    """Record any new import, dotted-path lookup or process start while the block runs."""
    seen: list = []
    real_import, real_import_module = builtins.__import__, importlib.import_module
    saved = {name: getattr(os, name) for name in ("system", "popen", "execv", "execvp", "spawnv")}
    real_popen = subprocess.Popen

    def spy_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name not in sys.modules:
            seen.append(("import", name))
        return real_import(name, globals, locals, fromlist, level)

    def spy_import_module(name, package=None):
        seen.append(("import_module", name))
        return real_import_module(name, package)

    def refuse(what):
        def call(*args, **kwargs):
            seen.append((what, args))
            raise AssertionError(f"{what} was called")
        return call

    before = set(sys.modules)
    builtins.__import__, importlib.import_module = spy_import, spy_import_module
    for name in saved:
        setattr(os, name, refuse(f"os.{name}"))
    subprocess.Popen = refuse("subprocess.Popen")
    try:
        yield seen
    finally:
        builtins.__import__, importlib.import_module = real_import, real_import_module
        for name, fn in saved.items():
            setattr(os, name, fn)
        subprocess.Popen = real_popen
    seen.extend(("new module", m) for m in sorted(set(sys.modules) - before))


def test_nothing_in_any_corpus_file_is_imported_or_called(tmp_path):
    """The corpus is copied with its marker path '/tmp/pwned' pointing into this test's folder instead."""
    marker = tmp_path / "pwned"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in FILES:
        (corpus / name).write_bytes((HOSTILE / name).read_bytes().replace(b"/tmp/pwned", str(marker).encode()))
    for name in sorted(FILES):  # first pass: let the libraries finish their own lazy imports
        try:
            play_to_the_end(load_profile(corpus / name))
        except ProfileError:
            pass
    with nothing_imported_or_run() as seen:
        for name in sorted(FILES):
            try:
                play_to_the_end(load_profile(corpus / name))
            except ProfileError:
                pass
    assert seen == []
    assert not marker.exists()


def test_python_looking_text_is_only_ever_shown():
    session = Session(load_profile(HOSTILE / "python_text_is_just_text.yaml"))
    assert session.move("push").label == "subprocess.Popen"
    assert session.move("own").says == "__import__('os').system('touch /tmp/pwned')"
    turn = session.choose("own")
    assert (turn.patient, session.ended, session.state) == ("os.system", "resolved", "done")


def test_moves_named_like_the_engines_own_methods_still_play():
    """'trigger', 'state' and 'to_start' are what transitions calls its own methods; as move ids they are just data."""
    session = Session(load_profile(HOSTILE / "engine_names_as_ids.yaml"))
    assert session.options() == ["trigger", "state", "to_start"]
    session.choose("trigger")
    assert (session.beat, session.meters["bond"], session.flags) == ("start", 55, frozenset({"before"}))
    session.choose("state")
    assert (session.meters["bond"], session.meters["real"]) == (35, 30)
    session.choose("to_start")
    assert (session.ended, session.state) == ("resolved", "done")


def test_aliases_inside_the_limits_are_ordinary_yaml():
    patient = load_profile(HOSTILE / "aliases_within_limits.yaml")
    assert Session(patient).meters == {"bond": 50, "goals": 50, "tasks": 50, "real": 50}


def _profile_with_portrait(folder: Path, portrait: str) -> Path:
    text = (HOSTILE / "portrait_accepted.yaml").read_text(encoding="utf-8")
    path = folder / "probe.yaml"
    path.write_text(text.replace("portrait: pictures/probe.png", f"portrait: {portrait}"), encoding="utf-8")
    return path


def test_a_portrait_link_that_leads_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "face.png").symlink_to(outside)
    path = _profile_with_portrait(folder, "face.png")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    [d] = info.value.diagnostics
    assert (d.code, d.line) == ("R130", 22) and "link that leads outside" in d.message


def test_a_portrait_inside_the_folder_is_found(tmp_path):
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "real.png").write_bytes(b"\x89PNG")
    (tmp_path / "pictures" / "face.png").symlink_to(tmp_path / "pictures" / "real.png")
    patient = load_profile(_profile_with_portrait(tmp_path, "pictures/face.png"))
    assert portrait_path(patient) == tmp_path / "pictures" / "face.png"
    assert portrait_path(patient).read_bytes() == b"\x89PNG"


def test_rupture_check_reports_the_whole_corpus_without_a_traceback():
    names = sorted(FILES)
    done = subprocess.run([sys.executable, "-m", "simulator", "check", *(str(HOSTILE / n) for n in names)],
                          capture_output=True, text=True, timeout=120)
    loads = [n for n in names if isinstance(FILES[n], dict)]
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{len(loads)} of {len(names)} profiles valid" in done.stderr
    for name in names:
        if name not in loads:
            first = FILES[name][0]
            assert f"{HOSTILE / name}:{first['line']}:{first['col']}: error: " in done.stderr, name


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_a_profile_that_is_not_a_regular_file_is_refused_without_reading(tmp_path, kind):
    path = tmp_path / "probe.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    [d] = info.value.diagnostics
    assert (d.path, d.line, d.col, d.code) == (str(path), 1, 1, "R001") and "not a regular file" in d.message
    done = subprocess.run([sys.executable, "-m", "simulator", "check", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and f"{path}:1:1: error: this is not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
