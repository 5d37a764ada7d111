"""The four alliance meters over a session, turn by turn, as a line chart."""

from __future__ import annotations

import pygame
from pygame import Rect

from ..engine.vocabulary import METERS
from .paint import Painter


def meter_series(session) -> dict[str, list[int]]:
    """Each meter's value at the start (turn 0) and after every turn, read from the session's turns."""
    start = {m: getattr(session.patient.spec.meters, m).start for m in METERS}
    series = {m: [start[m]] for m in METERS}
    for turn in session.turns:
        for m in METERS:
            series[m].append(turn.meters[m])
    return series


def _marker(surf, shape: int, colour, centre, size: int) -> None:
    x, y = centre
    if shape == 0:
        pygame.draw.circle(surf, colour, centre, size)
    elif shape == 1:
        pygame.draw.rect(surf, colour, Rect(x - size, y - size, 2 * size, 2 * size))
    elif shape == 2:
        pygame.draw.polygon(surf, colour, [(x, y - size - 1), (x + size + 1, y + size), (x - size - 1, y + size)])
    else:
        pygame.draw.polygon(surf, colour, [(x, y - size - 1), (x + size + 1, y), (x, y + size + 1), (x - size - 1, y)])


def draw_chart(p: Painter, rect: Rect, series: dict[str, list[int]], px: int, role: str = "chart") -> tuple[Rect, float]:
    """Axes 0-100 against turns, one coloured line with its own point shape per meter, and a legend.

    Returns the plot area and the width of one turn, for marks drawn on top (the debrief's)."""
    t, m = p.theme, p.m
    lh = p.line_h(px)
    legend_h = lh + m.gap
    axis_w = p.width("100", px) + m.gap
    plot = Rect(rect.x + axis_w, rect.y + legend_h + lh // 2, max(1, rect.w - axis_w - m.gap),
                max(1, rect.h - legend_h - lh // 2 - 2 * lh - m.gap))
    for v in (0, 25, 50, 75, 100):
        y = plot.bottom - round(plot.h * v / 100)
        pygame.draw.line(p.surface, t.grid, (plot.x, y), (plot.right, y), max(1, m.line))
        p.text(str(v), plot.x - m.gap, y - lh // 2, px, t.dim, bg=t.panel, panel=rect, role=role + ".axis", align="right")
    n = max(len(s) for s in series.values()) if series else 1
    step = plot.w / max(1, n - 1)
    label_every = max(1, round((p.width("00", px) + 2 * m.gap) / max(1.0, step)))
    for i in range(n):
        if i % label_every == 0 or i == n - 1:
            x = plot.x + round(i * step)
            if i == n - 1 or x + p.width(str(n - 1), px) < plot.x + round((n - 1) * step) - m.gap:
                p.text(str(i), x, plot.bottom + m.gap // 2, px, t.dim, bg=t.panel, panel=rect, role=role + ".axis",
                       align="center")
    p.text("turn", plot.x, plot.bottom + m.gap // 2 + lh, px, t.dim, bg=t.panel, panel=rect, role=role + ".axis")
    size = max(3, round(px * 0.22))
    width = max(2, m.line * 2)
    for k, name in enumerate(METERS):
        values = series.get(name, [])
        colour = t.meters[name]
        points = [(plot.x + round(i * step), plot.bottom - round(plot.h * v / 100)) for i, v in enumerate(values)]
        if len(points) > 1:
            pygame.draw.lines(p.surface, colour, False, points, width)
        if len(points) <= 60:
            for pt in points:
                _marker(p.surface, k, colour, pt, size)
    x = plot.x
    for k, name in enumerate(METERS):
        _marker(p.surface, k, t.meters[name], (x + size, rect.y + lh // 2), size)
        x += 2 * size + m.gap
        label = f"{name} {series[name][-1]}" if series.get(name) else name
        r = p.text(label, x, rect.y, px, t.text, bg=t.panel, panel=rect, role=role + ".legend")
        x = r.right + m.pad
    return plot, step
