"""rupture test: run a plan (moves and what must hold after them) against a patient; exit 1 on a failure."""

from __future__ import annotations

import sys

from ..authoring.plans import load_plan, run_plan
from ..engine.diagnostics import ProfileError
from .common import guarded, load_patient

ORDER = 48


def register(sub) -> None:
    p = sub.add_parser("test", help="run a test plan against a profile",
                       description="Play each case of a plan (YAML: moves, then what must hold: state, beat, "
                       "stage, meter ranges, flags, moves on offer, ended) and report the first failed "
                       "expectation of each case with its file, line and step. Exit 1 if any fails.")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("plan", metavar="PLAN.yaml", help="the plan file")
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    try:
        loaded = load_plan(args.plan, patient)
    except ProfileError as exc:  # a PlanError, or the file could not be read as YAML
        print(exc, file=sys.stderr)
        return 1
    result = run_plan(patient, loaded)
    for f in result.failures:
        print(result.format_failure(f), file=sys.stderr)
    failed_cases = len({f.case for f in result.failures})
    n = result.cases
    summary = f"{n - failed_cases} of {n} case{'s' if n != 1 else ''} passed"
    print(summary, file=sys.stderr if failed_cases else sys.stdout)
    return 1 if failed_cases else 0
