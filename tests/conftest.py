"""Shared test setup. SDL is told to use dummy drivers before anything imports pygame."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

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
