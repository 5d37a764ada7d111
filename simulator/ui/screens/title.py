"""The title: what this is, and plainly what it is not."""

from __future__ import annotations

from pygame import Rect

from .. import layout
from ..paint import Painter
from ..widgets import Action, Flow, Para, button_row, line_button_h, row_px, row_width, toolbar
from .base import Screen
from .common import footer_h

NAME = "Rupture"
TAGLINE = "Practise noticing and repairing ruptures in the therapeutic alliance"
DISCLAIMER = (
    "A training tool, not a clinical instrument. The patients are scripted characters built from "
    "published research on alliance ruptures (Safran & Muran; Bordin; Gelso & Kline). "
    "Nothing here assesses, diagnoses or treats anyone."
)


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app):
        super().__init__(app)
        self.flow = Flow([Para(TAGLINE, "heading"), Para(DISCLAIMER, "body", space=0.8)])

    def actions(self) -> list[Action]:
        return [
            Action("Choose a patient", self.app.go_patients, "1"),
            Action("Past sessions", self.app.open_past_sessions, "2"),
            Action("Learn", self.app.open_learn, "3"),
            Action("Quit", self.app.quit, "4"),
        ]

    def on_escape(self) -> bool:
        self.app.quit()
        return True

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        fh = footer_h(p)
        outer = layout.inset(Rect(0, 0, p.w, p.h), m.pad)
        footer = Rect(outer.x, outer.bottom - fh, outer.w, fh)
        toolbar(p, footer, self.app.global_chips(), m.small)
        body = Rect(outer.x, outer.y, outer.w, footer.y - outer.y - m.gap)
        width = layout.reading_width(body, m)
        acts = self.actions()

        def height(px: int) -> int:
            huge = round(px * 2.8)
            return (p.line_h(huge, True) + m.pad + self.flow.height(p, width - 2 * m.pad, px) + 2 * m.pad
                    + 2 * m.pad + line_button_h(p, px))

        px = p.fit_px(m.body, lambda s: height(s) <= body.h and row_width(p, acts, s) <= width)
        huge = round(px * 2.8)
        box = layout.centered(body, width, height(px))
        y = box.y
        p.text(NAME, box.centerx, y, huge, t.accent, bold=True, bg=t.bg, panel=box, role="title", align="center")
        y += p.line_h(huge, True) + m.pad
        flow_h = self.flow.height(p, width - 2 * m.pad, px) + 2 * m.pad
        panel = Rect(box.x, y, box.w, flow_h)
        p.panel(panel)
        self.flow.draw(p, panel, px, role="disclaimer", shrink=False)
        y = panel.bottom + 2 * m.pad
        btn_px = row_px(p, acts, px, width)
        button_row(p, Rect(box.x, y, box.w, line_button_h(p, btn_px)), acts, btn_px, self.focus)
