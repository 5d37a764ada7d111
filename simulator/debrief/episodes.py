"""Rupture episodes, 3RS-style (DOMAIN.md §2, §3, §6): when a rupture was in play and what came of it.

A turn is in rupture when its reply shows a marker or the patient's state after
it is anything but working collaboration. An episode is a run of such turns,
beginning with the move that drew the first marker (or with the opening, when
the patient starts in rupture) and closing with the move that brought the work
back, or with the end of the session.

Its type is the family of its first marker (withdrawal or confrontation); with
no tagged marker, the kind of its first withdrawal or confrontation state.

Degree of resolution (1-5): 1 if the patient dropped out. Otherwise the mean,
rounded down, of the furthest stage reached (1 marker ... 5 resolution) and
the stage where the episode closed, where closing in a resolved ending or back
in working collaboration counts as 5. So a rupture worked through to
self-assertion or vulnerability scores 5, one that got to exploration and
slid back to the marker scores 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..patient import Patient
from ..session import Turn
from ..vocabulary import PITFALL_STRATEGIES, STAGE_ORDER, STAGES, STRATEGIES
from .facts import approach, kind, opening_stage, opening_state, stage_number, start_meters
from .markers import MarkerSeen, markers_shown
from .significance import Significance, rate

DEGREE_LABELS = {1: "unresolved", 2: "barely addressed", 3: "partly resolved", 4: "mostly resolved", 5: "resolved"}

RESOLUTION_FORM = {
    "withdrawal": "self-assertion: the patient states a wish or need directly",
    "confrontation": "vulnerability: disappointment, hurt, the wish to be cared for",
}


@dataclass(frozen=True)
class StrategyUsed:
    turn: int
    move: str
    label: str
    strategy: str
    approach: str
    pitfall: bool

    @property
    def text(self) -> str:
        return STRATEGIES[self.strategy][1]

    def to_json(self) -> dict:
        return {"turn": self.turn, "move": self.move, "label": self.label, "strategy": self.strategy,
                "approach": self.approach, "pitfall": self.pitfall, "text": self.text}


@dataclass(frozen=True)
class Resolution:
    degree: int
    closed: str
    """'dropout', 'resolved' (a resolved ending), 'working' (the work resumed), or 'open'."""
    why: str

    @property
    def label(self) -> str:
        return DEGREE_LABELS[self.degree]

    def to_json(self) -> dict:
        return {"degree": self.degree, "label": self.label, "closed": self.closed, "why": self.why}


@dataclass
class Episode:
    number: int
    start: int
    """The first turn in it; 0 when the patient opened in rupture."""
    end: int
    type: str
    markers: list[MarkerSeen]
    strategies: list[StrategyUsed]
    stage_reached: str | None
    resolution: Resolution
    significance: Significance
    causes: list[str]
    turns: list[int] = field(default_factory=list)

    @property
    def subtypes(self) -> list[str]:
        seen = []
        for m in self.markers:
            if m.marker and m.marker not in seen:
                seen.append(m.marker)
        return seen

    def approach_used(self, which: str) -> list[str]:
        """Distinct resolution strategies of one approach, in the order first used; pitfalls are not strategies."""
        out = []
        for s in self.strategies:
            if not s.pitfall and s.approach == which and s.strategy not in out:
                out.append(s.strategy)
        return out

    @property
    def pitfalls(self) -> list[str]:
        out = []
        for s in self.strategies:
            if s.pitfall and s.strategy not in out:
                out.append(s.strategy)
        return out

    def to_json(self) -> dict:
        stage = self.stage_reached
        return {
            "number": self.number,
            "start": self.start,
            "end": self.end,
            "turns": list(self.turns),
            "type": self.type,
            "markers": [m.to_json() for m in self.markers],
            "subtypes": self.subtypes,
            "significance": self.significance.to_json(),
            "strategies": [s.to_json() for s in self.strategies],
            "immediate": self.approach_used("immediate"),
            "exploratory": self.approach_used("exploratory"),
            "pitfalls": self.pitfalls,
            "stage_reached": {"id": stage, "number": stage_number(stage), "text": STAGES.get(stage, "")},
            "resolution_form": RESOLUTION_FORM.get(self.type),
            "resolution": self.resolution.to_json(),
            "causes": list(self.causes),
        }


def _in_rupture(patient: Patient, turn: Turn) -> bool:
    return bool(turn.marker) or kind(patient, turn.state) != "working"


def _resolution(patient: Patient, turns: list[Turn], stages: list[str | None], form: str) -> Resolution:
    last = turns[-1] if turns else None
    if last is not None and (last.ended == "dropout" or kind(patient, last.state) == "dropout"):
        return Resolution(1, "dropout", f"{patient.name} dropped out")
    furthest = max((stage_number(s) for s in stages), default=0)
    reached = STAGE_ORDER[furthest - 1] if furthest else "no stage"
    if last is not None and last.ended == "resolved":
        closed, close_n, how = "resolved", 5, "the session ended resolved"
    elif last is not None and kind(patient, last.state) == "working":
        closed, close_n, how = "working", 5, "the work resumed"
    else:
        close_n = stage_number(stages[-1]) if stages else 0
        closed = "open"
        how = f"it was still at stage {close_n} ({STAGE_ORDER[close_n - 1]}) when the session stopped" if close_n else \
            "it was still open when the session stopped"
    degree = max(1, (furthest + close_n) // 2)
    why = f"reached stage {furthest} ({reached}); {how}"
    if furthest == 5:
        why += f"; the resolution here is {form}"
    return Resolution(degree, closed, why)


def _type(patient: Patient, markers: list[MarkerSeen], states: list[str]) -> str:
    if markers:
        return markers[0].family
    for s in states:
        if kind(patient, s) in ("withdrawal", "confrontation"):
            return kind(patient, s)
    tendency = patient.spec.briefing.rupture_tendency
    return tendency if tendency != "mixed" else "unclassified"


def _build(patient: Patient, number: int, turns: list[Turn], from_opening: bool,
           markers: list[MarkerSeen], all_turns: list[Turn]) -> Episode:
    first = turns[0].number if turns else 0
    start = 0 if from_opening else first
    end = turns[-1].number if turns else 0
    numbers = {t.number for t in turns}
    mine = [m for m in markers if m.turn in numbers or (from_opening and m.turn == 0)]
    states = ([opening_state(patient)] if from_opening else []) + [t.state for t in turns]
    stages = ([opening_stage(patient)] if from_opening else []) + [t.stage for t in turns]
    begin = start_meters(patient) if first <= 1 else dict(all_turns[first - 2].meters)
    points = [begin] + [dict(t.meters) for t in turns]
    causes = []
    if from_opening and patient.spec.states[opening_state(patient)].cause:
        causes.append(patient.spec.states[opening_state(patient)].cause)
    for t in turns:
        if t.cause and t.cause not in causes:
            causes.append(t.cause)
    ep_type = _type(patient, mine, states)
    strategies = []
    for t in turns:
        spec = patient.spec.moves[t.move]
        strategies.append(StrategyUsed(t.number, t.move, spec.label, spec.strategy, approach(spec),
                                       spec.strategy in PITFALL_STRATEGIES))
    resolution = _resolution(patient, turns, stages, RESOLUTION_FORM.get(ep_type, "the underlying wish or need"))
    furthest = max((stage_number(s) for s in stages), default=0)
    significance = rate(patient, ep_type, len(mine), points, states, set(causes), resolution.closed == "dropout")
    return Episode(number, start, end, ep_type, mine, strategies, STAGE_ORDER[furthest - 1] if furthest else None,
                   resolution, significance, causes, [t.number for t in turns])


def find_episodes(patient: Patient, turns: list[Turn], tagged_opening: str | None = None) -> list[Episode]:
    markers = markers_shown(patient, turns, tagged_opening)
    from_opening = kind(patient, opening_state(patient)) != "working" or any(m.turn == 0 for m in markers)
    runs: list[tuple[bool, list[Turn]]] = []
    current: list[Turn] | None = [] if from_opening else None
    opened_at_start = from_opening
    previous = from_opening
    for t in turns:
        now = _in_rupture(patient, t)
        if previous:
            current.append(t)
        elif now:
            current = [t]
        if current is not None and not now:
            runs.append((opened_at_start, current))
            current, opened_at_start = None, False
        previous = now
    if current is not None:
        runs.append((opened_at_start, current))
    return [_build(patient, i, run, opening, markers, turns) for i, (opening, run) in enumerate(runs, 1)]
