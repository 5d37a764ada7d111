"""``rupture list`` answers from the profile cache: no second validation, and never a stale or wrong header."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from profiles import MINIMAL, dump, profile

from simulator.engine import profile_cache
from simulator.engine.diagnostics import ProfileError


def test_first_listing_validates_and_remembers_then_answers_from_the_cache(tmp_path, private_cache_dir):
    path = tmp_path / "tiny.yaml"
    path.write_text(dump(MINIMAL), encoding="utf-8")
    first, error = profile_cache.header(path)
    assert error is None and first == profile_cache.Header("tiny", "a minimal test patient", 1)
    entries = list((private_cache_dir / "profiles").glob("*.json"))
    assert len(entries) == 1
    entries[0].write_text(json.dumps({"id": "tiny", "summary": "from the cache", "difficulty": 1}), encoding="utf-8")
    again, _ = profile_cache.header(path)
    assert again.summary == "from the cache"


def test_an_edited_profile_is_validated_afresh(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(dump(MINIMAL), encoding="utf-8")
    profile_cache.header(path)
    path.write_text(dump(profile(summary="edited since")), encoding="utf-8")
    assert profile_cache.header(path)[0].summary == "edited since"


def test_a_profile_that_does_not_load_is_never_cached(tmp_path, private_cache_dir):
    path = tmp_path / "broken.yaml"
    path.write_text(dump(profile(difficulty=9)), encoding="utf-8")
    found, error = profile_cache.header(path)
    assert found is None and isinstance(error, ProfileError)
    assert not list(private_cache_dir.glob("profiles/*.json"))


def test_a_malformed_entry_is_a_miss(tmp_path, private_cache_dir):
    path = tmp_path / "tiny.yaml"
    path.write_text(dump(MINIMAL), encoding="utf-8")
    profile_cache.header(path)
    for entry in private_cache_dir.glob("profiles/*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert profile_cache.header(path)[0].summary == "a minimal test patient"


def test_a_warm_listing_loads_no_profile_and_imports_neither_yaml_nor_pydantic():
    cold = subprocess.run([sys.executable, "-m", "simulator", "list"], capture_output=True, text=True)
    code = ("import sys; from simulator import cli; cli.main(['list']); "
            "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'simulator.engine.profile_loader'))))")
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    lines = warm.stdout.splitlines()
    assert lines[-1] == "[]"
    assert lines[:-1] == cold.stdout.splitlines()


def test_a_profile_validated_before_loads_from_the_cache_and_plays_the_same(tmp_path, patients_dir):
    from simulator.commands.run import random_playthrough
    from simulator.engine.profile_loader import load_profile
    from simulator.storage import transcript

    path = tmp_path / "maya.yaml"
    path.write_bytes((patients_dir / "maya.yaml").read_bytes())
    fresh, cached = load_profile(path), load_profile(path)
    assert isinstance(cached.spec, profile_cache.CachedModel)
    assert not isinstance(fresh.spec, profile_cache.CachedModel)
    assert (cached.sha256, cached.path, cached.initial) == (fresh.sha256, fresh.path, fresh.initial)
    for seed in range(20):
        assert transcript.to_json(random_playthrough(cached, seed)) == transcript.to_json(random_playthrough(fresh, seed))
    loc = ("states", "noticing", "beats")
    assert cached.locate(loc) == fresh.locate(loc)
    with pytest.raises(AttributeError):
        cached.spec.max_turns = 3


def test_an_edit_that_breaks_a_cached_profile_is_reported_not_hidden(tmp_path):
    from simulator.engine.profile_loader import load_profile

    path = tmp_path / "tiny.yaml"
    path.write_text(dump(MINIMAL), encoding="utf-8")
    load_profile(path)
    path.write_text(dump(profile(max_turns=0)), encoding="utf-8")
    with pytest.raises(ProfileError):
        load_profile(path)
