"""The debrief as one self-contained HTML page: inline CSS and SVG, no script, no external file."""

from __future__ import annotations

from .build import Debrief
from .chart_svg import render as render_chart
from .class_summary import heading
from .templating import html_env


def render_html(debriefs: list[Debrief], sources: list[str]) -> str:
    """One section per session, and a class summary first when there are several."""
    sessions = [{"debrief": d.to_json(), "chart": render_chart(d), "source": src} for d, src in zip(debriefs, sources)]
    title, klass = heading(debriefs, sources)
    return html_env().get_template("report.html.j2").render(title=title, sessions=sessions, klass=klass)
