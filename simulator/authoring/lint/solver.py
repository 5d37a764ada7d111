"""Can a condition ever hold? Decided exactly over the values a session can take.

A condition is turned into a disjunction of plain conjunctions (each flag set or
unset, each meter and the turn within one interval, the alliance within one
interval, the cause one of a set), and each conjunction is checked on its own.
What a condition reads of the moves made (``chosen``, ``previous``, ``session``) is a free
literal, taken as able to hold and able to fail, so the answer stays sound.
The domain is what play allows: meters 0-100, turns 0 to max_turns-1, flags that
some reply sets, and the causes the profile names.
"""

from __future__ import annotations

from typing import NamedTuple, Union

from ...engine.conditions import (
    FALSE,
    FORMS,
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
)
from ...engine.profile_model import Condition
from ...engine.vocabulary import METERS

TURN = "turn"
SUM = "alliance"
MAX_CUBES = 512
"""Beyond this many conjunctions the condition is taken as satisfiable (never a false alarm)."""

class FlagIs(NamedTuple):
    flag: str
    set: bool


class Within(NamedTuple):
    number: str
    """A meter, TURN or SUM (the meters' total)."""
    bound: Bound


class CauseIn(NamedTuple):
    allowed: frozenset


class Free(NamedTuple):
    """What a condition reads of the moves made: taken as able to hold and able to fail."""


Literal = Union[FlagIs, Within, CauseIn, Free]
Cube = list[Literal]
DNF = list[Cube]


class _TooBig(Exception):
    pass


class _Solver:
    """The lint solver's interpretation of the compiled form: a disjunction of plain conjunctions."""

    def __init__(self, causes: frozenset):
        self.causes = causes

    def flags_set(self, node: FlagsSet) -> DNF:
        return [[FlagIs(f, True) for f in node.flags]]

    def flags_unset(self, node: FlagsUnset) -> DNF:
        return [[FlagIs(f, False) for f in node.flags]]

    def meter_in(self, node: MeterIn) -> DNF:
        return [[Within(node.meter, node.bound)]]

    def alliance_in(self, node: AllianceIn) -> DNF:
        return [[Within(SUM, node.total)]]

    def turn_in(self, node: TurnIn) -> DNF:
        return [[Within(TURN, node.bound)]]

    def cause_is(self, node: CauseIs) -> DNF:
        return [[CauseIn(frozenset({node.cause}))]]

    def _free(self, _node) -> DNF:
        return [[Free()]]

    session_is = chosen_in = previous_is = _free

    def all_of(self, node: AllOf) -> DNF:
        return _and([p.accept(self) for p in node.parts])

    def any_of(self, node: AnyOf) -> DNF:
        out: DNF = []
        for p in node.parts:
            out += p.accept(self)
        return out

    def not_(self, node: Not) -> DNF:
        return self._negate(node.part.accept(self))

    def _negate(self, dnf: DNF) -> DNF:
        """not (c1 or c2 ...) = (not c1) and (not c2) ...; each 'not c' is a disjunction of negated literals."""
        parts = []
        for cube in dnf:
            negs: DNF = []
            for lit in cube:
                if isinstance(lit, FlagIs):
                    negs.append([FlagIs(lit.flag, not lit.set)])
                elif isinstance(lit, Free):
                    negs.append([lit])
                elif isinstance(lit, Within):
                    negs += [[Within(lit.number, outside)] for outside in lit.bound.outside()]
                else:
                    negs.append([CauseIn((self.causes | {None}) - lit.allowed)])
            if not negs:
                return []
            parts.append(negs)
        return _and(parts) if parts else [[]]


def _and(parts: list[DNF]) -> DNF:
    out: DNF = [[]]
    for alternatives in parts:
        out = [a + b for a in out for b in alternatives]
        if len(out) > MAX_CUBES:
            raise _TooBig
    return out


def _cube_problem(cube: Cube, settable: frozenset, max_turns: int, causes: frozenset) -> str | None:
    """Why this conjunction can never hold, or None if it can."""
    flags: dict[str, bool] = {}
    for lit in cube:
        if isinstance(lit, FlagIs):
            if flags.get(lit.flag, lit.set) != lit.set:
                return f"it needs flag '{lit.flag}' both set and unset"
            flags[lit.flag] = lit.set
    for flag, value in flags.items():
        if value and flag not in settable:
            return f"it needs flag '{flag}', which no reply sets"
    bounds = {m: Bound(0, 100) for m in METERS}
    bounds[TURN] = Bound(0, max_turns - 1)
    bounds[SUM] = Bound(0, 100 * len(METERS))
    for lit in cube:
        if isinstance(lit, Within):
            bounds[lit.number] = bounds[lit.number].meet(lit.bound)
    for name, bound in bounds.items():
        if bound.empty:
            if name == TURN:
                return f"its turn bounds leave no turn between 0 and {max_turns - 1} (max_turns is {max_turns})"
            if name == SUM:
                return "its alliance bounds leave no value between 0 and 100"
            return f"its {name} bounds leave no value between 0 and 100"
    low = sum(bounds[m].lo or 0 for m in METERS)  # each met its domain above, so both its sides are set
    high = sum(bounds[m].hi or 0 for m in METERS)
    if bounds[SUM].judge(low, high) == FALSE:
        return "its alliance bounds cannot be met with its bounds on the meters (the alliance is their mean)"
    allowed = causes | {None}
    for lit in cube:
        if isinstance(lit, CauseIn):
            allowed &= lit.allowed
    if not allowed:
        return "it needs a cause that no state or reply gives"
    return None


def impossible(cond: Condition | Cond | None, settable: frozenset, max_turns: int, causes: frozenset) -> str | None:
    """Why ``cond`` (a profile condition or its compiled form) can never hold in play, or None when some session
    can meet it."""
    form = cond if cond is None or isinstance(cond, FORMS) else condition_form(cond)
    if form is None:
        return None
    try:
        cubes = form.accept(_Solver(causes))
    except _TooBig:
        return None
    problems = [_cube_problem(c, settable, max_turns, causes) for c in cubes]
    if any(p is None for p in problems):
        return None
    if len(set(problems)) == 1:
        return problems[0]
    return "none of its alternatives can hold"
