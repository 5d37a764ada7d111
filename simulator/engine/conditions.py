"""What a profile's condition means, in one compiled form, and the engine's reading of it.

A condition is data (flags, meter bounds, turn bounds, cause, the moves made); no
string from a profile is ever evaluated or looked up as a name. ``condition_form``
turns it into a tree of frozen parts (``MeterIn``, ``AllOf``, ``Not`` ...) whose
bounds are ``Bound``s, the one place where "inclusive" is decided. Three readings
walk that tree through ``ConditionVisitor``: the engine's predicates here (over a
``Session``-like object: ``meters``, ``flags``, ``turn``, ``cause``, and for format 2
``counts`` (see ``History``), ``previous`` and ``session_id``), the reach pass's
three-valued judgement of a box (simulator.authoring.reach) and the lint solver's
satisfiability check (simulator.authoring.lint.solver), so their boundaries cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, AbstractSet, Callable, Iterable, Mapping, Protocol, TypeVar, Union

from .vocabulary import METERS

if TYPE_CHECKING:
    from .profile_model import Condition, Profile

T = TypeVar("T", covariant=True)


class _Readable(Protocol):
    """What a condition reads of a session (``Session`` is one)."""

    @property
    def meters(self) -> Mapping[str, int]: ...
    @property
    def flags(self) -> AbstractSet[str]: ...
    @property
    def turn(self) -> int: ...
    @property
    def cause(self) -> str | None: ...
    @property
    def counts(self) -> tuple[int, ...]: ...
    @property
    def previous(self) -> str | None: ...
    @property
    def session_id(self) -> str | None: ...


@dataclass(frozen=True)
class History:
    """Which counts of the moves made a profile's conditions read, so a session keeps only those.

    A slot is (``"move"`` or ``"strategy"``, id, ``"session"`` or ``"course"``).
    Each count stops at its cap, the least value beyond every bound that reads it,
    so two sessions that no condition can tell apart have equal snapshots.
    """

    slots: dict = field(default_factory=dict)
    caps: tuple = ()
    bumps: dict = field(default_factory=dict)
    """Move id -> the slots choosing it adds one to."""
    session_slots: tuple = ()
    """The slots that start again from 0 when a new session of a course opens."""
    strategy_of: dict = field(default_factory=dict)
    tracks_previous: bool = False

    def bump(self, counts: tuple, move: str) -> tuple:
        hit = self.bumps.get(move)
        if not hit:
            return counts
        out = list(counts)
        for i in hit:
            out[i] = min(out[i] + 1, self.caps[i])
        return tuple(out)

    def new_session(self, counts: tuple) -> tuple:
        if not self.session_slots:
            return counts
        out = list(counts)
        for i in self.session_slots:
            out[i] = 0
        return tuple(out)

    @property
    def start(self) -> tuple:
        return (0,) * len(self.caps)


def all_conditions(spec: Profile) -> Iterable[Condition]:
    """Every condition written in a profile, nested ones included."""
    def walk(cond):
        if cond is None:
            return
        yield cond
        for sub in cond.any:
            yield from walk(sub)
        yield from walk(cond.not_)

    for state in spec.states.values():
        for beat in state.beats.values():
            for opt in beat.options:
                yield from walk(opt.when)
                for br in opt.branches:
                    yield from walk(br.when)


def _slot(part) -> tuple[str, str]:
    """A Chosen or Previous part as ("move", id) or ("strategy", strategy)."""
    return ("move", part.move) if part.move is not None else ("strategy", part.strategy)


def build_history(spec: Profile) -> History:
    caps: dict[tuple, int] = {}
    previous = False
    for cond in all_conditions(spec):
        if cond.chosen is not None:
            key = _slot(cond.chosen) + (cond.chosen.within,)
            c = cond.chosen
            need = max(c.min or 0, (c.max + 1) if c.max is not None else 0, 1)
            caps[key] = max(caps.get(key, 0), need)
        previous |= cond.previous is not None
    slots = {key: i for i, key in enumerate(sorted(caps))}
    strategy_of = {mid: m.strategy for mid, m in spec.moves.items()}
    bumps = {}
    for mid, strategy in strategy_of.items():
        hit = tuple(i for key, i in slots.items() if key[:2] in (("move", mid), ("strategy", strategy)))
        if hit:
            bumps[mid] = hit
    return History(slots, tuple(caps[k] for k in slots), bumps,
                   tuple(i for key, i in slots.items() if key[2] == "session"), strategy_of, previous)


Predicate = Callable[[_Readable], bool]


def always(_state: _Readable) -> bool:
    return True


TRUE, FALSE, MAYBE = 1, 0, 2
"""A judgement over a set of sessions: surely holds, surely fails, or holds for some."""
NOT3 = {TRUE: FALSE, FALSE: TRUE, MAYBE: MAYBE}


@dataclass(frozen=True, slots=True)
class Bound:
    """Inclusive bounds on one number, either side open: the one place a condition's boundary is defined."""

    lo: int | None = None
    hi: int | None = None

    def test(self, read: Callable[[_Readable], int]) -> Predicate:
        """A predicate that the number ``read`` gives lies within the bounds (for the engine, so no call per side)."""
        lo, hi = self.lo, self.hi
        if lo is not None and hi is not None:
            return lambda s: lo <= read(s) <= hi
        if lo is not None:
            return lambda s: read(s) >= lo
        if hi is not None:
            return lambda s: read(s) <= hi
        return always

    def judge(self, low: float, high: float) -> int:
        """TRUE, FALSE or MAYBE for a value known only to lie within [low, high]."""
        if (self.lo is not None and high < self.lo) or (self.hi is not None and low > self.hi):
            return FALSE
        if (self.lo is None or low >= self.lo) and (self.hi is None or high <= self.hi):
            return TRUE
        return MAYBE

    def outside(self) -> tuple[Bound, ...]:
        """The integers that fail, as bounds: those below ``lo``, then those above ``hi``."""
        below = () if self.lo is None else (Bound(None, self.lo - 1),)
        above = () if self.hi is None else (Bound(self.hi + 1, None),)
        return below + above

    def meet(self, other: Bound) -> Bound:
        lo = self.lo if other.lo is None else other.lo if self.lo is None else max(self.lo, other.lo)
        hi = self.hi if other.hi is None else other.hi if self.hi is None else min(self.hi, other.hi)
        return Bound(lo, hi)

    def scaled(self, k: int) -> Bound:
        return Bound(None if self.lo is None else self.lo * k, None if self.hi is None else self.hi * k)

    @property
    def empty(self) -> bool:
        return self.lo is not None and self.hi is not None and self.lo > self.hi


