"""Long use of the front end, headless: 2,000 turns by key with undos, rewinds, restarts and autosave.

``ui_soak_rss_growth_mb`` is the largest rise in resident memory over its
figure after a 300-turn warm-up, sampled every 200 turns. Beside it, as its
floor, the same number of turns played on the engine alone in the same run
(``ui_soak_engine_rss_growth_mb``), and the front end's turns per second against
the engine's (``ui_soak_turn_vs_engine_ratio``).
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TURNS = 2_000
WARM_UP = 300
SAMPLE_EVERY = 200


def engine_soak(patient, rss_mb) -> tuple[float, float]:
    """(rss growth MB, turns per second) for the same play on the engine alone."""
    from simulator.engine.session import Session

    rng = random.Random(1)
    session = Session(patient)
    samples, made = [], 0
    t = time.perf_counter()
    while made < TURNS:
        if session.ended:
            session.reset()
        elif rng.random() < 0.08 and session.turn:
            session.undo()
        else:
            session.choose(rng.choice(session.options()))
            made += 1
            if made >= WARM_UP and made % SAMPLE_EVERY == 0:
                gc.collect()
                samples.append(rss_mb())
    return max(samples) - samples[0], TURNS / (time.perf_counter() - t)


def measure() -> dict:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import pygame

    from simulator.engine.catalogue import load
    from simulator.ui.app import App
    from simulator.ui.soak import rss_mb, soak

    pygame.display.init()
    pygame.font.init()
    maya = load("maya")
    with tempfile.TemporaryDirectory() as data:
        app = App(animate=False, autosave=True)
        app.data_dir = data
        t = time.perf_counter()
        result = soak(app, maya, pygame.Surface((1280, 800)), TURNS, warm_up=WARM_UP, sample_every=SAMPLE_EVERY)
        ui_per_s = TURNS / (time.perf_counter() - t)
    engine_growth, engine_per_s = engine_soak(maya, rss_mb)
    rss = result["rss"]
    return {
        "ui_soak_turns": result["turns"],
        "ui_soak_undos_rewinds_restarts": [result["undos"], result["rewinds"], result["restarts"]],
        "ui_soak_rss_after_warmup_mb": round(rss[0], 1),
        "ui_soak_rss_growth_mb": round(max(rss) - rss[0], 2),
        "ui_soak_engine_rss_growth_mb": round(engine_growth, 2),
        "ui_soak_turns_per_s": round(ui_per_s),
        "ui_soak_engine_turns_per_s": round(engine_per_s),
        "ui_soak_turn_vs_engine_ratio": round(engine_per_s / ui_per_s, 1),
    }


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"{name:32} {value}")
