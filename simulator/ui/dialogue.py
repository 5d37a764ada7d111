"""The conversation so far as a script: laid out once, scrolled cheaply, drawn only where visible.

Each exchange is wrapped when it first comes into view (and again only when the
width or type size changes), newest first, so a frame with hundreds of turns
behind it costs the same as one with three, even the first frame after a resize.
"""

from __future__ import annotations

from dataclasses import dataclass

from pygame import Rect

from .paint import Painter

YOU = "You"
NEXT_SESSION = "The next session."
"""Between two sessions of a course when the author gave no interval."""


@dataclass(frozen=True, slots=True)
class Line:
    y: int
    text: str
    kind: str  # you | patient | cue | interval | speaker_you | speaker_patient
    x: int
    px: int
    bold: bool
    h: int


@dataclass(frozen=True, slots=True)
class Exchange:
    turn: int
    lines: tuple[Line, ...]
    height: int
    patient_y: int
    """Where the patient's reply starts, for the flag mark."""
    patient_h: int
    """How tall that reply is with its cue (a session's close is followed by the next one's opening)."""


class Dialogue:
    def __init__(self):
        self._turns: list = []
        self._sources: list[tuple] = []
        """What each exchange says: (turn number, therapist's words, reply, cue, next session or None); the
        opening first. A reply that closes a session carries the next one: (interval, its opening line, cue)."""
        self._exchanges: list[Exchange | None] = []
        """Each exchange laid out at the current width and size, or None until it is first in view."""
        self._key: tuple | None = None
        self.total = 0
        """The script's height in pixels; exchanges not yet laid out count at the mean height of those that are."""
        self.scroll = 0
        """Pixels scrolled up from the newest line; 0 follows the conversation."""
        self.max_scroll = 0
        self.view_h = 0
        self.line_h = 20

    def sync(self, p: Painter, session, width: int, px: int) -> None:
        """Take in new turns and forget any rewound past; a new width or size forgets every layout.

        Nothing is laid out here: ``draw`` lays out only the exchanges it shows, newest first, so the
        first frame after a resize costs what is on screen, not the whole history."""
        spec = session.patient.spec
        key = (width, px, spec.name, p.fonts.fallback)
        if key == self._key and len(self._turns) == session.turn and (session.last is (self._turns[-1] if self._turns else None)):
            return  # the history is an immutable chain: same length and same last turn means nothing changed
        turns = session.turns
        if key != self._key:
            self._key = key
            self._exchanges = [None] * len(self._exchanges)
        keep = 0
        while keep < len(self._turns) and keep < len(turns) and self._turns[keep] is turns[keep]:
            keep += 1
        if not self._sources:
            self._sources.append((0, None, spec.opening.line, spec.opening.cue, None))
            self._exchanges.append(None)
        del self._turns[keep:]
        del self._sources[keep + 1:]
        del self._exchanges[keep + 1:]
        for i, t in enumerate(turns[keep:], keep):
            self._turns.append(t)
            after = turns[i + 1].session if i + 1 < len(turns) else session.session_id
            then = None
            if after != t.session:  # two sessions, two lines: the interval stands between them on its own
                course = next(c for c in spec.sessions if c.id == after)
                then = (course.interval or NEXT_SESSION, course.opening.line, course.opening.cue)
            self._sources.append((t.number, t.says, t.patient, t.cue, then))
            self._exchanges.append(None)
        self.line_h = p.line_h(px)

    def _exchange(self, p: Painter, i: int) -> Exchange:
        ex = self._exchanges[i]
        if ex is None:
            assert self._key is not None
            width, px, name, _ = self._key
            number, says, reply, cue, then = self._sources[i]
            ex = self._exchanges[i] = self._layout(p, width, px, name, number, says, reply, cue, then)
        return ex

    def _estimate_total(self, gap: int) -> int:
        laid = [e.height for e in self._exchanges if e is not None]
        mean = sum(laid) / len(laid) if laid else self.line_h * 3
        n = len(self._exchanges)
        return max(0, round(sum(laid) + mean * (n - len(laid)) + gap * (n - 1)))

    @staticmethod
    def _gap(px: int) -> int:
        return round(px * 0.9)

    def _layout(self, p: Painter, width: int, px: int, name: str, number: int, says, reply: str, cue,
                then: tuple[str, str, str | None] | None = None) -> Exchange:
        """One exchange. Speakers get a column of their own when it is narrow, else lead their first line.

        ``then`` (interval, line, cue) follows a reply that closed a session: the interval on a line of its own,
        then the next session's opening as the patient's next line."""
        lh = p.line_h(px)
        small = max(12, round(px * 0.9))
        slh = p.line_h(small)
        space = max(6, round(px * 0.6))
        column = max(p.width(YOU, px, True), p.width(name, px, True)) + space
        lines: list[Line] = []
        y = 0

        def block(speaker: str, kind: str, text: str) -> int:
            nonlocal y
            label_w = p.width(speaker, px, True) + space
            lines.append(Line(y, speaker, "speaker_" + kind, 0, px, True, lh))
            if column <= width * 0.14:
                wrapped, x0, first = p.wrap(text, px, width - column), column, column
            else:
                wrapped, x0, first = p.wrap(text, px, width, first=width - label_w), 0, label_w
            for i, line in enumerate(wrapped):
                if line:
                    lines.append(Line(y, line, kind, first if i == 0 else x0, px, False, lh))
                y += lh
            return x0

        def said(text: str, cue) -> None:
            nonlocal y
            speaker = name if p.width(name, px, True) <= width // 3 else p.ellipsize(name, px, width // 3, True)
            x = block(speaker, "patient", text)
            if cue:
                for line in p.wrap(f"({cue})", small, width - x):
                    lines.append(Line(y, line, "cue", x, small, False, slh))
                    y += slh

        if says:
            block(YOU, "you", says)
            y += round(lh * 0.35)
        patient_y = y
        said(reply, cue)
        patient_h = y - patient_y
        if then is not None:
            interval, line, next_cue = then
            y += self._gap(px)
            for text in p.wrap(f"\u2014 {interval} \u2014", px, width, True):
                lines.append(Line(y, text, "interval", max(0, (width - p.width(text, px, True)) // 2), px, True, lh))
                y += lh
            y += self._gap(px)
            said(line, next_cue)
        return Exchange(number, tuple(lines), y, patient_y, patient_h)

    def scroll_by(self, dy: int) -> bool:
        new = max(0, min(self.max_scroll, self.scroll + dy))
        changed = new != self.scroll
        self.scroll = new
        return changed

    def draw(self, p: Painter, rect: Rect, flagged: set[int], role: str = "dialogue") -> None:
        """Draw the lines wholly inside ``rect``: the newest at the bottom unless scrolled back."""
        t = p.theme
        gap = self._gap(self._key[1]) if self._key else 0
        self.view_h = rect.h
        self.total = self._estimate_total(gap)
        self.max_scroll = max(0, self.total - rect.h)
        self.scroll = min(self.scroll, self.max_scroll)
        shown: list[tuple[Exchange, int]] = []  # (exchange, distance from the script's end up to its top)
        below = 0
        for i in range(len(self._exchanges) - 1, -1, -1):  # newest first, until the view is covered
            ex = self._exchange(p, i)
            below += ex.height
            shown.append((ex, below))
            if below >= self.scroll + rect.h:
                break
            below += gap
        else:  # the whole script is laid out: its height is exact
            self.total = max(0, below - gap)
            self.max_scroll = max(0, self.total - rect.h)
        bottom = rect.bottom + self.scroll - max(0, rect.h - self.total)  # where the script's end is drawn
        colours = {"you": t.text, "patient": t.text, "cue": t.cue, "interval": t.accent, "speaker_you": t.you,
                   "speaker_patient": t.patient}
        for ex, above_end in reversed(shown):
            y0 = bottom - above_end
            for ln in ex.lines:
                y = y0 + ln.y
                if y < rect.y or y + ln.h > rect.bottom:
                    continue
                p.text(ln.text, rect.x + ln.x, y, ln.px, colours[ln.kind], bold=ln.bold, bg=t.panel,
                       panel=rect, role=f"{role}.{ln.kind}")
            if ex.turn in flagged:
                y = y0 + ex.patient_y
                h = ex.patient_h
                y_top, y_bot = max(rect.y, y), min(rect.bottom, y + h)
                if y_bot > y_top:
                    p.surface.fill(t.flag, Rect(rect.x - max(3, p.m.pad // 2) - 1, y_top, max(3, p.m.pad // 3), y_bot - y_top))

    def __len__(self) -> int:
        return len(self._exchanges)
