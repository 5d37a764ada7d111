"""Where separate work plugs into the front end without the front end knowing it.

The debrief is written elsewhere; once it exists it registers a provider here
(``set_debrief``) that turns a finished session, and the turns the trainee
flagged in detection mode, into sections of text. The end screen offers a
Debrief button only while a provider is registered.
"""

from __future__ import annotations

from typing import Callable, Sequence

DebriefSection = tuple[str, str]
"""(heading, text)."""

DebriefProvider = Callable[[object, Sequence[int]], Sequence[DebriefSection]]
"""(session, flagged_turns) -> sections."""

_debrief: DebriefProvider | None = None


def set_debrief(provider: DebriefProvider | None) -> None:
    global _debrief
    _debrief = provider


def debrief() -> DebriefProvider | None:
    return _debrief
