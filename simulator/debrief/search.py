"""The best clean line of play from a position, found by playing the profile forward.

The debrief's "a better move was on offer", the coach's hint and the explorer's
expert route all come from here, so none is hand-written and none can
recommend what the review calls a fault: only moves the clinical judgement
(simulator.debrief.judgement) finds clean are searched. A line that needs a
pitfall to resolve is never offered as the better way; callers that must know
whether such a line exists search again with ``clean=False``.

A* over moves: the cost is turns, the estimate the fewest moves from the beat
to a resolved ending in the profile's graph with every condition assumed to
hold (never more than the truth). Once a resolution is found, the search goes
on a little (``SLACK`` turns longer, within ``ALTERNATIVES`` moves) so that
clinical quality can decide before length does (``_merit``). Positions at
the same beat, flags, cause and recent moves are merged when one has every
meter at least as high and was reached no later. A move budget bounds the
work; when it runs out the line is marked incomplete.

Results are kept per profile and position (``position_key``), so the debriefs
of many transcripts of one patient, and the hints along one session, share
their searches.
"""

from __future__ import annotations

import heapq
import itertools
from collections import OrderedDict, deque
from dataclasses import dataclass, field, fields, replace

from ..engine.conditions import alliance
from ..engine.patient import Patient
from ..engine.session import Session, Snapshot
from ..engine.vocabulary import METERS
from .facts import RISK, moment_now, risk_asked, stage_direction
from .judgement import RELENTLESS, is_clean

BUDGET = 3000
"""Moves one search may play before it stops (under a tenth of a second), fallback included."""

ALTERNATIVES = 500
"""Moves still played, once a resolution is found, looking for clinically better ones."""

SLACK = 2
"""How many turns longer than the shortest a line may be and still win on clinical quality."""

FALLBACK_WEIGHT = 2
"""When A* runs out of budget, weighted A* (estimate counted twice) finds a line at most about twice as long."""

FALLBACK_SHARE = 3
"""One part in this many of a search's budget is kept for the weighted fallback, so the whole stays in budget."""

PARTIALS = 200
"""Lines ending in part kept to choose from, by clinical quality, when no clean line resolves."""

MEMO_SIZE = 50_000
"""Searches remembered across debriefs and hints (least recently used go first)."""

_RANK = {"resolved": 4, "partial": 3, None: 2, "unresolved": 1, "dropout": 0}
_FAR = 10_000


@dataclass(frozen=True)
class Line:
    """A line of play: the moves, where it ends, and the meters there."""

    moves: tuple[str, ...]
    ended: str | None
    """'resolved', 'partial', 'dropout', 'unresolved', or None when still open where the search stopped."""
    meters: dict
    complete: bool = True
    """False when the budget ran out, so a better line may exist."""
    played: int = field(default=0, compare=False)
    """Moves the search played to find it (0 when it was remembered): what a caller's own budget pays."""

    @property
    def turns(self) -> int:
        return len(self.moves)

    @property
    def alliance(self) -> float:
        return alliance(self.meters)

    @property
    def resolves(self) -> bool:
        return self.ended == "resolved"

    def rank(self) -> int:
        """resolved 4, partial 3, still open 2, unresolved 1, dropout 0."""
        return _RANK.get(self.ended, 2)

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


_SNAP_FIELDS = tuple(f.name for f in fields(Snapshot) if f.name != "log")


def position_key(session: Session) -> tuple:
    """Everything the future of a session depends on: its snapshot without the history, and the last moves
    (the clinical judgement reads them)."""
    snap = session.snapshot()
    return tuple(getattr(snap, f) for f in _SNAP_FIELDS) + (session.recent_moves(RELENTLESS - 1),)


def _meters(snap: Snapshot) -> dict:
    return dict(zip(METERS, snap.meters))


def _since(snap: Snapshot, root: Snapshot) -> list:
    return snap.turns_since(root)


