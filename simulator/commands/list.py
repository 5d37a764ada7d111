"""rupture list: the bundled patients, one per line, id first.

A profile validated before (same bytes, same simulator) is listed from the
profile cache without parsing it again; see simulator.engine.profile_cache.
"""

from __future__ import annotations

import sys

from ..engine.catalogue import bundled_paths
from ..engine.profile_cache import header

ORDER = 10


def register(sub) -> None:
    p = sub.add_parser("list", help="list the bundled patients")
    p.set_defaults(func=run)


def run(args) -> int:
    entries = [(path, *header(path)) for path in bundled_paths()]
    width = max((len(path.stem) for path, _h, _e in entries), default=0)
    for path, found, _error in entries:
        if found:
            print(f"{path.stem:<{width}}  {found.summary} (difficulty {found.difficulty}/5)")
        else:
            print(f"{path.stem:<{width}}  [does not load: run 'rupture check {path}']")
    if any(error for _p, _h, error in entries):
        print("rupture: some bundled profiles do not load", file=sys.stderr)
        return 1
    return 0
