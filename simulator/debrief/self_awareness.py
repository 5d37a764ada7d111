"""The trainee's noticing of the pull on themselves (clinical model §3, §7), scored against the authored pulls.

At a beat whose profile gives a ``pull``, learning and self-awareness modes ask
"What do you notice in yourself?" before the move. A turn counts as *asked*
when an answer was recorded there; it is *matched* when the answer names the
authored pull, and *missed* otherwise ("nothing in particular" included).
Noticing the pull, rather than acting on it, is the way out of it (§3
disembedding, §7); saying it aloud, tentatively, starts where you are (§4.4).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.session import Turn
from ..engine.vocabulary import PULL_NAMES, PULLS

WHY = ("Noticing the pull rather than acting on it is the way out of it (§3, §7); said aloud and owned, it "
       "starts where you are (§4.4).")


def pull_words(kind: str | None) -> str:
    return PULL_NAMES.get(kind or "", "nothing in particular")


@dataclass
class SelfAwareness:
    asked: int = 0
    matched: int = 0
    missed: list[dict] = field(default_factory=list)
    offered: int = 0
    """Turns at a beat with an authored pull, asked or not."""

    @property
    def scored(self) -> bool:
        return self.asked > 0

    def to_json(self) -> dict:
        return {"asked": self.asked, "matched": self.matched, "missed": [dict(m) for m in self.missed],
                "offered": self.offered, "why": WHY}


def score(turns: list[Turn]) -> SelfAwareness:
    out = SelfAwareness()
    for t in turns:
        if not t.pull:
            continue
        out.offered += 1
        if t.pull_answer is None:
            continue
        out.asked += 1
        kind = t.pull.get("kind")
        if t.pull_answer == kind:
            out.matched += 1
        else:
            feels, leads = PULLS.get(kind or "", ("", ""))
            out.missed.append({"turn": t.number, "pull": kind, "answered": t.pull_answer,
                               "text": f"the pull here was to {pull_words(kind)} ({feels}; following it, "
                                       f"{leads}); you noticed {pull_words(t.pull_answer)}",
                               "note": t.pull.get("note")})
    return out
