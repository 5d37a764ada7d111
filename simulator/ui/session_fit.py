"""The session's worst moments, to pick one text size that fits all of them.

Move text keeps one size for the whole session, so the size must fit the
busiest set of moves and the longest reply the profile can produce, not just
the turn on screen. Measuring every line at every size would be slow; the
longest few (by characters) stand for the rest, since wrapped height grows
with length.
"""

from __future__ import annotations

from ..engine.profile_model import Profile, opening_of

SAMPLES = 6


def _texts(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def longest_replies(spec: Profile, n: int = SAMPLES) -> list[tuple[str, str | None]]:
    """The ``n`` longest (reply, cue) pairs the patient can say, every session's opening included."""
    openings = [c.opening for c in spec.sessions] if spec.sessions else [opening_of(spec)]
    pairs: list[tuple[str, str | None]] = [(o.line, o.cue) for o in openings]
    for state in spec.states.values():
        for beat in state.beats.values():
            for option in beat.options:
                for outcome in [option, *option.branches]:
                    pairs += [(r, outcome.cue or option.cue) for r in _texts(outcome.reply)]
    pairs.sort(key=lambda rc: len(rc[0]) + len(rc[1] or ""), reverse=True)
    return pairs[:n]


def busiest_beats(spec: Profile, n: int = SAMPLES) -> list[list[str]]:
    """The move labels of the ``n`` beats whose moves take the most room (count first, then length)."""
    beats = []
    for state in spec.states.values():
        for beat in state.beats.values():
            labels = [spec.moves[o.move].label for o in beat.options if o.move in spec.moves]
            beats.append(labels)
    beats.sort(key=lambda ls: (len(ls), sum(map(len, ls))), reverse=True)
    by_count = beats[:n]
    by_length = sorted(beats, key=lambda ls: sum(map(len, ls)), reverse=True)[:n]
    return by_count + [b for b in by_length if b not in by_count]


def longest_cue(spec: Profile) -> str:
    cues = [c for _, c in longest_replies(spec, 10 ** 6) if c]
    return max(cues, key=len, default="")