_CLEAN: dict[tuple, bool] = {}


def clean_options(session: Session) -> list[str]:
    """The moves on offer now that the clinical judgement does not fault (remembered per profile and moment)."""
    at = moment_now(session)
    moves = session.patient.spec.moves
    sha = session.patient.sha256
    out = []
    for m in session.options():
        key = (sha, m, at)
        clean = _CLEAN.get(key)
        if clean is None:
            if len(_CLEAN) > MEMO_SIZE:
                _CLEAN.clear()
            clean = _CLEAN[key] = is_clean(moves[m], at, m)
        if clean:
            out.append(m)
    return out


class _Fronts:
    """Per (beat, flags, cause, recent moves): the (turn, meters) not dominated by another reached no later."""

    def __init__(self):
        self.kept: dict[tuple, list] = {}

    def admit(self, snap: Snapshot, recent: tuple, asked: bool = False) -> bool:
        front = self.kept.setdefault((snap.beat, snap.flags, snap.cause, recent, asked), [])
        turn, meters = snap.turn, snap.meters
        for t, m in front:
            if t <= turn and all(a >= b for a, b in zip(m, meters)):
                return False
        front[:] = [(t, m) for t, m in front if not (turn <= t and all(a >= b for a, b in zip(meters, m)))]
        front.append((turn, meters))
        return True


def _search(session: Session, root: Snapshot, budget: int, weight: float, clean: bool, asked: bool = False):
    """A* (weight 1) or weighted A*: (resolved snapshots within SLACK of the least cost, best other, budget left).
    ``asked``: a safety question was asked before the root (positions are told apart by it, §8)."""
    dist = distances(session.patient)
    limit = session.patient.spec.max_turns  # no line resolves after the course's last turn
    safety = risk_moves(session.patient)
    fronts = _Fronts()
    tie = itertools.count()
    queue = [((0, 0, 0.0), 0, next(tie), root, asked)]
    found: list[Snapshot] = []
    partial: list[Snapshot] = []
    best_cost = None
    other, other_key = None, None
    while queue and budget > 0:
        priority, g, _, snap, asked = heapq.heappop(queue)
        if best_cost is not None and (weight != 1 or priority[0] > best_cost + SLACK):
            break
        session.restore(snap)
        for move in (clean_options(session) if clean else session.options()):
            if budget <= 0:
                break
            session.restore(snap)
            session.choose(move)
            budget -= 1
            child = session.snapshot()
            if child.ended == "resolved":
                if best_cost is None:
                    budget = min(budget, ALTERNATIVES)
                    best_cost = g + 1
                if g + 1 <= best_cost + SLACK:
                    found.append(child)
                continue
            if child.ended == "partial" and len(partial) < PARTIALS:
                partial.append(child)
            key = (_RANK.get(child.ended, 2), child.turn if child.ended == "dropout" else 0,
                   alliance(_meters(child)), child.turn)
            if other_key is None or key > other_key:
                other, other_key = child, key
            child_asked = asked or move in safety
            if child.ended or not fronts.admit(child, session.recent_moves(RELENTLESS - 1), child_asked):
                continue
            h = dist.get(child.beat, _FAR)
            if h >= _FAR or child.turn + h > limit:
                continue
            a = alliance(_meters(child))
            heapq.heappush(queue, ((g + 1 + weight * h, -(g + 1), -a), g + 1, next(tie), child, child_asked))
    return found, other, budget, partial


_RISK: dict[str, frozenset] = {}


def risk_moves(patient: Patient) -> frozenset:
    """The profile's safety questions (strategy address_risk)."""
    found = _RISK.get(patient.sha256)
    if found is None:
        found = _RISK[patient.sha256] = frozenset(m for m, mv in patient.spec.moves.items() if mv.strategy == RISK)
    return found


