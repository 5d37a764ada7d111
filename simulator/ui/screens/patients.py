"""The patient menu: bundled patients with summary and difficulty, or a profile file typed by path.

A profile that does not load is listed with its located errors (file, line,
column, what to do), shown on screen; it never takes the program down.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pygame
from pygame import Rect

from ..paint import Painter
from ..widgets import Action, Chip, Flow, Para, button, button_pad, button_width, key_box_w, line_button_h, scrollbar
from .base import Screen
from .common import chrome


def error_paras(title: str, error) -> list[Para]:
    """A load failure as paragraphs: each located diagnostic, then its hint."""
    paras = [Para(title, "heading")]
    for d in getattr(error, "diagnostics", None) or []:
        paras.append(Para(f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message}  [{d.code}]", "error", space=0.6))
        if d.hint:
            paras.append(Para(f"hint: {d.hint}", "dim", space=0.1))
    if len(paras) == 1:
        paras.append(Para(str(error), "error", space=0.6))
    paras.append(Para("Fix the file and open it again; nothing else is affected.", "dim", space=0.8))
    return paras


TENTH = (pygame.K_0, pygame.K_KP0)
"""0 picks the tenth patient; 1 to 9 (Screen) the first nine."""


def number_key(index: int) -> str | None:
    return str((index + 1) % 10) if index < 10 else None


class PatientsScreen(Screen):
    name = "patients"

    def __init__(self, app):
        super().__init__(app)
        self.entries = app.catalogue()
        self.typing = False
        self.path_text = ""
        self.error: tuple[str, object] | None = None
        self.list_scroll = 0
        self.list_area: Rect | None = None
        self._list_max = 0
        self._followed: tuple | None = None
        self._flows: dict = {}
        self.preview_flow: Flow | None = None
        self.details = True
        """Whether each row shows its summary; dropped (the preview still shows it) when that keeps every patient in view."""

    @property
    def takes_text(self) -> bool:
        return self.typing

    def actions(self) -> list[Action]:
        acts = []
        for i, e in enumerate(self.entries):
            if e.patient is not None:
                spec = e.patient.spec
                acts.append(Action(f"{spec.name}, {spec.age}", partial(self.app.open_patient, e.patient),
                                   number_key(i), spec.summary))
            else:
                acts.append(Action(e.id, partial(self._show_error, e), number_key(i),
                                   "This profile has errors: see them on the right"))
        acts.append(Action("Open a profile file…", self.start_typing, "O", "Type the path of a .yaml profile"))
        acts.append(Action("Back", self.app.go_title, "Esc"))
        return acts

    # -- the path field -------------------------------------------------------------
    def start_typing(self) -> None:
        self.typing = True
        self.focus = len(self.entries)
        if not self.path_text:
            self.path_text = os.getcwd().rstrip(os.sep) + os.sep
        pygame.key.start_text_input()

    def stop_typing(self) -> None:
        self.typing = False

    def load_typed(self) -> None:
        from ...engine.diagnostics import ProfileError
        from ...engine.profile_loader import load_profile

        path = Path(self.path_text.strip()).expanduser()
        try:
            patient = load_profile(path)
        except ProfileError as exc:
            self.error = (f"{path} could not be loaded", exc)
            self.preview_flow = None
            return
        self.error = None
        self.typing = False
        self.app.open_patient(patient)

    def _show_error(self, entry) -> None:
        self.error = (f"{entry.path.name} could not be loaded", entry.error)
        self.preview_flow = None

    def handle(self, event) -> bool:
        if self.typing:
            if event.type == pygame.TEXTINPUT:
                self.path_text += event.text
                return True
            if event.type == pygame.KEYDOWN:
                if event.key == pygame.K_ESCAPE:
                    self.stop_typing()
                elif event.key == pygame.K_BACKSPACE:
                    if event.mod & pygame.KMOD_CTRL:
                        self.path_text = self.path_text.rstrip(os.sep).rpartition(os.sep)[0] + os.sep
                    else:
                        self.path_text = self.path_text[:-1]
                elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self.load_typed()
                return True
            return False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_o:
            self.start_typing()
            return True
        if (event.type == pygame.KEYDOWN and event.key in TENTH and len(self.entries) >= 10
                and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT)):
            self.focus = 9
            return self.activate(self.actions()[9])
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT,
                                                          pygame.K_TAB):
            self.error = None
        return super().handle(event)

    def on_escape(self) -> bool:
        self.app.go_title()
        return True

    def on_wheel(self, dy: int) -> bool:
        """The wheel scrolls what the pointer is over: the patients when they do not all fit, else the preview."""
        mouse = self.app.mouse
        if self._list_max and self.list_area is not None and mouse is not None and self.list_area.collidepoint(mouse):
            before = self.list_scroll
            self.list_scroll = max(0, min(self.list_scroll - dy * self.app.scroll_step(), self._list_max))
            return self.list_scroll != before
        if self.preview_flow is not None:
            return self.preview_flow.scroll_by(-dy * self.app.scroll_step())
        return False

    # -- drawing ---------------------------------------------------------------------
    def _preview(self) -> list[Para]:
        if self.error:
            return error_paras(*self.error)
        if self.focus < len(self.entries):
            e = self.entries[self.focus]
            if e.patient is None:
                return error_paras(f"{e.path.name} could not be loaded", e.error)
            spec = e.patient.spec
            b = spec.briefing
            return [
                Para(f"{spec.name}, {spec.age}", "heading"),
                Para(spec.summary, "body"),
                Para(f"Difficulty {spec.difficulty} of 5 · tends toward {b.rupture_tendency} ruptures", "dim"),
                Para("Presenting problem", "label", space=0.8),
                Para(b.presenting_problem, "body", space=0.1),
                Para("Press Enter (or click) to read the briefing.", "dim", space=0.8),
            ]
        if self.typing:
            return [Para("Open a profile file", "heading"),
                    Para("Type the path of a patient profile (.yaml) and press Enter. Esc cancels.", "body"),
                    Para("Errors in the file are listed here with their line and column.", "dim")]
        return [Para("Choose a patient", "heading"),
                Para("Bundled patients are listed on the left, with their difficulty from 1 (gentle) to 5.", "body")]

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        chips = [Chip("↑↓", "Move", lambda: None), Chip("1–9, 0", "Patient", lambda: None),
                 Chip("Enter", "Open", lambda: None), Chip("O", "Open file", self.start_typing),
                 Chip("Esc", "Back", self.app.go_title)] + self.app.global_chips()
        fr = chrome(p, "Choose a patient", chips, right="Training tool, not a clinical instrument")
        body = fr.body
        left_w = max(round(body.w * 0.46), min(body.w, m.body * 16))
        left = Rect(body.x, body.y, left_w, body.h)
        right = Rect(left.right + m.pad, body.y, max(0, body.right - left.right - m.pad), body.h)
        field_h = 0
        if self.typing:
            field_h = p.line_h(m.body) + 2 * m.pad
            right = Rect(right.x, right.y, right.w, right.h - field_h - m.gap)
        self._draw_list(p, left)
        key = tuple(p2.text for p2 in self._preview()), self.focus
        if self.preview_flow is None or self._flows.get("key") != key:
            self.preview_flow = Flow(self._preview())
            self._flows["key"] = key
        p.panel(right)
        self.preview_flow.draw(p, right, m.body, role="preview")
        if self.typing:
            field = Rect(right.x, right.bottom + m.gap, right.w, field_h)
            p.panel(field, t.panel_hi, t.accent, m.line * 2)
            inner_w = field.w - 2 * m.pad
            shown = self.path_text + "▏"
            while len(shown) > 1 and p.width(shown, m.body) > inner_w:
                shown = shown[1:]
            p.text(shown, field.x + m.pad, field.y + m.pad, m.body, t.text, bg=t.panel_hi, panel=field, role="path")

    def _draw_list(self, p: Painter, rect: Rect) -> None:
        """The patients, scrolling if they do not fit; opening a file and going back stay pinned below."""
        m = p.m
        acts = self.actions()
        n = len(self.entries)
        fixed = acts[n:]
        fixed_px = p.fit_px(m.body, lambda s: sum(button_width(p, a.label, s, a.key) for a in fixed)
                            + m.gap * (len(fixed) - 1) <= rect.w)
        fixed_h = line_button_h(p, fixed_px)
        area = Rect(rect.x, rect.y, rect.w, max(0, rect.h - fixed_h - m.gap))
        x = rect.x
        widths = [button_width(p, a.label, fixed_px, a.key) for a in fixed]
        spare = (rect.w - sum(widths) - m.gap * (len(fixed) - 1)) // max(1, len(fixed))
        for i, (a, w) in enumerate(zip(fixed, widths)):
            r = Rect(x, rect.bottom - fixed_h, w + spare, fixed_h)
            button(p, r, a.label, fixed_px, partial(self._click, n + i, a), key=a.key,
                   focused=self.focus == n + i, role="menu.name")
            x = r.right + m.gap
        rows = acts[:n]
        if not rows:
            return

        def heights(px: int, width: int, detail: bool) -> list[int]:
            hx, vy = button_pad(px)
            out = []
            for a in rows:
                kw = key_box_w(p, a.key, px) + hx if a.key else 0
                text_w = max(1, width - 2 * hx - kw)
                h = p.line_h(px, True)
                if a.detail and detail:
                    h += len(p.wrap(a.detail, round(px * 0.86), text_w)) * p.line_h(round(px * 0.86))
                out.append(h + 2 * vy)
            return out

        def total(hs: list[int]) -> int:
            return sum(hs) + m.gap * (len(hs) - 1)

        smallest = max(m.min_px, round(m.body * 0.85))  # beyond this the list scrolls
        self.details = True
        px = p.fit_px(m.body, lambda s: total(heights(s, area.w, True)) <= area.h, min_px=smallest)
        if total(heights(px, area.w, True)) > area.h:  # every patient in view beats every summary in view
            self.details = False
            px = p.fit_px(m.body, lambda s: total(heights(s, area.w, False)) <= area.h, min_px=smallest)
        width = area.w
        more_h = 0
        if total(heights(px, width, self.details)) > area.h:
            width = area.w - m.pad  # room for the scroll bar
            more_h = p.line_h(m.small)
            area = Rect(area.x, area.y + more_h, area.w, max(0, area.h - 2 * more_h))
        hs = heights(px, width, self.details)
        tops, y = [], 0
        for h in hs:
            tops.append(y)
            y += h + m.gap
        full = total(hs)
        focus = min(self.focus, len(acts) - 1)
        followed = (focus, full, area.h)  # a wheel-scrolled list stays put until the focus or the layout moves
        if focus < n and followed != self._followed:
            if tops[focus] - self.list_scroll < 0:
                self.list_scroll = tops[focus]
            if tops[focus] + hs[focus] - self.list_scroll > area.h:
                self.list_scroll = tops[focus] + hs[focus] - area.h
        self._followed = followed
        self.list_area, self._list_max = area, max(0, full - area.h)
        self.list_scroll = max(0, min(self.list_scroll, self._list_max))
        above = below = 0
        for i, (a, top, h) in enumerate(zip(rows, tops, hs)):
            r = Rect(area.x, area.y + top - self.list_scroll, width, h)
            if r.y < area.y:
                above += 1
            elif r.bottom > area.bottom:
                below += 1
            else:
                self._draw_entry(p, r, a, px, i == focus, i)
        if full > area.h:
            scrollbar(p, Rect(area.right - m.pad * 2, area.y - m.pad, m.pad * 2, area.h + 2 * m.pad),
                      self.list_scroll, full - area.h, area.h)
            for count, y, arrow, where in ((above, area.y - more_h, "▲", "above"), (below, area.bottom, "▼", "below")):
                if count:
                    p.text(f"{arrow} {count} more {where}: ↑↓ or the wheel", area.x, y, m.small, p.theme.dim,
                           panel=rect, role="menu.more")

    def _draw_entry(self, p: Painter, r: Rect, a: Action, px: int, focused: bool, index: int) -> None:
        t, m = p.theme, p.m
        broken = index < len(self.entries) and self.entries[index].patient is None
        hot = focused or p.hovered(r)
        fill = t.panel_hi if hot else t.panel
        p.panel(r, fill, t.accent if focused else (t.bad if broken else t.border), m.line * (2 if focused else 1))
        hx, vy = button_pad(px)
        x = r.x + hx
        lh = p.line_h(px, True)
        if a.key:
            kw = key_box_w(p, a.key, px)
            box = Rect(x, r.y + vy, kw, lh)
            pygame.draw.rect(p.surface, t.accent, box, border_radius=m.radius)
            p.text(a.key, box.centerx, box.y, px, t.on_accent, bold=True, bg=t.accent, panel=r, role="menu.key",
                   align="center")
            x = box.right + hx
        name = p.text(a.label, x, r.y + vy, px, t.bad if broken else t.text, bold=True, bg=fill, panel=r, role="menu.name")
        if index < len(self.entries) and self.entries[index].patient is not None:
            level = self.entries[index].patient.spec.difficulty
            dot = max(4, round(px * 0.3))
            step = 2 * dot + max(3, m.gap // 2)
            dx = name.right + m.pad
            if dx + 5 * step <= r.right - hx:
                for k in range(5):
                    centre = (dx + dot + k * step, name.centery)
                    if k < level:
                        pygame.draw.circle(p.surface, t.accent, centre, dot)
                    else:
                        pygame.draw.circle(p.surface, t.dim, centre, dot, max(1, m.line))
        if a.detail and self.details:
            small = round(px * 0.86)
            p.paragraph(a.detail, Rect(x, name.bottom, r.right - hx - x, r.bottom - name.bottom), small,
                        t.bad if broken else t.dim, bg=fill, panel=r, role="menu.detail")
        p.hit(r, partial(self._click, index, a), a.label)

    def _click(self, index: int, action: Action) -> None:
        self.focus = index
        self.preview_flow = None
        action.run()
