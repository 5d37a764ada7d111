"""Timing whole processes: CPU time (user + system) of a child, the measure least moved by other load.

Shared by the start-up figures; a helper module, not a benchmark group (run.py runs ``bench_*.py``).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def env(**extra) -> dict:
    """As a user's shell would start them: from bytecode, headless SDL, a data folder of their own."""
    out = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    out["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "rupture-bench-pycache")
    out["PYTHONPATH"] = os.pathsep.join([str(ROOT), out.get("PYTHONPATH", "")])
    out.setdefault("RUPTURE_DATA_DIR", tempfile.mkdtemp(prefix="rupture-bench-data-"))
    out.update(extra)
    return out


def cpu_s(cmd: list[str], environ: dict, timeout: float | None = None,
          ok=(0,)) -> tuple[float, subprocess.CompletedProcess | None]:
    """CPU seconds the child used, and its result (None when it was stopped at ``timeout``)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(cmd, env=environ, capture_output=True, cwd=ROOT, timeout=timeout)
    except subprocess.TimeoutExpired:
        done = None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done is not None and done.returncode not in ok:
        raise RuntimeError(f"{cmd} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    return spent, done


def paired_cpu_ms(ours: list[str], floor: list[str], environ: dict, runs: int = 5, before_ours=None) -> tuple[float, float]:
    """Medians of CPU ms for ``ours`` and ``floor``, run turn about after one untimed run of each."""
    cpu_s(ours, environ), cpu_s(floor, environ)
    a, b = [], []
    for _ in range(runs):
        if before_ours:
            before_ours()
        a.append(cpu_s(ours, environ)[0] * 1000)
        b.append(cpu_s(floor, environ)[0] * 1000)
    return statistics.median(a), statistics.median(b)


PY = sys.executable
IMPORTS_FLOOR = [PY, "-c", "import yaml, pydantic, transitions"]
