"""The debrief: what happened in a session, what helped, what hurt, and how well the trainee noticed.

Headless: front ends call ``build_debrief`` and draw the plain data it returns;
``coach_hint`` and ``PlayRecord`` are what a learning or detection mode needs
during play. Every comment traces to docs/clinical-model.md and the profile's tags
(docs/feedback.md says which rule makes each one).
"""

from .build import Debrief, build_debrief
from .coach import coach_hint
from .record import PlayRecord

__all__ = ["Debrief", "PlayRecord", "build_debrief", "coach_hint"]
