"""Findings about the clinical model a profile teaches: where its tags or its routes contradict the model.

A profile can be valid and playable and still teach the opposite of the
research: a real-relationship rupture that heals in two moves, an apology that
pays off where the rupture is the patient's own pattern, a resolution that only
a pitfall reaches. The feedback reads these tags, so a wrong tag becomes wrong
feedback; these warnings (W250-W255) catch them at authoring time.
"""

from __future__ import annotations

from ...engine.patient import Patient
from ...engine.profile_model import opening_of
from ...engine.session import Session, Snapshot
from ..explore import Exploration
from .report import Report

REAL_QUICK = 3
"""W253: a real-relationship rupture should not reach resolution within this many moves of its start (§2)."""

RUPTURE_KINDS = ("withdrawal", "confrontation")


def check(patient: Patient, found: Exploration, report: Report) -> None:
    _state_tags(patient, report)
    _move_tags(patient, report)
    _opening(patient, report)
    _apologies(patient, found, report)
    _quick_real_repairs(patient, found, report)
    _clean_resolution(patient, found, report)


def _state_tags(patient: Patient, report: Report) -> None:
    for sid, state in patient.spec.states.items():
        if state.kind != "working" and not state.ending:
            continue
        what = "an ending" if state.ending else "a working state"
        if "relationship" in state.model_fields_set and state.relationship == "real":
            report.add("W250", ("states", sid, "relationship"),
                       f"'{sid}' is {what} but says 'relationship: real'",
                       "the relationship belongs to a rupture state (withdrawal, confrontation, exploration, "
                       "avoidance); the debrief reads it to open an episode in the real relationship (§2)")
        if state.cause:
            report.add("W250", ("states", sid, "cause"), f"'{sid}' is {what} but says 'cause: {state.cause}'",
                       "who caused a rupture belongs to a rupture state or to the reply that opens it (§2)")


def _move_tags(patient: Patient, report: Report) -> None:
    for mid, move in patient.spec.moves.items():
        if move.strategy == "link_other_relationships" and "no_early_parallel" in move.honours:
            report.add("W251", ("moves", mid, "honours"),
                       f"'{mid}' links to other relationships yet claims to honour no_early_parallel",
                       "linking to other relationships is what §4.2 warns about; drop the claim, or tag it "
                       "'breaks: [no_early_parallel]' if it comes too early")


def _opening(patient: Patient, report: Report) -> None:
    spec = patient.spec
    state = patient.state_of[patient.initial]
    marker = opening_of(spec).marker
    if marker and spec.states[state].kind == "working":
        report.add("W252", ("opening", "marker"),
                   f"the opening line shows the marker '{marker}' but the patient opens in "
                   f"'{state}', a working state",
                   "a marker shows a rupture (§2): open in a rupture state, or leave the marker out")


def _apologies(patient: Patient, found: Exploration, report: Report) -> None:
    spec = patient.spec
    for choice in found.reach.choices.values():
        move = spec.moves[choice.move]
        if move.strategy != "apologise":
            continue
        state_cause = spec.states[choice.state].cause
        branch_cause = choice.condition.cause if choice.condition is not None else None
        if (branch_cause or state_cause) != "patient":
            continue
        gain = sum(delta for _meter, delta in choice.outcome.effects)
        if gain > 0:
            report.add("W254", choice.loc + ("effects",),
                       f"an apology ('{choice.move}') into a rupture the patient's own pattern caused gains "
                       f"{gain} points in all",
                       "where the rupture comes from the patient's pattern an apology does not help; sensitive "
                       "exploration does (§2): make it cost, or mark the rupture 'cause: therapist' or 'both'")


def _quick_real_repairs(patient: Patient, found: Exploration, report: Report) -> None:
    """From each beat of a real-relationship rupture that play reached, try every line of REAL_QUICK moves."""
    spec = patient.spec
    session = Session(patient)
    for beat, route in found.beats.items():
        state = patient.state_of.get(beat)
        if state is None or spec.states[state].relationship != "real" or spec.states[state].kind not in RUPTURE_KINDS:
            continue
        session.reset()
        try:
            for move in route:
                session.choose(move)
        except ValueError:
            continue
        if session.beat != beat:
            continue
        quick = _resolves_within(session, REAL_QUICK)
        if quick is not None:
            report.add("W253", ("states", state), f"the real-relationship rupture '{state}' reaches resolution "
                       f"in {len(quick)} moves from beat '{beat}' ({', '.join(quick)})",
                       "ruptures in the real relationship are slower to repair and rarely end up helping (§2): "
                       "make the repair take longer, or mark the state 'relationship: working'", key=True)
            return


def _resolves_within(session: Session, depth: int) -> tuple[str, ...] | None:
    """The first line of at most ``depth`` moves that reaches a state of kind resolution, or None. A partial
    ending is a resolution state in the profile but not the stage reached (the need never came out), so it
    does not count."""
    root = session.snapshot()
    frontier: list[tuple[Snapshot, tuple[str, ...]]] = [(root, ())]
    for _ in range(depth):
        nxt: list[tuple[Snapshot, tuple[str, ...]]] = []
        for snap, line in frontier:
            session.restore(snap)
            for move in session.options():
                session.restore(snap)
                session.step(move)
                if session.kind == "resolution" and session.ended != "partial":
                    session.restore(root)
                    return line + (move,)
                if not session.ended:
                    nxt.append((session.snapshot(), line + (move,)))
        frontier = nxt
    session.restore(root)
    return None


def _clean_resolution(patient: Patient, found: Exploration, report: Report) -> None:
    if found.resolution_route is None or found.clean_resolution:
        return
    resolved = [sid for sid, s in patient.spec.states.items() if s.ending == "resolved"]
    report.add("W255", ("states", resolved[0]),
               "every route to resolution that was found passes through a move the clinical model faults ("
               + ", ".join(found.resolution_route_pitfalls) + ")",
               "the debrief never recommends a pitfall, so it cannot show the trainee a way out: offer a clean "
               "move where the route needs one (docs/feedback.md)", key=True)
