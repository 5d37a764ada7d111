"""Boxes over the current screen: the Esc menu, the leave-this-session question, the turn history."""

from __future__ import annotations

from functools import partial

import pygame
from pygame import Rect

from .. import layout
from ..paint import Painter
from ..widgets import Action, Flow, Para, button, button_height, button_pad
from .base import ENTER, Screen


class Overlay(Screen):
    """A centred box of buttons above the dimmed screen beneath."""

    title = ""
    wide = False
    """A long message (check errors, file paths) gets most of the window's width."""

    def message(self) -> str | None:
        return None

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        acts = self.actions()
        wanted = max(m.body * 40, round(p.w * 0.7)) if self.wide else max(m.body * 26, p.w // 3)
        width = max(1, min(p.w - 4 * m.pad, wanted))
        inner_w = width - 2 * m.pad
        msg = self.message()

        def height(px: int) -> int:
            h = p.line_h(round(px * 1.2), True) + m.gap
            if msg:
                h += p.text_h(msg, px, inner_w) + m.pad
            h += sum(button_height(p, a.label, px, inner_w, a.key) for a in acts) + m.gap * (len(acts) - 1)
            return h + 2 * m.pad

        px = p.fit_px(m.body, lambda s: height(s) <= p.h - 4 * m.pad)
        box = layout.centered(Rect(0, 0, p.w, p.h), width, height(px))
        p.panel(box, t.panel, t.accent, m.line * 2)
        y = box.y + m.pad
        head = round(px * 1.2)
        r = p.text(p.ellipsize(self.title, head, inner_w, True), box.x + m.pad, y, head, t.accent, bold=True,
                   bg=t.panel, panel=box, role="overlay.title")
        y = r.bottom + m.gap
        if msg:
            y += p.paragraph(msg, Rect(box.x + m.pad, y, inner_w, box.bottom - y), px, t.text, bg=t.panel, panel=box,
                             role="overlay.message") + m.pad
        for i, a in enumerate(acts):
            h = button_height(p, a.label, px, inner_w, a.key)
            button(p, Rect(box.x + m.pad, y, inner_w, h), a.label, px, a.run, key=a.key, focused=i == self.focus,
                   role="overlay.button")
            y += h + m.gap


class MenuOverlay(Overlay):
    name = "menu"
    title = "Menu"

    def actions(self) -> list[Action]:
        app = self.app
        return [
            Action("Resume", app.close_overlay, "1"),
            Action("Restart this patient", app.restart, "2"),
            Action("Back to patients", app.go_patients, "3"),
            Action("Quit", app.quit, "4"),
        ]

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True


class ConfirmOverlay(Overlay):
    """Asked before anything that would throw away a session in progress; staying is the default."""

    name = "confirm"
    title = "Leave this session?"

    def __init__(self, app, text: str, leave_label: str, on_leave):
        super().__init__(app)
        self.text, self.leave_label, self.on_leave = text, leave_label, on_leave

    def message(self) -> str:
        return self.text

    def actions(self) -> list[Action]:
        return [Action("Stay in the session", self.app.close_overlay, "1"),
                Action(self.leave_label, self.leave, "2")]

    def leave(self) -> None:
        self.app.close_overlay()
        self.on_leave()

    def on_key(self, event) -> bool:
        if event.key == pygame.K_y:
            self.leave()
            return True
        if event.key == pygame.K_n:
            self.app.close_overlay()
            return True
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True


class HistoryOverlay(Screen):
    """Every turn so far; Enter (or a click) rewinds the session to just after it."""

    name = "history"
    numbered = False

    def __init__(self, app, session_screen):
        super().__init__(app)
        self.session_screen = session_screen
        self.session = session_screen.session
        self.turns = self.session.turns
        self.focus = len(self.turns)
        self.scroll = 0

    def entries(self) -> list[str]:
        spec = self.session.patient.spec
        out = [f"0 · Start: {spec.name}: {spec.opening.line}"]
        for t in self.turns:
            out.append(f"{t.number} · {self.session.move(t.move).label} → {spec.name}: {t.patient}")
        return out

    def actions(self) -> list[Action]:
        return [Action(text, partial(self.rewind, i)) for i, text in enumerate(self.entries())]

    def rewind(self, n: int) -> None:
        self.app.close_overlay()
        self.app.rewind_to(self.session_screen, n)

    def on_key(self, event) -> bool:
        n = len(self.turns) + 1
        if event.key == pygame.K_HOME:
            self.focus = 0
            return True
        if event.key == pygame.K_END:
            self.focus = n - 1
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = max(1, self.page)
            self.focus = max(0, min(n - 1, self.focus + (step if event.key == pygame.K_PAGEDOWN else -step)))
            return True
        if event.key in ENTER:
            self.rewind(self.focus)
            return True
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True

    def on_wheel(self, dy: int) -> bool:
        n = len(self.turns) + 1
        new = max(0, min(n - 1, self.focus - dy))
        changed, self.focus = new != self.focus, new
        return changed

    page = 5

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        width = min(p.w - 4 * m.pad, max(m.body * 40, round(p.w * 0.7)))
        _, vy = button_pad(m.body)
        row_h = p.line_h(m.body) + 2 * vy
        wanted = (p.line_h(round(m.body * 1.2), True) + p.line_h(m.small) + m.gap + 2 * m.pad
                  + (len(self.turns) + 1) * (row_h + m.gap // 2) + m.pad)
        box = layout.centered(Rect(0, 0, p.w, p.h), width, min(p.h - 4 * m.pad, wanted))
        p.panel(box, t.panel, t.accent, m.line * 2)
        inner = layout.inset(box, m.pad)
        px = m.body
        head = round(px * 1.2)
        r = p.text(p.ellipsize("Rewind to an earlier turn", head, inner.w, True), inner.x, inner.y, head, t.accent,
                   bold=True, bg=t.panel, panel=box, role="overlay.title")
        hint = p.ellipsize("↑↓ choose · Enter rewinds to just after that turn · Esc closes", m.small, inner.w)
        r = p.text(hint, inner.x, r.bottom, m.small, t.dim, bg=t.panel, panel=box, role="overlay.message")
        lst = Rect(inner.x, r.bottom + m.gap, inner.w, inner.bottom - r.bottom - m.gap)
        _, vy = button_pad(px)
        row_h = p.line_h(px) + 2 * vy
        per_page = max(1, (lst.h + m.gap // 2) // (row_h + m.gap // 2))
        self.page = per_page
        entries = self.entries()
        self.focus = max(0, min(self.focus, len(entries) - 1))
        if self.focus < self.scroll:
            self.scroll = self.focus
        if self.focus >= self.scroll + per_page:
            self.scroll = self.focus - per_page + 1
        self.scroll = max(0, min(self.scroll, max(0, len(entries) - per_page)))
        y = lst.y
        hx, _ = button_pad(px)
        for i in range(self.scroll, min(len(entries), self.scroll + per_page)):
            rect = Rect(lst.x, y, lst.w, row_h)
            label = p.ellipsize(entries[i], px, rect.w - 2 * hx)
            current = i == len(entries) - 1
            button(p, rect, label, px, partial(self.rewind, i), focused=i == self.focus, primary=current,
                   role="history")
            y += row_h + m.gap // 2


class DebriefScreen(Screen):
    """What a registered debrief provider says about the finished session (see ``hooks``)."""

    name = "debrief"

    def __init__(self, app, end_screen, sections):
        super().__init__(app)
        self.end_screen = end_screen
        paras = []
        for heading, text in sections:
            paras.append(Para(heading, "heading", space=0.8))
            paras.append(Para(text, "body", space=0.2))
        self.flow = Flow(paras)

    def session_view(self):
        return self.end_screen.session_screen

    def actions(self) -> list[Action]:
        return [Action("Back", lambda: self.app.set_screen(self.end_screen), "Esc")]

    def on_escape(self) -> bool:
        self.app.set_screen(self.end_screen)
        return True

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            return self.flow.scroll_by(self.flow.page if event.key == pygame.K_PAGEDOWN else -self.flow.page)
        return super().on_key(event)

    def on_wheel(self, dy: int) -> bool:
        return self.flow.scroll_by(-dy * self.app.scroll_step())

    def draw(self, p: Painter) -> None:
        from ..widgets import Chip, button_row, line_button_h, row_px
        from .common import chrome

        m = p.m
        fr = chrome(p, "Debrief", [Chip("PgUp/PgDn", "Scroll", lambda: None),
                                   Chip("Esc", "Back", self.on_escape)] + self.app.global_chips())
        acts = self.actions()
        px = row_px(p, acts, m.body, fr.body.w)
        bh = line_button_h(p, px)
        panel = Rect(fr.body.x, fr.body.y, fr.body.w, fr.body.h - bh - m.pad)
        p.panel(panel)
        self.flow.draw(p, panel, m.body, role="debrief")
        button_row(p, Rect(fr.body.x, fr.body.bottom - bh, fr.body.w, bh), acts, px, self.focus)


class HelpOverlay(Overlay):
    """F1 or ?: every key, from the same table as the footer and the README."""

    name = "help"
    title = "Keys"
    wide = True

    def actions(self) -> list[Action]:
        return [Action("Close", self.app.close_overlay, "Esc")]

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True

    def draw(self, p: Painter) -> None:
        from ..keys import KEYS

        t, m = p.theme, p.m
        width = max(1, min(p.w - 4 * m.pad, max(m.body * 44, round(p.w * 0.75))))
        inner_w = width - 2 * m.pad

        def key_w(px: int) -> int:
            return max(p.width(k, px, True) for k, _ in KEYS) + 2 * m.pad

        def rows_h(px: int) -> list[int]:
            return [max(1, len(p.wrap(d, px, inner_w - key_w(px)))) * p.line_h(px) for _, d in KEYS]

        def height(px: int) -> int:
            return (p.line_h(round(px * 1.2), True) + m.gap + sum(rows_h(px)) + m.pad
                    + button_height(p, "Close", px, inner_w, "Esc") + 2 * m.pad)

        px = p.fit_px(m.body, lambda s: height(s) <= p.h - 2 * m.pad and key_w(s) < inner_w // 2, min_px=12)
        box = layout.centered(Rect(0, 0, p.w, p.h), width, height(px))
        p.panel(box, t.panel, t.accent, m.line * 2)
        y = box.y + m.pad
        head = round(px * 1.2)
        r = p.text(self.title, box.x + m.pad, y, head, t.accent, bold=True, bg=t.panel, panel=box,
                   role="overlay.title")
        y = r.bottom + m.gap
        kw = key_w(px)
        for (k, does), h in zip(KEYS, rows_h(px)):
            p.text(k, box.x + m.pad, y, px, t.accent, bold=True, bg=t.panel, panel=box, role="help.key")
            p.paragraph(does, Rect(box.x + m.pad + kw, y, inner_w - kw, h), px, t.text, bg=t.panel, panel=box,
                        role="help")
            y += h
        y += m.pad
        button(p, Rect(box.x + m.pad, y, inner_w, button_height(p, "Close", px, inner_w, "Esc")), "Close", px,
               self.app.close_overlay, key="Esc", focused=True, role="overlay.button")
