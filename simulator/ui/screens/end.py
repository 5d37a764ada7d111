"""The end of a session: how it ended, the epilogue, and the four meters over the session."""

from __future__ import annotations

import pygame
from pygame import Rect

from ...engine import vocabulary as v
from .. import layout
from ..chart import draw_chart, meter_series
from ..hooks import debrief
from ..paint import Painter
from ..widgets import Action, Chip, Flow, Para, button_row, line_button_h, row_px
from .base import Screen
from .common import chrome

TITLES = {"resolved": "Resolved", "dropout": "Dropout", "unresolved": "Unresolved"}


class EndScreen(Screen):
    name = "end"

    def __init__(self, app, session_screen):
        super().__init__(app)
        self.session_screen = session_screen
        self.session = session_screen.session
        s = self.session
        ended = s.ended or "unresolved"
        paras = [Para(f"{TITLES.get(ended, ended.title())}: {v.ENDINGS.get(ended, '')}", "heading")]
        reason = s.end_reason if s.end_reason and s.end_reason != "state" else None
        detail = f"After {s.turn} move{'s' if s.turn != 1 else ''}" + (f" ({reason})" if reason else "")
        paras.append(Para(detail + ".", "dim"))
        if s.epilogue:
            paras.append(Para(s.epilogue, "body", space=0.6))
        flagged = session_screen.flagged_turns
        if self.app.detection or flagged:
            text = ", ".join(map(str, flagged)) if flagged else "none"
            paras.append(Para(f"Turns you flagged as a rupture: {text}", "label", space=0.6))
        self.flow = Flow(paras)
        self.series = meter_series(s)

    def session_view(self):
        return self.session_screen

    def actions(self) -> list[Action]:
        acts = []
        if debrief() is not None:
            acts.append(Action("Debrief", self.app.open_debrief, "B"))
        acts += [
            Action("Play again", self.app.restart, "A"),
            Action("Other patients", self.app.go_patients, "O"),
            Action("Take back the last move", self.rewind, "Bksp"),
            Action("Quit", self.app.quit, "Q"),
        ]
        return acts

    def rewind(self) -> None:
        self.app.resume_session(self.session_screen)
        self.session_screen.undo()

    def on_key(self, event) -> bool:
        key = event.key
        if key == pygame.K_BACKSPACE or (key == pygame.K_z and event.mod & pygame.KMOD_CTRL):
            self.rewind()
            return True
        if key == pygame.K_HOME:
            self.app.open_history()
            return True
        shortcuts = {pygame.K_a: self.app.restart, pygame.K_o: self.app.go_patients, pygame.K_q: self.app.quit}
        if key == pygame.K_b and debrief() is not None:
            self.app.open_debrief()
            return True
        if key in shortcuts:
            shortcuts[key]()
            return True
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.open_menu()
        return True

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        s = self.session
        chips = [Chip("Bksp", "Take back", self.rewind), Chip("Home", "History", self.app.open_history),
                 Chip("Esc", "Menu", self.app.open_menu), Chip("G", "Learn", self.app.open_learn)] + self.app.global_chips()
        fr = chrome(p, f"{s.patient.spec.name}: the session is over", chips,
                    right="Training tool, not a clinical instrument")
        body = fr.body
        acts = self.actions()
        btn_px = row_px(p, acts, m.body, body.w)
        btn_h = line_button_h(p, btn_px)
        top = Rect(body.x, body.y, body.w, body.h - btn_h - m.pad)
        max_text = round(top.h * 0.45)
        px = p.fit_px(m.body, lambda s_: self.flow.height(p, top.w - 2 * m.pad, s_) + 2 * m.pad <= max_text)
        text_h = min(max_text, self.flow.height(p, top.w - 2 * m.pad, px) + 2 * m.pad)
        text = Rect(top.x, top.y, top.w, text_h)
        p.panel(text)
        self.flow.draw(p, text, px, role="outcome")
        chart = Rect(top.x, text.bottom + m.gap, top.w, top.bottom - text.bottom - m.gap)
        p.panel(chart)
        inner = layout.inset(chart, m.pad)
        title_h = p.line_h(m.small, True)
        over = "course" if self.session.session_id is not None else "session"
        p.text(f"The alliance over the {over}", inner.x, inner.y, m.small, t.dim, bold=True, bg=t.panel, panel=chart,
               role="chart.title")
        draw_chart(p, Rect(inner.x, inner.y + title_h + m.gap, inner.w, inner.h - title_h - m.gap), self.series,
                   m.small)
        button_row(p, Rect(body.x, body.bottom - btn_h, body.w, btn_h), acts, btn_px, self.focus)
