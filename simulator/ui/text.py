"""Fonts by pixel size, word-wrapping, and bounded caches of rendered lines.

Text is always rendered at the size it is shown, never scaled as a bitmap, so a
4K projector gets crisp type. Rendering is the expensive part of a frame, so
rendered lines are cached, and every cache is bounded so a long session does
not grow memory.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from pathlib import Path

import pygame

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def font_dirs() -> list[Path]:
    """``assets/fonts`` beside the package in a checkout, inside it when installed."""
    here = Path(__file__).resolve().parent.parent
    return [here.parent / "assets" / "fonts", here / "assets" / "fonts"]


def find_font(name: str) -> Path | None:
    for folder in font_dirs():
        if (folder / name).is_file():
            return folder / name
    return None


_warned = False


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        print(f"rupture: {message}", file=sys.stderr)


class Fonts:
    """Font objects keyed by (pixel size, bold); falls back to pygame's own font with one message."""

    def __init__(self, limit: int = 40):
        if not pygame.font.get_init():
            pygame.font.init()
        self.limit = limit
        self._fonts: OrderedDict[tuple[int, bool], pygame.font.Font] = OrderedDict()
        self.paths = {False: find_font(REGULAR), True: find_font(BOLD)}
        self.fallback = None in self.paths.values()
        if self.fallback:
            _warn_once(f"the DejaVu fonts ({REGULAR}, {BOLD}) are missing from assets/fonts; "
                       "using pygame's default font instead")

    def get(self, px: int, bold: bool = False) -> pygame.font.Font:
        font = self._fonts.get((px, bold))
        if font is not None:
            return font
        key = (max(6, int(px)), bool(bold))
        path = self.paths[key[1]]
        font = pygame.font.Font(str(path) if path else None, key[0])
        if path is None and key[1]:
            font.set_bold(True)
        self._fonts[key] = self._fonts[(px, bold)] = font
        while len(self._fonts) > self.limit:  # oldest first: a window has only a handful of sizes in use
            self._fonts.popitem(last=False)
        return font

    def __len__(self) -> int:
        return len(set(map(id, self._fonts.values())))


_UNDRAWABLE = {c: "\ufffd" for c in (*range(0x20), 0x7F)}


def drawable(text: str) -> str:
    """``text`` as the font renderer can take it: NUL, other controls and lone surrogates become '\ufffd'.

    Profiles and saves are checked before they are shown (simulator.engine.shown_text),
    but the window must not crash on whatever string still reaches it.
    """
    text = text.translate(_UNDRAWABLE)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _width(font: pygame.font.Font, text: str) -> int:
    return font.size(drawable(text))[0]


def wrap(font: pygame.font.Font, text: str, width: int, first: int | None = None) -> tuple[str, ...]:
    """Greedy word-wrap to ``width`` pixels (``first`` for the first line, e.g. after a speaker's name).

    A word wider than the line is broken between letters; the first line may be
    empty when not even the first word fits beside what precedes it.
    """
    out: list[str] = []
    limit = width if first is None else first
    for para in text.split("\n"):
        words = para.split()
        if not words:
            out.append("")
            limit = width
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if _width(font, candidate) <= limit:
                line = candidate
                continue
            if line or limit < width:
                out.append(line)
                limit = width
                if _width(font, word) <= limit:
                    line = word
                    continue
            line = word
            while _width(font, line) > limit and len(line) > 1:
                cut = _fit_chars(font, line, limit)
                out.append(line[:cut])
                line = line[cut:]
                limit = width
        out.append(line)
        limit = width
    return tuple(out)


def _fit_chars(font: pygame.font.Font, text: str, width: int) -> int:
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _width(font, text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def ellipsize(font: pygame.font.Font, text: str, width: int) -> str:
    """The text, or as much of it as fits followed by an ellipsis."""
    if _width(font, text) <= width:
        return text
    cut = _fit_chars(font, text + "…", width) - 1
    while cut > 0 and _width(font, text[:cut].rstrip() + "…") > width:
        cut -= 1
    return text[:cut].rstrip() + "…" if cut > 0 else ""


class LRU:
    """A dict that forgets its least recently used entries beyond ``limit``."""

    def __init__(self, limit: int):
        self.limit = limit
        self._data: OrderedDict = OrderedDict()

    def get(self, key):
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.limit:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key) -> bool:
        return key in self._data

    def clear(self) -> None:
        self._data.clear()


class TextCache:
    """Rendered line surfaces, forgotten least-recently-used first once over a byte budget."""

    def __init__(self, budget_bytes: int = 24 << 20):
        self.budget = budget_bytes
        self.bytes = 0
        self.hits = self.misses = 0
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._unconverted: set[tuple] = set()

    def render(self, font: pygame.font.Font, key: tuple, text: str, fg, bg) -> pygame.Surface:
        k = (key, text, fg, bg)
        surf = self._surfaces.get(k)
        if surf is not None:
            self._surfaces.move_to_end(k)
            self.hits += 1
            if k in self._unconverted:  # shown a second time: worth the display's pixel format now
                self._unconverted.discard(k)
                fast = surf.convert()
                self.bytes += self._size(fast) - self._size(surf)
                surf = self._surfaces[k] = fast
            return surf
        self.misses += 1
        try:
            surf = font.render(drawable(text), True, fg, bg)
        except pygame.error:  # a line of zero-width characters: nothing to draw, but it keeps its height
            surf = pygame.Surface((1, font.get_linesize()), pygame.SRCALPHA)
            if bg is not None:
                surf.fill(bg)
        if bg is not None and pygame.display.get_surface() is not None:
            self._unconverted.add(k)  # a line drawn once (the first frame after a resize) is blitted as it is
        self._surfaces[k] = surf
        self.bytes += self._size(surf)
        self._trim()
        return surf

    @staticmethod
    def _size(surf: pygame.Surface) -> int:
        return surf.get_width() * surf.get_height() * surf.get_bytesize()

    def set_budget(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self._trim()

    def _trim(self) -> None:
        while self.bytes > self.budget and len(self._surfaces) > 1:
            k, old = self._surfaces.popitem(last=False)
            self._unconverted.discard(k)
            self.bytes -= self._size(old)

    def __len__(self) -> int:
        return len(self._surfaces)

    def clear(self) -> None:
        self._surfaces.clear()
        self._unconverted.clear()
        self.bytes = 0
