"""Free-response examples: an example that reads closer to another move offered at the same beat than to its own.

Each example is heard as the matcher would hear a trainee typing it, with the
example itself left out of its own move (else it would trivially match itself),
at every beat that offers its move. The beat's word weights (IDF) still count the
example, which leaves the check a little lenient and makes it one index per beat.
"""

from __future__ import annotations

from ...engine.patient import Patient
from .report import Report


def check(patient: Patient, report: Report) -> None:
    moves = patient.spec.moves
    if not any(m.examples for m in moves.values()):
        return
    from ...play.understanding import EXAMPLES_FROM, matcher_for

    seen: set[tuple] = set()
    """(move, example) already reported: one finding per example, at the first beat where it misleads."""
    for state in patient.spec.states.values():
        for bid, beat in state.beats.items():
            offered = list(dict.fromkeys(opt.move for opt in beat.options))
            if len(offered) < 2:
                continue
            matcher = matcher_for(moves, offered)
            for mid in offered:
                for i, example in enumerate(moves[mid].examples):
                    heard = matcher.without(mid, EXAMPLES_FROM + i).rank(example, threshold=0.0)
                    top = heard.ranked[0].move
                    if top == mid or (mid, i) in seen:
                        continue
                    seen.add((mid, i))
                    report.add("W235", ("moves", mid, "examples", i),
                               f"example {i + 1} of move '{mid}' (\"{example}\") reads closer to '{top}' "
                               f"({moves[top].label}), also on offer in beat '{bid}', than to '{mid}'",
                               "reword the example in the words a trainee would use for this move, or make the "
                               "two moves' labels and lines say more clearly how they differ")
