"""Turning a profile's structured conditions into Python predicates at load time.

A condition is data (flags, meter bounds, turn bounds, cause, the moves made); no
string from a profile is ever evaluated or looked up as a name. The predicates
read a ``Session``-like object: ``meters`` (dict), ``flags`` (set), ``turn``,
``cause``, and for format 2 ``counts`` (see ``History``) and ``previous``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple, Protocol

from .vocabulary import METERS

if TYPE_CHECKING:
    from .profile_model import Condition, Profile, Range


class _Bounds(NamedTuple):
    """Inclusive bounds read like a profile's Range, without importing the profile model at run time."""

    min: int | None
    max: int | None


class _Readable(Protocol):
    meters: dict
    flags: set
    turn: int
    cause: str | None
    counts: tuple
    previous: str | None
    session_id: str | None


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


def _slot(part) -> tuple:
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


def compile_condition(cond: Condition | None, history: History | None = None) -> Predicate:
    """``history`` (from ``build_history``) is needed when the condition reads the moves made."""
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
    if cond.session is not None:
        playing = cond.session
        parts.append(lambda s: s.session_id == playing)
    if cond.chosen is not None:
        i = history.slots[_slot(cond.chosen) + (cond.chosen.within,)]
        parts.append(_in_range(_Bounds(cond.chosen.min, cond.chosen.max), lambda s: s.counts[i]))
    if cond.previous is not None:
        if cond.previous.move is not None:
            last = cond.previous.move
            parts.append(lambda s: s.previous == last)
        else:
            kind, strategy_of = cond.previous.strategy, history.strategy_of
            parts.append(lambda s: s.previous is not None and strategy_of[s.previous] == kind)
    if cond.any:
        options = [compile_condition(c, history) for c in cond.any]
        parts.append(lambda s: any(p(s) for p in options))
    if cond.not_ is not None:
        inner = compile_condition(cond.not_, history)
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
