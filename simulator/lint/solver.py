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

from ..profile_model import Condition
from ..vocabulary import METERS

TURN = "turn"
SUM = "alliance"
MAX_CUBES = 512
"""Beyond this many conjunctions the condition is taken as satisfiable (never a false alarm)."""


class _TooBig(Exception):
    pass


def _dnf(cond: Condition, max_turns: int, causes: frozenset) -> list[list[tuple]]:
    cube: list[tuple] = []
    cube += [("flag", f, True) for f in cond.flags]
    cube += [("flag", f, False) for f in cond.not_flags]
    for name, rng in cond.meters.items():
        if name == "alliance":
            cube.append(("range", SUM, _n(rng.min, 0) * len(METERS), _n(rng.max, 100) * len(METERS)))
        else:
            cube.append(("range", name, _n(rng.min, 0), _n(rng.max, 100)))
    if cond.turn is not None:
        cube.append(("range", TURN, _n(cond.turn.min, 0), _n(cond.turn.max, max_turns)))
    if cond.cause is not None:
        cube.append(("cause", frozenset({cond.cause})))
    if cond.chosen is not None or cond.previous is not None or cond.session is not None:
        cube.append(("free",))
    parts = [[cube]]
    if cond.any:
        alternatives: list[list[tuple]] = []
        for sub in cond.any:
            alternatives += _dnf(sub, max_turns, causes)
        parts.append(alternatives)
    if cond.not_ is not None:
        parts.append(_negate(_dnf(cond.not_, max_turns, causes), max_turns, causes))
    return _and(parts)


def _n(value, default):
    return default if value is None else value


def _and(parts: list[list[list[tuple]]]) -> list[list[tuple]]:
    out: list[list[tuple]] = [[]]
    for alternatives in parts:
        out = [a + b for a in out for b in alternatives]
        if len(out) > MAX_CUBES:
            raise _TooBig
    return out


def _negate(dnf: list[list[tuple]], max_turns: int, causes: frozenset) -> list[list[tuple]]:
    """not (c1 or c2 ...) = (not c1) and (not c2) ...; each 'not c' is a disjunction of negated literals."""
    parts = []
    for cube in dnf:
        negs: list[list[tuple]] = []
        for lit in cube:
            if lit[0] == "flag":
                negs.append([("flag", lit[1], not lit[2])])
            elif lit[0] == "free":
                negs.append([("free",)])
            elif lit[0] == "range":
                top = 100 * len(METERS) if lit[1] == SUM else (max_turns if lit[1] == TURN else 100)
                negs.append([("range", lit[1], 0, lit[2] - 1)])
                negs.append([("range", lit[1], lit[3] + 1, top)])
            else:
                negs.append([("cause", (causes | {None}) - lit[1])])
        if not negs:
            return []
        parts.append(negs)
    return _and(parts) if parts else [[]]


def _cube_problem(cube: list[tuple], settable: frozenset, max_turns: int, causes: frozenset) -> str | None:
    """Why this conjunction can never hold, or None if it can."""
    flags: dict[str, bool] = {}
    for lit in cube:
        if lit[0] == "flag":
            if flags.get(lit[1], lit[2]) != lit[2]:
                return f"it needs flag '{lit[1]}' both set and unset"
            flags[lit[1]] = lit[2]
    for flag, value in flags.items():
        if value and flag not in settable:
            return f"it needs flag '{flag}', which no reply sets"
    bounds = {m: [0, 100] for m in METERS}
    bounds[TURN] = [0, max_turns - 1]
    bounds[SUM] = [0, 100 * len(METERS)]
    for lit in cube:
        if lit[0] == "range":
            b = bounds[lit[1]]
            b[0], b[1] = max(b[0], lit[2]), min(b[1], lit[3])
    for name, (lo, hi) in bounds.items():
        if lo > hi:
            if name == TURN:
                return f"its turn bounds leave no turn between 0 and {max_turns - 1} (max_turns is {max_turns})"
            if name == SUM:
                return "its alliance bounds leave no value between 0 and 100"
            return f"its {name} bounds leave no value between 0 and 100"
    lo_sum = sum(bounds[m][0] for m in METERS)
    hi_sum = sum(bounds[m][1] for m in METERS)
    if lo_sum > bounds[SUM][1] or hi_sum < bounds[SUM][0]:
        return "its alliance bounds cannot be met with its bounds on the meters (the alliance is their mean)"
    allowed = causes | {None}
    for lit in cube:
        if lit[0] == "cause":
            allowed &= lit[1]
    if not allowed:
        return "it needs a cause that no state or reply gives"
    return None


def impossible(cond: Condition | None, settable: frozenset, max_turns: int, causes: frozenset) -> str | None:
    """Why ``cond`` can never hold in play, or None when some session can meet it."""
    if cond is None:
        return None
    try:
        cubes = _dnf(cond, max_turns, causes)
    except _TooBig:
        return None
    problems = [_cube_problem(c, settable, max_turns, causes) for c in cubes]
    if any(p is None for p in problems):
        return None
    if len(set(problems)) == 1:
        return problems[0]
    return "none of its alternatives can hold"
