"""Past sessions kept in the data folder, newest first; Enter or a click reopens one's debrief.

A file that cannot be read or replayed is listed with the reason, never hidden.
"""

from __future__ import annotations

from functools import partial

import pygame
from pygame import Rect

from ...storage.sessions_store import list_sessions, sessions_dir
from ..paint import Painter
from ..widgets import Action, Chip, button, button_pad, button_row, line_button_h, row_px
from .base import ENTER, Screen
from .common import chrome

ENDED = {"resolved": "resolved", "partial": "partly resolved", "dropout": "dropout", "unresolved": "unresolved",
         None: "left before the end"}


def describe(s) -> str:
    if s.error:
        return f"{s.path.name}: cannot be reopened: {s.error}"
    when = (s.saved_at or "").replace("T", " ")
    who = f" · {s.trainee}" if s.trainee else ""
    name = s.patient_name or s.patient or "unknown patient"
    out = f"{when} · {name}{who} · {ENDED.get(s.ended, s.ended)} after {s.turns} move{'s' if s.turns != 1 else ''}"
    if s.attempts:
        out += f" · {s.attempts} earlier ending{'s' if s.attempts != 1 else ''} taken back"
    if s.detection:
        hits, markers, false = s.detection
        out += (f" · flagged {hits} of {markers} marker{'s' if markers != 1 else ''}, "
                f"{false} false alarm{'s' if false != 1 else ''}")
    if s.self_awareness:
        out += f" · named the pull {s.self_awareness[0]} of {s.self_awareness[1]}"
    return out


class PastSessionsScreen(Screen):
    name = "past_sessions"
    numbered = False

    def __init__(self, app):
        super().__init__(app)
        self.folder = sessions_dir(app.data_dir)
        self.all = list_sessions(app.data_dir)
        self.patients = sorted({x.patient_name or x.patient for x in self.all if x.patient})
        self.only: str | None = None
        """The patient the list is filtered to (F cycles through them); None for everyone."""
        self.sessions = self.all
        self.scroll = 0
        self.page = 5
        self.message: str | None = None

    def actions(self) -> list[Action]:
        return [Action(describe(s), partial(self.open, s), enabled=s.error is None) for s in self.sessions]

    def cycle_filter(self) -> None:
        """F: the next patient's sessions only, and after the last patient everyone's again."""
        names = [None] + self.patients
        self.only = names[(names.index(self.only) + 1) % len(names)] if self.only in names else None
        self.sessions = [x for x in self.all if self.only is None or (x.patient_name or x.patient) == self.only]
        self.focus = self.scroll = 0

    def open(self, saved) -> None:
        from ..debrief_flow import reopen

        if saved.error:
            self.message = describe(saved)
            return

        def failed(problem: str) -> None:
            self.message = f"{saved.path.name} cannot be reopened: {problem}"

        problem = reopen(self.app, saved.path, lambda: self.app.set_screen(self), failed)
        if problem:
            failed(problem)

    def on_key(self, event) -> bool:
        n = len(self.sessions)
        k = event.key
        if k == pygame.K_ESCAPE or k == pygame.K_BACKSPACE:
            self.app.go_title()
            return True
        if k == pygame.K_f:
            self.cycle_filter()
            return True
        if not n:
            return False
        if k in ENTER:
            self.open(self.sessions[min(self.focus, n - 1)])
            return True
        if k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = max(1, self.page)
            self.focus = max(0, min(n - 1, self.focus + (step if k == pygame.K_PAGEDOWN else -step)))
            return True
        if k == pygame.K_HOME:
            self.focus = 0
            return True
        if k == pygame.K_END:
            self.focus = n - 1
            return True
        if k in (pygame.K_DOWN, pygame.K_UP):
            self.focus = max(0, min(n - 1, self.focus + (1 if k == pygame.K_DOWN else -1)))
            return True
        return False

    def on_wheel(self, dy: int) -> bool:
        new = max(0, min(len(self.sessions) - 1, self.focus - dy))
        changed, self.focus = new != self.focus, new
        return changed

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        chips = [Chip("↑↓", "Choose", lambda: None), Chip("Enter", "Debrief", lambda: None),
                 Chip("F", "Patient: " + (self.only or "all"), self.cycle_filter),
                 Chip("Esc", "Back", self.app.go_title)] + self.app.global_chips()
        fr = chrome(p, "Past sessions", chips)
        back = [Action("Back", self.app.go_title, "Esc")]
        bpx = row_px(p, back, m.body, fr.body.w)
        bh = line_button_h(p, bpx)
        y = fr.body.y
        whose = f" with {self.only}" if self.only else ""
        note = self.message or (f"{len(self.sessions)} saved session{'s' if len(self.sessions) != 1 else ''}{whose} "
                                f"in {self.folder} · F: filter by patient" if self.sessions else
                                f"No sessions saved yet in {self.folder}. Finish a session and open its debrief "
                                f"to keep it here.")
        y += p.paragraph(note, Rect(fr.body.x, y, fr.body.w, fr.body.h // 3), m.body,
                         t.bad if self.message else t.dim, bg=t.bg, role="past.message") + m.gap
        lst = Rect(fr.body.x, y, fr.body.w, fr.body.bottom - bh - m.pad - y)
        px = m.body
        _, vy = button_pad(px)
        row_h = p.line_h(px) + 2 * vy
        per_page = max(1, (lst.h + m.gap // 2) // (row_h + m.gap // 2))
        self.page = per_page
        n = len(self.sessions)
        self.focus = max(0, min(self.focus, n - 1)) if n else 0
        if self.focus < self.scroll:
            self.scroll = self.focus
        if self.focus >= self.scroll + per_page:
            self.scroll = self.focus - per_page + 1
        self.scroll = max(0, min(self.scroll, max(0, n - per_page)))
        hx, _ = button_pad(px)
        acts = self.actions()
        ry = lst.y
        for i in range(self.scroll, min(n, self.scroll + per_page)):
            rect = Rect(lst.x, ry, lst.w, row_h)
            a = acts[i]
            button(p, rect, p.ellipsize(a.label, px, rect.w - 2 * hx), px, a.run, focused=i == self.focus,
                   enabled=a.enabled, role="past.session")
            if not a.enabled:
                p.hit(rect, a.run, a.label)
            ry += row_h + m.gap // 2
        button_row(p, Rect(fr.body.x, fr.body.bottom - bh, fr.body.w, bh), back, bpx, None)
