"""rupture check: validate profiles, then lint them; exit 1 on any error, 0 otherwise.

Errors (a file that does not load, or a lint error such as a resolution no
session can reach) go to stderr; warnings and notes go to stdout, each as
``PATH:LINE:COL: warning: message  [W123]``. docs/diagnostics.md explains every code.
"""

from __future__ import annotations

import json
import sys

from ..authoring.lint import lint
from ..engine.diagnostics import Diagnostic, ProfileError
from ..engine.profile_loader import load_profile

ORDER = 40


def register(sub) -> None:
    p = sub.add_parser("check", help="validate and lint patient profiles",
                       description="Validate patient profiles against the format, then lint them: unreachable "
                       "states and replies, dead ends, unused moves and flags, missing cues, and more. "
                       "Every code is explained in docs/diagnostics.md.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="profile files (.yaml)")
    p.add_argument("--json", action="store_true", help="print the findings as JSON on stdout")
    p.set_defaults(func=run)


def check_file(path: str) -> list[Diagnostic]:
    """Every finding for one file: its load errors, or else its lint findings."""
    try:
        patient = load_profile(path)
    except ProfileError as exc:
        return list(exc.diagnostics)
    return lint(patient)


def run(args) -> int:
    results = [(path, check_file(path)) for path in args.paths]
    failed = sum(1 for _p, found in results if any(d.severity == "error" for d in found))
    warnings = sum(1 for _p, found in results for d in found if d.severity == "warning")
    if args.json:
        print(json.dumps([{"path": path, "ok": not any(d.severity == "error" for d in found),
                           "diagnostics": [d.to_json() for d in found]} for path, found in results],
                         indent=2, ensure_ascii=False))
    else:
        for _path, found in results:
            for d in found:
                print(d.format(), file=sys.stderr if d.severity == "error" else sys.stdout)
    n = len(results)
    summary = f"{n - failed} of {n} profile{'s' if n != 1 else ''} valid"
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    print(summary, file=sys.stderr if failed or args.json else sys.stdout)
    return 1 if failed else 0
