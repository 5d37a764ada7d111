"""Free response in the window: a text box where the trainee types what they would say, then confirms how it was heard.

Typing uses the operating system's text input (TEXTINPUT, and TEXTEDITING for
accents and input methods), with the usual editing keys. Enter asks the matcher
(simulator.play.understanding) how the words are heard and shows "Heard as" with the
runner-up; then Enter says it, 1 or 2 picks one of the two, Esc types again.
The session screen gives every event to ``handle`` first while the box is open.
"""

from __future__ import annotations

from typing import Callable

import pygame
from pygame import Rect

from ..engine.session import Session
from .paint import Painter

ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
PICKS = {pygame.K_1: 0, pygame.K_KP1: 0, pygame.K_2: 1, pygame.K_KP2: 1}
PASS_THROUGH = (pygame.K_PAGEUP, pygame.K_PAGEDOWN)
MAX_CHARS = 400
"""Well under simulator.storage.records.MAX_TYPED, and still a long paragraph in the box."""


class FreeText:
    def __init__(self, session: Session, say: Callable[[str, str], None], close: Callable[[], None]):
        self.session, self.say, self.close = session, say, close
        self.text = ""
        self.cursor = 0
        self.composing = ""
        self._heard = None
        self._heard_at: tuple | None = None
        self._swallow: str | None = None
        pygame.key.start_text_input()

    @property
    def heard(self):
        """The Understanding being confirmed; None while typing, and once the session has moved (an undo)."""
        if self._heard is not None and self._heard_at != self._now():
            self._heard = None
        return self._heard

    @heard.setter
    def heard(self, value) -> None:
        self._heard, self._heard_at = value, self._now()

    def _now(self) -> tuple:
        return self.session.turn, id(self.session.last)

    # -- events -------------------------------------------------------------------------------
    def handle(self, event) -> bool:
        """True when the event was the box's (the screen then redraws and does nothing else with it)."""
        if event.type == pygame.TEXTINPUT:
            if self._swallow is not None and event.text == self._swallow:
                self._swallow = None
                return True
            self._swallow = None
            if self.heard is not None:
                self.heard = None
            self.insert(event.text)
            return True
        if event.type == pygame.TEXTEDITING:
            self.composing = event.text
            return True
        if event.type != pygame.KEYDOWN:
            return False
        self._swallow = None
        key, mod = event.key, event.mod
        if key in PASS_THROUGH or (key == pygame.K_z and mod & pygame.KMOD_CTRL):
            return False
        if key == pygame.K_t and mod & pygame.KMOD_CTRL:
            self.close()
            return True
        if self.heard is not None:
            return self._confirm_key(key)
        return self._edit_key(key, mod)

    def _confirm_key(self, key: int) -> bool:
        heard = self.heard
        if key in ENTER and heard.understood:
            self._say(heard.understood)
        elif key in PICKS and PICKS[key] < len(heard.ranked):
            self._swallow = pygame.key.name(key)[-1]
            self._say(heard.ranked[PICKS[key]].move)
        elif key == pygame.K_ESCAPE or key == pygame.K_BACKSPACE:
            self.heard = None
        return True

    def _edit_key(self, key: int, mod: int) -> bool:
        word = mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT)
        if key in ENTER:
            if self.text.strip():
                from ..play.understanding import understand

                self.heard = understand(self.session, self.text.strip())
        elif key == pygame.K_ESCAPE:
            if not self.text:
                self.close()
            self.text, self.cursor = "", 0
        elif key == pygame.K_BACKSPACE:
            start = self._word_left() if word else max(0, self.cursor - 1)
            self.text, self.cursor = self.text[:start] + self.text[self.cursor:], start
        elif key == pygame.K_DELETE:
            end = self._word_right() if word else self.cursor + 1
            self.text = self.text[:self.cursor] + self.text[end:]
        elif key == pygame.K_LEFT:
            self.cursor = self._word_left() if word else max(0, self.cursor - 1)
        elif key == pygame.K_RIGHT:
            self.cursor = self._word_right() if word else min(len(self.text), self.cursor + 1)
        elif key in (pygame.K_HOME, pygame.K_UP):
            self.cursor = 0
        elif key in (pygame.K_END, pygame.K_DOWN):
            self.cursor = len(self.text)
        return True

    def insert(self, s: str) -> None:
        s = s.replace("\n", " ")[: max(0, MAX_CHARS - len(self.text))]
        self.text = self.text[:self.cursor] + s + self.text[self.cursor:]
        self.cursor += len(s)
        self.composing = ""

    def _word_left(self) -> int:
        i = self.cursor
        while i > 0 and self.text[i - 1] == " ":
            i -= 1
        while i > 0 and self.text[i - 1] != " ":
            i -= 1
        return i

    def _word_right(self) -> int:
        i, n = self.cursor, len(self.text)
        while i < n and self.text[i] == " ":
            i += 1
        while i < n and self.text[i] != " ":
            i += 1
        return i

    def _say(self, move: str) -> None:
        typed = self.text.strip()
        self.text, self.cursor, self.heard, self.composing = "", 0, None, ""
        self.say(move, typed)

    # -- drawing ----------------------------------------------------------------------------------
    def height(self, p: Painter) -> int:
        """The least height the box and its notes need: a title, two lines typed, four lines of notes."""
        return 7 * p.line_h(max(p.m.body, p.m.min_px)) + 2 * p.m.pad + 2 * p.m.gap

    def draw(self, p: Painter, rect: Rect) -> None:
        """The box and what it heard, filling ``rect`` (the foot of the dialogue, where the moves would be)."""
        t, m = p.theme, p.m
        pygame.draw.rect(p.surface, t.bg, rect)
        px = max(m.body, p.m.min_px)
        lh = p.line_h(px)
        title = "Say it in your own words" if self.heard is None else "How your words were heard"
        y = p.text(title, rect.x, rect.y, px, t.dim, bold=True, bg=t.bg, panel=rect, role="free.title").bottom
        y += m.gap // 2
        inner_w = rect.w - 2 * m.pad
        shown = self.text[:self.cursor] + self.composing + self.text[self.cursor:]
        lines = p.wrap(shown, px, inner_w) or ("",)
        box = Rect(rect.x, y, rect.w, min(len(lines), 4) * lh + 2 * m.pad)
        p.panel(box, t.panel_hi if self.heard is None else t.panel, t.accent if self.heard is None else t.border,
                m.line * 2)
        ty = box.y + m.pad
        for line in lines[-4:]:
            p.text(line, box.x + m.pad, ty, px, t.text, bg=t.panel_hi if self.heard is None else t.panel,
                   panel=box, role="free.text")
            ty += lh
        if self.heard is None:
            self._draw_cursor(p, box, px, lines)
        try:
            pygame.key.set_text_input_rect(box)
        except pygame.error:
            pass
        y = box.bottom + m.gap
        for text, colour, bold, role in self._notes():
            used = p.paragraph(text, Rect(rect.x, y, rect.w, rect.bottom - y), px, getattr(t, colour), bold=bold, bg=t.bg,
                               panel=rect, role=role)
            y += used + m.gap // 2

    def _draw_cursor(self, p: Painter, box: Rect, px: int, lines: tuple[str, ...]) -> None:
        t, m = p.theme, p.m
        before = self.text[:self.cursor] + self.composing
        wrapped = p.wrap(before, px, box.w - 2 * m.pad) or ("",)
        row = min(len(wrapped), 4) - 1 if len(lines) <= 4 else min(3, len(wrapped) - 1 - (len(lines) - 4))
        x = box.x + m.pad + p.width(wrapped[-1], px)
        y = box.y + m.pad + max(0, row) * p.line_h(px)
        pygame.draw.rect(p.surface, t.accent, Rect(x, y, max(2, m.line * 2), p.line_h(px)))

    def _notes(self) -> list[tuple[str, str, bool, str]]:
        """(text, theme colour name, bold, role) for each line under the box."""
        heard = self.heard
        label = self.session.move
        if heard is None:
            return [("Enter: hear it · Esc: clear, or back to the moves when empty",
                     "dim", False, "free.keys")]
        ranked = heard.ranked
        second = f"2: {label(ranked[1].move).label}" if len(ranked) > 1 else ""
        if heard.understood:
            out = [(f"Heard as: {label(heard.understood).label}", "accent", True, "free.heard")]
            if second:
                out.append((f"Runner-up: {label(ranked[1].move).label}", "text", False, "free.runner_up"))
            out.append(("Enter: say it · 1 or 2: pick one of these · Esc: type again", "dim", False, "free.keys"))
        else:
            out = [("Not sure what you meant. Closest:", "accent", True, "free.heard"),
                   (f"1: {label(ranked[0].move).label}", "text", False, "free.runner_up")]
            if second:
                out.append((second, "text", False, "free.runner_up"))
            out.append(("1 or 2: pick one of these · Esc: type again", "dim", False, "free.keys"))
        return out
