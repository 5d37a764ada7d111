"""Turning a profile's structured conditions into Python predicates at load time.

A condition is data (flags, meter bounds, turn bounds, cause); no string from a
profile is ever evaluated or looked up as a name. The predicates read a
``PatientState``-like object: ``meters`` (dict), ``flags`` (set), ``turn``, ``cause``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from .vocabulary import METERS

if TYPE_CHECKING:
    from .profile_model import Condition, Range


class _Readable(Protocol):
    meters: dict
    flags: set
    turn: int
    cause: str | None


Predicate = Callable[[_Readable], bool]


def always(_state: _Readable) -> bool:
    return True


def _in_range(rng: Range, read: Callable[[_Readable], float]) -> Predicate:
    lo, hi = rng.min, rng.max
    if lo is not None and hi is not None:
        return lambda s: lo <= read(s) <= hi
    if lo is not None:
        return lambda s: read(s) >= lo
    if hi is not None:
        return lambda s: read(s) <= hi
    return always


def alliance(meters: dict) -> float:
    """The overall alliance: the mean of the four meters."""
    return sum(map(meters.__getitem__, METERS)) / len(METERS)


def compile_condition(cond: Condition | None) -> Predicate:
    if cond is None:
        return always
    parts: list[Predicate] = []
    if cond.flags:
        need = frozenset(cond.flags)
        parts.append(lambda s: need <= s.flags)
    if cond.not_flags:
        banned = frozenset(cond.not_flags)
        parts.append(lambda s: banned.isdisjoint(s.flags))
    for name, rng in cond.meters.items():
        if name == "alliance":
            parts.append(_in_range(rng, lambda s: alliance(s.meters)))
        else:
            parts.append(_in_range(rng, lambda s, n=name: s.meters[n]))
    if cond.turn is not None:
        parts.append(_in_range(cond.turn, lambda s: s.turn))
    if cond.cause is not None:
        want = cond.cause
        parts.append(lambda s: s.cause == want)
    if cond.any:
        options = [compile_condition(c) for c in cond.any]
        parts.append(lambda s: any(p(s) for p in options))
    if cond.not_ is not None:
        inner = compile_condition(cond.not_)
        parts.append(lambda s: not inner(s))
    parts = [p for p in parts if p is not always]
    if not parts:
        return always
    if len(parts) == 1:
        return parts[0]
    return lambda s: all(p(s) for p in parts)


def flags_read(cond: Condition | None) -> set[str]:
    """Every flag a condition mentions, for cross-reference checks and lint."""
    if cond is None:
        return set()
    out = set(cond.flags) | set(cond.not_flags)
    for sub in cond.any:
        out |= flags_read(sub)
    out |= flags_read(cond.not_)
    return out
