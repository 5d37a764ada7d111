"""The best line of play from a position, found by playing the profile forward.

The debrief's "a better move was on offer" and the coach's hint both come from
here, so neither is hand-written: every line reported was played on the engine
with ``Session.snapshot``/``restore``.

A* over moves: the cost is turns, the estimate is the fewest moves from the
beat to a resolved ending in the profile's graph with every condition assumed
to hold (never more than the truth), so the first resolutions found are the
fewest turns away; among those, the line with fewest moves the profile tags
as pitfalls or as breaking a principle, then the highest alliance, wins. Two positions at the
same beat with the same flags and cause are merged when one has every meter at
least as high and was reached no later: it can do no worse, since conditions
and the dropout rule reward higher meters. A move budget bounds the work; if it
runs out before a resolution is found, weighted A* looks for one, and the line
is marked as not proven shortest.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from dataclasses import dataclass

from ..conditions import alliance
from ..patient import Patient
from ..session import Session, Snapshot
from ..profile_model import Move
from ..vocabulary import METERS, PITFALL_STRATEGIES

BUDGET = 6000
"""Moves one search may play before it stops (a few tenths of a second)."""

ALTERNATIVES = 1500
"""Moves still played, once the shortest resolution is found, looking for equally short ones that are better."""

FALLBACK_WEIGHT = 2
"""When A* runs out of budget, weighted A* (estimate counted twice) finds a line at most about twice as long."""

_RANK = {"resolved": 3, None: 2, "unresolved": 1, "dropout": 0}
_FAR = 10_000


@dataclass(frozen=True)
class Line:
    """A line of play: the moves, where it ends, and the meters there."""

    moves: tuple[str, ...]
    ended: str | None
    """'resolved', 'dropout', 'unresolved', or None when still open where the search stopped."""
    meters: dict
    complete: bool = True
    """False when the budget ran out, so a shorter or better line may exist."""

    @property
    def turns(self) -> int:
        return len(self.moves)

    @property
    def alliance(self) -> float:
        return alliance(self.meters)

    @property
    def resolves(self) -> bool:
        return self.ended == "resolved"

    def score(self) -> tuple:
        """Higher is better: resolved before open before unresolved before dropout; sooner; higher alliance."""
        if self.ended == "resolved":
            return (3, -self.turns, self.alliance)
        if self.ended == "dropout":
            return (0, self.turns, self.alliance)
        return (_RANK[self.ended], 0, self.alliance)

    def after(self, move: str) -> "Line":
        """This line with ``move`` played before it."""
        return Line((move,) + self.moves, self.ended, self.meters, self.complete)

    def to_json(self) -> dict:
        return {
            "moves": list(self.moves),
            "ended": self.ended,
            "turns": self.turns,
            "meters": dict(self.meters),
            "alliance": round(self.alliance, 2),
            "search_complete": self.complete,
        }


_DISTANCES: dict[str, tuple[Patient, dict]] = {}


def distances(patient: Patient) -> dict[str, int]:
    """Fewest moves from each beat to a resolved ending, every condition assumed to hold."""
    cached = _DISTANCES.get(patient.sha256)
    if cached and cached[0] is patient:
        return cached[1]
    into: dict[str, set] = {}
    for beat in patient.beats.values():
        for rule in beat.options:
            for outcome in [o for _, o in rule.branches] + [rule.fallback]:
                into.setdefault(outcome.target, set()).add(beat.name)
    dist = {s: 0 for s, state in patient.endings.items() if state.ending == "resolved"}
    queue = deque(dist)
    while queue:
        here = queue.popleft()
        for source in into.get(here, ()):
            if source not in dist:
                dist[source] = dist[here] + 1
                queue.append(source)
    _DISTANCES[patient.sha256] = (patient, dist)
    return dist


def is_fault(move: Move) -> bool:
    """A move the profile tags as a pitfall (§5) or as breaking a principle (§4)."""
    return move.strategy in PITFALL_STRATEGIES or bool(move.breaks)


def _meters(snap: Snapshot) -> dict:
    return dict(zip(METERS, snap.meters))


def _moves_since(snap: Snapshot, root: Snapshot) -> tuple[str, ...]:
    out, cell = [], snap.log
    while cell is not None and cell is not root.log:
        out.append(cell[0].move)
        cell = cell[2]
    return tuple(reversed(out))


class _Fronts:
    """Per (beat, flags, cause): the (turn, meters) not dominated by another reached no later."""

    def __init__(self):
        self.kept: dict[tuple, list] = {}

    def admit(self, snap: Snapshot) -> bool:
        front = self.kept.setdefault((snap.beat, snap.flags, snap.cause), [])
        turn, meters = snap.turn, snap.meters
        for t, m in front:
            if t <= turn and all(a >= b for a, b in zip(m, meters)):
                return False
        front[:] = [(t, m) for t, m in front if not (turn <= t and all(a >= b for a, b in zip(meters, m)))]
        front.append((turn, meters))
        return True


def _search(session: Session, root: Snapshot, budget: int, weight: float):
    """A* (weight 1) or weighted A*: (resolved snapshots at the least cost found, best other, budget left)."""
    dist = distances(session.patient)
    fronts = _Fronts()
    tie = itertools.count()
    queue = [((0, 0, 0.0), 0, next(tie), root)]
    found: list[Snapshot] = []
    best_cost = None
    other, other_key = None, None
    while queue and budget > 0:
        priority, g, _, snap = heapq.heappop(queue)
        if best_cost is not None and (weight != 1 or priority[0] > best_cost):
            break
        session.restore(snap)
        for move in session.options():
            if budget <= 0:
                break
            session.restore(snap)
            session.choose(move)
            budget -= 1
            child = session.snapshot()
            if child.ended == "resolved":
                if best_cost is None:
                    budget = min(budget, ALTERNATIVES)
                if best_cost is None or g + 1 < best_cost:
                    found, best_cost = [child], g + 1
                elif g + 1 == best_cost:
                    found.append(child)
                continue
            key = Line((), child.ended, _meters(child)).score() + (child.turn,)
            if other_key is None or key > other_key:
                other, other_key = child, key
            if child.ended or not fronts.admit(child):
                continue
            h = dist.get(child.beat, _FAR)
            if h >= _FAR:
                continue
            a = alliance(_meters(child))
            heapq.heappush(queue, ((g + 1 + weight * h, -(g + 1), -a), g + 1, next(tie), child))
    return found, other, budget


def best_line(session: Session, budget: int = BUDGET) -> Line:
    """The best line from where ``session`` stands; the session is left exactly where it was."""
    root = session.snapshot()
    if root.ended:
        return Line((), root.ended, _meters(root))
    try:
        found, other, left = _search(session, root, budget, 1)
        complete = bool(found) or left > 0
        if not complete:
            found, _, _ = _search(session, root, budget, FALLBACK_WEIGHT)
    finally:
        session.restore(root)
    if found:
        moves = session.patient.spec.moves

        def merit(snap: Snapshot) -> tuple:
            faults = sum(1 for m in _moves_since(snap, root) if is_fault(moves[m]))
            return (-faults, alliance(_meters(snap)))

        best = max(found, key=merit)
        return Line(_moves_since(best, root), "resolved", _meters(best), complete)
    if other is None:
        return Line((), None, _meters(root), complete)
    return Line(_moves_since(other, root), other.ended, _meters(other), complete)
