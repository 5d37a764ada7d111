"""Finding patients: the bundled library, or a profile file named by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import ProfileError

if TYPE_CHECKING:
    from .patient import Patient


def bundled_dir() -> Path:
    """The shipped ``patients/`` folder: beside the package in a checkout, inside it when installed."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "patients", here / "patients"):
        if candidate.is_dir():
            return candidate
    return here.parent / "patients"


def bundled_paths() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


@dataclass
class Entry:
    id: str
    path: Path
    patient: Patient | None
    error: ProfileError | None


def bundled() -> list[Entry]:
    """Every bundled profile, loaded; one that fails to load is listed with its error, not hidden."""
    from .profile_loader import load_profile

    out = []
    for path in bundled_paths():
        try:
            out.append(Entry(path.stem, path, load_profile(path), None))
        except ProfileError as exc:
            out.append(Entry(path.stem, path, None, exc))
    return out


class UnknownPatient(LookupError):
    pass


def resolve(name: str) -> Path:
    """A bundled id or a path to a YAML file; raises UnknownPatient with what is available."""
    as_path = Path(name)
    if as_path.suffix in (".yaml", ".yml") or "/" in name or "\\" in name:
        if not as_path.exists():
            raise UnknownPatient(f"no profile file '{name}'")
        return as_path
    for path in bundled_paths():
        if path.stem == name:
            return path
    ids = ", ".join(p.stem for p in bundled_paths()) or "none"
    raise UnknownPatient(f"no bundled patient '{name}' (bundled: {ids}); or give a path to a .yaml profile")


def load(name: str) -> Patient:
    from .profile_loader import load_profile

    return load_profile(resolve(name))
