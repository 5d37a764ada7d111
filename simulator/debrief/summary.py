"""The one line a trainee takes away: how it ended, the move that decided it, and how well they noticed."""

from __future__ import annotations

from .detection import Detection
from .episodes import Episode
from .moves_review import MoveReview

RESOLUTION_WORD = {"withdrawal": "self-assertion", "confrontation": "vulnerability"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _outcome(name: str, ended: str | None, turns: int, episodes: list[Episode]) -> str:
    if ended == "resolved":
        return f"Resolved in {_plural(turns, 'turn')}"
    if ended == "dropout":
        return f"{name} dropped out after {_plural(turns, 'turn')}"
    label = episodes[-1].resolution.label if episodes else "no rupture"
    if ended == "unresolved":
        return f"The rupture was still open after {_plural(turns, 'turn')} ({label})"
    return f"Stopped after {_plural(turns, 'turn')} ({label})"


def _move(label: str) -> str:
    """The move as the trainee saw it on its button."""
    return f"\u201c{label}\u201d"


def _lesson(name: str, ended: str | None, episodes: list[Episode], moves: list[MoveReview]) -> str | None:
    decisive = [m for m in moves if m.mattered and m.better]
    if decisive:
        m = max(decisive, key=lambda r: ((r.yours.turns - r.better.best.turns) if r.yours.resolves else 99, -r.turn))
        goal = (f"would have led to resolution in {_plural(m.better.best.turns, 'turn')}"
                if m.better.best.resolves else "would have kept the work going")
        return f"at turn {m.turn}, {_move(m.better.label)} {goal}"
    if ended == "resolved":
        reached = next((m for m in moves if m.stage == "resolution" and m.stage_before != "resolution"), None)
        if reached:
            kind = episodes[-1].type if episodes else "withdrawal"
            word = RESOLUTION_WORD.get(kind, "resolution")
            return f"{name} moved to {word} after {_move(reached.label)} at turn {reached.turn}"
    hurt = [m for m in moves if m.pitfall and m.alliance_delta < 0]
    if hurt:
        worst = min(hurt, key=lambda r: r.alliance_delta)
        return f"what hurt most was {_move(worst.label)} at turn {worst.turn}"
    return None


def _detection(detection: Detection) -> str | None:
    if not detection.scored:
        return None
    text = f"you flagged {len(detection.hits)} of {_plural(len(detection.markers), 'marker')}"
    if detection.false_alarms:
        text += f" with {_plural(len(detection.false_alarms), 'false alarm')}"
    return text


def one_line(name: str, ended: str | None, turns: int, episodes: list[Episode], moves: list[MoveReview],
             detection: Detection) -> str:
    parts = [p for p in (_lesson(name, ended, episodes, moves), _detection(detection)) if p]
    head = _outcome(name, ended, turns, episodes)
    return head + (": " + "; ".join(parts) if parts else "") + "."
