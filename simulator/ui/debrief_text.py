"""The debrief (simulator.debrief.Debrief) as paragraphs for the pygame debrief screen.

Only words already in the Debrief, the vocabulary and the profile
are used; this module decides the order and the wording of the headings.
"""

from __future__ import annotations

from ..debrief.moves_review import ENDED_WORDS, principle_text
from ..engine.vocabulary import ENDINGS, STAGES, STRATEGIES
from .plain import plain
from .widgets import Para

SHORT_QUESTIONS = {"tension": "Tension (1–5)", "resolved": "Resolved (1–5)", "bond": "Bond (0–100)",
                   "goals": "Goals (0–100)", "tasks": "Tasks (0–100)", "real": "Real relationship (0–100)"}


def _ended(ended: str | None) -> str:
    return ENDED_WORDS.get(ended, str(ended).replace("_", " "))


def _leads(line) -> str:
    """Where a line of moves leads, never how many turns it takes: repair is not a race."""
    return "which keeps the work open" if line.ended is None else f"which can lead to {_ended(line.ended)}"


def _strategies(ids: list[str]) -> str:
    return "; ".join(STRATEGIES[s][1] for s in ids) or "none"


def detection_line(det) -> str:
    return (f"{len(det.hits)} hit{'s' if len(det.hits) != 1 else ''} of {len(det.markers)} marker"
            f"{'s' if len(det.markers) != 1 else ''} ({len(det.late)} late) · {len(det.missed)} missed · "
            f"{len(det.false_alarms)} false alarm{'s' if len(det.false_alarms) != 1 else ''}")


def plain_lines(debrief) -> list[str]:
    """The debrief's own three plain lines (what happened, what helped, what to try next), without section marks.

    The headless debrief words them (``Debrief.plain``), so the window, the
    report and the JSON lead with the same sentences.
    """
    return [plain(line) for line in debrief.plain]


def paras(debrief, saved: str | None = None) -> list[Para]:
    d = debrief
    lead = plain_lines(d)
    out = [Para(lead[0], "label", space=0)] + [Para(line, "label", space=0.3) for line in lead[1:]]
    out.append(Para("The detail", "heading", space=0.9))
    outcome = f"Outcome: {_ended(d.ended)} after {d.turns} move{'s' if d.turns != 1 else ''}"
    if d.ended in ENDINGS:
        outcome += f" ({ENDINGS[d.ended]})"
    out.append(Para(outcome + ".", "label"))
    if d.epilogue:
        out.append(Para(d.epilogue, "dim", space=0.2))
    if saved:
        out.append(Para(saved, "dim", space=0.3))
    out += [Para(n, "dim", space=0.3) for n in d.notes]

    out.append(Para("Noticing ruptures", "heading", space=0.9))
    det = d.detection
    if det.scored:
        out.append(Para(detection_line(det), "label"))
        for r in det.rows():
            result = f"flagged {r['lateness']} turn(s) late" if r["result"] == "late" else r["result"]
            out.append(Para(f"Turn {r['turn']}: {r['text']}: {result}", "error" if r["result"] == "missed" else "body",
                            space=0.1))
        if not det.rows():
            out.append(Para("No markers were shown and nothing was flagged.", "body", space=0.1))
    else:
        out.append(Para("Not played in detection mode: press D during a session to hide the meters and flag "
                        "ruptures with R; the debrief then scores what you noticed.", "dim"))

    sa = d.self_awareness
    if sa.offered:
        out.append(Para("Noticing the pull", "heading", space=0.9))
        if sa.scored:
            out.append(Para(f"{sa.matched} of {sa.asked} answers named the pull of that moment.", "label"))
            for m in sa.missed:
                out.append(Para(f"Turn {m['turn']}: {m['text']}.", "body", space=0.1))
        else:
            out.append(Para(f"{sa.offered} moment{'s' if sa.offered != 1 else ''} pulled at the therapist; press N "
                            "(or L) to be asked what you notice in yourself there.", "dim"))

    if not d.episodes:
        out.append(Para("Rupture episodes", "heading", space=0.9))
        out.append(Para("No rupture marker was shown in this session.", "body"))
    for e in d.episodes:
        sig = e.significance
        out.append(Para(f"Rupture episode {e.number}: {e.type}, turns {e.start} to {e.end}", "heading", space=0.9))
        out.append(Para("Markers: " + ("; ".join(f"turn {m.turn}: {m.text}" for m in e.markers) or "none tagged"),
                        "body", space=0.2))
        out.append(Para(f"Significance {sig.overall}/5: intensity {sig.intensity.rating} ({sig.intensity.why}); "
                        f"centrality {sig.centrality.rating} ({sig.centrality.why}); "
                        f"endangerment {sig.endangerment.rating} ({sig.endangerment.why}).", "body", space=0.2))
        out.append(Para(f"Immediate strategies: {_strategies(e.approach_used('immediate'))}. "
                        f"Exploratory strategies: {_strategies(e.approach_used('exploratory'))}.", "body", space=0.2))
        if e.pitfalls:
            out.append(Para(f"Pitfalls: {_strategies(e.pitfalls)}.", "error", space=0.2))
        stage = STAGES.get(e.stage_reached, "no stage of the resolution model")
        out.append(Para(f"Stage reached: {stage}.", "body", space=0.2))
        out.append(Para(f"Resolved: {e.resolution.degree}/5, {e.resolution.label} ({e.resolution.why}).", "label",
                        space=0.2))

    out.append(Para("Your reading of the session", "heading", space=0.9))
    if d.questionnaire:
        q = d.questionnaire
        out.append(Para(f"{q.close} of {q.rated} rated answers close to the simulated values.", "label"))
        for i in q.items:
            sim = "not rated" if i.simulated is None else str(i.simulated)
            out.append(Para(f"{SHORT_QUESTIONS.get(i.key, i.key)}: you {i.answer}, simulated {sim}: {i.verdict}",
                            "body", space=0.1))
    else:
        out.append(Para("The questionnaire was not answered for this session.", "dim"))
    out.append(Para(f"Coach hints asked for: {d.hints_used}.", "body", space=0.3))

    out.append(Para("Move by move", "heading", space=0.9))
    if not d.moves:
        out.append(Para("No moves were made.", "dim"))
    for m in d.moves:
        out.append(Para(f"Turn {m.turn}: “{m.label}”: {m.verdict}", "label", space=0.6))
        detail = f"Alliance {m.alliance_delta:+.1f}; {m.state_before.replace('_', ' ')} to {m.state.replace('_', ' ')}"
        if m.breaks:
            detail += "; breaks " + "; ".join(principle_text(p) for p in m.breaks)
        if m.honours:
            detail += "; honours " + "; ".join(principle_text(p) for p in m.honours)
        out.append(Para(detail + ".", "body", space=0.1))
        if m.better:
            b = m.better
            out.append(Para(f"Better move on offer: “{b.label}” ({STRATEGIES[b.strategy][1]}), {_leads(b.best)}"
                            + (f"; from your move, the best still possible is "
                               f"{'to keep the work open' if m.yours.ended is None else _ended(m.yours.ended)}."
                               if m.yours else "."), "good", space=0.1))
    return out
