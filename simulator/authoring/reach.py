"""What a profile can possibly reach: a sound over-approximation of its whole state space.

The exact state space (beat, four meters, flags, cause, turn) is far too large to
enumerate: meters alone give millions of combinations by turn ten. This pass keeps
beat, flags and cause exact, and for every path that shares them keeps one box: a
low and a high bound for each meter and for the turn. Conditions are judged
three-valued (surely true, surely false, or maybe) against the box, reading the
same compiled form the engine plays by (simulator.engine.conditions), so anything
this pass calls impossible is impossible in play, and the linter can say
"unreachable" without a false alarm. What it calls possible still needs a real
route, which simulator.authoring.explore finds, using the distances computed here as an
admissible search heuristic.

A node is a beat, the flags its own conditions read, and the cause where it can
still matter; every other flag is carried as "surely set / surely unset / maybe".
That keeps a profile with a dozen flags to a few hundred nodes.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Union

from ..engine.conditions import (
    FALSE,
    MAYBE,
    NOT3,
    TRUE,
    AllianceIn,
    AllOf,
    AnyOf,
    Bound,
    CauseIs,
    Cond,
    FlagsSet,
    FlagsUnset,
    MeterIn,
    Not,
    TurnIn,
    condition_form,
    flags_read,
)
from ..engine.patient import Outcome, Patient
from ..engine.profile_model import Condition
from ..engine.vocabulary import METERS

METER_COUNT = len(METERS)
METER_SLOT = {m: i for i, m in enumerate(METERS)}
"""A meter's place among a box's lows (and, after HIGH, among its highs)."""
TURN = METER_COUNT
"""The turn's place, after the meters."""
HIGH = METER_COUNT + 1
"""Where a box's highs start: box[i] is the low of dimension i, box[HIGH + i] its high."""


class Box(NamedTuple):
    """The low and high bound of each meter and of the turn, over every session a node stands for."""

    bond_lo: int
    goals_lo: int
    tasks_lo: int
    real_lo: int
    turn_lo: int
    bond_hi: int
    goals_hi: int
    tasks_hi: int
    real_hi: int
    turn_hi: int


class NodeKey(NamedTuple):
    """One node: sessions at a beat that agree on every flag and cause the future there can read."""

    beat: str
    flags: frozenset
    """The flags read at that beat that are set."""
    cause: str | None
    """The cause, where it can still matter (else None)."""


class Value(NamedTuple):
    """What the analysis knows of every session at a node."""

    box: Box
    surely_set: frozenset
    """Live flags set in every such session."""
    maybe_set: frozenset
    """Live flags set in some of them."""


class Sink(NamedTuple):
    """Where an edge ends the session."""

    kind: str
    """Always "end"."""
    ending: str | None
    """The ending reached (an ending state always names one)."""
    reason: str
    """state | rule | turn_limit | no_options"""
    state: str


Judgement = Callable[[Box, frozenset, Union[str, None]], int]
_new = tuple.__new__
"""``_new(Box, values)`` builds a named tuple from an iterable without the keyword-checking constructor,
which the pass calls hundreds of thousands of times."""

WIDEN_AFTER = 3
"""A node whose box has grown this many times has its growing bounds pushed to their limits."""

STATE_BUDGET = 60_000
"""Abstract transitions the pass may follow before it stops (its time bound)."""

NODE_BUDGET = 20_000
"""Nodes it may keep (its memory bound); a bundled patient needs a few hundred."""


@dataclass(frozen=True)
class Choice:
    """One outcome of one option, as the analysis, the explorer and the linter refer to it."""

    beat: str
    state: str
    option: int
    branch: int | None
    """None for the option's own (fallback) outcome."""
    move: str
    outcome: Outcome
    condition: Condition | None
    """The branch's ``when`` (None for the fallback)."""

    @property
    def loc(self) -> tuple:
        return self.outcome.loc


