"""The ``rupture`` command: one sub-command per module in ``simulator.commands``."""

from __future__ import annotations

import argparse
import sys

from . import commands


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or for ``only`` that one (all a run of it needs)."""
    parser = argparse.ArgumentParser(
        prog="rupture",
        description="Rupture-resolution simulator for psychotherapy training. "
        "A training tool, not a clinical instrument.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [commands.load(only)] if only else commands.load_all():
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv and argv[0] in commands.names() else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
