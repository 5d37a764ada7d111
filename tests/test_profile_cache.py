"""``rupture list`` answers from the profile cache: no second validation, and never a stale or wrong header."""

from __future__ import annotations

import json
import subprocess
import sys

from profiles import MINIMAL, dump, profile

from simulator import profile_cache
from simulator.diagnostics import ProfileError


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
            "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'simulator.profile_loader'))))")
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    lines = warm.stdout.splitlines()
    assert lines[-1] == "[]"
    assert lines[:-1] == cold.stdout.splitlines()
