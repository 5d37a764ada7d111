"""Explore figures: engine steps per second while exploring, beside a bare transitions trigger.

explore_steps_per_s counts every move the explorer plays on the engine (random
playthroughs and searches) over the time spent playing and searching; the
one-off over-approximation pass (simulator.reach) is timed on its own as
explore_reach_s. explore_slowest_s is the longest whole exploration of one patient.
The floor is a bare ``transitions`` Machine with as many states and transitions as
the bundled patients' machines (no conditions, no callbacks), triggered along a
cycle, measured in the same run. The target is explore_ratio >= 1/3.
"""

from __future__ import annotations

import time

from transitions import Machine

from simulator.catalogue import bundled
from simulator.explore import explore


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


def measure() -> dict:
    entries = [e for e in bundled() if e.patient]
    steps = 0
    seconds = 0.0
    reach_s = 0.0
    slowest = 0.0
    n_states = n_trans = 0
    for entry in entries:
        found = explore(entry.patient)
        steps += found.steps
        seconds += found.seconds - found.reach.seconds
        reach_s += found.reach.seconds
        slowest = max(slowest, found.seconds)
        p = entry.patient
        n_states += len(p.beats) + len(p.endings)
        n_trans += sum(len(r.branches) + 1 for b in p.beats.values() for r in b.options)
    n = max(1, len(entries))
    floor = bare_trigger_per_s(max(2, n_states // n), max(1, n_trans // n))
    rate = steps / seconds if seconds else 0.0
    return {
        "explore_patients": len(entries),
        "explore_steps_per_s": round(rate),
        "trigger_per_s": round(floor),
        "explore_ratio": round(rate / floor, 3) if floor else 0.0,
        "explore_reach_s": round(reach_s, 3),
        "explore_slowest_s": round(slowest, 3),
    }
