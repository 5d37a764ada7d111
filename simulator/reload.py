"""Reloading a profile from disk mid-session and replaying the moves so far: the front end's F5.

Headless, so the pygame front end only has to show the message: a profile that
no longer loads gives its located check errors instead of a crash, and a move the
edit made unavailable stops the replay there, with the session as far as it got.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import ProfileError
from .profile_loader import load_profile
from .session import MoveUnavailable, Session

MAX_SHOWN = 5
"""Check errors listed in the message; the rest are counted."""


def reload_and_replay(path: str | Path, moves: list[str], seed: int = 0) -> tuple[Session | None, str]:
    """(session, message): the reloaded profile with ``moves`` replayed, or (None, the check errors).

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
    session = Session(patient, seed=seed)
    for i, move in enumerate(moves, 1):
        try:
            session.choose(move)
        except MoveUnavailable as exc:
            if exc.ended:
                why = f"the session had already ended ({exc.ended}) after move {i - 1}"
            elif move not in patient.spec.moves:
                why = f"move '{move}' is no longer in the profile"
            else:
                why = f"'{move}' is no longer on offer here (on offer: {', '.join(exc.offered) or 'nothing'})"
            return session, (f"reloaded {Path(path).name}; replayed {i - 1} of {len(moves)} moves and stopped at "
                             f"move {i}: {why}")
    return session, f"reloaded {Path(path).name}; replayed all {len(moves)} move{'s' if len(moves) != 1 else ''}"
