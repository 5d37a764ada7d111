"""Where sessions are kept: the user's data folder, or one chosen for a class share or a test.

Precedence: an explicit ``--data-dir``, then ``RUPTURE_DATA_DIR``, then the
platform's user data folder (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV = "RUPTURE_DATA_DIR"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return Path(platformdirs.user_data_dir("rupture-simulator", appauthor=False))
