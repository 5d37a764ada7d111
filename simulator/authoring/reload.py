"""Reloading a profile from disk mid-session and replaying the moves so far: the front end's F5.

Headless, so the pygame front end only has to show the message: a profile that
no longer loads gives its located check errors instead of a crash, and a move the
edit made unavailable stops the replay (SessionRunner.reload) there, with the
session as far as it got.
"""

from __future__ import annotations

from pathlib import Path

from ..engine.diagnostics import ProfileError
from ..engine.profile_loader import load_profile
from ..play.session_runner import SessionRunner

MAX_SHOWN = 5
"""Check errors listed in the message; the rest are counted."""


def reload_runner(runner: SessionRunner, path: str | Path) -> tuple[SessionRunner | None, str]:
    """(runner, message): a runner on the reloaded profile with the moves so far replayed, or (None, the check errors).

    Never raises for a bad profile or a changed one; the message says what
    happened in one short paragraph fit for a status line or an overlay.
    """
    try:
        patient = load_profile(path)
    except ProfileError as exc:
        shown = [d.format().split("\n")[0] for d in exc.diagnostics[:MAX_SHOWN]]
        more = len(exc.diagnostics) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more (run 'rupture check {path}')")
        count = len(exc.diagnostics)
        return None, f"{path} has {count} error{'s' if count != 1 else ''}; kept the session as it was:\n" + "\n".join(shown)
    reloaded, how_far = runner.reload(patient)
    return reloaded, f"reloaded {Path(path).name}; {how_far}"
