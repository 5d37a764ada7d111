"""The coach's hint in learning mode: the next step of the best line the profile allows, in words.

The hint names the marker showing (§2), the stage reached (§3), and the
strategy (§5) and principles (§4) of the best move found by searching the
profile from here; it never gives the move's label, so the trainee still
chooses.
"""

from __future__ import annotations

from ..session import Session
from ..vocabulary import MARKERS, STAGES, STRATEGIES
from .moves_review import principle_text
from .search import BUDGET, best_line


def coach_hint(session: Session, budget: int = BUDGET) -> str:
    """One or two sentences; the session is left where it was."""
    if session.ended:
        return f"The session has ended ({session.ended}); the debrief will go through it with you."
    name = session.patient.name
    parts = []
    if session.marker:
        family, text = MARKERS[session.marker]
        parts.append(f"{name} is showing a {family} marker: {text} (§2).")
    if session.stage:
        parts.append(f"You are at stage {STAGES[session.stage]} (§3).")
    line = best_line(session, budget)
    if not line.moves:
        parts.append("No move on offer leads anywhere better; choose what fits.")
        return " ".join(parts)
    move = session.move(line.moves[0])
    advice = f"Try to {STRATEGIES[move.strategy][1]} (§5)"
    if move.honours:
        advice += ", keeping to " + "; ".join(principle_text(p) for p in move.honours)
    parts.append(advice + ".")
    if line.resolves:
        parts.append(f"From here the rupture can be resolved in {line.turns} turn{'s' if line.turns != 1 else ''}.")
    return " ".join(parts)
