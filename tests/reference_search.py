"""The better-move search as it was before it was made fast (issue 16; main at 3259c87, safety first §8
included, owning first in a strain the therapist caused, and lines that end in part chosen by clinical
order), kept only to prove the fast one recommends the same lines: A* on the real engine, one Session.choose
per move, nothing remembered."""

from __future__ import annotations

import heapq
import itertools

from simulator.debrief.facts import moment_now, owned_before, risk_asked
from simulator.debrief.judgement import RELENTLESS, is_clean
from simulator.debrief.search import (
    ALTERNATIVES,
    BUDGET,
    FALLBACK_SHARE,
    FALLBACK_WEIGHT,
    PARTIALS,
    SLACK,
    Line,
    _merit,
    _partial_merit,
    distances,
    risk_moves,
)
from simulator.engine.conditions import alliance
from simulator.engine.session import Session
from simulator.engine.vocabulary import METERS

_RANK = {"resolved": 4, "partial": 3, None: 2, "unresolved": 1, "dropout": 0}
_FAR = 10_000


def _meters(snap) -> dict:
    return dict(zip(METERS, snap.meters))


def _clean_options(session: Session) -> list[str]:
    at = moment_now(session)
    return [m for m in session.options() if is_clean(session.patient.spec.moves[m], at, m)]


def _admit(kept: dict, snap, recent: tuple, asked: bool) -> bool:
    front = kept.setdefault((snap.beat, snap.flags, snap.cause, recent, asked), [])
    turn, meters = snap.turn, snap.meters
    for t, m in front:
        if t <= turn and all(a >= b for a, b in zip(m, meters)):
            return False
    front[:] = [(t, m) for t, m in front if not (turn <= t and all(a >= b for a, b in zip(meters, m)))]
    front.append((turn, meters))
    return True


def _search(session: Session, root, budget: int, weight: float, clean: bool, asked: bool):
    dist = distances(session.patient)
    limit = session.patient.spec.max_turns
    safety = risk_moves(session.patient)
    kept: dict = {}
    tie = itertools.count()
    queue = [((0, 0, 0.0), 0, next(tie), root, asked)]
    found: list = []
    partial: list = []
    best_cost = None
    other, other_key = None, None
    while queue and budget > 0:
        priority, g, _, snap, asked = heapq.heappop(queue)
        if best_cost is not None and (weight != 1 or priority[0] > best_cost + SLACK):
            break
        session.restore(snap)
        for move in (_clean_options(session) if clean else session.options()):
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
            if child.ended or not _admit(kept, child, session.recent_moves(RELENTLESS - 1), child_asked):
                continue
            h = dist.get(child.beat, _FAR)
            if h >= _FAR or child.turn + h > limit:
                continue
            a = alliance(_meters(child))
            heapq.heappush(queue, ((g + 1 + weight * h, -(g + 1), -a), g + 1, next(tie), child, child_asked))
    return found, other, budget, partial


def _turns_since(session: Session, snap, root) -> list:
    session.restore(snap)
    return session.turns[root.turn:]


def _leaves_risk_unasked(session: Session, root, turns: list, asked: bool) -> bool:
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


def reference_best_line(session: Session, budget: int = BUDGET, clean: bool = True) -> Line:
    root = session.snapshot()
    if root.ended:
        return Line((), root.ended, _meters(root))
    safety = risk_moves(session.patient)
    asked = bool(safety) and risk_asked(session.patient, session.turns)
    owned = owned_before(session.patient, session.turns)
    try:
        first = budget - budget // FALLBACK_SHARE
        found, other, left, partial = _search(session, root, first, 1, clean, asked)
        complete = bool(found) or left > 0
        if not complete:
            found, _, left, _ = _search(session, root, budget - first, FALLBACK_WEIGHT, clean, asked)
        lines = [_turns_since(session, s, root) for s in found]
        unsafe = [bool(safety) and not asked and _leaves_risk_unasked(session, root, t, asked) for t in lines]
        if found:
            best = max(zip(lines, unsafe), key=lambda pair: _merit(session.patient, *pair, root.cause, owned))[0]
            return Line(tuple(t.move for t in best), "resolved", dict(best[-1].meters), complete)
        if partial and (other is None or other.ended == "partial"):
            turns = max((_turns_since(session, s, root) for s in partial),
                        key=lambda t: _partial_merit(session.patient, t, root.cause, owned))
            return Line(tuple(t.move for t in turns), "partial", dict(turns[-1].meters), complete)
        if other is None:
            return Line((), None, _meters(root), complete)
        return Line(tuple(t.move for t in _turns_since(session, other, root)), other.ended, _meters(other),
                    complete)
    finally:
        session.restore(root)
