"""Explore figures: engine steps per second while exploring, a large profile, and a hostile one.

- explore_ratio: every move the explorer plays on the engine (random playthroughs, route replays and
  searches) over the whole time of ``explore``, the reach pass included, for the bundled patients,
  against a bare ``transitions`` trigger rate on a machine of the same size (no conditions, no
  callbacks, triggered along a cycle) measured in the same run. explore_reach_s is the reach pass's
  share of that time; explore_slowest_s the longest whole exploration of one patient.
- explore_1000_ratio: ``explore`` of a generated 1,000-beat profile against loading that profile.
- reach_cutoff_s: ``rupture check`` of a profile whose hub beat reads 24 flags, as a whole process
  (wall time), with its exit status and how many cut-off notes it printed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from transitions import Machine

from simulator.authoring.explore import explore
from simulator.engine.catalogue import bundled
from simulator.engine.profile_loader import load_profile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def bare_trigger_per_s(n_states: int, n_transitions: int, seconds: float = 0.5) -> float:
    class Model:
        pass

    model = Model()
    states = [f"s{i}" for i in range(n_states)]
    trans = [{"trigger": f"t{i}", "source": states[i % n_states], "dest": states[(i + 1) % n_states]}
             for i in range(n_transitions)]
    trans += [{"trigger": "go", "source": states[i], "dest": states[(i + 1) % n_states]} for i in range(n_states)]
    machine = Machine(model=model, states=states, transitions=trans, initial="s0", auto_transitions=False,
                      model_override=True)
    event = machine.events["go"]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(1000):
            event.trigger(model)
        count += 1000
    return count / (time.perf_counter() - start)


def bundled_rate() -> dict:
    entries = [e for e in bundled() if e.patient]
    sizes = [(len(e.patient.beats) + len(e.patient.endings),
              sum(len(r.branches) + 1 for b in e.patient.beats.values() for r in b.options)) for e in entries]
    n = max(1, len(entries))
    shape = (max(2, sum(s for s, _t in sizes) // n), max(1, sum(t for _s, t in sizes) // n))
    before = bare_trigger_per_s(*shape)
    steps = 0
    seconds = reach_s = slowest = 0.0
    for entry in entries:
        found = explore(entry.patient)
        steps += found.steps
        seconds += found.seconds
        reach_s += found.reach.seconds
        slowest = max(slowest, found.seconds)
    floor = (before + bare_trigger_per_s(*shape)) / 2  # before and after, so a change in load hits both
    rate = steps / seconds if seconds else 0.0
    return {
        "explore_patients": len(entries),
        "explore_steps_per_s": round(rate),
        "trigger_per_s": round(floor),
        "explore_ratio": round(rate / floor, 3) if floor else 0.0,
        "explore_reach_s": round(reach_s, 3),
        "explore_slowest_s": round(slowest, 3),
    }


def large() -> dict:
    from bench_core import generated_profile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated1000.yaml"
        path.write_text(generated_profile(1000), encoding="utf-8")
        t = time.perf_counter()
        patient = load_profile(path)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        found = explore(patient)
        explore_s = time.perf_counter() - t
    return {"explore_1000_s": round(explore_s, 2), "load_1000_s": round(load_s, 2),
            "explore_1000_ratio": round(explore_s / load_s, 2), "explore_1000_exhausted": found.exhausted}


def hostile() -> dict:
    import subprocess

    from procs import PY, env
    from profiles import dump, hub

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hub24.yaml"
        path.write_text(dump(hub(24)), encoding="utf-8")
        t = time.perf_counter()
        done = subprocess.run([PY, "-m", "simulator", "check", str(path)], env=env(), capture_output=True,
                              text=True, timeout=600)
        wall = time.perf_counter() - t
    said = done.stdout + done.stderr
    return {"reach_cutoff_s": round(wall, 2), "reach_cutoff_exit": done.returncode,
            "reach_cutoff_notes": said.count("analysis cut off after"),
            "reach_cutoff_traceback": "Traceback" in said}


def measure() -> dict:
    figures = bundled_rate()
    figures.update(large())
    figures.update(hostile())
    return figures
