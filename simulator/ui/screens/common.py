"""The header and key toolbar around every screen but the title."""

from __future__ import annotations

from .. import layout
from ..paint import Painter
from ..widgets import Chip, toolbar


def header_h(p: Painter, m: layout.Metrics | None = None) -> int:
    m = m or p.m
    return p.line_h(m.heading, True)


def footer_h(p: Painter, m: layout.Metrics | None = None) -> int:
    m = m or p.m
    return p.line_h(m.small) + 2 * max(2, m.gap // 2)


def chrome(p: Painter, heading: str, chips: list[Chip], right: str | None = None) -> layout.Frame:
    """Draws the heading and the toolbar; returns the frame whose body the screen fills."""
    t, m = p.theme, p.m
    fr = layout.frame(p.w, p.h, m, header_h(p), footer_h(p))
    right_w = 0
    if right:
        right_text = p.ellipsize(right, m.small, fr.header.w // 2)
        r = p.text(right_text, fr.header.right, fr.header.y + (fr.header.h - p.line_h(m.small)) // 2, m.small, t.dim,
                   bg=t.bg, panel=fr.header, role="header.right", align="right")
        right_w = r.w + m.pad
    title = p.ellipsize(heading, m.heading, fr.header.w - right_w, True)
    p.text(title, fr.header.x, fr.header.y, m.heading, t.text, bold=True, bg=t.bg, panel=fr.header, role="header")
    toolbar(p, fr.footer, chips, m.small)
    return fr

