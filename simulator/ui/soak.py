"""Long use of the front end without a person: thousands of turns by key, with undos, rewinds and restarts.

Used by the soak test and ``bench/bench_ui_soak.py`` to show that resident
memory stays flat once the caches have filled (every cache is bounded).
"""

from __future__ import annotations

import gc
import os
import random
from typing import Callable

import pygame

from .synthetic import key

DIGIT_KEYS = [getattr(pygame, f"K_{i}") for i in range(1, 10)]


def rss_mb() -> float:
    """Resident memory now, from /proc/self/statm (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def soak(app, patient, surface: pygame.Surface, turns: int, *, seed: int = 1, warm_up: int = 300,
         sample_every: int = 200, sample: Callable[[], float] = rss_mb) -> dict:
    """Play ``turns`` moves by key, drawing every frame; samples of resident memory after the warm-up."""
    rng = random.Random(seed)
    app.start_session(patient)
    made = undos = rewinds = restarts = 0
    samples: list[float] = []
    while made < turns:
        screen = app.session_screen
        session = screen.session
        roll = rng.random()
        if app.top.name != "session" and app.overlays:
            app.close_overlay()
        elif session.ended:
            app.restart()
            restarts += 1
        elif roll < 0.08 and session.turn:
            app.handle(key(pygame.K_BACKSPACE))
            undos += 1
        elif roll < 0.12 and session.turn:
            app.handle(key(pygame.K_HOME))
            app.draw(surface)
            app.rewind_to(screen, rng.randint(0, session.turn - 1))
            app.close_overlay()
            rewinds += 1
        else:
            n = len(session.options())
            app.handle(key(DIGIT_KEYS[rng.randrange(min(n, 9))]))
            made += 1
            if made >= warm_up and made % sample_every == 0:
                gc.collect()
                samples.append(sample())
        app.draw(surface)
    return {"turns": made, "undos": undos, "rewinds": rewinds, "restarts": restarts, "rss": samples}
