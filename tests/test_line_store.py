"""The better-move search's lines kept on disk (read back by a new run, never trusted when damaged or foreign), and
a report run that loads each profile once."""

from __future__ import annotations

import json
import os

import pytest

from simulator.cli import main
from simulator.commands.run import random_playthrough
from simulator.debrief import line_store, search
from simulator.engine.catalogue import load
from simulator.engine.session import Session
from simulator.storage import transcript


@pytest.fixture(autouse=True)
def fresh_store():
    """Each test starts as a new process would: nothing read or added yet."""
    line_store.forget()
    yield
    line_store.forget()


def _files(cache):
    return sorted((cache / "lines").glob("*.json"))


def _hint_line(patient):
    return search.best_line(Session(patient))


def test_a_new_run_reads_the_lines_back_instead_of_searching(private_cache_dir):
    maya = load("maya")
    first = _hint_line(maya)
    assert first.played > 0 and first.resolves
    line_store.flush()
    assert len(_files(private_cache_dir)) == 1
    line_store.forget()
    again = _hint_line(maya)
    assert again.played == 0
    assert (again.moves, again.ended, again.meters, again.complete) == (first.moves, first.ended, first.meters,
                                                                        first.complete)


@pytest.mark.parametrize("damage", [
    b"\x80\x00 not json",
    b"[" * 100_000,
    b'{"format": "rupture-lines", "version": 1}',
    b"[1, 2, 3]",
])
def test_a_damaged_file_is_ignored_and_rebuilt(private_cache_dir, damage):
    maya = load("maya")
    want = _hint_line(maya)
    line_store.flush()
    [path] = _files(private_cache_dir)
    path.write_bytes(damage)
    line_store.forget()
    got = _hint_line(maya)
    assert got.played > 0 and got.moves == want.moves
    line_store.flush()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "rupture-lines"


def _rewrite(path, edit):
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("edit", [
    lambda d: d.update(name="0" * 64),
    lambda d: d.update(version=99),
    lambda d: [v.__setitem__(0, ["no_such_move"]) for v in d["lines"].values()],
    lambda d: [v.__setitem__(2, {"bond": "high"}) for v in d["lines"].values()],
    lambda d: [v.__setitem__(1, "won") for v in d["lines"].values()],
])
def test_a_foreign_or_forged_file_is_never_believed(private_cache_dir, edit):
    maya = load("maya")
    want = _hint_line(maya)
    line_store.flush()
    [path] = _files(private_cache_dir)
    _rewrite(path, edit)
    line_store.forget()
    got = _hint_line(maya)
    assert got.played > 0, "the forged line was not used: the search ran again"
    assert (got.moves, got.ended) == (want.moves, want.ended)


def test_each_profile_has_its_own_file_and_a_file_is_bounded(private_cache_dir, monkeypatch):
    monkeypatch.setattr(line_store, "MAX_LINES", 3)
    maya = load("maya")
    session = random_playthrough(maya, 4)
    final = session.snapshot()
    assert session.turn >= 3
    for kept in range(session.turn + 1):
        session.restore(final)
        session.rewind_to(kept)
        search.best_line(session)
    search.best_line(Session(load("leon")))
    line_store.flush()
    files = _files(private_cache_dir)
    assert len(files) == 2
    assert sorted(len(json.loads(f.read_text(encoding="utf-8"))["lines"]) for f in files) == [1, 3]


def test_an_unwritable_cache_folder_costs_only_time(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("RUPTURE_CACHE_DIR", str(blocked))
    maya = load("maya")
    assert _hint_line(maya).resolves
    line_store.flush()
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_report_run_twice_gives_the_same_report_the_second_time_from_the_store(tmp_path, private_cache_dir):
    maya = load("maya")
    paths = []
    for seed in (1, 2):
        path = tmp_path / f"seed{seed}.json"
        path.write_text(transcript.dumps(random_playthrough(maya, seed)), encoding="utf-8")
        paths.append(str(path))
    out1, out2 = tmp_path / "first.md", tmp_path / "second.md"
    assert main(["report", *paths, "-o", str(out1)]) == 0
    [lines] = _files(private_cache_dir)
    os.utime(lines, ns=(1, 1))
    line_store.forget()
    assert main(["report", *paths, "-o", str(out2)]) == 0
    assert lines.stat().st_mtime_ns == 1, "every line was read back: nothing new to write"
    assert out1.read_text(encoding="utf-8") == out2.read_text(encoding="utf-8")
    assert "A better move was on offer" in out1.read_text(encoding="utf-8")


def test_a_pipe_in_place_of_the_file_is_never_read(private_cache_dir):
    maya = load("maya")
    _hint_line(maya)
    line_store.flush()
    [path] = _files(private_cache_dir)
    path.unlink()
    os.mkfifo(path)
    line_store.forget()
    assert _hint_line(maya).played > 0


def test_a_report_loads_each_profile_once_however_many_transcripts(tmp_path, monkeypatch):
    from simulator.commands import report

    maya = load("maya")
    paths = []
    for seed in (1, 2, 3):
        path = tmp_path / f"seed{seed}.json"
        path.write_text(transcript.dumps(random_playthrough(maya, seed)), encoding="utf-8")
        paths.append(str(path))
    loaded = []
    real = report.patient_for
    monkeypatch.setattr(report, "patient_for", lambda data, path: loaded.append(path) or real(data, path))
    assert main(["report", *paths, "--no-search", "-o", str(tmp_path / "class.md")]) == 0
    assert loaded == paths[:1]
    assert "# Class debrief: 3 sessions" in (tmp_path / "class.md").read_text(encoding="utf-8")
