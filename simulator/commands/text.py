"""rupture text: play a whole session in the terminal."""

from __future__ import annotations

import sys

from ..session import Session
from ..terminal_play import TerminalPlay
from .common import guarded, load_patient


ORDER = 30


def register(sub) -> None:
    p = sub.add_parser("text", help="play a session in the terminal")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("--seed", type=int, default=0, help="seed for reply variants (default 0)")
    p.set_defaults(func=run)


def _read_line() -> str | None:
    try:
        return input("> ")
    except EOFError:
        return None


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    return TerminalPlay(Session(patient, seed=args.seed), sys.stdout, _read_line).run()
