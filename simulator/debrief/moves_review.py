"""Move by move: what each move did, the principles behind it, and where a better move was on offer.

Meters, state and stage come from the turn; principles honoured and broken and
the instructor's note come from the move's tags in the profile (DOMAIN.md §4,
§5); a few remarks depend on the moment (§2 apology or exploration, §5
interpreting while the patient is upset).

The better move is found by searching the profile (simulator.debrief.search)
from the position before the turn, and compared with the best that could still
be done after the move actually made. A turn "mattered" when the best line
from before it resolves and the trainee's can no longer (within the search),
or resolves at least 2 turns sooner, or ends with an alliance at least 5
points higher, or ends better (open rather than dropout).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..conditions import alliance
from ..session import Session, Snapshot
from ..vocabulary import MARKERS, PITFALL_STRATEGIES, PRINCIPLES, STRATEGIES
from .facts import approach, cause_before, kind, meters_before, stage_number
from .search import BUDGET, Line, best_line

TURNS_GAP = 2
ALLIANCE_GAP = 5.0


def principle_text(pid: str) -> str:
    """'tentative' -> '§4.1 tentative, own subjectivity'."""
    number, _, text = PRINCIPLES[pid].partition(". ")
    return f"§4.{number} {text}"


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
    remarks: list[str] = field(default_factory=list)
    yours: Line | None = None
    """The best the trainee could still do after this move (the move included)."""
    better: Better | None = None
    mattered: bool = False
    typed: str | None = None

    @property
    def alliance_delta(self) -> float:
        return alliance(self.meters) - alliance(self.meters_before)

    @property
    def stage_change(self) -> str:
        """forward or back along the resolution model (§3); leaving rupture for working is forward,
        a new marker out of working collaboration is back."""
        a, b = stage_number(self.stage_before), stage_number(self.stage)
        if self.state == self.state_before or a == b:
            return "same"
        if b == 0:
            return "forward"
        if a == 0:
            return "back" if b == 1 else "forward"
        return "forward" if b > a else "back"

    @property
    def verdict(self) -> str:
        """helped, hurt, mixed or neutral: from the alliance's change and the stage's direction."""
        if self.ended == "dropout":
            return "hurt"
        up, change = self.alliance_delta, self.stage_change
        good, bad = up > 0 or change == "forward", up < 0 or change == "back"
        if good and bad:
            return "mixed"
        return "helped" if good else "hurt" if bad else "neutral"

    def to_json(self) -> dict:
        return {
            "turn": self.turn,
            "move": self.move,
            "label": self.label,
            "says": self.says,
            "typed": self.typed,
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
            "alliance_delta": round(self.alliance_delta, 2),
            "state_before": self.state_before,
            "state": self.state,
            "stage_before": self.stage_before,
            "stage": self.stage,
            "stage_change": self.stage_change,
            "ended": self.ended,
            "verdict": self.verdict,
            "honours": [{"id": p, "text": principle_text(p)} for p in self.honours],
            "breaks": [{"id": p, "text": principle_text(p)} for p in self.breaks],
            "note": self.note,
            "remarks": list(self.remarks),
            "yours_leads_to": self.yours.to_json() if self.yours else None,
            "mattered": self.mattered,
            "better": self.better.to_json() if self.better else None,
        }


def mattered(best: Line, yours: Line) -> bool:
    if best.score() <= yours.score():
        return False
    if best.resolves and not yours.resolves:
        return True
    if best.resolves:
        return yours.turns - best.turns >= TURNS_GAP or best.alliance - yours.alliance >= ALLIANCE_GAP
    return best.score()[0] > yours.score()[0] or best.alliance - yours.alliance >= ALLIANCE_GAP


def _remarks(session: Session, turns, t) -> list[str]:
    patient = session.patient
    spec = patient.spec.moves[t.move]
    out = []
    if spec.strategy in PITFALL_STRATEGIES:
        out.append(f"§5, what commonly makes a rupture worse: {STRATEGIES[spec.strategy][1]}.")
    if spec.strategy in ("apologise", "acknowledge_contribution"):
        cause = cause_before(patient, turns, t.number)
        if cause == "patient":
            out.append("§2: this rupture comes from the patient's own pattern; an apology does not help "
                       "there, sensitive exploration does.")
        elif cause == "therapist":
            out.append("§2: this rupture came from the therapist's side, so owning it helps: apology, "
                       "then exploration.")
    if spec.strategy == "link_other_relationships" and kind(patient, t.state_before) in (
            "withdrawal", "confrontation", "avoidance"):
        out.append("§5: linking to other relationships while the patient is upset or backing away "
                   "commonly makes a rupture worse; §4.2, don't assume a parallel too early.")
    return out


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


def review_moves(session: Session, search: bool = True, budget: int = BUDGET) -> list[MoveReview]:
    """One review per turn played; ``search=False`` skips the better-move search (fast, for a first look)."""
    patient = session.patient
    turns = session.turns
    lines = _search_all(session, _positions(session), [t.move for t in turns], budget) if search else None
    out = []
    for t in turns:
        spec = patient.spec.moves[t.move]
        review = MoveReview(
            turn=t.number, move=t.move, label=spec.label, says=t.says, strategy=spec.strategy,
            approach=approach(spec), pitfall=spec.strategy in PITFALL_STRATEGIES, patient=t.patient, cue=t.cue,
            marker=t.marker, thought=t.thought, meters_before=meters_before(patient, turns, t.number),
            meters=dict(t.meters), deltas=dict(t.deltas), state_before=t.state_before, state=t.state,
            stage_before=t.stage_before, stage=t.stage, honours=list(spec.honours), breaks=list(spec.breaks),
            note=spec.note, ended=t.ended, remarks=_remarks(session, turns, t), typed=t.typed,
        )
        if lines is not None:
            best, yours = lines[t.number - 1], lines[t.number].after(t.move)
            review.yours = yours
            if best.moves and best.moves[0] != t.move and mattered(best, yours):
                first = patient.spec.moves[best.moves[0]]
                review.mattered = True
                review.better = Better(best.moves[0], first.label, first.strategy, approach(first),
                                       list(first.honours), best,
                                       [patient.spec.moves[m].label for m in best.moves])
        out.append(review)
    return out

