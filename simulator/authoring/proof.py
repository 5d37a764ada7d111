"""A profile as a readable document, for a supervisor who does not read YAML.

``rupture proof PATIENT -o FILE.md`` writes the briefing, the meters and dropout
rule, what the patient remembers, every clinical state with its beats, each move
on offer with its conditions in words, every reply variant with its cue, marker,
effects and where it leads, the endings, the move library, and the expert and
dropout routes that simulator.authoring.explore finds. Every clinical term is glossed from
simulator.engine.vocabulary, so the text can be checked against the clinical model (docs/clinical-model.md).
"""

from __future__ import annotations

import re

from ..engine.patient import Patient
from ..engine.profile_model import Condition, opening_of
from ..engine.session import stage_of
from ..engine.vocabulary import (
    APPROACHES,
    CAUSES,
    ENDINGS,
    KINDS,
    MARKERS,
    METER_NAMES,
    PRINCIPLES,
    PULL_NAMES,
    PULLS,
    STAGES,
    STRATEGIES,
)
from .explore import Exploration


def condition_text(cond: Condition | None, patient: Patient) -> str:
    """A condition in plain words ("flag 'x' is set (meaning) and bond is at least 58")."""
    if cond is None:
        return "always"
    flags = patient.spec.flags
    parts = [f"flag '{f}' is set ({_quote(flags.get(f, '?'))})" for f in cond.flags]
    parts += [f"flag '{f}' is not set ({_quote(flags.get(f, '?'))})" for f in cond.not_flags]
    for name, rng in cond.meters.items():
        noun = "the alliance (mean of the four meters)" if name == "alliance" else METER_NAMES[name]
        parts.append(f"{noun} is {_bounds(rng.min, rng.max)}")
    if cond.turn is not None:
        parts.append(f"the number of moves made so far is {_bounds(cond.turn.min, cond.turn.max)}")
    if cond.cause:
        parts.append("the rupture in play was co-created by both" if cond.cause == "both"
                     else f"the rupture in play was caused by the {cond.cause}")
    if cond.session:
        parts.append(f"session '{cond.session}' is being played")
    if cond.chosen:
        c = cond.chosen
        what = f"move '{c.move}'" if c.move else f"a move of strategy '{c.strategy}'"
        scope = "across the course" if c.within == "course" else "in this session"
        if (c.min or 0) == 0 and c.max == 0:
            parts.append(f"{what} has not been chosen yet {scope}")
        else:
            parts.append(f"{what} has been chosen {_bounds(c.min, c.max)} times {scope}")
    if cond.previous:
        p = cond.previous
        parts.append(f"the last move before this one was '{p.move}'" if p.move
                     else f"the last move before this one was of strategy '{p.strategy}'")
    if cond.any:
        parts.append("at least one of: " + "; or ".join(f"({condition_text(c, patient)})" for c in cond.any))
    if cond.not_ is not None:
        parts.append(f"not ({condition_text(cond.not_, patient)})")
    return " and ".join(parts) or "always"


def _bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"between {lo} and {hi}"
    if lo is not None:
        return f"at least {lo}"
    return f"at most {hi}"


def _effects(effects) -> str:
    return ", ".join(f"{METER_NAMES[m]} {d:+d}" for m, d in effects) or "no change"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]~|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _quote(text: str) -> str:
    """Profile text as inert Markdown on one line: no heading, list, link, emphasis or HTML can come from it."""
    flat = " ".join(text.split()).translate(_MARKDOWN)
    return "\\" + flat if flat[:1] in ("#", "-", "+", "=") or re.match(r"\d+[.)]", flat) else flat


def _where(patient: Patient, target: str) -> str:
    if target in patient.endings:
        return f"the ending **{target}** ({patient.endings[target].ending})"
    return f"beat **{target}** (state {patient.state_of[target]})"


def _move_line(patient: Patient, move_id: str) -> str:
    move = patient.spec.moves[move_id]
    return f"{_quote(move.label)} (`{move_id}`; {STRATEGIES[move.strategy][1]})"


