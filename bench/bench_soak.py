"""Long use: 10,000 engine turns on Maya with undos, rewinds and restarts; resident memory must stay flat.

Resident memory is read after a warm-up of 1,000 turns and then every 1,000
turns; ``soak_rss_growth_mb`` is the largest rise over the warm-up figure.
Speed is reported beside a bare ``transitions`` trigger measured in the same
run on a machine of the same size (``trigger_per_s``).
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import time

from transitions import Machine

from simulator.engine.catalogue import load
from simulator.engine.session import Session

TURNS = 10_000
WARM_UP = 1_000
SAMPLE_EVERY = 1_000


def rss_mb() -> float:
    """Resident memory now (Linux /proc), else the peak so far, which can only over-state growth."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def soak(turns: int = TURNS, seed: int = 1) -> dict:
    """Random play: mostly moves, sometimes undo, rewind to an earlier turn, or start again; ended sessions restart."""
    rng = random.Random(seed)
    session = Session(load("maya"), seed=seed)
    made = undos = rewinds = restarts = 0
    samples: list[float] = []
    elapsed = 0.0
    while made < turns:
        t = time.perf_counter()
        for _ in range(SAMPLE_EVERY):
            roll = rng.random()
            if session.ended or roll < 0.02:
                session.reset()
                restarts += 1
            elif roll < 0.10 and session.turn:
                session.undo()
                undos += 1
            elif roll < 0.14 and session.turn:
                session.rewind_to(rng.randint(0, session.turn - 1))
                rewinds += 1
            else:
                session.choose(rng.choice(session.options()))
                made += 1
                if made >= turns:
                    break
        elapsed += time.perf_counter() - t
        if made >= WARM_UP:
            gc.collect()
            samples.append(rss_mb())
    return {"turns": made, "undos": undos, "rewinds": rewinds, "restarts": restarts, "seconds": elapsed,
            "rss": samples}


def bare_trigger_per_s(n_states: int, rounds: int = 20_000) -> float:
    class Model:
        pass

    model = Model()
    states = [f"s{i}" for i in range(n_states)]
    trans = [{"trigger": "go", "source": states[i], "dest": states[(i + 1) % n_states], "conditions": [lambda: True]}
             for i in range(n_states)]
    machine = Machine(model=model, states=states, transitions=trans, initial="s0", auto_transitions=False)
    event = machine.events["go"]
    t = time.perf_counter()
    for _ in range(rounds):
        event.trigger(model)
    return rounds / (time.perf_counter() - t)


def measure() -> dict:
    result = soak()
    trigger = bare_trigger_per_s(len(load("maya").beats))
    rss = result["rss"]
    per_s = result["turns"] / result["seconds"]
    return {
        "soak_turns": result["turns"],
        "soak_undos_rewinds_restarts": [result["undos"], result["rewinds"], result["restarts"]],
        "soak_rss_after_warmup_mb": round(rss[0], 1),
        "soak_rss_end_mb": round(rss[-1], 1),
        "soak_rss_growth_mb": round(max(rss) - rss[0], 2),
        "soak_turns_per_s": round(per_s),
        "trigger_per_s": round(trigger),
        "soak_turn_vs_trigger_ratio": round(trigger / per_s, 2),
    }


if __name__ == "__main__":
    for key, value in measure().items():
        print(f"{key:28} {value}")