class _Judge:
    """The reach pass's interpretation of the compiled form: a three-valued judgement of a box,
    as a function of (box, flags, cause). What reads the moves made is MAYBE: the box does not hold it."""

    def flags_set(self, node: FlagsSet) -> Judgement:
        need = frozenset(node.flags)
        return lambda _box, flags, _cause: TRUE if need <= flags else FALSE

    def flags_unset(self, node: FlagsUnset) -> Judgement:
        banned = frozenset(node.flags)
        return lambda _box, flags, _cause: TRUE if banned.isdisjoint(flags) else FALSE

    def meter_in(self, node: MeterIn) -> Judgement:
        return self._dim(METER_SLOT[node.meter], node.bound)

    def turn_in(self, node: TurnIn) -> Judgement:
        return self._dim(TURN, node.bound)

    @staticmethod
    def _dim(i: int, bound: Bound) -> Judgement:
        judge, top = bound.judge, HIGH + i
        return lambda box, _flags, _cause: judge(box[i], box[top])

    def alliance_in(self, node: AllianceIn) -> Judgement:
        judge = node.total.judge
        return lambda box, _flags, _cause: judge(sum(box[:METER_COUNT]), sum(box[HIGH:HIGH + METER_COUNT]))

    def cause_is(self, node: CauseIs) -> Judgement:
        want = node.cause
        return lambda _box, _flags, cause: TRUE if cause == want else FALSE

    def _free(self, _node) -> Judgement:
        return lambda _box, _flags, _cause: MAYBE

    session_is = chosen_in = previous_is = _free

    def any_of(self, node: AnyOf) -> Judgement:
        return _fold([p.accept(self) for p in node.parts], decisive=TRUE, otherwise=FALSE)

    def not_(self, node: Not) -> Judgement:
        inner = node.part.accept(self)
        return lambda box, flags, cause: NOT3[inner(box, flags, cause)]

    def all_of(self, node: AllOf) -> Judgement:
        return _fold([p.accept(self) for p in node.parts], decisive=FALSE, otherwise=TRUE)


def _fold(parts: list[Judgement], decisive: int, otherwise: int) -> Judgement:
    """Every part together: ``decisive`` as soon as one part surely is, else MAYBE if one may be, else ``otherwise``
    (FALSE decides "all of", TRUE decides "any of")."""
    def judge(box: Box, flags: frozenset, cause: str | None) -> int:
        out = otherwise
        for p in parts:
            v = p(box, flags, cause)
            if v == decisive:
                return decisive
            if v == MAYBE:
                out = MAYBE
        return out
    return judge


def _cond3(cond: Condition | None) -> Cond3 | None:
    form = condition_form(cond)
    return None if form is None else Cond3(form)


class Cond3:
    """A profile condition's compiled form, judged three-valued on a box and used to narrow one."""

    __slots__ = ("form", "judges", "value", "inside", "outside")

    def __init__(self, form: AllOf):
        self.form = form
        judge = _Judge()
        self.judges = [p.accept(judge) for p in form.parts]
        self.value: Judgement = form.accept(judge)
        """TRUE, FALSE or MAYBE for (box, flags, cause)."""
        ranges = [p if isinstance(p, RANGE_PARTS) else None for p in form.parts]
        self.inside = [_narrower(p, _number_bound(p)) for p in ranges if p is not None]
        """For each bound the condition sets, a function narrowing a box to where it holds."""
        self.outside = [None if p is None or len(_number_bound(p).outside()) != 1
                        else _narrower(p, _number_bound(p).outside()[0]) for p in ranges]
        """For each part that is a one-sided bound, a function narrowing a box to where it fails."""

    def narrow(self, box: Box | None) -> Box | None:
        """A box holding every point of ``box`` where this may hold (None: there is none)."""
        for inside in self.inside:
            if box is None:
                return None
            box = inside(box)
        return box

    def narrow_not(self, box: Box, flags: frozenset, cause: str | None) -> Box | None:
        """A box holding every point of ``box`` where this may fail (None: it surely holds).

        Exact when the only uncertain part is a one-sided bound ("bond at least 58",
        "turn at most 5"); otherwise the box is kept whole, which is still sound.
        """
        unsure = []
        for i, judge in enumerate(self.judges):
            v = judge(box, flags, cause)
            if v == FALSE:
                return box
            if v == MAYBE:
                unsure.append(i)
        if not unsure:
            return None
        if len(unsure) == 1:
            outside = self.outside[unsure[0]]
            if outside is not None:
                return outside(box)
        return box


