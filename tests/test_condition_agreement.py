"""The engine, the reach pass and the lint solver read one compiled form of a condition: on generated
conditions, at every point on and beside their bounds, the three give the same answer."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from simulator.authoring.lint.solver import impossible
from simulator.authoring.reach import HIGH, Box, Cond3
from simulator.engine.conditions import (
    FALSE,
    MAYBE,
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
    predicate,
)
from simulator.engine.vocabulary import METERS

FLAGS = ("a", "b")
CAUSES = frozenset({"therapist", "patient"})
MAX_TURNS = 12


def _bound(rng: random.Random, top: int) -> Bound:
    lo = rng.choice([None, rng.randint(0, top)])
    hi = rng.choice([None, rng.randint(0, top)]) if lo is not None else rng.randint(0, top)
    return Bound(lo, hi)


def _part(rng: random.Random, depth: int) -> Cond:
    kinds = ["meter", "alliance", "turn", "flags", "not_flags", "cause"] + (["any", "not"] if depth < 1 else [])
    kind = rng.choice(kinds)
    if kind == "meter":
        return MeterIn(rng.choice(METERS[:2]), _bound(rng, 100))
    if kind == "alliance":
        return AllianceIn(_bound(rng, 100))
    if kind == "turn":
        return TurnIn(_bound(rng, MAX_TURNS - 1))
    if kind == "flags":
        return FlagsSet((rng.choice(FLAGS),))
    if kind == "not_flags":
        return FlagsUnset((rng.choice(FLAGS),))
    if kind == "cause":
        return CauseIs(rng.choice(sorted(CAUSES)))
    if kind == "any":
        return AnyOf(tuple(_condition(rng, depth + 1) for _ in range(rng.randint(1, 2))))
    return Not(_condition(rng, depth + 1))


def _condition(rng: random.Random, depth: int = 0) -> AllOf:
    return AllOf(tuple(_part(rng, depth) for _ in range(rng.randint(1, 3))))


def _edges(form: Cond) -> set[int]:
    """Every bound written in ``form``, and the numbers either side of it."""
    out: set[int] = set()
    for part in getattr(form, "parts", ()) or ((form.part,) if isinstance(form, Not) else ()):
        out |= _edges(part)
    bound = getattr(form, "bound", None)
    if bound is not None:
        for v in (bound.lo, bound.hi):
            if v is not None:
                out |= {v - 1, v, v + 1}
    return out


def _points(form: AllOf, rng: random.Random):
    """Sessions at the condition's boundaries: meters, the alliance and the turn on and beside each bound."""
    edges = sorted(_edges(form))
    for _ in range(40):
        meters = {m: min(100, max(0, rng.choice(edges + [50]))) for m in METERS}
        # the alliance edge itself: make the total hit a multiple of 4 near a written alliance bound
        if rng.random() < 0.5:
            target = min(100, max(0, rng.choice(edges + [50])))
            meters = dict.fromkeys(METERS, target)
            meters[METERS[rng.randrange(4)]] += rng.choice([-1, 0, 1]) if 0 < target < 100 else 0
        turn = min(MAX_TURNS - 1, max(0, rng.choice(edges + [0])))
        flags = frozenset(f for f in FLAGS if rng.random() < 0.5)
        cause = rng.choice(sorted(CAUSES) + [None])
        yield meters, turn, flags, cause


def _point_condition(form: AllOf, meters: dict, turn: int, flags: frozenset, cause) -> AllOf:
    """``form`` and "the session is exactly this one", for the solver, which decides satisfiability."""
    pin: list[Cond] = [MeterIn(m, Bound(v, v)) for m, v in meters.items()] + [TurnIn(Bound(turn, turn))]
    pin += [FlagsSet((f,)) if f in flags else FlagsUnset((f,)) for f in FLAGS]
    pin.append(CauseIs(cause) if cause is not None else Not(AnyOf(tuple(AllOf((CauseIs(c),)) for c in CAUSES))))
    return AllOf((form, *pin))


@pytest.mark.parametrize("seed", range(60))
def test_the_engine_the_reach_pass_and_the_solver_agree_at_every_boundary(seed):
    rng = random.Random(seed)
    form = _condition(rng)
    holds = predicate(form)
    judged = Cond3(form)
    for meters, turn, flags, cause in _points(form, rng):
        session = SimpleNamespace(meters=meters, turn=turn, flags=flags, cause=cause)
        engine = holds(session)
        point = Box(*(meters[m] for m in METERS), turn, *(meters[m] for m in METERS), turn)
        reach = judged.value(point, flags, cause)
        solver = impossible(_point_condition(form, meters, turn, flags, cause), frozenset(FLAGS), MAX_TURNS, CAUSES)
        assert reach == (TRUE if engine else FALSE), (form, meters, turn, flags, cause)
        assert (solver is None) is engine, (form, meters, turn, flags, cause, solver)
        wide = Box(*(max(0, v - 3) for v in point[:HIGH]), *(min(100, v + 3) for v in point[HIGH:]))
        assert judged.value(wide, flags, cause) in ((TRUE, MAYBE) if engine else (FALSE, MAYBE)), (form, wide)


def test_a_bound_is_inclusive_at_both_ends_for_all_three():
    form = AllOf((MeterIn("bond", Bound(40, 60)),))
    for bond, inside in [(39, False), (40, True), (60, True), (61, False)]:
        meters = {m: 50 for m in METERS} | {"bond": bond}
        assert predicate(form)(SimpleNamespace(meters=meters)) is inside
        point = Box(*meters.values(), 0, *meters.values(), 0)
        assert Cond3(form).value(point, frozenset(), None) == (TRUE if inside else FALSE)
        pinned = AllOf((form, MeterIn("bond", Bound(bond, bond))))
        assert (impossible(pinned, frozenset(), MAX_TURNS, CAUSES) is None) is inside


def test_the_alliance_is_the_mean_to_the_last_quarter_point():
    form = AllOf((AllianceIn(Bound(50, None)),))
    for total, inside in [(199, False), (200, True)]:
        meters = dict(zip(METERS, (total - 150, 50, 50, 50)))
        assert predicate(form)(SimpleNamespace(meters=meters)) is inside
        point = Box(*meters.values(), 0, *meters.values(), 0)
        assert Cond3(form).value(point, frozenset(), None) == (TRUE if inside else FALSE)
        assert Cond3(form).narrow_not(Box(0, 0, 0, 0, 0, 100, 100, 100, 100, 0), frozenset(), None) is not None
