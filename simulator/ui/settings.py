"""The player's settings (theme, text size, panels, modes), kept between runs in the user's config folder.

A missing or unreadable file means the defaults, never an error at start; a
file that cannot be written costs the setting, not the session. Tests pass a
folder of their own, so nothing touches the real config folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

FILE = "settings.json"


@dataclass
class Settings:
    theme: str = "normal"
    scale: float = 1.0
    show_meters: bool = True
    show_state: bool = True
    detection: bool = False
    learning: bool = False
    self_awareness: bool = False
    walkthrough_seen: bool = False

    @classmethod
    def from_json(cls, data) -> "Settings":
        out = cls()
        if not isinstance(data, dict):
            return out
        for f in fields(cls):
            value = data.get(f.name)
            if isinstance(value, type(getattr(out, f.name))) or (f.name == "scale" and isinstance(value, int)):
                setattr(out, f.name, value)
        if out.theme not in ("normal", "projector"):
            out.theme = "normal"
        if not 0.7 <= float(out.scale) <= 2.0:
            out.scale = 1.0
        return out


def folder() -> Path:
    """RUPTURE_CONFIG_DIR when set, else the user's config folder for rupture."""
    env = os.environ.get("RUPTURE_CONFIG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("rupture", appauthor=False))


def load(where: Path | None = None) -> Settings:
    path = (where or folder()) / FILE
    try:
        return Settings.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Settings()


def save(settings: Settings, where: Path | None = None) -> str | None:
    """Write the settings atomically; returns why they could not be kept (None when they were)."""
    target = where or folder()
    try:
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / (FILE + ".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=1), encoding="utf-8")
        os.replace(tmp, target / FILE)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