RANGE_PARTS = (MeterIn, TurnIn, AllianceIn)


def _number_bound(part: MeterIn | TurnIn | AllianceIn) -> Bound:
    """The bound on the number the box holds: a meter, the turn, or the meters' total for the alliance."""
    return part.total if isinstance(part, AllianceIn) else part.bound


def _narrower(part: MeterIn | TurnIn | AllianceIn, bound: Bound) -> Callable[[Box], Box | None]:
    """A function narrowing a box to where ``part``'s number (see ``_number_bound``) lies within ``bound``."""
    if isinstance(part, AllianceIn):
        return lambda box: _clip_sum(box, bound)
    i = TURN if isinstance(part, TurnIn) else METER_SLOT[part.meter]
    return lambda box: _clip(box, i, bound)


def _clip(box: Box, i: int, bound: Bound) -> Box | None:
    lo, hi = bound.lo, bound.hi
    if (lo is None or lo <= box[i]) and (hi is None or hi >= box[HIGH + i]):
        return box
    b = list(box)
    if lo is not None and lo > b[i]:
        b[i] = lo
    if hi is not None and hi < b[HIGH + i]:
        b[HIGH + i] = hi
    return None if b[i] > b[HIGH + i] else _new(Box, b)


def _clip_sum(box: Box, total: Bound) -> Box | None:
    """Narrow each meter so that the four can still add up to within ``total``."""
    smin, smax = total.lo, total.hi
    b = list(box)
    los, his = sum(b[:METER_COUNT]), sum(b[HIGH:HIGH + METER_COUNT])
    if total.judge(los, his) == FALSE:
        return None
    for i in range(METER_COUNT):
        if smin is not None:
            b[i] = max(b[i], smin - (his - b[HIGH + i]))
        if smax is not None:
            b[HIGH + i] = min(b[HIGH + i], smax - (los - b[i]))
    return _new(Box, b)


def _hull(a: Box, b: Box) -> Box:
    return _new(Box, [*map(min, a[:HIGH], b[:HIGH]), *map(max, a[HIGH:], b[HIGH:])])


@dataclass
class Reach:
    patient: Patient
    choices: dict[tuple, Choice]
    """Every outcome in the profile, by its location in the YAML."""
    nodes: dict[NodeKey, Value]
    edges: set[tuple[NodeKey, tuple, object]]
    """(node, outcome loc, next node or sink) for every transition that may happen."""
    local_flags: dict[str, frozenset]
    live_cause: dict[str, bool]
    may_outcomes: set[tuple] = field(default_factory=set)
    may_offer: set[tuple] = field(default_factory=set)
    """Option locations that may be on offer somewhere."""
    pre_boxes: dict[tuple, Box] = field(default_factory=dict)
    """For each outcome, the hull of the meters (and turns) it may be taken with."""
    sinks: set[Sink] = field(default_factory=set)
    empty_offer: set[NodeKey] = field(default_factory=set)
    """Nodes where every option may be disabled at once."""
    live_flags: dict[str, frozenset] = field(default_factory=dict)
    """Per beat, the flags some later condition may read (see ``live_memory``)."""
    seconds: float = 0.0
    steps: int = 0
    """Abstract transitions followed."""
    cut_off: bool = False
    """True when the budget ran out: then every beat, reply and ending is taken as possible (still sound)."""
    _back: dict | None = field(default=None, repr=False)
    _sources: dict | None = field(default=None, repr=False)

    @property
    def may_beats(self) -> set[str]:
        return {k[0] for k in self.nodes}

    @property
    def may_states(self) -> set[str]:
        return {self.patient.state_of[b] for b in self.may_beats} | {s[3] for s in self.sinks}

    def may_end(self, ending: str) -> bool:
        return any(s[1] == ending for s in self.sinks)

    def node_of(self, beat: str, flags: frozenset, cause) -> NodeKey:
        """The node a real session at this beat, with these flags and cause, belongs to."""
        return _new(NodeKey, (beat, flags & self.local_flags[beat], cause if self.live_cause[beat] else None))

    def distances(self, is_goal) -> dict[NodeKey, int]:
        """Fewest moves from each node to a transition for which ``is_goal(outcome_loc, dest)`` holds.

        Every real move is one of these edges, so this never overestimates: an
        admissible and consistent A* heuristic. Nodes that cannot reach the goal are absent.
        After a cut-off the edges are incomplete, so every node gets distance 0.
        """
        if self.cut_off:
            return _Zero()
        return self._back_from({src for src, loc, dst in self.edges if is_goal(loc, dst)})

    def distances_to(self, outcome_loc: tuple) -> dict[NodeKey, int]:
        """``distances`` to the transitions that give one outcome, found by its location, not by a scan."""
        if self.cut_off:
            return _Zero()
        if self._sources is None:
            self._sources = defaultdict(set)
            for src, loc, _dst in self.edges:
                self._sources[loc].add(src)
        return self._back_from(self._sources.get(outcome_loc, set()))

    def _back_from(self, first: set[NodeKey]) -> dict[NodeKey, int]:
        """Breadth-first back along the edges from the nodes one move from the goal."""
        if self._back is None:
            self._back = defaultdict(list)
            for src, _loc, dst in self.edges:
                if not is_sink(dst):
                    self._back[dst].append(src)
        back = self._back
        dist = dict.fromkeys(first, 1)
        queue: deque = deque(first)
        while queue:
            node = queue.popleft()
            d = dist[node] + 1
            for prev in back.get(node, ()):
                if prev not in dist:
                    dist[prev] = d
                    queue.append(prev)
        return dist


