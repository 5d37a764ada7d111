"""A record whose exact bytes passed validation is not validated again; anything else still is."""

from __future__ import annotations

import pytest

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.storage import record_memo, records, transcript


@pytest.fixture
def validated(monkeypatch) -> list[str]:
    """The paths validated against the record models, in order."""
    seen: list[str] = []
    real = records._validate

    def counting(path, data):
        seen.append(str(path))
        real(path, data)

    monkeypatch.setattr(records, "_validate", counting)
    monkeypatch.setattr(record_memo, "_sets", {})
    monkeypatch.setattr(record_memo, "_read_from", {})
    return seen


@pytest.fixture(scope="module")
def good() -> str:
    session = Session(catalogue.load("maya"))
    for move in ["notice_hesitation", "invite_feelings"]:
        session.choose(move)
    return transcript.dumps(session)


def test_the_same_bytes_are_validated_once_even_in_a_new_process(tmp_path, validated, good, monkeypatch):
    path = tmp_path / "t.json"
    path.write_text(good, encoding="utf-8")
    first = records.read_record(path)
    assert records.read_record(path) == first
    monkeypatch.setattr(record_memo, "_sets", {})  # what a new process knows: only the file
    monkeypatch.setattr(record_memo, "_read_from", {})
    assert records.read_record(path) == first
    assert validated == [str(path)]


def test_edited_bytes_are_validated_again_and_refused(tmp_path, validated, good):
    path = tmp_path / "t.json"
    path.write_text(good, encoding="utf-8")
    records.read_record(path)
    path.write_text(good.replace('"move": "invite_feelings"', '"move": "Invite Feelings"'), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(records.RecordError, match=r"turns\.1\.move: .* is not an id"):
            records.read_record(path)
    assert validated == [str(path)] * 3


def test_a_memo_file_of_garbage_is_only_a_miss(tmp_path, validated, good, private_cache_dir):
    (private_cache_dir / "records-known.txt").write_bytes(b"\xff\x00not a hash\n" + b"z" * 64 + b"\n")
    path = tmp_path / "t.json"
    path.write_text(good, encoding="utf-8")
    records.read_record(path)
    records.read_record(path)
    assert validated == [str(path)]


def test_the_memo_keeps_its_newest_lines_when_full(tmp_path, validated, good, monkeypatch, private_cache_dir):
    monkeypatch.setattr(record_memo, "MAX_KNOWN", 4)
    paths = []
    for seed in range(5):
        path = tmp_path / f"t{seed}.json"
        path.write_text(good.replace('"seed": 0', f'"seed": {seed}', 1), encoding="utf-8")
        records.read_record(path)
        paths.append(path)
    kept = (private_cache_dir / "records-known.txt").read_text(encoding="ascii").split()
    assert len(kept) == 3 and kept[-1] == record_memo._key(paths[-1].read_bytes())
