"""The debrief of one session: the meters over the session with markers and repair attempts, then the account.

Draws a simulator.debrief.Debrief (plain data) and nothing else: the chart on
top, the scrollable account below (summary, noticing, 3RS episodes, your
reading against the simulated one, move by move with better moves).
"""

from __future__ import annotations

from typing import Callable

import pygame
from pygame import Rect

from ...engine.vocabulary import METERS
from .. import layout
from ..chart import _marker, draw_chart
from ..debrief_text import paras
from ..paint import Painter
from ..widgets import Action, Chip, Flow, button_row, line_button_h, row_px
from .base import Screen
from .common import chrome
from .scrolling import ScrollsFlow

DOWN, SQUARE, UP, DIAMOND = "down", "square", "up", "diamond"
WIDE = 1.9
KEY_LABELS = ("rupture marker", "repair attempt", "pitfall", "your flag")
"""Body width over height from which the chart goes beside the account rather than above it."""


def _mark(p: Painter, shape: str, colour, centre: tuple[int, int], size: int) -> None:
    x, y = centre
    if shape == DOWN:
        pygame.draw.polygon(p.surface, colour, [(x - size - 1, y - size), (x + size + 1, y - size), (x, y + size + 1)])
    elif shape == UP:
        _marker(p.surface, 2, colour, centre, size)
    elif shape == SQUARE:
        _marker(p.surface, 1, colour, centre, size)
    else:
        _marker(p.surface, 3, colour, centre, size)


def chart_marks(debrief) -> dict[str, list[int]]:
    """Turns to mark: markers shown, repair attempts (resolution strategies), pitfalls, the trainee's flags."""
    repairs: list[int] = []
    pitfalls: list[int] = []
    for e in debrief.episodes:
        for s in e.strategies:
            (pitfalls if s.pitfall else repairs).append(s.turn)
    det = debrief.detection
    return {"markers": sorted({m.turn for m in det.markers}), "repairs": sorted(set(repairs)),
            "pitfalls": sorted(set(pitfalls)), "flags": sorted(det.flags) if det.scored else []}


