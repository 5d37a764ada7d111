"""The debrief as Markdown: the same content as the HTML page, with a meter table in place of the chart."""

from __future__ import annotations

from ..engine.vocabulary import MARKERS, STRATEGIES
from .build import Debrief
from .class_summary import heading
from .templating import md_env


def events(debrief: Debrief) -> dict[int, str]:
    """What happened at each turn, for the meter table: markers shown, pitfalls played, flags raised."""
    out: dict[int, list[str]] = {}
    for m in debrief.detection.markers:
        out.setdefault(m.turn, []).append(f"marker: {MARKERS[m.marker][1] if m.marker else m.family}")
    for mv in debrief.moves:
        if mv.pitfall:
            out.setdefault(mv.turn, []).append(f"pitfall: {STRATEGIES[mv.strategy][1].split(' (')[0]}")
    if debrief.detection.scored:
        for f in debrief.detection.flags:
            out.setdefault(f, []).append("flagged")
    return {turn: "; ".join(parts) for turn, parts in out.items()}


def render_md(debriefs: list[Debrief], sources: list[str]) -> str:
    sessions = [{"debrief": d.to_json(), "source": src, "events": events(d)} for d, src in zip(debriefs, sources)]
    title, klass = heading(debriefs, sources)
    return md_env().get_template("report.md.j2").render(title=title, sessions=sessions, klass=klass)
