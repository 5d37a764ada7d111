"""The debrief as (heading, text) sections: what the pygame end screen's debrief hook draws.

``provider`` has the signature simulator.ui.hooks expects, so integration is
``hooks.set_debrief(provider)``. Flags count as detection mode only when some
were given (the hook passes the turns flagged in detection mode).
"""

from __future__ import annotations

from typing import Sequence

from ..engine.session import Session
from ..engine.vocabulary import STRATEGIES
from .build import Debrief, build_debrief
from .judgement import principle_text
from .record import PlayRecord


def sections(debrief: Debrief) -> list[tuple[str, str]]:
    out = [("In one line", debrief.summary), ("In plain words", "\n".join(debrief.plain))]
    det = debrief.detection
    if det.scored:
        lines = [f"{len(det.hits)} of {len(det.markers)} markers flagged, {len(det.missed)} missed, "
                 f"{len(det.false_alarms)} false alarm(s), {len(det.late)} late."]
        lines += [f"Turn {r['turn']}: {r['text']}: " + (f"flagged {r['lateness']} turn(s) late" if r["result"] == "late"
                                                       else r["result"]) for r in det.rows()]
        out.append(("Noticing ruptures", "\n".join(lines)))
    for e in debrief.episodes:
        sig = e.significance
        immediate = "; ".join(STRATEGIES[s][1] for s in e.approach_used("immediate")) or "none"
        exploratory = "; ".join(STRATEGIES[s][1] for s in e.approach_used("exploratory")) or "none"
        text = [
            f"A {e.type} rupture{' in the real relationship' if e.relationship == 'real' else ''}, turns {e.start} "
            f"to {e.end}: {e.resolution.label} ({e.resolution.degree}/5)."
            + (f" It comes back to episode {e.revisit_of} (§4.10)." if e.revisit_of else ""),
            "Markers: " + ("; ".join(f"turn {m.turn}: {m.text}" for m in e.markers) or "none tagged"),
            f"Significance {sig.overall}/5: intensity {sig.intensity.rating} ({sig.intensity.why}); "
            f"centrality {sig.centrality.rating} ({sig.centrality.why}); "
            f"endangerment {sig.endangerment.rating} ({sig.endangerment.why}).",
            f"Immediate strategies: {immediate}. Exploratory strategies: {exploratory}.",
        ]
        if e.pitfalls:
            text.append("Pitfalls: " + "; ".join(STRATEGIES[s][1] for s in e.pitfalls) + ".")
        text.append(f"Resolution: {e.resolution.why}.")
        text.extend(e.notes)
        out.append((f"Rupture episode {e.number}", "\n".join(text)))
    mattered = [f"Turn {m.turn}: instead of \u201c{m.label}\u201d, \u201c{m.better.label}\u201d "
                f"({STRATEGIES[m.better.strategy][1]}): {m.better.why}."
                for m in debrief.moves if m.mattered and m.better is not None]
    if mattered:
        out.append(("Turns that mattered", "\n".join(mattered)))
    out.append(("Move by move", "\n".join(
        f"Turn {m.turn}: \u201c{m.label}\u201d {m.verdict}; alliance {m.alliance_delta:+.1f}; "
        f"{m.state_before} to {m.state}"
        + (f"; breaks {'; '.join(principle_text(p) for p in m.breaks)}" if m.breaks else "")
        + (f"; honours {'; '.join(principle_text(p) for p in m.honours)}" if m.honours else "")
        for m in debrief.moves) or "No moves."))
    if debrief.questionnaire:
        out.append(("Your reading of the session", "\n".join(
            f"{i.question} You: {i.answer}; simulated: {'-' if i.simulated is None else i.simulated} ({i.verdict})."
            for i in debrief.questionnaire.items)))
    return out


def provider(session: Session, flagged: Sequence[int]) -> list[tuple[str, str]]:
    """simulator.ui.hooks.DebriefProvider: (session, flagged turns) -> sections."""
    record = PlayRecord(detection_mode=bool(flagged), flags=set(flagged))
    return sections(build_debrief(session, record=record))
