"""Shared test setup. SDL is told to use dummy drivers before anything imports pygame.

Hypothesis runs derandomized (the same examples every run) with no per-example deadline, so a
loaded machine cannot fail a property test; RUPTURE_HYPOTHESIS_PROFILE=explore draws fresh random
examples, and RUPTURE_FUZZ_EXAMPLES raises how many the fuzz tests try.
"""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("explore", deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("RUPTURE_HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
PATIENTS = ROOT / "patients"


@pytest.fixture
def patients_dir() -> Path:
    return PATIENTS


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test saves sessions in its own folder, never in the user's, and sees no one else's saves."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("RUPTURE_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test keeps the profile cache in its own folder, never in the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("RUPTURE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def shots_dir(tmp_path) -> Path:
    """Where a test saves the screenshots it draws: RUPTURE_SHOTS_DIR to look at them, else its own temp folder."""
    folder = Path(os.environ.get("RUPTURE_SHOTS_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
