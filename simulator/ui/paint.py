"""One frame's drawing context: text at real pixel size, panels, and what was drawn where.

Every line of text drawn goes into ``drawn`` with its rectangle and the panel
it belongs to, and every clickable area into ``hits``. Tests read those to
check the screen (text inside its panel, nothing overlapping); the App uses
``hits`` to route mouse clicks to what the user actually saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pygame
from pygame import Rect

from .layout import Metrics
from .plain import plain
from .text import LRU, Fonts, TextCache, ellipsize, wrap
from .theme import Theme


@dataclass(frozen=True, slots=True)
class DrawnText:
    text: str
    rect: Rect
    panel: Rect
    role: str
    surface: pygame.Surface
    px: int = 0


@dataclass(frozen=True, slots=True)
class Hit:
    rect: Rect
    action: Callable[[], object]
    label: str


class Painter:
    def __init__(self, surface: pygame.Surface, theme: Theme, m: Metrics, fonts: Fonts, texts: TextCache,
                 wraps: LRU, mouse: tuple[int, int] | None = None, layers: LRU | None = None):
        self.surface = surface
        self.w, self.h = surface.get_size()
        self.bounds = Rect(0, 0, self.w, self.h)
        self.theme, self.m = theme, m
        self.fonts, self.texts, self.wraps = fonts, texts, wraps
        self.mouse = mouse
        self.layers = layers if layers is not None else LRU(3)
        self.drawn: list[DrawnText] = []
        self.hits: list[Hit] = []
        self.elements: list[tuple[str, Rect, str, int]] = []
        """Whole things the layout export names beyond single lines: a move's button, a meter with its value."""

    # -- measuring ------------------------------------------------------------------
    def font(self, px: int, bold: bool = False) -> pygame.font.Font:
        return self.fonts.get(px, bold)

    def line_h(self, px: int, bold: bool = False) -> int:
        return self.fonts.get(px, bold).get_linesize()

    def width(self, text: str, px: int, bold: bool = False) -> int:
        return self.fonts.get(px, bold).size(text)[0]

    def wrap(self, text: str, px: int, width: int, bold: bool = False, first: int | None = None) -> tuple[str, ...]:
        text = plain(text)
        key = (px, bold, width, first, text)
        lines = self.wraps.get(key)
        if lines is None:
            lines = wrap(self.fonts.get(px, bold), text, max(1, width), None if first is None else max(0, first))
            self.wraps.put(key, lines)
        return lines

    def text_h(self, text: str, px: int, width: int, bold: bool = False) -> int:
        return len(self.wrap(text, px, width, bold)) * self.line_h(px, bold)

    def ellipsize(self, text: str, px: int, width: int, bold: bool = False) -> str:
        key = ("…", px, bold, width, text)
        out = self.wraps.get(key)
        if out is None:
            out = ellipsize(self.fonts.get(px, bold), text, max(1, width))
            self.wraps.put(key, out)
        return out

    def fit_px(self, px: int, fits: Callable[[int], bool], min_px: int | None = None) -> int:
        """The largest size from ``px`` down to the minimum at which ``fits(size)`` holds (else the minimum)."""
        floor = min(px, self.m.min_px if min_px is None else min_px)
        size = px
        while size > floor and not fits(size):
            size = max(floor, size - max(1, round(size * 0.06)))
        return size

    # -- drawing --------------------------------------------------------------------
    def text(self, text: str, x: int, y: int, px: int, fg, *, bold: bool = False, bg=None,
             panel: Rect | None = None, role: str = "", align: str = "left") -> Rect:
        text = plain(text)
        if not text:
            return Rect(x, y, 0, self.line_h(px, bold))
        font = self.fonts.get(px, bold)
        surf = self.texts.render(font, (px, bold), text, fg, bg)
        rect = surf.get_rect()
        if align == "right":
            rect.topright = (x, y)
        elif align == "center":
            rect.midtop = (x, y)
        else:
            rect.topleft = (x, y)
        self.surface.blit(surf, rect)
        self.drawn.append(DrawnText(text, rect, panel if panel is not None else self.bounds, role, surf, px))
        return rect

    def paragraph(self, text: str, rect: Rect, px: int, fg, *, bold: bool = False, bg=None,
                  panel: Rect | None = None, role: str = "", align: str = "left") -> int:
        """Wrapped text from the top of ``rect``; returns the height used. Lines past the bottom are not drawn."""
        lh = self.line_h(px, bold)
        y = rect.y
        x = {"left": rect.x, "center": rect.centerx, "right": rect.right}[align]
        for line in self.wrap(text, px, rect.w, bold):
            if y + lh > rect.bottom + 1:
                break
            self.text(line, x, y, px, fg, bold=bold, bg=bg, panel=panel or rect, role=role, align=align)
            y += lh
        return y - rect.y

    def panel(self, rect: Rect, fill=None, border=None, width: int | None = None) -> None:
        t = self.theme
        pygame.draw.rect(self.surface, fill or t.panel, rect, border_radius=self.m.radius)
        if border is not False:
            pygame.draw.rect(self.surface, border or t.border, rect, width or self.m.line, border_radius=self.m.radius)

    def layer(self, key, build: Callable[[], None]) -> None:
        """Blit the static shapes of a screen (ground, panels, idle buttons), drawn by ``build`` (which paints the
        whole window) only when ``key`` (their geometry and theme) changes; the words and anything that moves go
        on top."""
        image = self.layers.get(key)
        if image is None:
            target = self.surface
            old = self.layers.get("surface")
            if old is None or old.get_size() != target.get_size():
                if self.layers.get("direct") != key:  # a new size: the first frame draws the shapes on the window
                    self.layers.put("direct", key)  # itself, and the layer (a window-sized allocation) waits a frame
                    build()
                    return
                old = pygame.Surface(target.get_size(), 0, target)  # build paints it all: nothing to copy
            image = old
            self.surface = image  # redraw into the one layer surface rather than allocate a window-sized one
            try:
                build()
            finally:
                self.surface = target
            self.layers.clear()
            self.layers.put("surface", image)
            self.layers.put(key, image)
        self.surface.blit(image, (0, 0))

    def element(self, role: str, rect: Rect, text: str, px: int) -> None:
        self.elements.append((role, Rect(rect), text, px))

    def hit(self, rect: Rect, action: Callable[[], object], label: str = "") -> None:
        self.hits.append(Hit(Rect(rect), action, label))

    def hovered(self, rect: Rect) -> bool:
        return self.mouse is not None and rect.collidepoint(self.mouse)

    def texts_in(self, role_prefix: str) -> list[DrawnText]:
        return [d for d in self.drawn if d.role.startswith(role_prefix)]

    def visible_text(self) -> str:
        return " ".join(d.text for d in self.drawn)
