"""rupture check: validate profile files; exit 0 when all load, 1 otherwise."""

from __future__ import annotations

import sys

from ..diagnostics import ProfileError
from ..profile_loader import load_profile


ORDER = 40


def register(sub) -> None:
    p = sub.add_parser("check", help="validate patient profiles")
    p.add_argument("paths", nargs="+", metavar="PATH", help="profile files (.yaml)")
    p.set_defaults(func=run)


def run(args) -> int:
    failed = 0
    for path in args.paths:
        try:
            load_profile(path)
        except ProfileError as exc:
            failed += 1
            print(exc, file=sys.stderr)
    n = len(args.paths)
    summary = f"{n - failed} of {n} profile{'s' if n != 1 else ''} valid"
    print(summary, file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0