class _Zero(dict):
    """Distance 0 to anything: the only admissible guess once the pass was cut off."""

    def get(self, key, default=None):
        return 0


def is_sink(dst) -> bool:
    return isinstance(dst, Sink)


def choices_of(patient: Patient) -> dict[tuple, Choice]:
    out: dict[tuple, Choice] = {}
    for beat in patient.beats.values():
        spec_beat = patient.spec.states[beat.state].beats[beat.name]
        for i, rule in enumerate(beat.options):
            spec_opt = spec_beat.options[i]
            for j, (_pred, outcome) in enumerate(rule.branches):
                out[outcome.loc] = Choice(beat.name, beat.state, i, j, rule.move, outcome, spec_opt.branches[j].when)
            out[rule.fallback.loc] = Choice(beat.name, beat.state, i, None, rule.move, rule.fallback, None)
    return out


def _spec_options(patient: Patient, beat: str):
    return patient.spec.states[patient.state_of[beat]].beats[beat].options


def _reads_cause(cond: Condition | None) -> bool:
    if cond is None:
        return False
    return cond.cause is not None or any(_reads_cause(c) for c in cond.any) or _reads_cause(cond.not_)


def live_memory(patient: Patient) -> tuple[dict[str, frozenset], dict[str, bool]]:
    """Per beat, the flags whose value can still matter, and whether the cause can.

    A flag matters at a beat if a condition there reads it, or it matters at a beat
    a move leads to and that move does not set or clear it first. Two sessions that
    differ only in what does not matter have the same future.
    """
    live: dict[str, set] = {}
    live_cause: dict[str, bool] = {}
    for name in patient.beats:
        found: set = set()
        cause = False
        for opt in _spec_options(patient, name):
            for c in [opt.when] + [br.when for br in opt.branches]:
                found |= flags_read(c)
                cause |= _reads_cause(c)
        live[name], live_cause[name] = found, cause
    changed = True
    while changed:
        changed = False
        for name, beat in patient.beats.items():
            for rule in beat.options:
                for outcome in [o for _p, o in rule.branches] + [rule.fallback]:
                    target = outcome.target
                    if target not in patient.beats:
                        continue
                    extra = live[target] - outcome.sets - outcome.clears - live[name]
                    if extra:
                        live[name] |= extra
                        changed = True
                    if not live_cause[name] and live_cause[target] and outcome.cause is None:
                        target_state = patient.state_of[target]
                        if target_state == beat.state or patient.spec.states[target_state].cause is None:
                            live_cause[name] = True
                            changed = True
    return {b: frozenset(f) for b, f in live.items()}, live_cause


