"""What each reply says and shows: cues, blank lines, markers, and conditions that can never hold."""

from __future__ import annotations

from ...engine.patient import Patient
from ...engine.profile_model import Opening, max_turns_of, opening_of
from ...engine.vocabulary import MARKERS
from ..explore import Exploration
from .report import Report
from .solver import impossible
from .unused import flag_usage

NOT_RUPTURE = {"working": "collaborating, with no rupture in play", "resolution": "the rupture resolved: the need has come out"}
"""Kinds a marked reply should not lead into. Dropout and the four rupture kinds are fine:
a marker before the patient leaves is the last rupture behaviour the trainee can see, and one before a partial
ending is what "in part" means: the session closes with the rupture still showing."""


def check(patient: Patient, found: Exploration, report: Report) -> None:
    spec = patient.spec
    openings: list[tuple[tuple, Opening]] = (
        [(("sessions", i, "opening"), c.opening) for i, c in enumerate(spec.sessions)] if spec.sessions
        else [(("opening",), opening_of(spec))])
    for loc, opening in openings:
        if not opening.cue.strip():
            report.add("W230", loc + ("cue",), "the opening line has a blank cue",
                       "describe what the trainee sees: gaze, posture, voice (§2)")
        if not opening.line.strip():
            report.add("W234", loc + ("line",), "the opening line is blank")
    sets, _clears, _reads = flag_usage(patient)
    causes = frozenset(s.cause for s in spec.states.values() if s.cause)
    for choice in found.reach.choices.values():
        causes |= {choice.outcome.cause} if choice.outcome.cause else set()
    for choice in found.reach.choices.values():
        o = choice.outcome
        loc = choice.loc
        where = _where(choice)
        if o.cue is None or not o.cue.strip():
            written = _written(patient, choice, "cue")
            report.add("W230", loc + ("cue",) if written else loc,
                       f"{where} has no nonverbal cue" + (" (it sets 'cue' to nothing)" if written else ""),
                       "give it a 'cue': gaze, posture, voice, a sigh (§2: nonverbal cues matter as much as words)")
        for i, text in enumerate(o.replies):
            if not text.strip():
                variant = f" (variant {i + 1})" if len(o.replies) > 1 else ""
                report.add("W234", loc + ("reply",), f"{where} has a blank line{variant}",
                           "write what the patient says, or remove the variant")
        if o.marker is not None:
            target_state = patient.state_of[o.target]
            kind = spec.states[target_state].kind
            if kind in NOT_RUPTURE and spec.states[target_state].ending != "partial":
                family = MARKERS[o.marker][0]
                report.add("W231", loc + ("marker",),
                           f"{where} shows the {family} marker '{o.marker}' but leads into '{target_state}', "
                           f"a {kind} state ({NOT_RUPTURE[kind]})",
                           "a marker shows a rupture (§2): remove it ('marker: null' in a branch), or lead the reply "
                           "into a rupture state")
    for choice in found.reach.choices.values():
        cond, cloc = _condition(patient, choice)
        if cond is None:
            continue
        why = impossible(cond, frozenset(sets), max_turns_of(spec), causes)
        if why:
            report.quiet.add(cloc[:-1])
            report.add("W214", cloc, f"this condition can never hold: {why}",
                       "fix the bounds or the flags it needs; as written, the " +
                       ("move is never on offer" if choice.branch is None else "branch is never taken"))


def _where(choice) -> str:
    if choice.branch is None:
        return f"the reply to '{choice.move}' in beat '{choice.beat}'"
    return f"branch {choice.branch + 1} of '{choice.move}' in beat '{choice.beat}'"


def _spec_option(patient: Patient, choice):
    return patient.spec.states[choice.state].beats[choice.beat].options[choice.option]


def _written(patient: Patient, choice, name: str) -> bool:
    opt = _spec_option(patient, choice)
    part = opt if choice.branch is None else opt.branches[choice.branch]
    return name in part.model_fields_set


def _condition(patient: Patient, choice):
    """The condition a reply depends on directly: the option's 'when' for its own reply, the branch's for a branch."""
    opt = _spec_option(patient, choice)
    base = ("states", choice.state, "beats", choice.beat, "options", choice.option)
    if choice.branch is None:
        return opt.when, base + ("when",)
    return opt.branches[choice.branch].when, base + ("branches", choice.branch, "when")
