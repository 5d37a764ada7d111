"""Test plans: an instructor's regression tests for a profile, as plain YAML.

A plan lists cases; each case plays moves from the opening and, after each step,
checks what must hold: the state, beat, kind or stage, meter ranges, flags, the
moves on offer, and whether (and how) the session has ended. Like Yarn Spinner's
``.testplan`` files, a plan sits beside the patient it tests::

    format: 1
    patient: maya
    cases:
      - name: the expert route resolves
        steps:
          - moves: [notice_hesitation]
            expect: {state: noticing, stage: disembedding}
          - moves: [invite_feelings, own_part]
            expect: {meters: {bond: {min: 60}}, flags: [owned_part]}
          - moves: [stay_with_it, welcome_assertion]
            expect: {ended: resolved}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..engine import vocabulary as v
from ..engine.conditions import alliance
from ..engine.diagnostics import Diagnostic, ProfileError, did_you_mean
from ..engine.patient import Patient
from ..engine.profile_model import Ident, Range
from ..engine.session import Session
from ..engine.yaml_source import YamlSource, read_yaml
from ..play.session_runner import SessionRunner, TurnUnavailable


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


MeterName = Literal[v.METERS + ("alliance",)]  # type: ignore[valid-type]  # the names come from the vocabulary


class Expect(_Strict):
    """What must hold after a step's moves; every part given is checked."""

    state: Optional[Ident] = None
    beat: Optional[Ident] = None
    kind: Optional[Literal[tuple(v.KINDS)]] = None  # type: ignore[valid-type]
    stage: Optional[Literal[tuple(v.STAGES)]] = None  # type: ignore[valid-type]
    meters: dict[MeterName, Union[Annotated[int, Field(ge=0, le=100)], Range]] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="a meter's exact value, or {min, max}; 'alliance' is the mean")
    flags: list[Ident] = Field(default_factory=list, description="flags that must be set")
    not_flags: list[Ident] = Field(default_factory=list, description="flags that must not be set")
    offered: list[Ident] = Field(default_factory=list, description="moves that must be on offer")
    not_offered: list[Ident] = Field(default_factory=list, description="moves that must not be on offer")
    ended: Union[Literal[tuple(v.ENDINGS)], bool, None] = Field(  # type: ignore[valid-type]
        None, description="resolved, partial, dropout or unresolved; false (or null) for 'still going'")
    marker: Optional[Literal[tuple(v.MARKERS)]] = None  # type: ignore[valid-type]
    turn: Optional[int] = None
    session: Optional[Ident] = Field(None, description="for a course: the id of the session being played")


class Step(_Strict):
    moves: Annotated[list[Ident], Field(min_length=1)]
    expect: Expect = Expect.model_validate({})  # frozen, so one empty expectation is shared


class Case(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    seed: int = 0
    steps: Annotated[list[Step], Field(min_length=1)]


class Plan(_Strict):
    format: Literal[1]
    patient: Optional[Ident] = Field(None, description="the profile id this plan is for (checked when given)")
    cases: Annotated[list[Case], Field(min_length=1)]


class PlanError(ProfileError):
    """A plan file that cannot be used; every problem is a located Diagnostic."""


@dataclass
class LoadedPlan:
    plan: Plan
    source: YamlSource

    def locate(self, loc: tuple) -> tuple[int, int]:
        return self.source.locate(loc)


@dataclass
class Failure:
    case: str
    step: int
    """1-based step number within the case."""
    after: list[str]
    message: str
    line: int
    col: int


@dataclass
class Result:
    path: str
    cases: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def format_failure(self, f: Failure) -> str:
        after = ", ".join(f.after)
        return f"{self.path}:{f.line}:{f.col}: failed: case '{f.case}', step {f.step} (after {after}): {f.message}"


def load_plan(path: str | Path, patient: Patient) -> LoadedPlan:
    """Read and check a plan against ``patient``; raises PlanError with located problems."""
    src = read_yaml(path)
    if not isinstance(src.data, dict):
        raise PlanError([Diagnostic(src.path, 1, 1, "a plan is a mapping with 'format: 1' and 'cases:'", "P100")])
    try:
        plan = Plan.model_validate(src.data)
    except ValidationError as exc:
        raise PlanError(_schema_problems(src, exc)) from None
    problems = _cross_check(plan, src, patient)
    if problems:
        raise PlanError(problems)
    return LoadedPlan(plan, src)


def _schema_problems(src: YamlSource, exc: ValidationError) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in ("int", "Range", "bool"))))
        kind = err["type"]
        if kind == "extra_forbidden":
            line, col = src.locate_key(loc)
            known = list(Expect.model_fields) + list(Step.model_fields) + list(Case.model_fields) + list(Plan.model_fields)
            message = f"unknown field '{loc[-1]}'{did_you_mean(loc[-1], known)}"
        elif kind == "missing":
            line, col = src.locate(loc[:-1])
            message = f"missing field '{loc[-1]}'"
        else:
            line, col = src.locate(loc)
            message = f"{'.'.join(str(p) for p in loc)}: {err['msg'].lower()}"
        diag = Diagnostic(src.path, line, col, message, "P100", hint="see the plan format in docs/diagnostics.md (P100)")
        if diag not in out:
            out.append(diag)
    return out