def render(patient: Patient, found: Exploration | None = None) -> str:
    spec = patient.spec
    b = spec.briefing
    out: list[str] = []
    w = out.append
    name = _quote(spec.name)
    w(f"# {name}, {spec.age}: patient profile `{spec.id}`")
    w("")
    w(f"{_quote(spec.summary)}. Difficulty {spec.difficulty}/5, at most {spec.max_turns} moves. "
      f"From {_quote(patient.path)} (SHA-256 {patient.sha256[:12]}).")
    w("")
    w("*A training tool, not a clinical instrument. The clinical model is docs/clinical-model.md in the simulator; "
      "section numbers (§) refer to it.*")
    w("")
    w("## Briefing")
    w("")
    for title, text in (("Presenting problem", b.presenting_problem), ("Background", b.background),
                        ("Relational pattern", b.relational_pattern),
                        ("Rupture tendency", b.rupture_tendency), ("Watch for", b.watch_for)):
        w(f"- **{title}:** {_quote(text)}")
    w("")
    w("## Alliance and dropout")
    w("")
    w("| meter | start |")
    w("|---|---|")
    for m in METER_NAMES:
        w(f"| {METER_NAMES[m]} | {getattr(spec.meters, m).start} |")
    w("")
    rule = spec.dropout
    parts = []
    if rule.alliance_below is not None:
        parts.append(f"the alliance (mean of the four meters) falls below {rule.alliance_below}")
    parts += [f"{METER_NAMES[m]} falls below {v}" for m, v in rule.meter_below.items()]
    if parts:
        w(f"The patient drops out (state **{rule.state}**) when " + ", or ".join(parts) + ".")
    else:
        w(f"The patient drops out only by a reply that leads to **{rule.state}**.")
    if spec.sessions:
        w("")
        w("## A course of sessions")
        w("")
        w("Meters and flags carry over from one session to the next. Each session ends unresolved after its own "
          "number of moves, unless a reply has opened the next.")
        for course in spec.sessions:
            w("")
            w(f"### Session {course.id}: at most {course.max_turns} moves")
            if course.interval:
                w("")
                w(f"*{_quote(course.interval)}*")
            w("")
            w(f"Opens at beat **{course.opening.beat}** (state {patient.state_of[course.opening.beat]}).")
            w("")
            w(f"> **{spec.name}:** \"{_quote(course.opening.line)}\"  ")
            w(f"> *({_quote(course.opening.cue)})*")
    else:
        w(f"After {spec.max_turns} moves the session ends unresolved.")
    w("")
    if spec.flags:
        w("## What the patient can remember")
        w("")
        for flag, meaning in spec.flags.items():
            w(f"- `{flag}`: {_quote(meaning)}")
        w("")
    w("## Opening")
    w("")
    start_state = patient.state_of[patient.initial]
    w(f"Starts at beat **{patient.initial}** in state **{start_state}**.")
    w("")
    opening = opening_of(spec)
    w(f"> **{name}:** \"{_quote(opening.line)}\"  ")
    w(f"> *({_quote(opening.cue)})*")
    if opening.thought:
        w(f"> — thinking: *{_quote(opening.thought)}*")
    w("")
    if found is not None:
        w("## Routes")
        w("")
        for title, route in (("Expert route (the shortest to resolution)", found.resolution_route),
                             ("Shortest route to dropout", found.dropout_route)):
            w(f"**{title}:**" + ("" if route else " none found"))
            w("")
            for i, step in enumerate(route or [], 1):
                w(f"{i}. {_move_line(patient, step)}")
            w("")
        w(f"In {sum(found.random_endings.values())} seeded random playthroughs, "
          f"{found.random_resolved_share:.0%} resolve and {found.random_dropout_share:.0%} drop out.")
        w("")
    w("## Clinical states")
    for sid, state in spec.states.items():
        w("")
        stage = stage_of(patient, sid)
        head = f"### {sid}: {state.kind}"
        if stage and not state.ending:
            head += f", stage {STAGES[stage]}"
        w(head)
        w("")
        w(f"*{KINDS[state.kind]}.*" + (f" Cause: {CAUSES[state.cause]}." if state.cause else "")
          + (" A rupture in the real relationship." if state.relationship == "real" else ""))
        if state.description:
            w("")
            w(_quote(state.description))
        if state.ending:
            w("")
            w(f"**Ending: {state.ending}** ({ENDINGS[state.ending]}).")
            if state.epilogue:
                w("")
                w(f"> {_quote(state.epilogue)}")
        for bid, beat in state.beats.items():
            w("")
            w(f"#### Beat {bid}")
            if beat.note:
                w("")
                w(f"*{_quote(beat.note)}*")
            if beat.pull:
                feels, leads = PULLS[beat.pull.kind]
                w("")
                w(f"Pull on the therapist: **{PULL_NAMES[beat.pull.kind]}** ({feels}; followed, {leads}; §7)"
                  + (f": {_quote(beat.pull.note)}" if beat.pull.note else "") + ".")
            rules = patient.beats[bid].options
            for i, opt in enumerate(beat.options):
                w("")
                move = spec.moves[opt.move]
                when = f" — on offer only when {condition_text(opt.when, patient)}" if opt.when else ""
                w(f"- **Therapist: {_quote(move.label)}** (`{opt.move}`){when}  ")
                w(f"  \"{_quote(move.says)}\"")
                rule_i = rules[i]
                for j, br in enumerate(opt.branches):
                    lead = "If" if j == 0 else "Else, if"
                    _outcome(w, patient, rule_i.branches[j][1],
                             f"  - {lead} {condition_text(br.when, patient)}:", name)
                _outcome(w, patient, rule_i.fallback, "  - Otherwise:" if opt.branches else "  -", name)
    w("")
    w("## Move library")
    for mid, move in spec.moves.items():
        w("")
        approach = move.approach or STRATEGIES[move.strategy][0]
        w(f"### {_quote(move.label)} (`{mid}`)")
        w("")
        w(f"\"{_quote(move.says)}\"")
        w("")
        w(f"- Strategy: {STRATEGIES[move.strategy][1]} (§5); approach: {APPROACHES[approach]}")
        if move.honours:
            w("- Honours: " + "; ".join(PRINCIPLES[p] for p in move.honours) + " (§4)")
        if move.breaks:
            w("- Breaks: " + "; ".join(PRINCIPLES[p] for p in move.breaks) + " (§4)")
        if move.note:
            w(f"- Note: {_quote(move.note)}")
    w("")
    return "\n".join(out)


def _outcome(w, patient: Patient, o, lead: str, name: str) -> None:
    if len(o.replies) == 1:
        w(f"{lead} **{name}:** \"{_quote(o.replies[0])}\" *({_quote(o.cue or 'no cue')})*")
    else:
        w(f"{lead} **{name}** (one of, by seed) *({_quote(o.cue or 'no cue')})*:")
        for r in o.replies:
            w(f"    - \"{_quote(r)}\"")
    details = []
    if o.marker:
        family, text = MARKERS[o.marker]
        details.append(f"marker: {o.marker} ({family}: {text})")
    details.append(_effects(o.effects))
    if o.sets:
        details.append("remembers " + ", ".join(f"`{f}`" for f in sorted(o.sets)))
    if o.clears:
        details.append("forgets " + ", ".join(f"`{f}`" for f in sorted(o.clears)))
    if o.cause:
        details.append(f"cause: {o.cause}")
    if o.next_session:
        details.append(f"this session ends; then session '{o.next_session}', at " + _where(patient, o.target))
    else:
        details.append("then " + _where(patient, o.target))
    w("    " + "; ".join(details) + ".")
    if o.thought:
        w(f"    Thinking: *{_quote(o.thought)}*")
