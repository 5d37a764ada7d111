"""Rectangles from the window size: type scale, margins and where each panel goes.

Nothing here draws. Screens ask for a layout with the heights their text needs
(measured at the real type size) and get back rectangles that fit the window,
so any size from 1024x768 to 3840x2160 is laid out, never scaled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pygame import Rect

from .theme import Theme

SCALE_STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.35, 1.5, 1.7, 2.0)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one window, theme and text scale."""

    body: int
    small: int
    heading: int
    title: int
    huge: int
    pad: int
    gap: int
    radius: int
    line: int

    floor: int = 12
    """The smallest type the session's dialogue and moves may take: the calm theme's small type at 100%."""

    @property
    def min_px(self) -> int:
        """The smallest type a panel may shrink to in order to fit."""
        return max(12, round(self.small * 0.8))


def metrics(width: int, height: int, theme: Theme, scale: float = 1.0) -> Metrics:
    base = min(height / 42.0, width / 56.0) * theme.type_factor * scale
    body = max(13, round(base))
    small = max(12, round(body * 0.84))
    floor = min(small, max(12, round(max(13, round(min(height / 42.0, width / 56.0))) * 0.84)))
    return Metrics(floor=floor,
        body=body,
        small=small,
        heading=round(body * 1.2),
        title=round(body * 1.7),
        huge=round(body * 2.8),
        pad=max(8, round(body * 0.7)),
        gap=max(5, round(body * 0.45)),
        radius=max(4, round(body * 0.35)),
        line=max(1, round(body / 16 * theme.line_factor)),
    )


def spacing(m: Metrics, px: int) -> Metrics:
    """``m`` with pads and gaps in proportion to type shrunk to ``px``, so shrunk text is not lost in space."""
    if px >= m.body:
        return m
    k = px / m.body
    return replace(m, body=px, small=max(12, round(m.small * k)), heading=max(13, round(m.heading * k)),
                   pad=max(6, round(m.pad * k)), gap=max(4, round(m.gap * k)), radius=max(3, round(m.radius * k)),
                   line=max(1, round(m.line * k)))


def inset(rect: Rect, dx: int, dy: int | None = None) -> Rect:
    dy = dx if dy is None else dy
    return Rect(rect.x + dx, rect.y + dy, max(0, rect.w - 2 * dx), max(0, rect.h - 2 * dy))


def stack(rect: Rect, heights: list[int], gap: int) -> list[Rect]:
    """Rects of the given heights, top to bottom inside ``rect``, ``gap`` apart."""
    out, y = [], rect.y
    for h in heights:
        out.append(Rect(rect.x, y, rect.w, h))
        y += h + gap
    return out


def row(rect: Rect, widths: list[int], gap: int, align: str = "left") -> list[Rect]:
    """Rects of the given widths side by side in ``rect``; ``align`` left, right or center."""
    total = sum(widths) + gap * max(0, len(widths) - 1)
    x = {"left": rect.x, "right": rect.right - total, "center": rect.x + (rect.w - total) // 2}[align]
    out = []
    for w in widths:
        out.append(Rect(x, rect.y, w, rect.h))
        x += w + gap
    return out


@dataclass(frozen=True)
class Frame:
    """The common frame of every screen: a header strip, a body, a footer strip."""

    header: Rect
    body: Rect
    footer: Rect


def frame(width: int, height: int, m: Metrics, header_h: int, footer_h: int) -> Frame:
    outer = inset(Rect(0, 0, width, height), m.pad)
    header = Rect(outer.x, outer.y, outer.w, header_h)
    footer = Rect(outer.x, outer.bottom - footer_h, outer.w, footer_h)
    body = Rect(outer.x, header.bottom + m.gap, outer.w, max(0, footer.y - m.gap - header.bottom - m.gap))
    return Frame(header, body, footer)


@dataclass(frozen=True)
class Columns:
    left: Rect
    right: Rect


def columns(body: Rect, m: Metrics, share: float) -> Columns:
    """Two columns; a ``share`` of 0 collapses the left one and gives the right the whole body."""
    if share <= 0:
        return Columns(Rect(body.x, body.y, 0, body.h), Rect(body))
    left_w = max(round(body.w * share), min(body.w // 2, m.body * 14))
    left = Rect(body.x, body.y, left_w, body.h)
    right = Rect(left.right + m.pad, body.y, max(0, body.right - left.right - m.pad), body.h)
    return Columns(left, right)


@dataclass(frozen=True)
class SessionLayout:
    figure: Rect | None
    cue: Rect | None
    meters: Rect | None
    state: Rect | None
    dialogue: Rect
    choices: Rect
    strip: Rect | None = None
    """With the left column collapsed: the meters as one row above the dialogue."""


def session(cols: Columns, m: Metrics, *, cue_h: int, meters_h: int | None, state_h: int | None,
            choices_h: int) -> SessionLayout:
    """Left column: figure on top, then cue, meters, state; right: dialogue above the choices."""
    left, right = cols.left, cols.right
    bottom = left.bottom
    state = meters = None
    if state_h is not None:
        state = Rect(left.x, bottom - state_h, left.w, state_h)
        bottom = state.y - m.gap
    if meters_h is not None:
        meters = Rect(left.x, bottom - meters_h, left.w, meters_h)
        bottom = meters.y - m.gap
    cue = Rect(left.x, bottom - cue_h, left.w, cue_h)
    figure = Rect(left.x, left.y, left.w, max(0, cue.y - m.gap - left.y))
    choices = Rect(right.x, right.bottom - choices_h, right.w, choices_h)
    dialogue = Rect(right.x, right.y, right.w, max(0, choices.y - m.gap - right.y))
    return SessionLayout(figure, cue, meters, state, dialogue, choices)


def session_collapsed(right: Rect, m: Metrics, *, strip_h: int | None, choices_h: int) -> SessionLayout:
    """No left column: an optional meters strip on top, the dialogue, then the choices."""
    top = right.y
    strip = None
    if strip_h:
        strip = Rect(right.x, top, right.w, strip_h)
        top = strip.bottom + m.gap
    choices = Rect(right.x, right.bottom - choices_h, right.w, choices_h)
    dialogue = Rect(right.x, top, right.w, max(0, choices.y - m.gap - top))
    return SessionLayout(None, None, None, None, dialogue, choices, strip)


def centered(body: Rect, width: int, height: int) -> Rect:
    w, h = min(width, body.w), min(height, body.h)
    return Rect(body.x + (body.w - w) // 2, body.y + (body.h - h) // 2, w, h)


def reading_width(body: Rect, m: Metrics) -> int:
    """A comfortable measure for running text: about 70 characters, never wider than the body."""
    return min(body.w, max(m.body * 38, round(body.w * 0.72)))
