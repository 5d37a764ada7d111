"""Sub-commands of ``rupture``: every module here with ``register(subparsers)`` is one.

Modules are found by listing this package (our own code, never a name from a
profile); ``ORDER`` in a module sets where it appears in ``rupture --help``.
"""

from __future__ import annotations

import importlib
import pkgutil


def _commands():
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


COMMANDS = _commands()
