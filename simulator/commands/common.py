"""What several commands share: naming a patient and reporting a bad profile."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.patient import Patient


class CommandFailed(Exception):
    """Already reported to the user; carries the exit status."""

    def __init__(self, status: int):
        self.status = status


def load_patient(name: str) -> Patient:
    """Load a bundled id or a profile path; report any problem on stderr and raise CommandFailed.

    The engine is imported here, not at the top, so a command that loads no
    patient before its first output (``play``) starts without it.
    """
    from ..engine.catalogue import UnknownPatient, resolve
    from ..engine.diagnostics import ProfileError
    from ..engine.profile_loader import load_profile

    try:
        return load_profile(resolve(name))
    except UnknownPatient as exc:
        print(f"rupture: {exc}", file=sys.stderr)
        raise CommandFailed(2) from None
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        raise CommandFailed(1) from None


def guarded(func):
    """Turn CommandFailed into its exit status, so commands can just raise it."""

    def run(args):
        try:
            return func(args)
        except CommandFailed as exc:
            return exc.status

    return run