def _leaves_risk_unasked(session: Session, root: Snapshot, turns: list, asked: bool) -> bool:
    """Does the line pass a safety question on offer and end with none asked? (§8: safety comes first.)"""
    safety = risk_moves(session.patient)
    owed = False
    session.restore(root)
    for t in turns:
        if not asked and not owed and any(m in safety for m in session.options()):
            owed = True
        if t.move in safety:
            asked, owed = True, False
        session.choose(t.move)
    return owed


def _partial_merit(patient: Patient, turns: list) -> tuple:
    """Among lines that end in part (no clean line resolves), the same clinical order, with the new rupture
    markers the line draws counted before alliance: a partial ending reached without fresh strain is the better
    way to part (§3, §4.6)."""
    back, again, honour, length, ally = _merit(patient, turns)[1:]
    markers = sum(1 for t in turns if t.marker)
    return (back, again, -markers, honour, length, ally)


def _merit(patient: Patient, turns: list, unsafe: bool = False) -> tuple:
    """Higher is better: a safety question on offer asked rather than passed by (§8), then fewest steps back
    along the stages (§3), fewest moves made twice running (§4: watch the response rather than press the same
    button), the largest share of moves honouring a principle (§4), then fewest turns and highest alliance."""
    spec = patient.spec.moves
    back = sum(1 for t in turns if stage_direction(t.stage_before, t.stage, t.state != t.state_before,
                                                    t.ended == "dropout") == "back")
    again = sum(1 for a, b in zip(turns, turns[1:]) if a.move == b.move)
    honour = sum(1 for t in turns if spec[t.move].honours) / len(turns) if turns else 0.0
    return (not unsafe, -back, -again, round(honour, 2), -len(turns), alliance(turns[-1].meters) if turns else 0.0)


_MEMO: OrderedDict = OrderedDict()


def best_line(session: Session, budget: int = BUDGET, clean: bool = True) -> Line:
    """The best line from where ``session`` stands, clean moves only unless ``clean=False``; the session is
    left exactly where it was."""
    root = session.snapshot()
    if root.ended:
        return Line((), root.ended, _meters(root))
    safety = risk_moves(session.patient)
    asked = bool(safety) and risk_asked(session.patient, session.turns)
    key = (session.patient.sha256, budget, clean, position_key(session), asked)
    hit = _MEMO.get(key)
    if hit is not None:
        _MEMO.move_to_end(key)
        return hit
    try:
        first = budget - budget // FALLBACK_SHARE
        found, other, left, partial = _search(session, root, first, 1, clean, asked)
        played = first - left
        complete = bool(found) or left > 0
        if not complete:
            found, _, left, _ = _search(session, root, budget - first, FALLBACK_WEIGHT, clean, asked)
            played += budget - first - left
        lines = [_since(s, root) for s in found]
        unsafe = [bool(safety) and not asked and _leaves_risk_unasked(session, root, t, asked) for t in lines]
    finally:
        session.restore(root)
    if found:
        best = max(zip(lines, unsafe), key=lambda pair: _merit(session.patient, *pair))[0]
        line = Line(tuple(t.move for t in best), "resolved", dict(best[-1].meters), complete)
    elif partial and (other is None or other.ended == "partial"):
        turns = max((s.turns_since(root) for s in partial), key=lambda t: _partial_merit(session.patient, t))
        line = Line(tuple(t.move for t in turns), "partial", dict(turns[-1].meters), complete)
    elif other is None:
        line = Line((), None, _meters(root), complete)
    else:
        line = Line(tuple(t.move for t in _since(other, root)), other.ended, _meters(other), complete)
    _MEMO[key] = line
    line = replace(line, played=played)
    if len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return line


def route_faults(session: Session, moves: list[str]) -> list[str]:
    """The moves of a route, played from the opening, that the clinical judgement faults where they stand."""
    session.reset()
    out = []
    for move in moves:
        if move not in clean_options(session):
            out.append(move)
        session.choose(move)
    return out
