"""Drawing pieces the screens share: buttons with key hints, a key toolbar, meter bars, scrolling text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pygame
from pygame import Rect

from .layout import inset
from .paint import Painter


@dataclass
class Action:
    """Something a screen offers: a button, a numbered choice, a menu entry."""

    label: str
    run: Callable[[], object]
    key: str | None = None
    detail: str | None = None
    enabled: bool = True


def button_pad(px: int) -> tuple[int, int]:
    v = max(5, round(px * 0.42))
    return round(v * 1.4), v


def line_button_h(p: Painter, px: int) -> int:
    """Height of a one-line button at ``px``."""
    return p.line_h(px) + 2 * button_pad(px)[1]


def key_box_w(p: Painter, key: str | None, px: int) -> int:
    if not key:
        return 0
    return p.width(key, px, True) + 2 * max(4, round(px * 0.4))


def button_height(p: Painter, label: str, px: int, width: int, key: str | None = None) -> int:
    """Height of a button of ``width`` whose label wraps at ``px``."""
    hx, vy = button_pad(px)
    kw = key_box_w(p, key, px)
    text_w = width - 2 * hx - (kw + hx if kw else 0)
    lines = p.wrap(label, px, max(1, text_w))
    return max(len(lines), 1) * p.line_h(px) + 2 * vy


def button_width(p: Painter, label: str, px: int, key: str | None = None) -> int:
    hx, _ = button_pad(px)
    kw = key_box_w(p, key, px)
    return p.width(label, px) + 2 * hx + (kw + hx if kw else 0)


def button_fill(p: Painter, rect: Rect, focused: bool = False, enabled: bool = True):
    t = p.theme
    return t.panel_hi if enabled and (focused or p.hovered(rect)) else t.panel


def button_shape(p: Painter, rect: Rect, px: int, *, key: str | None = None, focused: bool = False,
                 primary: bool = False, enabled: bool = True, hot: bool | None = None) -> None:
    """The button's box and key box, without its words."""
    t = p.theme
    hot = (enabled and (focused or p.hovered(rect))) if hot is None else hot
    p.panel(rect, t.panel_hi if hot else t.panel, t.accent if (focused or primary) and enabled else t.border,
            p.m.line * (2 if focused else 1))
    if key:
        hx, vy = button_pad(px)
        box = Rect(rect.x + hx, rect.y + vy, key_box_w(p, key, px), p.line_h(px))
        pygame.draw.rect(p.surface, t.accent if enabled else t.border, box, border_radius=p.m.radius)


def button_label(p: Painter, rect: Rect, label: str, px: int, *, key: str | None = None, fill=None,
                 enabled: bool = True, role: str = "button") -> None:
    """The button's words (and key), on a box already drawn in ``fill``."""
    t = p.theme
    hx, vy = button_pad(px)
    x = rect.x + hx
    if key:
        kw = key_box_w(p, key, px)
        box = Rect(x, rect.y + vy, kw, p.line_h(px))
        p.text(key, box.centerx, box.y, px, t.on_accent if enabled else t.panel, bold=True,
               bg=t.accent if enabled else t.border, panel=rect, role=role + ".key", align="center")
        x = box.right + hx
    text_rect = Rect(x, rect.y + vy, rect.right - hx - x, rect.h - 2 * vy)
    p.paragraph(label, text_rect, px, t.text if enabled else t.dim, bg=fill or t.panel, panel=rect, role=role)


def button(p: Painter, rect: Rect, label: str, px: int, run: Callable[[], object], *, key: str | None = None,
           focused: bool = False, primary: bool = False, enabled: bool = True, role: str = "button") -> None:
    fill = button_fill(p, rect, focused, enabled)
    button_shape(p, rect, px, key=key, focused=focused, primary=primary, enabled=enabled)
    button_label(p, rect, label, px, key=key, fill=fill, enabled=enabled, role=role)
    if enabled:
        p.hit(rect, run, label)


def button_row(p: Painter, rect: Rect, actions: list[Action], px: int, focus: int | None, *, align: str = "center",
               first_index: int = 0, role: str = "button") -> list[Rect]:
    """Single-line buttons side by side, centred in ``rect``; the caller checks they fit with ``row_width``."""
    from .layout import row

    widths = [button_width(p, a.label, px, a.key) for a in actions]
    rects = row(Rect(rect.x, rect.y, rect.w, rect.h), widths, p.m.gap * 2, align)
    for i, (r, a) in enumerate(zip(rects, actions)):
        button(p, r, a.label, px, a.run, key=a.key, focused=focus == first_index + i, enabled=a.enabled,
               primary=i == 0, role=role)
    return rects


