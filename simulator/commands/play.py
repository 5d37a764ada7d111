"""rupture play: the pygame-ce front end (see simulator/ui)."""

from __future__ import annotations

from ..ui.args import HELP, add_arguments
from .common import guarded

ORDER = 25


def register(sub) -> None:
    p = sub.add_parser("play", help=HELP, description=HELP[0].upper() + HELP[1:] + ".")
    add_arguments(p)
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    from ..ui.launch import run as launch

    return launch(args)
