"""rupture list: the bundled patients, one per line, id first."""

from __future__ import annotations

import sys

from ..catalogue import bundled


ORDER = 10


def register(sub) -> None:
    p = sub.add_parser("list", help="list the bundled patients")
    p.set_defaults(func=run)


def run(args) -> int:
    entries = bundled()
    width = max((len(e.id) for e in entries), default=0)
    for e in entries:
        if e.patient:
            spec = e.patient.spec
            print(f"{e.id:<{width}}  {spec.summary} (difficulty {spec.difficulty}/5)")
        else:
            print(f"{e.id:<{width}}  [does not load: run 'rupture check {e.path}']")
    if any(e.error for e in entries):
        print("rupture: some bundled profiles do not load", file=sys.stderr)
        return 1
    return 0
