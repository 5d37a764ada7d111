"""The briefing: who the patient is and what to watch for, then Start."""

from __future__ import annotations

import pygame
from pygame import Rect

from ..paint import Painter
from ..widgets import Action, Chip, Flow, Para, button_row, line_button_h, row_px
from .base import Screen
from .common import chrome


class BriefingScreen(Screen):
    name = "briefing"

    def __init__(self, app, patient):
        super().__init__(app)
        self.patient = patient
        spec = patient.spec
        b = spec.briefing
        self.flow = Flow([
            Para(f"{spec.name}, {spec.age}", "heading"),
            Para(spec.summary, "body"),
            Para(f"Difficulty {spec.difficulty} of 5 · tends toward {b.rupture_tendency} ruptures · "
                 f"at most {spec.max_turns} moves", "dim"),
            Para("Presenting problem", "label", space=0.9),
            Para(b.presenting_problem, "body", space=0.1),
            Para("Background", "label", space=0.7),
            Para(b.background, "body", space=0.1),
            Para("Relational pattern", "label", space=0.7),
            Para(b.relational_pattern, "body", space=0.1),
            Para("Watch for", "label", space=0.7),
            Para(b.watch_for, "body", space=0.1),
        ])

    def actions(self) -> list[Action]:
        mode = "on" if self.app.detection else "off"
        return [
            Action("Start the session", lambda: self.app.start_session(self.patient, seed=self.app.seed), "1"),
            Action(f"Detection mode: {mode}", self.app.toggle_detection, "D"),
            Action("Back to patients", self.app.go_patients, "Esc"),
        ]

    def on_key(self, event) -> bool:
        if event.key == pygame.K_d:
            self.app.toggle_detection()
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = self.flow.page if event.key == pygame.K_PAGEDOWN else -self.flow.page
            return self.flow.scroll_by(page)
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.go_patients()
        return True

    def on_wheel(self, dy: int) -> bool:
        return self.flow.scroll_by(-dy * self.app.scroll_step())

    def draw(self, p: Painter) -> None:
        m = p.m
        chips = [Chip("Enter", "Start", lambda: self.app.start_session(self.patient, seed=self.app.seed)),
                 Chip("D", "Detection mode", self.app.toggle_detection, self.app.detection),
                 Chip("Esc", "Back", self.app.go_patients), Chip("G", "Learn", self.app.open_learn)] + self.app.global_chips()
        fr = chrome(p, f"Briefing: {self.patient.spec.name}", chips, right="Training tool, not a clinical instrument")
        acts = self.actions()
        btn_px = row_px(p, acts, m.body, fr.body.w)
        btn_h = line_button_h(p, btn_px)
        text = Rect(fr.body.x, fr.body.y, fr.body.w, fr.body.h - btn_h - m.pad)
        width = min(text.w, max(m.body * 40, round(text.w * 0.8)))
        panel = Rect(text.x + (text.w - width) // 2, text.y, width, text.h)
        p.panel(panel)
        self.flow.draw(p, panel, m.body, role="briefing")
        button_row(p, Rect(fr.body.x, fr.body.bottom - btn_h, fr.body.w, btn_h), acts, btn_px, self.focus)
