"""The clinical judgement of one move at one moment, by the clinical model, not by the meters.

Every part of the feedback that praises, blames or recommends a move reads it
from here: the move-by-move review, the better-move search, the coach's hint
and the explorer's expert route. So a move the review names as a pitfall can
never be the move the search recommends, and the rules cannot drift apart.

A *fault* (the search never recommends it) is:
- giving the rationale again straight after the answer to it showed a marker:
  repeating it rigidly after it was rejected (§5);
- a pitfall strategy (clinical model §5; the pulls of §7); carrying on with the
  agenda and advising are faults only while a rupture is in play, since
  continuing the work is right where it is helping (§5);
- a metacommunication principle the profile says the move breaks (§4);
- linking to other relationships while the rupture is still open: the patient
  upset or backing away, or the rupture not yet worked through here and now
  (§5, §4.2);
- an apology into a rupture that comes from the patient's own pattern (§2);
- the same exploratory strategy a third time running: relentless probing (§4);
- any other move made a third time running: rigid repetition (§5), with no
  eye on the response (§4.6).

A *strength* is named too: an apology where the therapist caused the rupture,
owning one's part (§4.3, always advised), asking about risk (§8, right even
when the alliance dips). A *reminder*, no fault: exploring a strain the
therapist caused before owning it (§2: apology, then exploration).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine.vocabulary import PITFALL_STRATEGIES, PRINCIPLES, STRATEGIES

if TYPE_CHECKING:
    from ..engine.profile_model import Move

RELENTLESS = 3
"""The same exploratory strategy this many times running is relentless probing (§4)."""

RUPTURE_ONLY = frozenset({"continue_agenda", "give_advice"})
"""Pitfalls only while a rupture is in play: outside one, carrying on with the work is right (§5)."""

UPSET_KINDS = frozenset({"withdrawal", "confrontation", "exploration", "avoidance"})
"""States in which a link to other relationships is too early: the rupture is still being explored here and
now (§4.2: stay with what happens here; §5: timing matters)."""

OWNING = frozenset({"apologise", "acknowledge_contribution"})
"""Strategies that own the therapist's part in a strain (§2, §4.3): exploratory, but repeating them is rigid, not
invasive, and they are what 'own it first' asks for."""

RATIONALE = frozenset({"give_rationale", "repeat_rationale"})
"""Giving the rationale: once, together, is a repair; again straight after it was rejected is rigid (§5)."""

NEVER_A_FAULT = frozenset({"address_risk"})
"""Raising a safety concern is never scored as a rupture error (§8)."""

PITFALL_WHY = {
    "continue_agenda": "carrying on with the plan misses the marker (§5; the pull to push the agenda, §7)",
    "defend_self": "defending or justifying yourself pulls the rupture deeper (§5; the pull to defend, §7)",
    "repeat_rationale": "repeating the rationale after it was rejected is rigid; giving it once, together, "
                        "is the repair (§5)",
    "closing_reassurance": "reassurance may feel good in the moment, but it closes the exploration "
                           "(§5; the pull to reassure, §7)",
    "push_harder": "pushing harder on a withdrawn patient makes them withdraw further (§5; the pull to fill "
                   "the silence, §7)",
    "placate": "placating means the complaint is never explored (§5; the pull to placate, §7)",
    "professional_neutrality": "a neutral reaction where care for the person is called for is a rupture in "
                               "the real relationship (§2)",
    "give_advice": "advising or fixing in place of exploring leaves the patient's own wish unheard "
                   "(§5; the pull to rescue, §7)",
}


def principle_text(pid: str) -> str:
    """'tentative' -> '§4.1 tentative, own subjectivity'."""
    number, _, text = PRINCIPLES[pid].partition(". ")
    return f"§4.{number} {text}"


def approach(move: Move) -> str:
    return move.approach or STRATEGIES[move.strategy][0]


@dataclass(frozen=True)
class Moment:
    """What the judgement needs to know of the moment a move is made."""

    kind: str
    """The kind of the patient's state before the move."""
    cause: str | None
    """Who caused the rupture in play: therapist, patient, both, or None."""
    marker: str | None
    """The 3RS marker the patient's last line showed, if any."""
    recent: tuple[str, ...] = ()
    """Strategies of the moves just before this one, oldest first."""
    recent_moves: tuple[str, ...] = ()
    """The moves just before this one, oldest first."""
    owned: bool = True
    """Has the therapist apologised or owned their part earlier in the session? (Read by the review only; the
    search needs no more than the faults, which never depend on it.)"""

    @property
    def in_rupture(self) -> bool:
        return self.kind != "working" or self.marker is not None


