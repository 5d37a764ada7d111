"""The coach's hint in learning mode: the next step of the best clean line the profile allows, in words.

The hint names the marker showing (§2), the stage reached (§3), and the
strategy (§5) and principles (§4) of the first move of the best clean line
from here (simulator.debrief.search), so it never suggests a move the clinical
model faults. Where a question about safety is on offer and has not been asked,
the hint says to ask it first (§8: safety comes before the rupture work). It
never gives the move's label, so the trainee still chooses, and never counts
turns to resolution.
"""

from __future__ import annotations

from ..engine.session import Session
from ..engine.vocabulary import MARKERS, STAGES, STRATEGIES
from .facts import risk_open
from .judgement import principle_text
from .search import BUDGET, best_line


def coach_hint(session: Session, budget: int = BUDGET) -> str:
    """One to three sentences; the session is left where it was."""
    if session.ended:
        return f"The session has ended ({session.ended}); the debrief will go through it with you."
    name = session.patient.name
    parts = []
    if session.marker:
        family, text = MARKERS[session.marker]
        parts.append(f"{name} is showing a {family} marker: {text} (§2).")
    if session.stage:
        parts.append(f"You are at stage {STAGES[session.stage]} (§3).")
    if _come_back(session):
        parts.append("This rupture has come back from an earlier session: expect revisits, and meet it as new "
                     "each time (§4.10).")
    safety = risk_open(session)
    if safety:
        parts.append(f"Safety first: one of the moves on offer asks about {name}'s safety, and it has not been "
                     "asked yet. Ask it now, even if it strains the alliance; the strain can be repaired "
                     "afterwards (§8).")
        return " ".join(parts)
    line = best_line(session, budget)
    if not line.moves:
        parts.append("None of the moves on offer is clearly right here; choose what fits what you notice, "
                     "and watch the response (§4.6).")
        return " ".join(parts)
    move = session.move(line.moves[0])
    advice = f"A move to consider: {STRATEGIES[move.strategy][1]} (§5)"
    if move.honours:
        advice += ", keeping to " + "; ".join(principle_text(p) for p in move.honours)
    parts.append(advice + ".")
    if not line.resolves:
        parts.append("From here, keep the work going rather than expecting to resolve it yet.")
    return " ".join(parts)


def _come_back(session: Session) -> bool:
    """Is the patient, in a later session of a course, back in a rupture state of an earlier session?"""
    if session.session_id is None or session.kind not in ("withdrawal", "confrontation"):
        return False
    return any(t.session not in (None, session.session_id) and t.state_before == session.state
               for t in session.turns)
