"""Searching a profile's state space with the real engine: coverage, routes, and how hard it plays.

One Session is moved with ``Session.advance`` (the engine's move without the
``transitions`` trigger) and restored from snapshots, and states already seen are remembered, keyed by everything that can
still change the future: beat, meters, turn, and the flags and cause that some
later condition reads. Two passes work together:

- simulator.authoring.reach over-approximates what can happen, so what it rules out is
  unreachable for certain, and its node distances guide the search;
- the concrete search below plays real moves: seeded random playthroughs, then
  A* searches for the shortest route to each ending and for every reply the
  first pass says may happen but no playthrough has given yet.

Every route reported was played on the engine; anything neither proved
impossible nor played within the search budget is reported as undecided.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from dataclasses import dataclass, field

from ..engine.patient import Patient
from ..engine.session import Session, pick_reply
from ..engine.vocabulary import METERS, PITFALL_STRATEGIES
from ..play.session_runner import random_moves
from .reach import HIGH, TURN, Choice, Reach, analyse, is_sink

RANDOM_RUNS = 200
"""Seeded random playthroughs (seeds 0..199) behind the random shares and the clamp statistics."""

SEARCH_BUDGET = 20_000
"""Engine steps one search may take before it gives up."""

TOTAL_BUDGET = 50_000
"""Engine steps the whole exploration may take: random playthroughs, route replays and searches alike."""

CUT_OFF_DOC = "docs/diagnostics.md#analysis-cut-off"

REPEATS = 3
"""A patient who says the same line this many times in a row is reported (lint W236)."""


@dataclass
class Exploration:
    """What ``explore`` found; ``to_json`` gives the figures ``rupture explore --json`` prints."""

    patient: Patient
    reach: Reach
    witnesses: dict[tuple, tuple[str, ...]] = field(default_factory=dict)
    """For each outcome played, a route (move ids) whose last move gives it."""
    beats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For each beat reached, a route that reaches it."""
    resolution_route: list[str] | None = None
    """A resolution route with no move the clinical judgement faults when one was found, else any."""
    clean_resolution: bool = False
    resolution_route_pitfalls: list[str] = field(default_factory=list)
    """The moves on ``resolution_route`` the clinical judgement faults (empty when it is clean)."""
    dropout_route: list[str] | None = None
    empty_offer_route: list[str] | None = None
    """A route to a point where no move is on offer, if one was played."""
    longest_route: list[str] = field(default_factory=list)
    random_resolved_share: float = 0.0
    random_dropout_share: float = 0.0
    random_partial_share: float = 0.0
    random_endings: dict[str, int] = field(default_factory=dict)
    clamps: dict[tuple, list[int]] = field(default_factory=dict)
    """(outcome loc, meter) -> [times given in the random playthroughs, times its effect was cut at 0 or 100]."""
    difficulty: float = 0.0
    steps: int = 0
    seconds: float = 0.0
    states_seen: int = 0
    exhausted: bool = False
    """True when a budget ran out and left something open: the reach pass's, the engine steps', or a
    search's own when a reply, the resolution or the dropout route stayed undecided."""
    budget: int = TOTAL_BUDGET
    repeats: dict[tuple, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    """For each reply played as the third (or later) same line in a row: a route whose last move gives it, and the line."""

    # -- coverage -----------------------------------------------------------------------
    @property
    def reachable_states(self) -> list[str]:
        states = {self.patient.state_of[b] for b in self.beats}
        return [s for s in self.patient.spec.states if s in states]

    @property
    def unreachable_states(self) -> list[str]:
        may = self.reach.may_states
        return [s for s in self.patient.spec.states if s not in may]

    @property
    def unreachable_beats(self) -> list[str]:
        may = self.reach.may_beats
        return [b for b in self.patient.beats if b not in may]

    @property
    def unreachable_replies(self) -> list[Choice]:
        may = self.reach.may_outcomes
        return [c for loc, c in self.reach.choices.items() if loc not in may]

    @property
    def undecided_replies(self) -> list[Choice]:
        return [c for loc, c in self.reach.choices.items() if loc in self.reach.may_outcomes and loc not in self.witnesses]

    @property
    def undecided_states(self) -> list[str]:
        found = set(self.reachable_states)
        return [s for s in self.patient.spec.states
                if s in self.reach.may_states and s not in found]

    @property
    def states_examined(self) -> int:
        """Abstract transitions of the reach pass plus engine steps: what the budgets count."""
        return self.reach.steps + self.steps

    def cut_off_note(self) -> str:
        """The one sentence that says what the budgets left open (``check`` and ``explore`` print it once)."""
        how = "cut off" if self.exhausted else "stopped"
        return (f"analysis {how} after {self.states_examined} states: {len(self.undecided_replies)} replies "
                f"undecided; see {CUT_OFF_DOC}")

    @property
    def distinct_lines(self) -> int:
        opening = self.patient.spec.opening
        lines = set() if opening is None else {opening.line}
        for loc in self.witnesses:
            lines.update(self.reach.choices[loc].outcome.replies)
        return len(lines)

    def to_json(self) -> dict:
        def reply(c: Choice) -> dict:
            line, col = self.patient.locate(c.loc)
            return {"state": c.state, "beat": c.beat, "move": c.move, "branch": c.branch, "line": line, "col": col}

        return {
            "reachable_states": self.reachable_states,
            "unreachable": {
                "states": self.unreachable_states,
                "beats": self.unreachable_beats,
                "replies": [reply(c) for c in self.unreachable_replies],
                "undecided": [reply(c) for c in self.undecided_replies],
            },
            "resolution_route": self.resolution_route,
            "clean_resolution": self.clean_resolution,
            "resolution_route_pitfalls": list(self.resolution_route_pitfalls),
            "dropout_route": self.dropout_route,
            "random_resolved_share": self.random_resolved_share,
            "random_dropout_share": self.random_dropout_share,
            "random_partial_share": self.random_partial_share,
            "longest_route": self.longest_route,
            "distinct_lines": self.distinct_lines,
            "difficulty": self.difficulty,
            "exhausted": self.exhausted,
            "budget": {"engine_steps": self.budget, "engine_steps_used": self.steps,
                       "reach_states": self.reach.steps, "reach_cut_off": self.reach.cut_off},
        }


class _Searcher:
    """The concrete search: one session, stepped and restored, with every state seen remembered."""

    def __init__(self, patient: Patient, reach: Reach, out: Exploration):
        self.patient, self.reach, self.out = patient, reach, out
        self.session = Session(patient)
        self.start = self.session.snapshot()
        self.steps = 0
        self.max_turns = patient.max_turns
        self.seen_count = 0
        self.cut = False
        """A search stopped at its own budget (it matters only if it leaves something undecided)."""
        self.resolved_play: tuple | None = None
        """The shortest random playthrough that resolved: the expert route when the search is cut off."""
        self.penalty = {mid: 2 * (m.strategy in PITFALL_STRATEGIES) + len(m.breaks)
                        for mid, m in patient.spec.moves.items()}

    def key(self, s: Session) -> tuple:
        beat = s.beat
        return (beat, tuple(s.meters.values()), s.flags & self.reach.live_flags[beat],
                s.cause if self.reach.live_cause[beat] else None, s.turn, s.counts, s.previous, s.session_at, s.session_start)

    def spent(self) -> bool:
        """Whether the exploration's step budget is gone; marks it exhausted if so."""
        if self.steps >= self.out.budget:
            self.out.exhausted = True
            return True
        return False

    def node(self, s: Session) -> tuple:
        return self.reach.node_of(s.beat, s.flags, s.cause)

    def record(self, route: tuple, outcome_loc: tuple, s: Session) -> None:
        if outcome_loc not in self.out.witnesses:
            self.out.witnesses[outcome_loc] = route
        if not s.ended and s.beat not in self.out.beats:
            self.out.beats[s.beat] = route
        elif s.ended and s.state in self.patient.endings and s.state not in self.out.beats:
            self.out.beats[s.state] = route
        if s.ended and len(route) > len(self.out.longest_route):
            self.out.longest_route = list(route)

    # -- random playthroughs --------------------------------------------------------------
    def random_runs(self, runs: int) -> None:
        """The same moves ``rupture run --policy random`` makes for seeds 0..runs-1 (one random player,
        simulator.play.session_runner.random_moves)."""
        s = self.session
        endings = {"resolved": 0, "partial": 0, "dropout": 0, "unresolved": 0, "not ended": 0}
        clamps = self.out.clamps
        done = 0
        for seed in range(runs):
            if self.spent():
                break
            s.restore(self.start)
            route: tuple = ()
            said, times = None, 0
            for move in random_moves(s, seed):
                if self.spent():
                    break
                before = tuple(s.meters.values())
                beat = s.beat
                outcome = s.advance(move)
                self.steps += 1
                route += (move,)
                line = pick_reply(outcome.replies, 0, s.turn, beat, move)
                times = times + 1 if line == said else 1
                said = line
                if times >= REPEATS and outcome.loc not in self.out.repeats:
                    self.out.repeats[outcome.loc] = (route, line)
                for name, delta in outcome.effects:
                    cell = clamps.setdefault((outcome.loc, name), [0, 0])
                    cell[0] += 1
                    if not 0 <= before[METERS.index(name)] + delta <= 100:
                        cell[1] += 1
                self.record(route, outcome.loc, s)
            if not s.ended and s.options():
                break  # cut off mid-playthrough: it counts in no share
            endings[s.ended or "not ended"] += 1
            if s.ended == "resolved" and (self.resolved_play is None or len(route) < len(self.resolved_play)):
                self.resolved_play = route
            done += 1
        self.out.random_endings = endings
        self.out.random_resolved_share = round(endings["resolved"] / done, 3) if done else 0.0
        self.out.random_dropout_share = round(endings["dropout"] / done, 3) if done else 0.0
        self.out.random_partial_share = round(endings["partial"] / done, 3) if done else 0.0

    # -- searches -------------------------------------------------------------------------
    def search(self, goal, dist: dict, start=None, route: tuple = (), limit: int | None = None,
               budget: int = SEARCH_BUDGET, rank=None) -> tuple | None:
        """A route from ``start`` whose last move satisfies ``goal(outcome, session)``, or None.

        Without ``rank`` this is A*: ``dist`` (from Reach.distances) never
        overestimates, so the first route found is a shortest one, at most ``limit``
        moves long; among routes of that length it prefers the one with the fewest
        pitfall moves and broken principles (``penalty``), so the expert route is
        also a clean one. With ``rank(session, h)`` it is a greedy best-first search
        that dives toward the goal, for when any route will do.
        """
        s = self.session
        start = start or self.start
        s.restore(start)
        h0 = dist.get(self.node(s))
        if h0 is None or s.ended:
            return None
        tick = itertools.count()
        first = rank(s, h0) if rank else (h0, 0, 0)
        heap = [(first, next(tick), start, route, 0)]
        seen = {self.key(s): 0}
        penalty = self.penalty
        spent = 0
        max_len = self.max_turns - start.turn if limit is None else limit
        base = len(route)
        while heap:
            _prio, _t, snap, path, paid = heapq.heappop(heap)
            s.restore(snap)
            for n, move in enumerate(s.options()):
                if spent >= budget or self.spent():
                    self.cut = True
                    self.seen_count += len(seen)
                    return None
                if n:
                    s.restore(snap)
                outcome = s.advance(move)
                spent += 1
                self.steps += 1
                new_path = path + (move,)
                self.record(new_path, outcome.loc, s)
                if goal(outcome, s):
                    self.seen_count += len(seen)
                    return new_path
                if s.ended:
                    continue
                k = self.key(s)
                cost = paid + penalty[move]
                if k in seen and seen[k] <= cost:
                    continue
                seen[k] = cost
                h = dist.get(self.node(s))
                if h is None:
                    continue
                done = len(new_path) - base
                if done + h > max_len or s.turn + h > self.max_turns:
                    continue
                prio = rank(s, h) if rank else (done + h, cost, -done)
                heapq.heappush(heap, (prio, next(tick), s.snapshot(), new_path, cost))
        self.seen_count += len(seen)
        return None


def explore(patient: Patient, runs: int = RANDOM_RUNS) -> Exploration:
    """Search ``patient``'s state space from the opening; see the module docstring."""
    t0 = time.perf_counter()
    reach = analyse(patient)
    out = Exploration(patient, reach, budget=TOTAL_BUDGET, exhausted=reach.cut_off)
    searcher = _Searcher(patient, reach, out)
    out.beats[patient.initial] = ()
    searcher.random_runs(runs)

    def ending_goal(ending):
        return lambda _o, s: s.ended == ending

    def ending_sink(ending):
        return lambda _loc, dst: is_sink(dst) and dst[1] == ending

    resolved_dist = reach.distances(ending_sink("resolved"))
    route = searcher.search(ending_goal("resolved"), resolved_dist)
    if route is None and (out.exhausted or searcher.cut):
        route = searcher.resolved_play
    out.resolution_route = list(route) if route is not None else None
    searcher.steps += _prefer_clean_route(searcher.session, out, min(CLEAN_ROUTE_BUDGET, out.budget - searcher.steps))
    if reach.may_end("dropout"):
        route = searcher.search(ending_goal("dropout"), reach.distances(ending_sink("dropout")))
        out.dropout_route = list(route) if route is not None else None
    if any(k[2] == "no_options" for k in reach.sinks):
        route = searcher.search(lambda _o, s: s.end_reason == "no move on offer",
                                reach.distances(lambda _loc, dst: is_sink(dst) and dst[2] == "no_options"))
        out.empty_offer_route = list(route) if route is not None else None
    if len(out.longest_route) < patient.max_turns and any(k[2] == "turn_limit" for k in reach.sinks):
        route = searcher.search(lambda _o, s: s.end_reason == "turn limit",
                                reach.distances(lambda _loc, dst: is_sink(dst) and dst[2] == "turn_limit"))
        if route is not None and len(route) > len(out.longest_route):
            out.longest_route = list(route)
    _cover(searcher, out)
    if searcher.cut and (out.undecided_replies or (out.resolution_route is None and reach.may_end("resolved"))
                         or (out.dropout_route is None and reach.may_end("dropout"))):
        out.exhausted = True
    _difficulty(out)
    out.steps = searcher.steps
    out.states_seen = searcher.seen_count
    out.seconds = time.perf_counter() - t0
    return out


CLEAN_ROUTE_BUDGET = 20_000
"""Moves the search for a clean resolution route may play."""


def _prefer_clean_route(session: Session, out: Exploration, budget: int) -> int:
    """The expert route is the best *clean* line from the opening (the debrief's own search), so the
    explorer never teaches a pitfall; where only a faulted route resolves, it is kept and its faults named.
    Returns the engine steps it took, which count against the exploration's budget."""
    from ..debrief.search import best_line, route_faults

    if budget <= 0:
        out.exhausted = True
        return 0
    session.reset()
    line = best_line(session, budget)
    if not line.complete:
        out.exhausted = True
    if line.resolves:
        out.resolution_route, out.clean_resolution, out.resolution_route_pitfalls = list(line.moves), True, []
    elif out.resolution_route is not None:
        out.resolution_route_pitfalls = route_faults(session, out.resolution_route)
    session.reset()
    return line.played + (len(out.resolution_route) if out.resolution_route and out.resolution_route_pitfalls else 0)


def _cover(searcher: _Searcher, out: Exploration) -> None:
    """Play a route to every reply the over-approximation allows and no playthrough has given yet.

    First from where the reply's beat was already reached (often one move away),
    then one greedy search per reply, from that point and from the opening,
    steered by the abstract distance to it, the earliest turn it can come, and how
    far the meters are from where it can come. Every move played counts for the
    other replies too.
    """
    reach = out.reach
    s = searcher.session
    for choice in out.undecided_replies:
        route = out.beats.get(choice.beat)
        if route is None or choice.loc in out.witnesses:
            continue
        if searcher.spent():
            return
        s.restore(searcher.start)
        for move in route:
            s.advance(move)
        searcher.steps += len(route)
        if choice.move in s.options():
            outcome = s.advance(choice.move)
            searcher.steps += 1
            searcher.record(tuple(route) + (choice.move,), outcome.loc, s)
    for budget in (SEARCH_BUDGET // 20, SEARCH_BUDGET // 4):
        for choice in out.undecided_replies:
            if choice.loc in out.witnesses:
                continue
            if searcher.spent():
                return
            target = choice.loc
            dist = reach.distances_to(target)
            pre = reach.pre_boxes[target]

            def rank(s: Session, h: int, pre=pre):
                wait = max(h, pre[TURN] - s.turn + 1)
                meters = s.meters
                off = 0
                for i, m in enumerate(METERS):
                    v = meters[m]
                    off += max(0, pre[i] - v) + max(0, v - pre[HIGH + i])
                return (wait, off, -s.turn, -sum(meters.values()))

            goal = lambda o, _s, t=target: o.loc == t  # noqa: E731
            near = out.beats.get(choice.beat)
            if near:
                s.restore(searcher.start)
                for move in near:
                    s.advance(move)
                searcher.steps += len(near)
                if searcher.search(goal, dist, start=s.snapshot(), route=tuple(near), rank=rank, budget=budget):
                    continue
            searcher.search(goal, dist, rank=rank, budget=budget)


def _difficulty(out: Exploration) -> None:
    """0 (anything works) to 10 (cannot be resolved); docs/diagnostics.md explains the formula.

    0.4 is how rarely random play resolves, on a log scale (1 in 1000 or rarer
    counts in full), 0.3 is how often random play drops out, and 0.3 is the length
    of the expert route against eight moves.
    """
    route = out.resolution_route
    if route is None:
        out.difficulty = 10.0
        return
    rarity = min(1.0, -math.log10(max(out.random_resolved_share, 0.001)) / 3)
    length = min(1.0, len(route) / 8)
    out.difficulty = round(10 * (0.4 * rarity + 0.3 * out.random_dropout_share + 0.3 * length), 1)