def row_width(p: Painter, actions: list[Action], px: int) -> int:
    return sum(button_width(p, a.label, px, a.key) for a in actions) + p.m.gap * 2 * max(0, len(actions) - 1)


def row_px(p: Painter, actions: list[Action], px: int, width: int) -> int:
    return p.fit_px(px, lambda s: row_width(p, actions, s) <= width, min_px=min(p.m.min_px, p.m.floor))


def meter(p: Painter, rect: Rect, name: str, value: float, delta: int | None, colour, px: int,
          name_w: int, num_w: int, role: str = "meter") -> None:
    """One alliance meter: name, bar, value, and the change after the last move."""
    t = p.theme
    lh = p.line_h(px)
    y = rect.y + (rect.h - lh) // 2
    p.element("meter", rect, f"{name} {round(value)}", px)
    p.text(name, rect.x, y, px, t.text, bg=t.panel, panel=rect, role=role + ".name")
    delta_w = num_w
    bar = Rect(rect.x + name_w, rect.y + rect.h // 4, max(0, rect.w - name_w - num_w - delta_w - 2 * p.m.gap),
               max(4, rect.h // 2))
    pygame.draw.rect(p.surface, t.grid, bar, border_radius=p.m.radius // 2)
    filled = Rect(bar.x, bar.y, round(bar.w * max(0.0, min(100.0, value)) / 100), bar.h)
    if filled.w:
        pygame.draw.rect(p.surface, colour, filled, border_radius=p.m.radius // 2)
    if delta:
        before = max(0.0, min(100.0, value - delta))
        x0, x1 = sorted((bar.x + round(bar.w * before / 100), filled.right))
        mark = Rect(x0, bar.bottom + max(1, p.m.line), max(1, x1 - x0), max(2, p.m.line * 2))
        pygame.draw.rect(p.surface, t.good if delta > 0 else t.bad, mark)
    p.text(f"{round(value)}", bar.right + p.m.gap + num_w, y, px, t.text, bold=True, bg=t.panel, panel=rect,
           role=role + ".value", align="right")
    if delta:
        p.text(f"{delta:+d}".replace("-", "−"), rect.right, y, px, t.good if delta > 0 else t.bad, bold=True,
               bg=t.panel, panel=rect, role=role + ".delta", align="right")


@dataclass(frozen=True)
class Chip:
    key: str
    label: str
    run: Callable[[], object]
    """What the chip does; what it returns is not used."""
    on: bool | None = None


def chips_width(p: Painter, chips: list[Chip], px: int, with_keys: bool = True) -> int:
    gap = p.m.gap
    total = 0
    for c in chips:
        total += p.width(c.label, px) + 2 * gap
        if with_keys:
            total += key_box_w(p, c.key, px) + gap
    return total + gap * max(0, len(chips) - 1)


@dataclass(frozen=True)
class ChipPlace:
    chip: Chip
    rect: Rect
    box: Rect | None


def toolbar_places(p: Painter, rect: Rect, chips: list[Chip], px: int) -> tuple[int, list[ChipPlace]]:
    """Where each chip goes: shrinks the type, then drops key boxes, then trailing chips to fit."""
    from .keys import ALWAYS_SHOWN

    with_keys = True  # key labels always show: chips F1 lists are left out before any key is
    size = p.fit_px(px, lambda s: chips_width(p, chips, s) <= rect.w, min_px=min(p.m.min_px, p.m.floor))
    while chips_width(p, chips, size) > rect.w:
        droppable = [i for i, c in enumerate(chips) if c.key not in ALWAYS_SHOWN]
        if not droppable:
            break
        chips = chips[:droppable[-1]] + chips[droppable[-1] + 1:]
    gap = p.m.gap
    lh = p.line_h(size)
    h = min(rect.h, lh + 2 * max(2, gap // 2))
    y = rect.y + (rect.h - h) // 2
    x = rect.x
    out = []
    for c in chips:
        w = p.width(c.label, size) + 2 * gap + ((key_box_w(p, c.key, size) + gap) if with_keys else 0)
        r = Rect(x, y, w, h)
        box = Rect(r.x + gap, y + (h - lh) // 2, key_box_w(p, c.key, size), lh) if with_keys else None
        out.append(ChipPlace(c, r, box))
        x = r.right + gap
    return size, out


def chip_fill(p: Painter, place: ChipPlace):
    return p.theme.panel_hi if (place.chip.on or p.hovered(place.rect)) else p.theme.panel


def chip_shape(p: Painter, place: ChipPlace, fill=None) -> None:
    t = p.theme
    p.panel(place.rect, fill or chip_fill(p, place), t.accent if place.chip.on else t.border)
    if place.box is not None:
        pygame.draw.rect(p.surface, t.border, place.box, border_radius=p.m.radius // 2)


def chip_label(p: Painter, place: ChipPlace, size: int, fill=None, role: str = "toolbar") -> None:
    t = p.theme
    lh = p.line_h(size)
    r, c = place.rect, place.chip
    tx = r.x + p.m.gap
    if place.box is not None:
        p.text(c.key, place.box.centerx, place.box.y, size, t.on_accent if t.name == "projector" else t.text,
               bold=True, bg=t.border, panel=r, role=role + ".key", align="center")
        tx = place.box.right + p.m.gap
    p.text(c.label, tx, r.y + (r.h - lh) // 2, size, t.text, bg=fill or chip_fill(p, place), panel=r, role=role)
    p.hit(r, c.run, c.label)


def toolbar(p: Painter, rect: Rect, chips: list[Chip], px: int, role: str = "toolbar") -> None:
    """A row of small key-labelled buttons along the bottom."""
    size, places = toolbar_places(p, rect, chips, px)
    for place in places:
        chip_shape(p, place)
        chip_label(p, place, size, role=role)


@dataclass(frozen=True)
class Para:
    """One piece of running text for a Flow: a heading, a paragraph, or a label with its value."""

    text: str
    style: str = "body"  # heading | body | dim | label | error | good
    space: float = 0.4
    """Space before it, in lines."""


class Flow:
    """Paragraphs laid out into a panel: shrinks the type to fit, and scrolls whatever still does not."""

    def __init__(self, paras: list[Para]):
        self.paras = paras
        self.scroll = 0
        self.max_scroll = 0
        self.page = 0

    def _lines(self, p: Painter, width: int, px: int):
        out, y = [], 0
        for i, para in enumerate(self.paras):
            size = round(px * 1.2) if para.style == "heading" else px
            bold = para.style in ("heading", "label")
            lh = p.line_h(size, bold)
            if i:
                y += round(lh * para.space)
            for line in p.wrap(para.text, size, width, bold):
                out.append((y, line, size, bold, para.style, lh))
                y += lh
        return out, y

    def height(self, p: Painter, width: int, px: int) -> int:
        return self._lines(p, width, px)[1]

    def draw(self, p: Painter, rect: Rect, px: int, *, bg=None, role: str = "flow", shrink: bool = True) -> None:
        t = p.theme
        inner = inset(rect, p.m.pad)
        if shrink:
            px = p.fit_px(px, lambda s: self.height(p, inner.w, s) <= inner.h)
        lines, total = self._lines(p, inner.w, px)
        self.max_scroll = max(0, total - inner.h)
        self.page = max(1, inner.h - 2 * p.line_h(px))
        self.scroll = max(0, min(self.scroll, self.max_scroll))
        colours = {"heading": t.accent, "body": t.text, "dim": t.dim, "label": t.text, "error": t.bad, "good": t.good}
        for y, line, size, bold, style, lh in lines:
            top = inner.y + y - self.scroll
            if top < inner.y or top + lh > inner.bottom:
                continue
            p.text(line, inner.x, top, size, colours[style], bold=bold, bg=bg or t.panel, panel=rect, role=role)
        if self.max_scroll:
            scrollbar(p, rect, self.scroll, self.max_scroll, inner.h)

    def scroll_by(self, dy: int) -> bool:
        new = max(0, min(self.max_scroll, self.scroll + dy))
        changed = new != self.scroll
        self.scroll = new
        return changed


def scrollbar(p: Painter, rect: Rect, offset: int, max_offset: int, view_h: int, from_bottom: bool = False) -> None:
    """A thin thumb at the panel's right edge showing where the view is."""
    t = p.theme
    track = Rect(rect.right - max(3, p.m.pad // 2), rect.y + p.m.pad, max(2, p.m.pad // 3), rect.h - 2 * p.m.pad)
    if track.h <= 0:
        return
    total = view_h + max_offset
    thumb_h = max(p.m.pad, round(track.h * view_h / total))
    pos = (max_offset - offset) if from_bottom else offset
    y = track.y + round((track.h - thumb_h) * pos / max(1, max_offset))
    pygame.draw.rect(p.surface, t.grid, track, border_radius=track.w // 2)
    pygame.draw.rect(p.surface, t.dim, Rect(track.x, y, track.w, thumb_h), border_radius=track.w // 2)