class DebriefView(ScrollsFlow, Screen):
    name = "debrief"
    numbered = False

    def __init__(self, app, debrief, back: Callable[[], None], back_label: str = "Back",
                 saved: str | None = None, session_screen=None):
        super().__init__(app)
        self.debrief = debrief
        self.back, self.back_label = back, back_label
        self.saved = saved
        self.session_screen = session_screen
        self.flow = Flow(paras(debrief, saved))
        self.series = {m: [pt[m] for pt in debrief.timeline] for m in METERS}
        self.marks = chart_marks(debrief)

    def session_view(self):
        return self.session_screen

    def view_name(self) -> str:
        """One name per page, so a screenshot run keeps every page: debrief, debrief_p2, …"""
        f = self.flow
        page = 1 + -(-f.scroll // f.page) if f.page else 1
        return self.name if page == 1 else f"{self.name}_p{page}"

    def actions(self) -> list[Action]:
        return [Action(self.back_label, self.back, "Esc")]

    def on_escape(self) -> bool:
        self.back()
        return True

    def on_key(self, event) -> bool:
        scrolled = self.scroll_key(event.key)
        if scrolled is not None:
            return scrolled
        if event.key == pygame.K_b:
            self.back()
            return True
        return super().on_key(event)

    def draw(self, p: Painter) -> None:
        m = p.m
        d = self.debrief
        chips = [self.scroll_chip(), Chip("Esc", "Back", self.back), Chip("G", "Learn", self.app.open_learn)]
        chips += self.app.global_chips()
        fr = chrome(p, f"Debrief: {d.patient_name}", chips,
                    right=(d.saved_at or "").replace("T", " ") or "Training tool, not a clinical instrument")
        acts = self.actions()
        px = row_px(p, acts, m.body, fr.body.w)
        bh = line_button_h(p, px)
        body = Rect(fr.body.x, fr.body.y, fr.body.w, fr.body.h - bh - m.pad)

        def needed(px: int) -> int:  # the plot at least five lines high, so its axis labels stay apart
            lh = p.line_h(px)
            return 2 * m.pad + p.line_h(px, True) + 5 * m.gap + lh // 2 + 10 * lh

        def legends_w(px: int) -> int:
            mark = 2 * max(4, round(px * 0.3)) + m.gap + 2 * m.pad
            legend = sum(p.width(f"{k} {self.series[k][-1]}", px) for k in METERS)
            return 2 * m.pad + legend + 4 * mark

        beside = body.w >= WIDE * body.h and body.w * 0.6 >= m.body * 30
        if beside:  # a wide window: the chart beside the account, which keeps the full height
            chart_w = round(body.w * 0.4)
            chart_px = p.fit_px(m.small, lambda s: needed(s) <= body.h and legends_w(s) <= chart_w)
            chart = Rect(body.x, body.y, chart_w, body.h)
            text = Rect(chart.right + m.pad, body.y, body.right - chart.right - m.pad, body.h)
        else:  # the account first (it leads with the three plain lines), the chart below it
            cap = round(body.h * 0.6)
            chart_px = p.fit_px(m.small, lambda s: needed(s) <= cap and legends_w(s) <= body.w, min_px=m.floor)
            if needed(chart_px) <= cap and legends_w(chart_px) <= body.w:
                chart_h = min(max(round(body.h * 0.4), needed(chart_px)), cap)
                text = Rect(body.x, body.y, body.w, body.h - chart_h - m.gap)
                chart = Rect(body.x, text.bottom + m.gap, body.w, chart_h)
            else:  # no room for a readable chart (the end screen has it): the words take the whole body
                text, chart = body, None
        if chart is not None:
            self._draw_chart(p, chart, chart_px)
        p.panel(text)
        self.flow.draw(p, text, m.body, role="debrief", shrink=False)
        button_row(p, Rect(fr.body.x, fr.body.bottom - bh, fr.body.w, bh), acts, px, self.focus)

    def _draw_chart(self, p: Painter, rect: Rect, px: int) -> None:
        t, m = p.theme, p.m
        p.panel(rect)
        inner = layout.inset(rect, m.pad)
        lh = p.line_h(px)
        title_h = p.line_h(px, True)
        over = "course" if self.debrief.sessions else "session"
        p.text(p.ellipsize(f"The alliance over the {over}", px, inner.w,
                           True), inner.x, inner.y, px, t.dim, bold=True, bg=t.panel, panel=rect, role="chart.title")
        key = list(zip((DOWN, UP, SQUARE, DIAMOND), (t.bad, t.good, t.bad, t.flag), KEY_LABELS))
        if not self.debrief.detection.scored:
            key.pop()
        size = max(4, round(px * 0.3))
        rows = self._key_rows(p, key, px, size, inner.w)
        key_y = inner.bottom - len(rows) * lh
        area = Rect(inner.x, inner.y + title_h + m.gap, inner.w, key_y - m.gap - inner.y - title_h - m.gap)
        plot, step = draw_chart(p, area, self.series, px)

        def x_of(turn: int) -> int:
            return plot.x + round(turn * step)

        dash = max(3, m.gap)
        for turn in self.marks["markers"]:
            x = x_of(turn)
            for y in range(plot.y, plot.bottom, 2 * dash):
                pygame.draw.line(p.surface, t.bad, (x, y), (x, min(plot.bottom, y + dash)), max(1, m.line))
            _mark(p, DOWN, t.bad, (x, plot.y - size // 2), size)
        for turn in self.marks["flags"]:
            _mark(p, DIAMOND, t.flag, (x_of(turn), plot.y + 2 * size + 2), size)
        for turn in self.marks["repairs"]:
            _mark(p, UP, t.good, (x_of(turn), plot.bottom - size - 1), size)
        for turn in self.marks["pitfalls"]:
            _mark(p, SQUARE, t.bad, (x_of(turn), plot.bottom - size - 1), size)
        for row in rows:
            x = inner.x
            for shape, colour, label in row:
                _mark(p, shape, colour, (x + size, key_y + lh // 2), size)
                x += 2 * size + m.gap
                r = p.text(label, x, key_y, px, t.text, bg=t.panel, panel=rect, role="chart.key")
                x = r.right + 2 * m.pad
            key_y += lh

    def _key_rows(self, p: Painter, key: list, px: int, size: int, width: int) -> list[list]:
        """The chart's key, flowed onto as many lines as the width needs."""
        rows: list[list] = [[]]
        x = 0
        for item in key:
            w = 2 * size + p.m.gap + p.width(item[2], px)
            if rows[-1] and x + w > width:
                rows.append([])
                x = 0
            rows[-1].append(item)
            x += w + 2 * p.m.pad
        return rows