# -- the compiled form: what a condition means, as data ---------------------------------------------
@dataclass(frozen=True, slots=True)
class FlagsSet:
    flags: tuple[str, ...]
    """In the profile's order, so a message about them names them as the author wrote them."""

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.flags_set(self)


@dataclass(frozen=True, slots=True)
class FlagsUnset:
    flags: tuple[str, ...]

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.flags_unset(self)


@dataclass(frozen=True, slots=True)
class MeterIn:
    meter: str
    bound: Bound

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.meter_in(self)


@dataclass(frozen=True, slots=True)
class AllianceIn:
    """The alliance (the mean of the meters) within ``bound``, read as the meters' total within ``total``,
    so every interpretation compares whole numbers."""

    bound: Bound

    @property
    def total(self) -> Bound:
        return self.bound.scaled(len(METERS))

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.alliance_in(self)


@dataclass(frozen=True, slots=True)
class TurnIn:
    bound: Bound

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.turn_in(self)


@dataclass(frozen=True, slots=True)
class CauseIs:
    cause: str

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.cause_is(self)


@dataclass(frozen=True, slots=True)
class SessionIs:
    session: str

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.session_is(self)


@dataclass(frozen=True, slots=True)
class ChosenIn:
    """How often a move (``kind`` "move") or any move of a strategy has been chosen, within ``bound``."""

    kind: str
    id: str
    within: str
    bound: Bound

    @property
    def slot(self) -> tuple[str, str, str]:
        return (self.kind, self.id, self.within)

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.chosen_in(self)


@dataclass(frozen=True, slots=True)
class PreviousIs:
    """The last move was ``id`` (``kind`` "move") or of strategy ``id``."""

    kind: str
    id: str

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.previous_is(self)


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Cond, ...]

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.all_of(self)


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Cond, ...]

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.any_of(self)


@dataclass(frozen=True, slots=True)
class Not:
    part: Cond

    def accept(self, v: ConditionVisitor[T]) -> T:
        return v.not_(self)


Cond = Union[FlagsSet, FlagsUnset, MeterIn, AllianceIn, TurnIn, CauseIs, SessionIs, ChosenIn, PreviousIs,
             AllOf, AnyOf, Not]
FORMS = (FlagsSet, FlagsUnset, MeterIn, AllianceIn, TurnIn, CauseIs, SessionIs, ChosenIn, PreviousIs, AllOf, AnyOf, Not)


class ConditionVisitor(Protocol[T]):
    """One interpretation of the compiled form: the engine's, the reach pass's, the lint solver's."""

    def flags_set(self, node: FlagsSet) -> T: ...
    def flags_unset(self, node: FlagsUnset) -> T: ...
    def meter_in(self, node: MeterIn) -> T: ...
    def alliance_in(self, node: AllianceIn) -> T: ...
    def turn_in(self, node: TurnIn) -> T: ...
    def cause_is(self, node: CauseIs) -> T: ...
    def session_is(self, node: SessionIs) -> T: ...
    def chosen_in(self, node: ChosenIn) -> T: ...
    def previous_is(self, node: PreviousIs) -> T: ...
    def all_of(self, node: AllOf) -> T: ...
    def any_of(self, node: AnyOf) -> T: ...
    def not_(self, node: Not) -> T: ...


