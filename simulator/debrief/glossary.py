"""The Learn screen's glossary in plain words: meters, markers, stages, strategies, principles.

Keyed like simulator.engine.vocabulary, so every term a profile or the debrief uses
has an entry; written for trainees, without section numbers (the clinical
model, docs/clinical-model.md, has the sources). No pygame: the terminal and
reports can use it too.
"""

from __future__ import annotations

import re

from ..engine import vocabulary as v

_CITE = re.compile(r",?\s*§\s?\d+(?:\.\d+)*")

METERS = {
    "bond": ("Bond", "How much the patient trusts you, feels accepted and understood, and believes you can help."),
    "goals": ("Goals", "How far the two of you agree on what the therapy is for."),
    "tasks": ("Tasks", "How far the two of you agree on what you actually do in the sessions."),
    "real": ("Real relationship", "The personal bond: two people appreciating each other as persons, genuinely "
             "and realistically, beyond the roles of patient and therapist."),
}

STAGES = {
    "marker": ("1. Marker", "Something in what the patient says or does shows the relationship has frayed."),
    "disembedding": ("2. Stepping out", "You notice the pull of the moment and step out of it instead of going along."),
    "exploration": ("3. Exploring", "The two of you look together at what just happened between you."),
    "avoidance": ("4. Backing off", "The patient shies away from the feelings the rupture stirred; stay with them gently."),
    "resolution": ("5. Resolution", "The patient says what they want (after withdrawing) or shows what hurt (after "
                   "confronting), and the relationship is stronger for it."),
}

KIND_WORDS = {
    "withdrawal": "A sign of withdrawal (moving away from you, the work or their own feelings)",
    "confrontation": "A sign of confrontation (moving against you or the work)",
}

PRINCIPLES = {
    "tentative": ("Be tentative", "Offer what you notice as your own view, open to correction."),
    "no_early_parallel": ("Don't jump to parallels", "Stay with what is happening between you before linking it "
                          "to the patient's other relationships."),
    "accept_responsibility": ("Own your part", "Say what you contributed to the difficulty."),
    "start_where_you_are": ("Start where you are", "Begin from what you feel right now, even confusion."),
    "concrete": ("Be concrete", "Point to specific moments and words, not generalities."),
    "watch_response": ("Watch the response", "Notice how each thing you say lands, and adjust."),
    "relational_meaning": ("Mind what it means to them", "The same words can help or hurt depending on the "
                           "patient's history and your own state of mind."),
    "we_ness": ("We are in this together", "Treat the impasse as something the two of you are stuck in, not the "
                "patient's fault."),
    "self_disclosure": ("Share carefully", "Say, judiciously, how the moment between you feels to you, and ask how "
                        "the patient sees what is going on for you."),
    "expect_more": ("Expect more", "Ruptures come back; each repair is part of the work, not the end of it."),
}


SPECIAL = {
    "address_risk": "Right whenever there is a sign of risk to the patient or others, even when it strains the "
                    "relationship; repair the strain afterwards.",
    "personal_disclosure": "Something of your own life, not of the moment between you: use it sparingly.",
    "humour": "Lightness can ease a strain or dodge it; watch how it lands.",
    "give_advice": "Advising or fixing in place of hearing what the patient wants: in a rupture it usually makes "
                   "things worse.",
}


def _strategy(sid: str) -> tuple[str, str]:
    approach, text = v.STRATEGIES[sid]
    text = _CITE.sub("", text)
    term = text[0].upper() + text[1:]
    if sid in SPECIAL:
        return term, SPECIAL[sid]
    if sid in v.PITFALL_STRATEGIES:
        return term, "Often makes a rupture worse."
    if approach == "immediate":
        return term, "A direct repair: deals with the rupture on the surface."
    return term, "An exploring repair: looks at what lies under the rupture with the patient."


def _marker(mid: str) -> tuple[str, str]:
    kind, text = v.MARKERS[mid]
    name, _, rest = text.partition(":")
    return name[0].upper() + name[1:], f"{KIND_WORDS[kind]}: {(rest or name).strip()}."


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(term, plain explanation)]) in reading order."""
    return [
        ("Meters: the working relationship", [METERS[m] for m in v.METERS]),
        ("Markers: signs of a rupture", [_marker(m) for m in v.MARKERS]),
        ("Stages of repairing a rupture", [STAGES[s] for s in v.STAGE_ORDER]),
        ("Strategies: what you can do", [_strategy(s) for s in v.STRATEGIES]),
        ("Principles for talking about the relationship", [PRINCIPLES[p] for p in v.PRINCIPLES]),
        ("Pulls: what the moment pulls you to do", [_pull(k) for k in v.PULLS]),
    ]


def _pull(kind: str) -> tuple[str, str]:
    feels, leads = v.PULLS[kind]
    name = v.PULL_NAMES[kind]
    return (name[0].upper() + name[1:],
            f"What it feels like: {feels}. Followed, {leads}. Notice it rather than act on it.")
