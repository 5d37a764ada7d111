"""The Learn screen: the glossary in plain words, from simulator.debrief.glossary; Esc goes back where you were."""

from __future__ import annotations

import pygame
from pygame import Rect

from ...debrief.glossary import sections
from .. import layout
from ..paint import Painter
from ..widgets import Action, Chip, Flow, Para, button_row, line_button_h, row_px
from .base import Screen
from .common import chrome
from .scrolling import ScrollsFlow


class LearnScreen(ScrollsFlow, Screen):
    name = "learn"
    numbered = False

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back
        paras = [Para("What the words mean", "heading", space=0)]
        for title, entries in sections():
            paras.append(Para(title, "heading", space=1.0))
            for term, text in entries:
                paras.append(Para(term, "label", space=0.5))
                paras.append(Para(text, "body", space=0.05))
        self.flow = Flow(paras)

    def actions(self) -> list[Action]:
        return [Action("Walkthrough of the screen", self.app.open_walkthrough, "W"), Action("Back", self.back, "Esc")]

    def on_escape(self) -> bool:
        self.back()
        return True

    def on_key(self, event) -> bool:
        scrolled = self.scroll_key(event.key)
        if scrolled is not None:
            return scrolled
        if event.key == pygame.K_w:
            self.app.open_walkthrough()
            return True
        return super().on_key(event)

    def draw(self, p: Painter) -> None:
        m = p.m
        chips = [self.scroll_chip(), Chip("W", "Walkthrough", self.app.open_walkthrough), Chip("Esc", "Back", self.back)]
        chips += self.app.global_chips()
        fr = chrome(p, "Learn: the words of the model", chips)
        acts = self.actions()
        px = row_px(p, acts, m.body, fr.body.w)
        bh = line_button_h(p, px)
        width = layout.reading_width(fr.body, m)
        text = Rect(fr.body.x + (fr.body.w - width) // 2, fr.body.y, width, fr.body.h - bh - m.pad)
        p.panel(text)
        self.flow.draw(p, text, m.body, role="learn", shrink=False)
        button_row(p, Rect(fr.body.x, fr.body.bottom - bh, fr.body.w, bh), acts, px, self.focus)