@dataclass(frozen=True)
class Finding:
    id: str
    """A stable id: 'pitfall', 'breaks', 'early_link', 'apology_patient', 'relentless', 'repeated',
    'apology_therapist', 'apology_both', 'own_part', 'own_first', 'risk', 'risk_passed', 'rationale_again'."""
    text: str
    fault: bool


def judge(move: Move, at: Moment, move_id: str = "") -> list[Finding]:
    """Faults, or else strengths; empty when the model has nothing particular to say. A strength of a move
    the model faults here is not named: it did not apply."""
    strategy = move.strategy
    out: list[Finding] = []
    if strategy in NEVER_A_FAULT:
        return [Finding("risk", "Asking about safety is right even when it strains the alliance; the strain "
                                "can be repaired afterwards (§8).", False)]
    if strategy in PITFALL_STRATEGIES and (strategy not in RUPTURE_ONLY or at.in_rupture):
        why = PITFALL_WHY.get(strategy, STRATEGIES[strategy][1])
        out.append(Finding("pitfall", f"A pitfall: {why}.", True))
    if strategy in RATIONALE and at.recent[-1:] and at.recent[-1] in RATIONALE and at.marker:
        out.append(Finding("rationale_again", f"A pitfall: {PITFALL_WHY['repeat_rationale']}: the patient's "
                                              f"answer to it showed a rupture marker.", True))
    for p in move.breaks:
        out.append(Finding("breaks", f"It breaks {principle_text(p)}.", True))
    if strategy == "link_other_relationships" and (at.kind in UPSET_KINDS or at.marker):
        out.append(Finding("early_link", "Linking to other relationships while the rupture is still open (the "
                                         "patient upset, backing away, or not yet through it with you here and "
                                         "now) can feel blaming and commonly makes it worse (§5); don't assume a "
                                         "parallel too early (§4.2).", True))
    if strategy == "apologise":
        if at.cause == "patient":
            out.append(Finding("apology_patient", "This rupture comes from the patient's own pattern: an apology "
                                                  "does not help there; sensitive exploration does (§2).", True))
        elif at.cause == "therapist":
            out.append(Finding("apology_therapist", "The therapist's side caused this rupture, so an apology, "
                                                    "followed by exploration, helps (§2).", False))
        elif at.cause == "both":
            out.append(Finding("apology_both", "This rupture is co-created: apologising for your own part helps, "
                                               "and the rest needs exploring together (§2).", False))
    if approach(move) == "exploratory" and strategy not in OWNING and running(strategy, at.recent):
        out.append(Finding("relentless", f"The same exploration {RELENTLESS} times running "
                                         f"(\u201c{STRATEGIES[strategy][1]}\u201d): relentless probing can feel "
                                         f"invasive, however well meant (§4).", True))
    elif running(move_id, at.recent_moves):
        out.append(Finding("repeated", f"The same move {RELENTLESS} times running: rigidly repeating an "
                                       f"intervention stops repairing anything; watch the response to each "
                                       f"one (§5, §4.6).", True))
    if (at.cause == "therapist" and not at.owned and approach(move) == "exploratory"
            and strategy not in OWNING):
        out.append(Finding("own_first", "This strain came from your side: owning it first, briefly and without "
                                        "defending, usually opens the exploration that follows (§2, §4.3).", False))
    if strategy == "acknowledge_contribution":
        out.append(Finding("own_part", "Owning your part, openly and without defending it, is always advised "
                                       "(§4.3).", False))
    if any(f.fault for f in out):
        out = [f for f in out if f.fault]
    return out


def running(latest: str, recent: tuple[str, ...]) -> bool:
    """Would ``latest`` be the RELENTLESS-th of the same in a row?"""
    run = RELENTLESS - 1
    return len(recent) >= run and all(s == latest for s in recent[-run:])


def is_clean(move: Move, at: Moment, move_id: str = "") -> bool:
    """May the feedback recommend this move here? (No fault by the clinical model.)"""
    return not any(f.fault for f in judge(move, at, move_id))
