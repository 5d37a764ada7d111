"""The post-session questionnaire (PSQ and WAI style, clinical model §6): the trainee's own reading, asked
before the debrief shows the simulated one.

Keyboard: ↑↓ (or Tab) choose a question, ←→ change it, number keys set it
(a rating at once; an estimate as typed digits), Enter goes on, Esc skips.
Every rating box and every point of an estimate bar can be clicked.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

import pygame
from pygame import Rect

from ...debrief.questionnaire import QUESTIONS, RATINGS, REQUIRED, check_answers
from .. import layout
from ..paint import Painter
from ..widgets import Action, Chip, button_pad, button_row, line_button_h, row_px
from .base import DIGITS, ENTER, Screen
from .common import chrome

KP0 = (pygame.K_0, pygame.K_KP0)
INTRO = ("Your own reading of the session, before the debrief shows what was simulated. "
         "↑↓ choose · ←→ or number keys set · Enter next · Esc skips.")


class QuestionnaireScreen(Screen):
    name = "questionnaire"
    numbered = False

    def __init__(self, app, session_screen, on_done: Callable[[dict | None], None]):
        super().__init__(app)
        self.session_screen = session_screen
        self.on_done = on_done
        self.keys = list(QUESTIONS)
        self.values: dict[str, int | None] = {k: None for k in self.keys}
        self.typed = ""
        self.problem: str | None = None

    def session_view(self):
        return self.session_screen

    # -- answering ---------------------------------------------------------------------------
    def is_rating(self, key: str) -> bool:
        return key in RATINGS

    def span(self, key: str) -> tuple[int, int]:
        return (1, 5) if self.is_rating(key) else (0, 100)

    def set(self, key: str, value: int) -> None:
        lo, hi = self.span(key)
        self.values[key] = max(lo, min(hi, value))
        self.problem = None

    def pick(self, key: str, value: int) -> None:
        """A click on a value: set it and move the focus to its question."""
        self.set(key, value)
        self.go(self.keys.index(key))

    def nudge(self, key: str, sign: int, fine: bool) -> None:
        lo, hi = self.span(key)
        step = 1 if self.is_rating(key) or fine else 5
        current = self.values[key]
        self.set(key, lo + (step if sign > 0 else 0) if current is None else current + sign * step)

    def answers(self) -> dict:
        return {k: v for k, v in self.values.items() if v is not None}

    def done(self) -> None:
        answers = self.answers()
        missing = [k for k in REQUIRED if k not in answers]
        if missing:
            self.problem = "Please answer: " + ", ".join(missing) + " (or press Esc to skip the questionnaire)."
            self.focus = self.keys.index(missing[0])
            return
        problems = check_answers(answers)
        if problems:
            self.problem = "; ".join(problems)
            return
        self.on_done(answers)

    def skip(self) -> None:
        self.on_done(None)

    def actions(self) -> list[Action]:
        return [Action("Done: see the debrief", self.done, "Enter"), Action("Skip", self.skip, "Esc")]

    # -- keys ----------------------------------------------------------------------------------
    @property
    def n_items(self) -> int:
        return len(self.keys) + 2

    def go(self, focus: int) -> None:
        self.focus = focus % self.n_items
        self.typed = ""

    def on_key(self, event) -> bool:
        k, mod = event.key, event.mod
        if k == pygame.K_ESCAPE:
            self.skip()
            return True
        if k in (pygame.K_DOWN,) or (k == pygame.K_TAB and not mod & pygame.KMOD_SHIFT):
            self.go(self.focus + 1)
            return True
        if k == pygame.K_UP or k == pygame.K_TAB:
            self.go(self.focus - 1)
            return True
        on_row = self.focus < len(self.keys)
        if k in ENTER:
            if on_row:
                self.go(self.focus + 1 if self.focus + 1 < len(self.keys) else len(self.keys))
            else:
                self.actions()[self.focus - len(self.keys)].run()
            return True
        if not on_row:
            if k in (pygame.K_LEFT, pygame.K_RIGHT):
                self.focus = len(self.keys) + (1 - (self.focus - len(self.keys)))
                return True
            return False
        key = self.keys[self.focus]
        if k in (pygame.K_LEFT, pygame.K_RIGHT):
            self.nudge(key, 1 if k == pygame.K_RIGHT else -1, bool(mod & pygame.KMOD_SHIFT))
            self.typed = ""
            return True
        digit = 0 if k in KP0 else DIGITS.get(k)
        if digit is not None and not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if self.is_rating(key):
                if 1 <= digit <= 5:
                    self.set(key, digit)
                    self.go(self.focus + 1)
                return True
            self.typed = (self.typed + str(digit))[-3:]
            if int(self.typed) > 100:
                self.typed = str(digit)
            self.set(key, int(self.typed))
            return True
        if k == pygame.K_BACKSPACE:
            self.typed = self.typed[:-1]
            self.values[key] = int(self.typed) if self.typed else None
            return True
        return False

    # -- drawing -------------------------------------------------------------------------------
    def question(self, key: str) -> str:
        return QUESTIONS[key] + ("" if key in REQUIRED else " Optional.")

    def _control_h(self, p: Painter, px: int) -> int:
        return p.line_h(px) + 2 * button_pad(px)[1]

    def _box_w(self, p: Painter, px: int) -> int:
        return max(self._control_h(p, px), p.width("5", px, True) + 2 * p.m.pad)

    def _control_w(self, p: Painter, px: int) -> int:
        """Five rating boxes and the value; an estimate's bar takes the same width."""
        return 5 * self._box_w(p, px) + 4 * p.m.gap + p.m.pad + p.width("100", px, True)

    def _text_w(self, p: Painter, px: int, width: int) -> int:
        return max(1, width - 2 * p.m.pad - self._control_w(p, px) - 2 * p.m.pad)

    def _row_h(self, p: Painter, key: str, px: int, width: int) -> int:
        text_h = p.text_h(self.question(key), px, self._text_w(p, px, width))
        return 2 * p.m.gap + max(text_h, self._control_h(p, px))

    def draw(self, p: Painter) -> None:
        m = p.m
        spec = self.session_screen.session.patient.spec
        chips = [Chip("↑↓", "Question", lambda: self.go(self.focus + 1)), Chip("←→", "Change", lambda: None),
                 Chip("Enter", "Next", lambda: None), Chip("Esc", "Skip", self.skip)] + self.app.global_chips()
        fr = chrome(p, f"After the session with {spec.name}: your reading", chips,
                    right="PSQ and WAI style questions")
        width = min(fr.body.w, max(layout.reading_width(fr.body, m), round(fr.body.w * 0.85)))
        acts = self.actions()

        def height(px: int) -> int:
            h = p.text_h(INTRO, px, width) + m.gap
            if self.problem:
                h += p.text_h(self.problem, px, width) + m.gap
            h += sum(self._row_h(p, k, px, width) for k in self.keys) + m.gap * (len(self.keys) - 1)
            return h + m.pad + line_button_h(p, row_px(p, acts, px, width))

        whole = p.m

        def fits(s: int) -> bool:
            p.m = layout.spacing(whole, s)  # pads and gaps shrink with the type
            return height(s) <= fr.body.h and self._text_w(p, s, width) >= 10 * s

        try:
            px = p.fit_px(m.body, fits, min_px=m.floor)
            p.m = layout.spacing(whole, px)
            self._draw_body(p, fr, width, acts, px, height(px))
        finally:
            p.m = whole

    def _draw_body(self, p: Painter, fr, width: int, acts, px: int, total_h: int) -> None:
        t, m = p.theme, p.m
        box = layout.centered(fr.body, width, total_h)
        y = box.y
        y += p.paragraph(INTRO, Rect(box.x, y, width, fr.body.bottom - y), px, t.dim, bg=t.bg, role="q.intro") + m.gap
        if self.problem:
            y += p.paragraph(self.problem, Rect(box.x, y, width, fr.body.bottom - y), px, t.bad, bg=t.bg,
                             role="q.problem") + m.gap
        for i, key in enumerate(self.keys):
            h = self._row_h(p, key, px, width)
            self._draw_row(p, Rect(box.x, y, width, h), key, px, i == self.focus)
            y += h + m.gap
        btn_px = row_px(p, acts, px, width)
        focus = self.focus - len(self.keys) if self.focus >= len(self.keys) else None
        button_row(p, Rect(box.x, y - m.gap + m.pad, width, line_button_h(p, btn_px)), acts, btn_px, focus)

    def _draw_row(self, p: Painter, rect: Rect, key: str, px: int, focused: bool) -> None:
        t, m = p.theme, p.m
        fill = t.panel_hi if focused else t.panel
        p.panel(rect, fill, t.accent if focused else t.border, m.line * (2 if focused else 1))
        p.hit(rect, lambda: self.go(self.keys.index(key)), f"question {key}")
        text_w = self._text_w(p, px, rect.w)
        text_h = p.text_h(self.question(key), px, text_w)
        p.paragraph(self.question(key), Rect(rect.x + m.pad, rect.y + (rect.h - text_h) // 2, text_w, text_h), px,
                    t.text, bg=fill, panel=rect, role="q.question")
        ch = self._control_h(p, px)
        cw = self._control_w(p, px)
        ctl = Rect(rect.right - m.pad - cw, rect.y + (rect.h - ch) // 2, cw, ch)
        value = self.values[key]
        shown = "–" if value is None else str(value)
        value_w = p.width("100", px, True)
        p.text(shown, ctl.right, ctl.y + (ch - p.line_h(px, True)) // 2, px, t.accent if value is not None else t.dim,
               bold=True, bg=fill, panel=rect, role=f"q.value.{key}", align="right")
        if self.is_rating(key):
            box_w = self._box_w(p, px)
            for n in range(1, 6):
                r = Rect(ctl.x + (n - 1) * (box_w + m.gap), ctl.y, box_w, ch)
                chosen = value == n
                p.panel(r, t.accent if chosen else t.panel, t.accent if chosen else t.border)
                p.text(str(n), r.centerx, r.y + (ch - p.line_h(px, True)) // 2, px, t.on_accent if chosen else t.text,
                       bold=True, bg=t.accent if chosen else t.panel, panel=r, role=f"q.choice.{key}", align="center")
                p.hit(r, partial(self.pick, key, n), f"{key} {n}")
            return
        knob = max(4, ch // 4)
        bar = Rect(ctl.x + knob, ctl.y + ch // 3, max(1, ctl.w - value_w - m.pad - 2 * knob), max(4, ch // 3))
        pygame.draw.rect(p.surface, t.grid, bar, border_radius=m.radius // 2)
        if value is not None:
            pygame.draw.rect(p.surface, t.accent, Rect(bar.x, bar.y, round(bar.w * value / 100), bar.h),
                             border_radius=m.radius // 2)
            pygame.draw.circle(p.surface, t.text, (bar.x + round(bar.w * value / 100), bar.centery), knob)
        for v in range(0, 101, 5):
            lo = bar.x + round(bar.w * (v - 2.5) / 100)
            hi = bar.x + round(bar.w * (v + 2.5) / 100)
            r = Rect(lo, ctl.y, max(1, hi - lo), ch)
            p.hit(r, partial(self.pick, key, v), f"{key} {v}")
