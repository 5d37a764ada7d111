"""rupture new: write NAME.yaml here, a commented profile that checks clean and plays to both endings."""

from __future__ import annotations

import sys

from ..authoring.scaffold import ScaffoldError, write_new

ORDER = 47


def register(sub) -> None:
    p = sub.add_parser("new", help="start a new patient profile from a working template",
                       description="Write NAME.yaml in the current folder: a commented profile that passes "
                       "'rupture check' with no warning and plays to a resolution and to a dropout. "
                       "An existing file is never overwritten.")
    p.add_argument("name", metavar="NAME", help="the patient id (lower-case letters, digits, _)")
    p.add_argument("--course", action="store_true",
                   help="a course of two sessions (format 2: sessions, pulls, chosen, a partial ending)")
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        path = write_new(args.name, course=args.course)
    except ScaffoldError as exc:
        print(f"rupture: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}: check it with 'rupture check {path}', play it with 'rupture text {path}'")
    return 0
