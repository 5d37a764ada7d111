"""Move by move: what each move did, how the clinical model judges it, and where a better move was on offer.

Meters, state and stage come from the turn; the judgement (faults and strengths)
from simulator.debrief.judgement, which reads the move's strategy and the
principles the profile says it honours or breaks against the moment it was
made (clinical model §2, §4, §5, §8). The verdict weighs both: a move the model
faults is never "helped", even when the meters rose ("mixed": it felt good in
the moment).

The better move is the first move of the best *clean* line from the position
before the turn (simulator.debrief.search), compared with the best clean line
that could still follow the move actually made. A turn "mattered" when the
better line ends better (resolved rather than open, open rather than dropout),
or the move made was a fault and a clean one was on offer, or both resolve and
the better line keeps the alliance at least ALLIANCE_GAP points higher. How
many turns a line takes never decides it: repair is not a race.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.conditions import alliance
from ..engine.session import Session, Snapshot
from ..engine.vocabulary import MARKERS, STAGE_ORDER, STRATEGIES
from .facts import approach, meters_before, moment_before, stage_direction
from .judgement import Finding, judge, principle_text
from .search import BUDGET, Line, best_line, risk_moves

ALLIANCE_GAP = 5.0


@dataclass
class Better:
    move: str
    label: str
    strategy: str
    approach: str
    honours: list[str]
    best: Line
    """The best line from before the turn (it starts with ``move``)."""
    labels: list[str]
    why: str = ""
    """Why it is the better move, in the terms that decided it (never an alliance figure the trainee's own line
    beats: the search ranks clinical quality before alliance)."""

    def to_json(self) -> dict:
        return {
            "move": self.move,
            "label": self.label,
            "strategy": self.strategy,
            "strategy_text": STRATEGIES[self.strategy][1],
            "approach": self.approach,
            "honours": [{"id": p, "text": principle_text(p)} for p in self.honours],
            "leads_to": self.best.to_json(),
            "line_labels": list(self.labels),
            "why": self.why,
        }


@dataclass
class MoveReview:
    turn: int
    move: str
    label: str
    says: str
    strategy: str
    approach: str
    pitfall: bool
    patient: str
    cue: str
    marker: str | None
    thought: str | None
    meters_before: dict
    meters: dict
    deltas: dict
    state_before: str
    state: str
    stage_before: str | None
    stage: str | None
    honours: list[str]
    breaks: list[str]
    note: str | None
    ended: str | None = None
    findings: list[Finding] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    """The findings' texts, each said once per report (build collapses repeats and lists their turns)."""
    yours: Line | None = None
    """The best the trainee could still do after this move (the move included)."""
    better: Better | None = None
    mattered: bool = False
    typed: str | None = None
    session: str | None = None
    """The session of a course the move was made in."""
    closes_session: bool = False
    """The move's reply ended its session of a course: the next opening's stage says nothing of the move."""

    @property
    def alliance_delta(self) -> float:
        return alliance(self.meters) - alliance(self.meters_before)

    @property
    def stage_change(self) -> str:
        """forward, back or same along the resolution model (§3); "same" for a move that closed its session."""
        if self.closes_session:
            return "same"
        return stage_direction(self.stage_before, self.stage, self.state != self.state_before,
                               self.ended == "dropout")

    @property
    def moved_on(self) -> bool:
        """Did the stage's step forward show real movement? Not when it ends the session in part only (the wish
        or need did not come out, §3), nor when a faulted move drew a new rupture marker on its way."""
        return self.ended != "partial" and not (self.marker and self.faulted)

    @property
    def faulted(self) -> bool:
        return any(f.fault for f in self.findings)

    @property
    def verdict(self) -> str:
        """helped, hurt, mixed or neutral: the meters and the stage's direction, weighed with the judgement.

        A fault is never "helped": "mixed" when the meters or the stage still moved the right way, else "hurt".
        Asking about risk is never "hurt" for the strain it causes (§8)."""
        if self.ended == "dropout":
            return "hurt"
        up, change = self.alliance_delta, self.stage_change
        good, bad = up > 0 or (change == "forward" and self.moved_on), up < 0 or change == "back"
        if bad and up >= 0 and self.stage_before is None and not self.faulted:
            bad = False  # a rupture coming to the surface out of the work is not harm done by a clean move (§5)
        if self.ended == "partial" and self.marker:
            bad = True  # closing in part on a reply that still shows a rupture marker: the rupture went unexplored
        if self.faulted:
            return "mixed" if good else "hurt"
        if any(f.id == "risk" for f in self.findings):
            return "helped"
        if good and bad:
            return "mixed"
        return "helped" if good else "hurt" if bad else "neutral"

    @property
    def verdict_why(self) -> str:
        """What the verdict read, in words: the alliance's change and the step along the stages."""
        if self.ended == "dropout":
            return "the patient dropped out"
        parts = []
        up = self.alliance_delta
        if abs(up) >= 0.05:
            parts.append(f"the alliance {'rose' if up > 0 else 'fell'} {abs(up):.1f}")
        change = self.stage_change
        if change == "forward" and not self.moved_on:
            parts.append("the session closed with the rupture worked through only in part" if self.ended == "partial"
                         else "a new marker came with the step forward")
        elif change == "back" and self.stage_before is None and not self.faulted and up >= 0:
            parts.append("a rupture came to the surface, which a clean move does not cause")
        elif change in ("forward", "back"):
            parts.append(f"the rupture moved {'on' if change == 'forward' else 'back'}, from "
                         f"{_stage_words(self.stage_before)} to {_stage_words(self.stage)}")
        if self.faulted:
            parts.append("the move is a fault by the clinical model")
        return "; ".join(parts) or "nothing changed"

    def to_json(self) -> dict:
        return {
            "turn": self.turn,
            "move": self.move,
            "label": self.label,
            "says": self.says,
            "typed": self.typed,
            "session": self.session,
            "strategy": self.strategy,
            "strategy_text": STRATEGIES[self.strategy][1],
            "approach": self.approach,
            "pitfall": self.pitfall,
            "patient": self.patient,
            "cue": self.cue,
            "marker": self.marker,
            "marker_text": MARKERS[self.marker][1] if self.marker else None,
            "thought": self.thought,
            "meters_before": dict(self.meters_before),
            "meters": dict(self.meters),
            "deltas": dict(self.deltas),
            "alliance_before": round(alliance(self.meters_before), 2),
            "alliance": round(alliance(self.meters), 2),
            "alliance_delta": round(self.alliance_delta, 2),
            "state_before": self.state_before,
            "state": self.state,
            "stage_before": self.stage_before,
            "stage": self.stage,
            "stage_change": self.stage_change,
            "ended": self.ended,
            "verdict": self.verdict,
            "verdict_why": self.verdict_why,
            "honours": [{"id": p, "text": principle_text(p)} for p in self.honours],
            "breaks": [{"id": p, "text": principle_text(p)} for p in self.breaks],
            "note": self.note,
            "remarks": list(self.remarks),
            "faults": [f.id for f in self.findings if f.fault],
            "yours_leads_to": self.yours.to_json() if self.yours else None,
            "mattered": self.mattered,
            "better": self.better.to_json() if self.better else None,
        }


