"""Sub-commands of ``rupture``: each module here is one, named as its command is.

Modules are found by listing this package (our own code, never a name from a
profile); ``ORDER`` in a module sets where it appears in ``rupture --help``.
Running one command imports only its module, so ``rupture play`` opens its
window without waiting for the rest.
"""

from __future__ import annotations

import importlib
import os


def names() -> list[str]:
    """Every command name, without importing any command (a plain listing keeps ``play`` quick to start)."""
    return sorted(f[:-3] for f in os.listdir(__path__[0])
                  if f.endswith(".py") and f not in ("__init__.py", "common.py"))


def load(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def load_all() -> list:
    return sorted((load(n) for n in names()), key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
