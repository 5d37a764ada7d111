"""Start-up figures for the commands people wait on, as whole processes, in CPU time.

- run: ``rupture run maya`` (no moves: load the patient, print where it stands), with the profile
  cache warm (the usual case: the profile was validated once before), and cold (a fresh cache each time).
- list: ``rupture list``, warm and cold alike.
The floor for both is ``python -c "import yaml, pydantic, transitions"``: the libraries the simulator
is built on, imported and nothing done with them. Median of five runs each, ours and the floor turn about.
"""

from __future__ import annotations

import shutil
import tempfile

from procs import IMPORTS_FLOOR, PY, env, paired_cpu_ms


def measure() -> dict:
    cache = tempfile.mkdtemp(prefix="rupture-bench-cache-")
    environ = env(RUPTURE_CACHE_DIR=cache)
    run = [PY, "-m", "simulator", "run", "maya"]
    run_ms, floor_ms = paired_cpu_ms(run, IMPORTS_FLOOR, environ)
    list_ms, floor2_ms = paired_cpu_ms([PY, "-m", "simulator", "list"], IMPORTS_FLOOR, environ)

    def clear():
        shutil.rmtree(cache, ignore_errors=True)

    cold_ms, floor3_ms = paired_cpu_ms([PY, "-m", "simulator", "list"], IMPORTS_FLOOR, environ, before_ours=clear)
    run_cold_ms, floor4_ms = paired_cpu_ms(run, IMPORTS_FLOOR, environ, before_ours=clear)
    floor = (floor_ms + floor2_ms + floor3_ms + floor4_ms) / 4
    return {
        "imports_floor_ms": round(floor, 1),
        "run_startup_ms": round(run_ms, 1),
        "run_startup_ratio": round(run_ms / floor_ms, 2),
        "run_cold_startup_ms": round(run_cold_ms, 1),
        "run_cold_startup_ratio": round(run_cold_ms / floor4_ms, 2),
        "list_startup_ms": round(list_ms, 1),
        "list_startup_ratio": round(list_ms / floor2_ms, 2),
        "list_cold_startup_ms": round(cold_ms, 1),
        "list_cold_startup_ratio": round(cold_ms / floor3_ms, 2),
    }