def _cross_check(plan: Plan, src: YamlSource, patient: Patient) -> list[Diagnostic]:
    spec = patient.spec
    out: list[Diagnostic] = []

    def add(loc, message, code, hint=None):
        line, col = src.locate(loc)
        out.append(Diagnostic(src.path, line, col, message, code, hint=hint))

    if plan.patient is not None and plan.patient != spec.id:
        add(("patient",), f"this plan is for patient '{plan.patient}', not '{spec.id}'", "P110",
            "run it against that patient, or correct 'patient:'")
    for c, case in enumerate(plan.cases):
        for s, step in enumerate(case.steps):
            base = ("cases", c, "steps", s)
            for m, move in enumerate(step.moves):
                if move not in spec.moves:
                    add(base + ("moves", m), f"unknown move '{move}'{did_you_mean(move, spec.moves)}", "P111")
            e = step.expect
            if e.state and e.state not in spec.states:
                add(base + ("expect", "state"), f"unknown state '{e.state}'{did_you_mean(e.state, spec.states)}", "P112")
            if e.beat and e.beat not in patient.beats and e.beat not in patient.endings:
                add(base + ("expect", "beat"), f"unknown beat '{e.beat}'{did_you_mean(e.beat, patient.beats)}", "P112")
            for key in ("flags", "not_flags"):
                for i, flag in enumerate(getattr(e, key)):
                    if flag not in spec.flags:
                        add(base + ("expect", key, i), f"unknown flag '{flag}'{did_you_mean(flag, spec.flags)}", "P113")
            for key in ("offered", "not_offered"):
                for i, move in enumerate(getattr(e, key)):
                    if move not in spec.moves:
                        add(base + ("expect", key, i), f"unknown move '{move}'{did_you_mean(move, spec.moves)}", "P111")
    return out


def run_plan(patient: Patient, loaded: LoadedPlan) -> Result:
    """Play every case through a session runner; a case stops at its first failed step."""
    result = Result(loaded.source.path)
    for c, case in enumerate(loaded.plan.cases):
        result.cases += 1
        runner = SessionRunner(patient, case.seed)
        for s, step in enumerate(case.steps):
            base = ("cases", c, "steps", s)
            try:
                runner.play(list(step.moves))
                problems = _check(runner.session, step.expect, base + ("expect",))
            except TurnUnavailable as exc:
                problems = [(base + ("moves", exc.index), str(exc.problem))]
            if problems:
                for loc, message in problems:
                    line, col = loaded.locate(loc)
                    result.failures.append(Failure(case.name, s + 1, runner.moves, message, line, col))
                break
    return result


def _check(session: Session, e: Expect, loc: tuple) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []

    def differs(key, want, got):
        if want is not None and want != got:
            out.append((loc + (key,), f"expected {key} {want!r}, got {got!r}"))

    differs("state", e.state, session.state)
    differs("beat", e.beat, session.beat)
    differs("kind", e.kind, session.kind)
    differs("stage", e.stage, session.stage)
    differs("turn", e.turn, session.turn)
    differs("session", e.session, session.session_id)
    if "marker" in e.model_fields_set:
        if e.marker != session.marker:
            out.append((loc + ("marker",), f"expected marker {e.marker!r}, got {session.marker!r}"))
    if "ended" in e.model_fields_set:
        got = session.ended
        if e.ended in (None, False):
            if got:
                out.append((loc + ("ended",), f"expected the session to go on, but it ended ({got}: {session.end_reason})"))
        elif e.ended is True:
            if not got:
                out.append((loc + ("ended",), "expected the session to have ended, but it goes on"))
        elif got != e.ended:
            out.append((loc + ("ended",), f"expected ended {e.ended!r}, got {got or 'not ended'!r}"
                        + (f" ({session.end_reason})" if got else "")))
    for name, want in e.meters.items():
        value = round(alliance(session.meters), 2) if name == "alliance" else session.meters[name]
        if isinstance(want, int):
            if value != want:
                out.append((loc + ("meters", name), f"expected {name} {want}, got {value}"))
        elif (want.min is not None and value < want.min) or (want.max is not None and value > want.max):
            bounds = " and ".join(x for x in (f"at least {want.min}" if want.min is not None else "",
                                                f"at most {want.max}" if want.max is not None else "") if x)
            out.append((loc + ("meters", name), f"expected {name} {bounds}, got {value}"))
    for i, flag in enumerate(e.flags):
        if flag not in session.flags:
            now = ", ".join(sorted(session.flags)) or "none"
            out.append((loc + ("flags", i), f"expected flag '{flag}' to be set; set: {now}"))
    for i, flag in enumerate(e.not_flags):
        if flag in session.flags:
            out.append((loc + ("not_flags", i), f"expected flag '{flag}' not to be set"))
    offered = session.options()
    for i, move in enumerate(e.offered):
        if move not in offered:
            out.append((loc + ("offered", i), f"expected '{move}' on offer; on offer: {', '.join(offered) or 'nothing'}"))
    for i, move in enumerate(e.not_offered):
        if move in offered:
            out.append((loc + ("not_offered", i), f"expected '{move}' not to be on offer"))
    return out