def _bound(rng) -> Bound | None:
    """A profile Range (or Chosen) as a Bound; None when it leaves both sides open and so always holds."""
    if rng is None or (rng.min is None and rng.max is None):
        return None
    return Bound(rng.min, rng.max)


def condition_form(cond: Condition | None) -> AllOf | None:
    """A profile condition as its compiled form: every given part must hold, in the order the format lists them."""
    if cond is None:
        return None
    parts: list[Cond] = []
    if cond.flags:
        parts.append(FlagsSet(tuple(cond.flags)))
    if cond.not_flags:
        parts.append(FlagsUnset(tuple(cond.not_flags)))
    for name, rng in cond.meters.items():
        bound = _bound(rng)
        if bound is not None:
            parts.append(AllianceIn(bound) if name == "alliance" else MeterIn(name, bound))
    turn = _bound(cond.turn)
    if turn is not None:
        parts.append(TurnIn(turn))
    if cond.cause is not None:
        parts.append(CauseIs(cond.cause))
    if cond.session is not None:
        parts.append(SessionIs(cond.session))
    if cond.chosen is not None:
        c = cond.chosen
        kind, ident = _slot(c)
        parts.append(ChosenIn(kind, ident, c.within, Bound(c.min, c.max)))
    if cond.previous is not None:
        parts.append(PreviousIs(*_slot(cond.previous)))
    if cond.any:
        parts.append(AnyOf(tuple(condition_form(c) or AllOf(()) for c in cond.any)))
    if cond.not_ is not None:
        parts.append(Not(condition_form(cond.not_) or AllOf(())))
    return AllOf(tuple(parts))


def alliance(meters: dict) -> float:
    """The overall alliance: the mean of the four meters."""
    return sum(map(meters.__getitem__, METERS)) / len(METERS)


class _Engine:
    """The engine's interpretation: the compiled form as a Python predicate over a session."""

    def __init__(self, history: History | None):
        self.history = history

    def flags_set(self, node: FlagsSet) -> Predicate:
        need = frozenset(node.flags)
        return lambda s: need <= s.flags

    def flags_unset(self, node: FlagsUnset) -> Predicate:
        banned = frozenset(node.flags)
        return lambda s: banned.isdisjoint(s.flags)

    def meter_in(self, node: MeterIn) -> Predicate:
        name = node.meter
        return node.bound.test(lambda s: s.meters[name])

    def alliance_in(self, node: AllianceIn) -> Predicate:
        get = itemgetter(*METERS)
        return node.total.test(lambda s: sum(get(s.meters)))

    def turn_in(self, node: TurnIn) -> Predicate:
        return node.bound.test(lambda s: s.turn)

    def cause_is(self, node: CauseIs) -> Predicate:
        want = node.cause
        return lambda s: s.cause == want

    def session_is(self, node: SessionIs) -> Predicate:
        playing = node.session
        return lambda s: s.session_id == playing

    def _history(self) -> History:
        if self.history is None:
            raise ValueError("a condition that reads the moves made needs the profile's History")
        return self.history

    def chosen_in(self, node: ChosenIn) -> Predicate:
        i = self._history().slots[node.slot]
        return node.bound.test(lambda s: s.counts[i])

    def previous_is(self, node: PreviousIs) -> Predicate:
        if node.kind == "move":
            last = node.id
            return lambda s: s.previous == last
        kind, strategy_of = node.id, self._history().strategy_of
        return lambda s: s.previous is not None and strategy_of[s.previous] == kind

    def any_of(self, node: AnyOf) -> Predicate:
        options = [p.accept(self) for p in node.parts]
        return lambda s: any(p(s) for p in options)

    def not_(self, node: Not) -> Predicate:
        inner = node.part.accept(self)
        return lambda s: not inner(s)

    def all_of(self, node: AllOf) -> Predicate:
        parts = [q for q in (p.accept(self) for p in node.parts) if q is not always]
        if not parts:
            return always
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            first, second = parts
            return lambda s: first(s) and second(s)
        return lambda s: all(p(s) for p in parts)


def predicate(form: Cond | None, history: History | None = None) -> Predicate:
    """The engine's predicate for a compiled condition; ``history`` (``build_history``) when it reads the moves made."""
    return always if form is None else form.accept(_Engine(history))


def compile_condition(cond: Condition | None, history: History | None = None) -> Predicate:
    return predicate(condition_form(cond), history)


def flags_read(cond: Condition | None) -> set[str]:
    """Every flag a condition mentions, for cross-reference checks and lint."""
    if cond is None:
        return set()
    out = set(cond.flags) | set(cond.not_flags)
    for sub in cond.any:
        out |= flags_read(sub)
    out |= flags_read(cond.not_)
    return out