class _Compiled:
    """The profile's options with their conditions compiled once for the analysis."""

    def __init__(self, patient: Patient):
        self.options: dict[str, list] = {}
        for name, beat in patient.beats.items():
            spec_opts = _spec_options(patient, name)
            rows = []
            for i, rule in enumerate(beat.options):
                when = _cond3(spec_opts[i].when)
                branches = [(_cond3(spec_opts[i].branches[j].when), o) for j, (_p, o) in enumerate(rule.branches)]
                rows.append((rule, when, branches))
            self.options[name] = rows


class _Arrival:
    """Where one outcome leads, read from the profile once so a transition looks nothing up."""

    __slots__ = ("outcome", "ending", "effects", "target", "state", "sets_cause", "cause_lives", "live", "local",
                 "always_offers", "offers")

    def __init__(self, stepper: _Stepper, beat: str, outcome: Outcome):
        patient = stepper.patient
        target = outcome.target
        self.outcome = outcome
        ending = patient.endings.get(target)
        self.ending: Sink | None = None if ending is None else Sink("end", ending.ending, "state", target)
        self.effects = tuple((METER_SLOT[m], d) for m, d in outcome.effects)
        self.target = target
        self.state = patient.state_of[target]
        entered = patient.spec.states[self.state].cause if self.state != patient.state_of[beat] else None
        self.sets_cause: str | None = outcome.cause if outcome.cause is not None else entered
        """The cause this outcome puts in play (None: the cause stays as it was)."""
        if ending is None:
            self.cause_lives = stepper.live_cause[target]
            self.live, self.local = stepper.live[target], stepper.local[target]
            self.always_offers = stepper.always_offers[target]
            self.offers = [when for _rule, when, _branches in stepper.compiled.options[target]]
def local_flags(patient: Patient) -> dict[str, frozenset]:
    """The flags each beat's own conditions read."""
    out = {}
    for name in patient.beats:
        found: set = set()
        for opt in _spec_options(patient, name):
            for c in [opt.when] + [br.when for br in opt.branches]:
                found |= flags_read(c)
        out[name] = frozenset(found)
    return out


def analyse(patient: Patient, budget: int | None = None, max_nodes: int | None = None) -> Reach:
    """Every node, transition and ending that may happen, from the opening to the turn limit.

    Stops after ``budget`` transitions or ``max_nodes`` nodes (a hub beat reading
    two dozen flags has millions); then ``cut_off`` is set and the result is
    widened to "anything may happen", which is sound but decides nothing.
    """
    budget = STATE_BUDGET if budget is None else budget
    max_nodes = NODE_BUDGET if max_nodes is None else max_nodes
    t0 = time.perf_counter()
    spec = patient.spec
    live, live_cause = live_memory(patient)
    local = local_flags(patient)
    compiled = _Compiled(patient)
    start_meters = tuple(getattr(spec.meters, m).start for m in METERS)
    start = _new(Box, start_meters + (0,) + start_meters + (0,))
    initial_cause = spec.states[patient.state_of[patient.initial]].cause
    first = NodeKey(patient.initial, frozenset(), initial_cause if live_cause[patient.initial] else None)
    reach = Reach(patient, choices_of(patient), {first: Value(start, frozenset(), frozenset())}, set(), local, live_cause,
                  live_flags=live)
    growth: dict[NodeKey, int] = defaultdict(int)
    queue = deque([first])
    queued = {first}
    step = _Stepper(patient, compiled, live, local, live_cause)
    stops = _stops(patient, compiled)
    while queue and not reach.cut_off:
        node = queue.popleft()
        queued.discard(node)
        for loc, dst, value, empty in step.successors(node, reach.nodes[node], reach):
            reach.steps += 1
            if reach.steps > budget or len(reach.nodes) > max_nodes:
                reach.cut_off = True
                break
            reach.edges.add((node, loc, dst))
            if is_sink(dst):
                reach.sinks.add(dst)
                continue
            if empty:
                reach.empty_offer.add(dst)
            old = reach.nodes.get(dst)
            if old is None:
                reach.nodes[dst] = value
            else:
                box = _hull(old.box, value.box)
                joined = _new(Value, (box, old.surely_set & value.surely_set, old.maybe_set | value.maybe_set))
                if joined == old:
                    continue
                growth[dst] += 1
                if growth[dst] > WIDEN_AFTER and box != old.box:
                    joined = joined._replace(box=_widen(old.box, box, stops))
                reach.nodes[dst] = joined
            if dst not in queued:
                queued.add(dst)
                queue.append(dst)
    if reach.cut_off:
        _anything_may_happen(reach)
    reach.seconds = time.perf_counter() - t0
    return reach


