"""Run every benchmark and print its figures; ``--json`` prints one JSON object.

Each ``bench/bench_*.py`` module has ``measure() -> dict``. A figure is always
reported beside a floor measured in the same run (a bare ``transitions``
trigger, a bare pygame frame, a raw YAML parse) and their ratio, so the numbers
mean the same on a slow machine as on a fast one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules(only: list[str] | None):
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem[len("bench_"):]
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield name, module


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", nargs="*", help="run only these benchmark groups (core, ui, ...)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    os.environ.setdefault("RUPTURE_CACHE_DIR", tempfile.mkdtemp(prefix="rupture-bench-cache-"))  # never the user's
    figures: dict = {}
    for name, module in modules(args.only):
        figures.update(module.measure())
        if not args.json:
            print(f"[{name}] done", file=sys.stderr)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
