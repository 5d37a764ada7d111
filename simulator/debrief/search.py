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
the same beat, flags, cause and recent moves, with a safety question asked or
not, are merged when one has every meter at least as high and was reached no
later. A move budget bounds the work; when it runs out the line is marked
incomplete. Moves are played with Session.advance (no Turn recorded, no `transitions` trigger): each
node keeps what the judgement and ``_merit`` read of a turn.

Results are kept per profile and position (``position_key``, the marker
showing, a safety question asked), so the debriefs of many transcripts of one
patient, and the hints along one session, share their searches;
simulator.debrief.line_store keeps them on disk between runs.
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections import deque
from dataclasses import dataclass, field, fields, replace
from operator import ge
from typing import NamedTuple

from ..engine.conditions import alliance
from ..engine.patient import Patient
from ..engine.session import Session, Snapshot, stage_of
from ..engine.vocabulary import METERS
from . import line_store
from .facts import OWNING, RISK, owned_before, risk_asked, stage_direction
from .judgement import RELENTLESS, Moment, is_clean

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
"""Clean judgements remembered across searches (all forgotten at once when full)."""

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


_CLEAN: dict[tuple, list[str]] = {}


def clean_options(session: Session) -> list[str]:
    """The moves on offer now that the clinical judgement does not fault (remembered per profile and moment)."""
    return list(_clean(session.patient, session.options(), session.state, session.cause, session.marker,
                       session.recent_moves(RELENTLESS - 1)))


def _clean(patient: Patient, options: list[str], state: str, cause: str | None, marker: str | None,
           recent: tuple[str, ...]) -> list[str]:
    """The clean moves among ``options`` at a moment, judged once per profile, moment and options."""
    key = (patient.sha256, tuple(options), state, cause, marker, recent)
    out = _CLEAN.get(key)
    if out is None:
        if len(_CLEAN) >= MEMO_SIZE:
            _CLEAN.clear()
        moves = patient.spec.moves
        at = Moment(patient.spec.states[state].kind, cause, marker, tuple(moves[m].strategy for m in recent), recent)
        out = _CLEAN[key] = [m for m in options if is_clean(moves[m], at, m)]
    return out


class _Node:
    """A position the search reached: the engine's snapshot (its history not kept), what the judgement reads
    of the moment (the marker showing, the last moves), whether a safety question has been asked (§8), and
    the move that led here from ``parent``."""

    __slots__ = ("snap", "marker", "recent", "asked", "parent", "move")

    def __init__(self, snap: Snapshot, marker: str | None, recent: tuple[str, ...], asked: bool,
                 parent: _Node | None = None, move: str = ""):
        self.snap, self.marker, self.recent, self.asked = snap, marker, recent, asked
        self.parent, self.move = parent, move

    def path(self) -> list[_Node]:
        """The nodes from the root's first move to this one."""
        out, node = [], self
        while node.parent is not None:
            out.append(node)
            node = node.parent
        out.reverse()
        return out


class _Step(NamedTuple):
    """What ``_merit`` reads of one move of a line (the same fields as a played Turn)."""

    move: str
    state_before: str
    state: str
    stage_before: str | None
    stage: str | None
    ended: str | None
    meters: dict
    marker: str | None = None
    """The rupture marker the patient's reply showed (``_partial_merit`` counts them)."""
    cause: str | None = None
    """Who caused the rupture in play after the move."""


def _steps(patient: Patient, node: _Node) -> list[_Step]:
    out = []
    for n in node.path():
        assert n.parent is not None
        before, state = patient.state_of[n.parent.snap.beat], patient.state_of[n.snap.beat]
        stage_before = stage_of(patient, before)
        stage = stage_before if state == before else stage_of(patient, state)
        out.append(_Step(n.move, before, state, stage_before, stage, n.snap.ended, _meters(n.snap), n.marker,
                         n.snap.cause))
    return out


class _Fronts:
    """Per (beat, flags, cause, recent moves, safety asked): the (turn, meters) not dominated by another reached
    no later."""

    def __init__(self) -> None:
        self.kept: dict[tuple, list] = {}

    def admit(self, snap: Snapshot, recent: tuple, asked: bool = False) -> bool:
        where = (snap.beat, snap.flags, snap.cause, recent, asked)
        turn, meters = snap.turn, snap.meters
        front = self.kept.get(where)
        if front is None:
            self.kept[where] = [(turn, meters)]
            return True
        for t, m in front:
            if t <= turn and all(map(ge, m, meters)):
                return False
        front[:] = [(t, m) for t, m in front if not (turn <= t and all(map(ge, meters, m)))]
        front.append((turn, meters))
        return True


