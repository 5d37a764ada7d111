"""Rupture episodes, 3RS-style (clinical model §2, §3, §6): when a rupture was in play and what came of it.

Episodes are read from the path of states and the markers shown. One opens at a
marker, or on being in a rupture state (withdrawal, confrontation, exploration,
avoidance); the opening line counts as turn 0. It closes on the move that
brings the work back (a working state with no marker), on reaching a state of
kind resolution, or at an ending. Inside an episode, a change of the
relationship strained (working alliance or real relationship, taken from the
states that say so), or a new marker that comes with a change of who caused
it, starts a new episode: two strains of a different nature are two episodes,
each with its own cause and remarks. (A repair move that only shows who caused
the strain, such as owning one's slip, does not.)

Each episode knows, from the states actually passed: the rupture kinds in the
order they appeared (``kinds``), the relationship, the cause, the stage
reached, and the form its resolution takes: self-assertion after a withdrawal
path, vulnerability after a confrontation path; the last rupture kind before
the resolution decides (§3). An episode that comes back to a rupture state (or,
with none, a marker) of an earlier one is a revisit of it (§4.10).

Degree of resolution (1-5): 1 if the patient dropped out. Otherwise the mean,
rounded down, of the furthest stage reached (1 marker ... 5 resolution) and the
stage where the episode closed, where closing in a resolved ending, in a state
of kind resolution or back in working collaboration counts as 5; a partial
ending counts at most 3. A rupture in the real relationship is slower to repair
(§2): one that closes within REAL_QUICK moves of its start is rated at most 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..engine.patient import Patient
from ..engine.session import Turn
from ..engine.vocabulary import DEFAULT_STAGE, PITFALL_STRATEGIES, STAGE_ORDER, STAGES, STRATEGIES
from .facts import approach, kind, meters_before, moment_before, opening_state, owned_before, stage_number, start_meters
from .judgement import judge
from .markers import MarkerSeen, markers_shown
from .significance import Significance, rate

RUPTURE_STATE_KINDS = frozenset({"withdrawal", "confrontation", "exploration", "avoidance"})
REAL_QUICK = 3
"""A real-relationship rupture closed within this many moves of its start is not rated fully resolved."""

DEGREE_LABELS = {1: "unresolved", 2: "barely addressed", 3: "partly resolved", 4: "mostly resolved", 5: "resolved"}

RESOLUTION_KIND = {"withdrawal": "self_assertion", "confrontation": "vulnerability"}
RESOLUTION_FORM = {
    "self_assertion": "self-assertion: the patient states a wish or need directly",
    "vulnerability": "vulnerability: disappointment, hurt, the wish to be cared for",
}
REAL_NOTE = ("A rupture in the real relationship (care for the person) is slower to repair than a strain in the "
             "work, and rarely ends up helping the therapy (§2).")
UNOWNED_NOTE = ("This strain came from the therapist's side and was never owned: an apology, then exploration, "
                "usually helps (§2).")


@dataclass(frozen=True)
class StrategyUsed:
    turn: int
    move: str
    label: str
    strategy: str
    approach: str
    pitfall: bool
    faulted: bool = False
    """The clinical judgement found a fault in the move (a pitfall, a broken principle, ...)."""

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
    """'dropout', 'resolved' (a resolved ending or a state of kind resolution), 'partial', 'working' (the work
    resumed), 'turned' (it became a strain of another nature: the next episode), or 'open'."""
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
    """The first turn in it; 0 when it begins with the opening line."""
    end: int
    kinds: list[str]
    """withdrawal / confrontation, in order of first appearance."""
    relationship: str
    cause: str | None
    markers: list[MarkerSeen]
    strategies: list[StrategyUsed]
    stage_reached: str | None
    resolution_kind: str | None
    resolution: Resolution
    significance: Significance
    turns: list[int] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    revisit_of: int | None = None
    notes: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    """The sessions of a course the episode spans (where its turns were played); empty outside a course."""
    resolution_kind_from: str | None = None
    """'profile' when the author gave the resolution's form (``resolution_kind``), 'path' when it is the form the
    model expects after the path taken (§3), None with no resolution."""
    stage_at_end: str | None = None
    """The stage shown where the episode closed (None for working collaboration or a partial ending)."""

    @property
    def type(self) -> str:
        """'withdrawal', 'confrontation', 'withdrawal then confrontation' (and so on), or 'unclassified'."""
        return " then ".join(self.kinds) if self.kinds else "unclassified"

    @property
    def causes(self) -> list[str]:
        return [self.cause] if self.cause else []

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
            if not s.pitfall and s.strategy not in PITFALL_STRATEGIES and s.approach == which and s.strategy not in out:
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
            "kinds": list(self.kinds),
            "relationship": self.relationship,
            "cause": self.cause,
            "markers": [m.to_json() for m in self.markers],
            "subtypes": self.subtypes,
            "significance": self.significance.to_json(),
            "strategies": [s.to_json() for s in self.strategies],
            "immediate": self.approach_used("immediate"),
            "exploratory": self.approach_used("exploratory"),
            "pitfalls": self.pitfalls,
            "stage_reached": {"id": stage, "number": stage_number(stage), "text": STAGES.get(stage or "", "")},
            "resolution_kind": self.resolution_kind,
            "resolution_form": RESOLUTION_FORM.get(self.resolution_kind or ""),
            "resolution_kind_from": self.resolution_kind_from,
            "stage_at_end": self.stage_at_end,
            "resolution": self.resolution.to_json(),
            "revisit_of": self.revisit_of,
            "sessions": list(self.sessions),
            "causes": self.causes,
            "notes": list(self.notes),
        }


@dataclass
class _Point:
    """The opening (turn 0) or one turn, as the episode reader sees it."""

    number: int
    state: str
    marker: MarkerSeen | None
    cause: str | None
    stage: str | None
    meters: dict
    ended: str | None
    turn: Turn | None
    session: str | None = None


def _points(patient: Patient, turns: list[Turn], markers: list[MarkerSeen]) -> list[_Point]:
    by_turn = {m.turn: m for m in markers}
    state = opening_state(patient)
    spec = patient.spec.states[state]
    course = patient.spec.sessions
    out = [_Point(0, state, by_turn.get(0), spec.cause, spec.stage or DEFAULT_STAGE.get(spec.kind),
                  start_meters(patient), None, None, course[0].id if course else None)]
    for t in turns:
        out.append(_Point(t.number, t.state, by_turn.get(t.number), t.cause, t.stage, dict(t.meters), t.ended, t,
                          t.session))
    return out


def _relationship(patient: Patient, state: str) -> str | None:
    """The relationship a state says it strains, or None when the author left it to the default."""
    spec = patient.spec.states[state]
    return spec.relationship if "relationship" in spec.model_fields_set else None


def _runs(patient: Patient, points: list[_Point]) -> list[tuple[list[_Point], str, str | None, str]]:
    """(points, relationship, cause, how it closed) for each episode, in order."""
    runs = []
    cur: list[_Point] | None = None
    rel: str = "working"
    cause: str | None = None
    for i, p in enumerate(points):
        k = kind(patient, p.state)
        if cur is not None:
            said = _relationship(patient, p.state)
            new_rel = said is not None and said != rel and k in RUPTURE_STATE_KINDS
            new_cause = (p.cause is not None and cause is not None and p.cause != cause
                         and (p.marker is not None or stage_number(p.stage) == 1)
                         and len(cur) > 1)  # a cause revealed by the first move changes this episode's cause
            if new_rel or new_cause:
                runs.append((cur, rel, cause, "turned"))
                cur = None
        if cur is None:
            if p.marker is None and k not in RUPTURE_STATE_KINDS:
                continue
            cur, rel, cause = [], _relationship(patient, p.state) or "working", p.cause
        if len(cur) == 1 and p.cause is not None:
            cause = p.cause
        cur.append(p)
        cause = cause or p.cause
        if p.ended:
            runs.append((cur, rel, cause, "ended"))
            cur = None
        elif k == "resolution":
            runs.append((cur, rel, cause, "resolution"))
            cur = None
        elif k == "working" and p.marker is None:
            runs.append((cur, rel, cause, "working"))
            cur = None
        elif (i + 1 < len(points) and p.session is not None and points[i + 1].session not in (None, p.session)
              and len(cur) > 1):
            # a rupture worked on and left open when its session ends is rated with that session (§6); its
            # return after the interval is a revisit (§4.10). A marker on the session's last line alone is
            # the seed of the next session's episode, so it goes on into it.
            runs.append((cur, rel, cause, "session"))
            # the state after the session's last move is where the next session opens: it starts the next episode
            cur = ([replace(p, session=points[i + 1].session, marker=None, turn=None)]
                   if k in RUPTURE_STATE_KINDS else None)
    if cur is not None:
        runs.append((cur, rel, cause, "open"))
    return runs


def _reached(p: _Point) -> int:
    """The stage a point shows (1-5, 0 for none). A partial ending is a resolution state in the profile, but the
    wish or need never came out in full there, so it does not count as reaching stage 5 (§3)."""
    return 0 if p.ended == "partial" else stage_number(p.stage)


def _resolution(patient: Patient, points: list[_Point], how: str, relationship: str,
                settled: bool = False) -> Resolution:
    last = points[-1]
    if how == "ended" and (last.ended == "dropout" or kind(patient, last.state) == "dropout"):
        return Resolution(1, "dropout", f"{patient.name} dropped out")
    furthest = max((_reached(p) for p in points), default=0)
    reached = STAGE_ORDER[furthest - 1] if furthest else "no stage"
    cap = 5
    if last.ended == "resolved" or how == "resolution":
        closed, close_n, text = "resolved", 5, ("the session ended resolved" if last.ended == "resolved"
                                                 else "the underlying wish or need came out")
    elif last.ended == "partial":
        closed, close_n, text, cap = "partial", 5, "it was worked through in part (a partial ending)", 3
    elif how == "working" and settled:
        return Resolution(5, "working", f"reached stage {furthest} ({reached}); settled: the work resumed after a "
                                        f"clean move (§5: not every strain needs talk about the relationship)")
    elif how == "working":
        closed, close_n, text = "working", 5, "the work resumed"
    else:
        close_n = stage_number(last.stage)
        closed = how if how in ("turned", "session") else "open"
        where = f"at stage {close_n} ({STAGE_ORDER[close_n - 1]})" if close_n else "open"
        text = {"turned": f"it was still {where} when it turned into a strain of another nature",
                "session": f"it was still {where} when its session ended"}.get(
            how, f"it was still {where} when the session stopped")
    degree = min(cap, max(1, (furthest + close_n) // 2))
    why = f"reached stage {furthest} ({reached}); {text}"
    moves = sum(1 for p in points if p.turn is not None)
    if relationship == "real" and closed in ("resolved", "working") and moves <= REAL_QUICK and degree > 4:
        degree = 4
        why += (f"; a rupture in the real relationship repaired within {REAL_QUICK} moves is rated at most "
                f"'mostly resolved': such ruptures are slower to repair (§2)")
    return Resolution(degree, closed, why)


def _kinds(patient: Patient, points: list[_Point]) -> tuple[list[str], str | None]:
    """Rupture kinds in order of first appearance, and the last one before the resolution: from the rupture
    states passed, or from the markers shown where the episode passed none, or where two or more markers
    were shown and every one is of the other family (the 3RS types a rupture by its markers, §2)."""
    def read(families: list[str]) -> tuple[list[str], str | None]:
        kinds = [k for i, k in enumerate(families) if k not in families[:i]]
        return kinds, (families[-1] if families else None)

    states = [kind(patient, p.state) for p in points]
    kinds, last = read([k for k in states if k in ("withdrawal", "confrontation")])
    families = [p.marker.family for p in points if p.marker and p.marker.family in ("withdrawal", "confrontation")]
    shown = read(families)
    if kinds and (len(families) < 2 or set(shown[0]) & set(kinds)):
        return kinds, last
    return shown if shown[0] else (kinds, last)


def _resolution_kind(patient: Patient, points: list[_Point], last_kind: str | None) -> tuple[str | None, bool]:
    """The form the resolution took, and whether the profile says so: the author's ``resolution_kind`` on the
    latest resolution-stage state reached, else the form the model ties to the path (§3: self-assertion after
    withdrawal, vulnerability after confrontation)."""
    for p in reversed(points):
        state = patient.spec.states.get(p.state)
        if _reached(p) == 5 and state is not None and state.resolution_kind:
            return state.resolution_kind, True
    return RESOLUTION_KIND.get(last_kind or ""), False


def _build(patient: Patient, number: int, points: list[_Point], rel: str, cause: str | None, how: str,
           turns: list[Turn], earlier: list[Episode]) -> Episode:
    mine = [p.marker for p in points if p.marker]
    played = [p.turn for p in points if p.turn is not None]
    first = points[0].number
    begin = points[0].meters if first == 0 or points[0].turn is None else meters_before(patient, turns, first)
    meters = [begin] + [p.meters for p in points if p.turn is not None]
    kinds, last_kind = _kinds(patient, points)
    strategies = []
    for t in played:
        spec = patient.spec.moves[t.move]
        found = judge(spec, moment_before(patient, turns, t.number), t.move)
        strategies.append(StrategyUsed(t.number, t.move, spec.label, spec.strategy, approach(spec),
                                       any(f.id == "pitfall" for f in found), any(f.fault for f in found)))
    furthest = max((_reached(p) for p in points), default=0)
    closing = strategies[-1] if strategies else None
    settled = closing is not None and not closing.faulted and closing.strategy not in PITFALL_STRATEGIES
    resolution = _resolution(patient, points, how, rel, settled)
    resolution_kind, said = _resolution_kind(patient, points, last_kind) if furthest == 5 else (None, False)
    if rel == "real" and not said:
        resolution_kind = None  # the path's form is a rule for strains in the work, not in care for the person (§2-3)
    kind_from = ("profile" if said else "path") if resolution_kind else None
    if resolution_kind:
        form = RESOLUTION_FORM[resolution_kind]
        resolution = Resolution(resolution.degree, resolution.closed, resolution.why + (
            f"; the resolution here is {form}" if said else f"; the form the model expects on this path is {form}"))
    states = [p.state for p in points]
    significance = rate(patient, kinds, rel, len(mine), meters, resolution.closed == "dropout", first == 0)
    notes = []
    if rel == "real":
        notes.append(REAL_NOTE)
    if cause == "therapist" and played and not owned_before(patient, turns[:points[-1].number]):
        notes.append(UNOWNED_NOTE)
    episode = Episode(number, first, points[-1].number, kinds, rel, cause, mine, strategies,
                      STAGE_ORDER[furthest - 1] if furthest else None, resolution_kind, resolution, significance,
                      [t.number for t in played], states, None, notes)
    episode.resolution_kind_from = kind_from
    episode.stage_at_end = STAGE_ORDER[_reached(points[-1]) - 1] if _reached(points[-1]) else None
    episode.revisit_of = _revisit(patient, episode, earlier)
    for p in points:
        if p.session is not None and p.session not in episode.sessions:
            episode.sessions.append(p.session)
    if episode.revisit_of is not None:
        before = earlier[episode.revisit_of - 1]
        again = "in a later session" if before.sessions and episode.sessions[:1] != before.sessions[-1:] else "again"
        episode.notes.append(f"The rupture of episode {before.number} comes back {again}: expect more ruptures and "
                             f"revisits; each time is new (§4.10).")
    return episode


def _themes(patient: Patient, e: Episode) -> set:
    ruptures = {s for s in e.states if kind(patient, s) in ("withdrawal", "confrontation")}
    return ruptures or {m.marker for m in e.markers if m.marker}


def _revisit(patient: Patient, e: Episode, earlier: list[Episode]) -> int | None:
    """The first earlier episode, closed before, whose rupture state (or, with none, marker) this one comes back
    to (§4.10)."""
    mine = _themes(patient, e)
    for before in earlier:
        if before.resolution.closed in ("resolved", "partial", "working", "session") and mine & _themes(patient, before):
            return before.number
    return None


def find_episodes(patient: Patient, turns: list[Turn], tagged_opening: str | None = None) -> list[Episode]:
    markers = markers_shown(patient, turns, tagged_opening)
    out: list[Episode] = []
    for points, rel, cause, how in _runs(patient, _points(patient, turns, markers)):
        out.append(_build(patient, len(out) + 1, points, rel, cause, how, turns, out))
    return out