ENDED_WORDS = {"resolved": "resolution", "partial": "a partial resolution", "dropout": "dropout",
               "unresolved": "an unresolved ending", None: "an open session (no ending reached)"}
"""Where a line leads, in the words every part of the debrief uses."""


def _stage_words(stage: str | None) -> str:
    return f"stage {STAGE_ORDER.index(stage) + 1} ({stage})" if stage in STAGE_ORDER else "working together"


def why_better(best: Line, yours: Line, faulted: bool) -> str:
    """What made the better line better, said the way ``mattered`` decided it."""
    if best.rank() != yours.rank():
        return (f"with clean moves only it leads to {ENDED_WORDS[best.ended]}; from your move the best still "
                f"possible was {ENDED_WORDS[yours.ended]}")
    if faulted:
        return "your move was a fault by the clinical model (see above); this one is not"
    return (f"both lead to {ENDED_WORDS[best.ended]}, and this line keeps the alliance "
            f"{best.alliance - yours.alliance:.0f} points higher")


def mattered(best: Line, yours: Line, faulted: bool) -> bool:
    """Did a better clean move matter here? Never by turn count alone."""
    if best.rank() != yours.rank():
        return best.rank() > yours.rank()
    if faulted:
        return True
    return best.resolves and best.alliance - yours.alliance >= ALLIANCE_GAP


def _positions(session: Session) -> list[Snapshot]:
    final = session.snapshot()
    out = []
    for kept in range(session.turn + 1):
        session.restore(final)
        session.rewind_to(kept)
        out.append(session.snapshot())
    session.restore(final)
    return out