def _search(session: Session, root: _Node, budget: int, weight: float, clean: bool):
    """A* (weight 1) or weighted A*: (resolved nodes within SLACK of the least cost, best other, budget left).

    Moves are played with Session.advance (no Turn is recorded); the node keeps what a Turn would have told
    the judgement and ``_merit``. Positions are told apart by whether a safety question was asked (§8)."""
    patient = session.patient
    dist = distances(patient)
    safety = risk_moves(patient)
    limit = patient.max_turns  # no line resolves after the course's last turn
    keep = RELENTLESS - 1
    fronts = _Fronts()
    tie = itertools.count()
    queue: list[tuple[tuple[float, int, float], int, int, _Node]] = [((0, 0, 0.0), 0, next(tie), root)]
    found: list[_Node] = []
    partial: list[_Node] = []
    best_cost = None
    other, other_key = None, None
    while queue and budget > 0:
        priority, g, _, node = heapq.heappop(queue)
        if best_cost is not None and (weight != 1 or priority[0] > best_cost + SLACK):
            break
        snap, recent = node.snap, node.recent
        session.restore(snap)
        options = session.options()
        moved = False
        if clean:
            options = _clean(patient, options, patient.state_of[snap.beat], snap.cause, node.marker, recent)
        for move in options:
            if budget <= 0:
                break
            if moved:
                session.restore(snap)
            moved = True
            said = session.advance(move).marker
            budget -= 1
            child_snap = session.snapshot()
            if child_snap.session_at != snap.session_at:
                said = session.opening.marker  # the move closed a session: the next one's opening shows
            child_recent = (*recent, move)[-keep:]
            child_asked = node.asked or move in safety
            ended = child_snap.ended
            if ended == "resolved":
                if best_cost is None:
                    budget = min(budget, ALTERNATIVES)
                    best_cost = g + 1
                if g + 1 <= best_cost + SLACK:
                    found.append(_Node(child_snap, said, child_recent, child_asked, node, move))
                continue
            a = sum(child_snap.meters) / len(METERS)
            key = (_RANK.get(ended, 2), child_snap.turn if ended == "dropout" else 0, a, child_snap.turn)
            child = None
            if ended == "partial" and len(partial) < PARTIALS:
                child = _Node(child_snap, said, child_recent, child_asked, node, move)
                partial.append(child)
            if other_key is None or key > other_key:
                other = child = child or _Node(child_snap, said, child_recent, child_asked, node, move)
                other_key = key
            if ended or not fronts.admit(child_snap, child_recent, child_asked):
                continue
            h = dist.get(child_snap.beat, _FAR)
            if h >= _FAR or child_snap.turn + h > limit:
                continue
            child = child or _Node(child_snap, said, child_recent, child_asked, node, move)
            heapq.heappush(queue, ((g + 1 + weight * h, -(g + 1), -a), g + 1, next(tie), child))
    return found, other, budget, partial


_RISK: dict[str, frozenset] = {}


def risk_moves(patient: Patient) -> frozenset:
    """The profile's safety questions (strategy address_risk)."""
    found = _RISK.get(patient.sha256)
    if found is None:
        found = _RISK[patient.sha256] = frozenset(m for m, mv in patient.spec.moves.items() if mv.strategy == RISK)
    return found


def _leaves_risk_unasked(session: Session, end: _Node) -> bool:
    """Does the line to ``end`` pass a safety question on offer and end with none asked? (§8: safety comes
    first.) The session is left anywhere: callers restore it."""
    safety = risk_moves(session.patient)
    owed = False
    for n in end.path():
        assert n.parent is not None
        if not n.parent.asked and not owed:
            session.restore(n.parent.snap)
            owed = any(m in safety for m in session.options())
        if n.move in safety:
            owed = False
    return owed


def _partial_merit(patient: Patient, turns: list, cause: str | None = None, owned: bool = True) -> tuple:
    """Among lines that end in part (no clean line resolves), the same clinical order, with the new rupture
    markers the line draws counted before alliance: a partial ending reached without fresh strain is the better
    way to part (§3, §4.6)."""
    late, back, again, honour, length, ally = _merit(patient, turns, False, cause, owned)[1:]
    markers = sum(1 for t in turns if t.marker)
    return (late, back, again, -markers, honour, length, ally)


