"""A set of trainee paraphrases with the move each means, and how often the matcher ranks that move first or second.

The file (tests/data/paraphrases.yaml) is a YAML list of entries:
``patient`` (bundled id), ``after`` (move ids played from the opening to reach
the beat), ``typed`` (what the trainee types) and ``means`` (the move a
clinician would take it as). It is written by someone other than the author of
the moves' ``examples``, so it measures the method, not memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..engine.session import Session
from ..play.understanding import Understanding, matcher_for


@dataclass(frozen=True)
class Entry:
    patient: str
    after: tuple[str, ...]
    typed: str
    means: str


@dataclass(frozen=True)
class Result:
    entry: Entry
    heard: Understanding

    @property
    def rank(self) -> int:
        """1 for first; len+1 when the meant move is not ranked at all."""
        moves = [r.move for r in self.heard.ranked]
        return moves.index(self.entry.means) + 1 if self.entry.means in moves else len(moves) + 1


def load(path: Path) -> list[Entry]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    return [Entry(d["patient"], tuple(d.get("after") or ()), d["typed"], d["means"]) for d in data]


def run(entries: list[Entry], patients) -> list[Result]:
    """Hear every entry at its beat; ``patients(id)`` gives a loaded Patient."""
    out = []
    for e in entries:
        session = Session(patients(e.patient))
        for move in e.after:
            session.choose(move)
        out.append(Result(e, matcher_for(session.patient.spec.moves, session.options()).rank(e.typed)))
    return out


def shares(results: list[Result]) -> dict[str, float]:
    n = len(results) or 1
    return {"top1": sum(r.rank == 1 for r in results) / n, "top2": sum(r.rank <= 2 for r in results) / n}