def _anything_may_happen(reach: Reach) -> None:
    """Widen a cut-off result to every beat, offer, reply and ending, with unbounded meters."""
    patient = reach.patient
    spec = patient.spec
    whole = _new(Box, (0,) * HIGH + (100,) * METER_COUNT + (patient.max_turns - 1,))
    for name in patient.beats:
        reach.nodes.setdefault(NodeKey(name, frozenset(), None), Value(whole, frozenset(), frozenset()))
    for loc, choice in reach.choices.items():
        reach.may_outcomes.add(loc)
        reach.pre_boxes[loc] = whole
        reach.may_offer.add(("states", choice.state, "beats", choice.beat, "options", choice.option))
    for sid, state in patient.endings.items():
        reach.sinks.add(Sink("end", state.ending, "state", sid))
    reach.sinks.add(Sink("end", "dropout", "rule", spec.dropout.state))
    reach.sinks.add(Sink("end", "unresolved", "turn_limit", patient.state_of[patient.initial]))


def _stops(patient: Patient, compiled: _Compiled) -> tuple[list[list[int]], list[list[int]]]:
    """Per box dimension, the values a bound may be widened to: just either side of every threshold.

    Widening a growing bound to the next such value (not straight to 0 or 100)
    keeps every condition that could tell the difference exactly as decided.
    """
    up: list[set] = [{100} for _ in range(METER_COUNT)] + [{patient.max_turns - 1}]
    down: list[set] = [{0} for _ in range(HIGH)]

    def add(i: int, bound: Bound) -> None:
        for piece in (bound, *bound.outside()):
            if piece.hi is not None:
                up[i].add(piece.hi)
            if piece.lo is not None:
                down[i].add(piece.lo)

    def walk(part: Cond) -> None:
        if isinstance(part, (AllOf, AnyOf)):
            for sub in part.parts:
                walk(sub)
        elif isinstance(part, Not):
            walk(part.part)
        elif isinstance(part, MeterIn):
            add(METER_SLOT[part.meter], part.bound)
        elif isinstance(part, TurnIn):
            add(TURN, part.bound)

    for rows in compiled.options.values():
        for _rule, when, branches in rows:
            for cond in [when] + [c for c, _o in branches]:
                if cond is not None:
                    walk(cond.form)
    for name, floor in patient.spec.dropout.meter_below.items():
        add(METER_SLOT[name], Bound(floor, None))
    return [sorted(x) for x in up], [sorted(x) for x in down]


def _widen(old: Box, new: Box, stops) -> Box:
    up, down = stops
    b = list(new)
    for i in range(HIGH):
        if new[i] < old[i]:
            b[i] = max((v for v in down[i] if v <= new[i]), default=0)
        if new[HIGH + i] > old[HIGH + i]:
            b[HIGH + i] = min((v for v in up[i] if v >= new[HIGH + i]), default=new[HIGH + i])
    return Box(*b)