def _owned_late(patient: Patient, turns: list, cause: str | None, owned: bool) -> int:
    """Moves made, in a strain the therapist caused, before any owning of it: the apology comes first (§2)."""
    late = 0
    for t in turns:
        if owned:
            break
        if patient.spec.moves[t.move].strategy in OWNING:
            owned = True
        elif cause == "therapist":
            late += 1
        cause = t.cause
    return late


def _merit(patient: Patient, turns: list, unsafe: bool = False, cause: str | None = None, owned: bool = True) -> tuple:
    """Higher is better: a safety question on offer asked rather than passed by (§8); in a strain the therapist
    caused (``cause`` at the start, nothing ``owned`` yet), owning it before anything else (§2: apology, then
    exploration); then fewest steps back along the stages (§3), fewest moves made twice running (§4: watch the
    response rather than press the same button), the largest share of moves honouring a principle (§4), then
    fewest turns and highest alliance."""
    spec = patient.spec.moves
    back = sum(1 for t in turns if stage_direction(t.stage_before, t.stage, t.state != t.state_before,
                                                    t.ended == "dropout") == "back")
    again = sum(1 for a, b in zip(turns, turns[1:]) if a.move == b.move)
    honour = sum(1 for t in turns if spec[t.move].honours) / len(turns) if turns else 0.0
    return (not unsafe, -_owned_late(patient, turns, cause, owned), -back, -again, round(honour, 2), -len(turns),
            alliance(turns[-1].meters) if turns else 0.0)


def _store_key(session: Session, budget: int, clean: bool, asked: bool, owned: bool) -> str:
    """The position (``position_key``, the marker showing, whether a safety question was asked and the therapist's
    part owned) and the search's parameters, as text."""
    return json.dumps([budget, clean, session.marker, asked, owned, *position_key(session)], default=sorted,
                      separators=(",", ":"))


def best_line(session: Session, budget: int = BUDGET, clean: bool = True) -> Line:
    """The best line from where ``session`` stands, clean moves only unless ``clean=False``; the session is
    left exactly where it was."""
    root = session.snapshot()
    if root.ended:
        return Line((), root.ended, _meters(root))
    patient = session.patient
    safety = risk_moves(patient)
    history = session.turns
    asked = bool(safety) and risk_asked(patient, history)
    owned = owned_before(patient, history)
    key = _store_key(session, budget, clean, asked, owned)
    hit = line_store.recall(patient, key)
    if hit is not None:
        return Line(*hit)
    start = _Node(root, session.marker, session.recent_moves(RELENTLESS - 1), asked)
    try:
        first = budget - budget // FALLBACK_SHARE
        found, other, left, partial = _search(session, start, first, 1, clean)
        played = first - left
        complete = bool(found) or left > 0
        if not complete:
            found, _, left, _ = _search(session, start, budget - first, FALLBACK_WEIGHT, clean)
            played += budget - first - left
        unsafe = [bool(safety) and not asked and _leaves_risk_unasked(session, n) for n in found]
    finally:
        session.restore(root)
    if found:
        best = max(zip((_steps(patient, n) for n in found), unsafe),
                   key=lambda pair: _merit(patient, pair[0], pair[1], root.cause, owned))[0]
        line = Line(tuple(t.move for t in best), "resolved", dict(best[-1].meters), complete)
    elif partial and (other is None or other.snap.ended == "partial"):
        steps = max((_steps(patient, n) for n in partial), key=lambda t: _partial_merit(patient, t, root.cause, owned))
        line = Line(tuple(t.move for t in steps), "partial", dict(steps[-1].meters), complete)
    elif other is None:
        line = Line((), None, _meters(root), complete)
    else:
        line = Line(tuple(n.move for n in other.path()), other.snap.ended, _meters(other.snap), complete)
    line_store.keep(patient, key, (line.moves, line.ended, line.meters, line.complete))
    return replace(line, played=played)


def route_faults(session: Session, moves: list[str]) -> list[str]:
    """The moves of a route, played from the opening, that the clinical judgement faults where they stand."""
    session.reset()
    out = []
    for move in moves:
        if move not in clean_options(session):
            out.append(move)
        session.choose(move)
    return out