def _search_all(session: Session, positions: list[Snapshot], played: list[str], budget: int) -> list[Line]:
    """The best line from every position. Where the trainee played the first move of the best line,
    the rest of it is the best line from the next position, so only positions after a departure
    from it are searched."""
    final = session.snapshot()
    out: list[Line] = []
    try:
        for k, snap in enumerate(positions):
            before = out[k - 1] if k else None
            if before is not None and before.resolves and before.complete and before.moves[:1] == (played[k - 1],):
                out.append(Line(before.moves[1:], before.ended, before.meters, before.complete))
                continue
            session.restore(snap)
            out.append(best_line(session, budget))
    finally:
        session.restore(final)
    return out


def _closes_session(session: Session, turns: list, number: int) -> bool:
    played_in = turns[number - 1].session
    after = turns[number].session if number < len(turns) else session.session_id
    return played_in is not None and after != played_in


RISK_PASSED = ("A question about the patient's safety was on offer here and had not been asked: safety comes "
               "first, even when asking strains the alliance; the strain can be repaired afterwards (§8).")


def _safety_owed(session: Session, positions: list[Snapshot], turns: list) -> list[str | None]:
    """Per turn: the safety question on offer before it while none had been asked yet, or None (§8)."""
    safety = risk_moves(session.patient)
    final = session.snapshot()
    out: list[str | None] = []
    try:
        for snap, turn in zip(positions, turns):
            session.restore(snap)
            out.append(next((m for m in session.options() if m in safety), None))
            if turn.move in safety:
                break
    finally:
        session.restore(final)
    return out + [None] * (len(turns) - len(out))


def _risk_first(session: Session, position: Snapshot, move: str, budget: int) -> Line:
    """The line that asks the safety question first, then goes on as well as it can."""
    final = session.snapshot()
    try:
        session.restore(position)
        session.choose(move)
        return best_line(session, budget).after(move)
    finally:
        session.restore(final)


def review_moves(session: Session, search: bool = True, budget: int = BUDGET) -> list[MoveReview]:
    """One review per turn played; ``search=False`` skips the better-move search (fast, for a first look)."""
    patient = session.patient
    turns = session.turns
    positions = _positions(session)
    lines = _search_all(session, positions, [t.move for t in turns], budget) if search else None
    owed = _safety_owed(session, positions, turns) if risk_moves(patient) else [None] * len(turns)
    out = []
    for t in turns:
        spec = patient.spec.moves[t.move]
        findings = judge(spec, moment_before(patient, turns, t.number), t.move)
        risk = owed[t.number - 1]
        if risk is not None and t.move not in risk_moves(patient):
            findings.append(Finding("risk_passed", RISK_PASSED, False))
        review = MoveReview(
            turn=t.number, move=t.move, label=spec.label, says=t.says, strategy=spec.strategy,
            approach=approach(spec), pitfall=any(f.id == "pitfall" for f in findings), patient=t.patient, cue=t.cue,
            marker=t.marker, thought=t.thought, meters_before=meters_before(patient, turns, t.number),
            meters=dict(t.meters), deltas=dict(t.deltas), state_before=t.state_before, state=t.state,
            stage_before=t.stage_before, stage=t.stage, honours=list(spec.honours), breaks=list(spec.breaks),
            note=spec.note, ended=t.ended, findings=findings, remarks=[f.text for f in findings],
            typed=t.typed, session=t.session, closes_session=_closes_session(session, turns, t.number),
        )
        if lines is not None:
            best, yours = lines[t.number - 1], lines[t.number].after(t.move)
            review.yours = yours
            if risk is not None and t.move not in risk_moves(patient):
                if best.moves[:1] != (risk,):
                    best = _risk_first(session, positions[t.number - 1], risk, budget)
                first = patient.spec.moves[risk]
                review.mattered = True
                review.better = Better(risk, first.label, first.strategy, approach(first), list(first.honours), best,
                                       [patient.spec.moves[m].label for m in best.moves],
                                       "safety comes first: ask about it even when it strains the alliance (§8)")
            elif best.moves and best.moves[0] != t.move and mattered(best, yours, review.faulted):
                first = patient.spec.moves[best.moves[0]]
                review.mattered = True
                review.better = Better(best.moves[0], first.label, first.strategy, approach(first),
                                       list(first.honours), best,
                                       [patient.spec.moves[m].label for m in best.moves],
                                       why_better(best, yours, review.faulted))
        out.append(review)
    return out