class _Stepper:
    def __init__(self, patient: Patient, compiled: _Compiled, live, local, live_cause):
        self.patient, self.compiled = patient, compiled
        self.live, self.local, self.live_cause = live, local, live_cause
        spec = patient.spec
        rule = spec.dropout
        self.alliance_floor = None if rule.alliance_below is None else rule.alliance_below * METER_COUNT
        self.staying = None if self.alliance_floor is None else Bound(self.alliance_floor, None)
        """The meters' totals at which the patient stays."""
        self.meter_floors = [(METER_SLOT[m], v, Bound(v, None)) for m, v in rule.meter_below.items()]
        self.dropout_state = rule.state
        self.max_turns = patient.max_turns
        self.turns_left = Bound(None, patient.max_turns - 1)
        """The turns at which the session has not yet hit its limit."""
        self.always_offers = {b: any(when is None for _r, when, _b in rows) for b, rows in compiled.options.items()}
        """Beats with an option that has no 'when': something is always on offer there."""
        self.rows = {beat: [(rule, when, [(cond, _Arrival(self, beat, o)) for cond, o in branches],
                             _Arrival(self, beat, rule.fallback)) for rule, when, branches in rows]
                     for beat, rows in compiled.options.items()}

    def successors(self, node: NodeKey, value: Value, reach: Reach):
        """(outcome loc, next node or sink, its value, nothing-on-offer possible) for each possible move."""
        beat, flags, cause = node
        box, must, may = value
        for rule, when, branches, fallback in self.rows[beat]:
            here = box
            if when is not None:
                v = when.value(box, flags, cause)
                if v == FALSE:
                    continue
                if v == MAYBE:
                    here = when.narrow(box)
                    if here is None:
                        continue
            reach.may_offer.add(rule.loc)
            rest: Box | None = here
            taken = []
            for cond, arrival in branches:
                if rest is None:
                    break
                v = cond.value(rest, flags, cause)
                if v == FALSE:
                    continue
                inside = cond.narrow(rest) if v == MAYBE else rest
                if inside is not None:
                    taken.append((arrival, inside))
                rest = None if v == TRUE else cond.narrow_not(rest, flags, cause)
            if rest is not None:
                taken.append((fallback, rest))
            for arrival, pre in taken:
                loc = arrival.outcome.loc
                reach.may_outcomes.add(loc)
                old = reach.pre_boxes.get(loc)
                reach.pre_boxes[loc] = pre if old is None else _hull(old, pre)
                for dst, nvalue, empty in self._after(arrival, pre, must, may, cause):
                    yield loc, dst, nvalue, empty

    def _after(self, arrival: _Arrival, pre: Box, must, may, cause):
        if arrival.ending is not None:
            yield arrival.ending, None, False
            return
        b = list(pre)
        for i, delta in arrival.effects:
            b[i] = min(100, max(0, b[i] + delta))
            b[HIGH + i] = min(100, max(0, b[HIGH + i] + delta))
        b[TURN] += 1
        b[HIGH + TURN] += 1
        moved: Box = _new(Box, b)
        drop_possible = drop_certain = False
        if self.alliance_floor is not None:
            drop_possible |= sum(moved[:METER_COUNT]) < self.alliance_floor
            drop_certain |= sum(moved[HIGH:HIGH + METER_COUNT]) < self.alliance_floor
        for i, floor, _stays in self.meter_floors:
            drop_possible |= moved[i] < floor
            drop_certain |= moved[HIGH + i] < floor
        if drop_possible:
            yield _new(Sink, ("end", "dropout", "rule", self.dropout_state)), None, False
        if drop_certain:
            return
        box: Box | None = moved
        if self.staying is not None:
            box = _clip_sum(moved, self.staying)
        for i, _floor, stays in self.meter_floors:
            if box is not None:
                box = _clip(box, i, stays)
        if box is None:
            return
        target, target_state, outcome = arrival.target, arrival.state, arrival.outcome
        if box[HIGH + TURN] >= self.max_turns:
            yield _new(Sink, ("end", "unresolved", "turn_limit", target_state)), None, False
            box = _clip(box, TURN, self.turns_left)
            if box is None:
                return
        new_cause = None if not arrival.cause_lives else cause if arrival.sets_cause is None else arrival.sets_cause
        live = arrival.live
        new_must = ((must | outcome.sets) - outcome.clears) & live
        new_may = ((may | outcome.sets) - outcome.clears) & live
        local = arrival.local
        sure = new_must & local
        unsure = sorted((new_may - new_must) & local)
        for k in range(1 << len(unsure)):
            on = frozenset(f for i, f in enumerate(unsure) if k >> i & 1)
            off = frozenset(unsure) - on
            flags = sure | on
            value = _new(Value, (box, new_must | on, new_may - off))
            dst = _new(NodeKey, (target, flags, new_cause))
            if arrival.always_offers:
                yield dst, value, False
                continue
            values = [TRUE if when is None else when.value(box, flags, new_cause) for when in arrival.offers]
            if all(v != TRUE for v in values):
                yield _new(Sink, ("end", "unresolved", "no_options", target_state)), None, False
                if all(v == FALSE for v in values):
                    continue
                yield dst, value, True
                continue
            yield dst, value, False
