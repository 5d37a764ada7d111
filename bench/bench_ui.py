"""Front-end figures, each beside a floor measured in the same run.

- startup: ``rupture play --exit-after-first-frame`` against a bare pygame-ce program that opens a window
  and presents one frame (both as fresh processes, SDL dummy video driver, median of several runs).
- frame: a full redraw of the session screen with a 500-turn history at 1080p and 2160p, against a bare
  fill of the window and blit of the same text surfaces.
- idle: frames drawn by the real event loop in 5 s of a session screen with nothing happening.
- memory: resident set after replaying 500 turns through the App (a fresh process), and its growth from
  turn 50 to turn 500.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = 7

BARE = ("import pygame\n"
        "pygame.display.init()\n"
        "s = pygame.display.set_mode((1280, 800))\n"
        "s.fill((22, 26, 34))\n"
        "pygame.display.flip()\n"
        "pygame.quit()\n")


def _env() -> dict:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both programs start as an installed one would: from bytecode
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "rupture-bench-pycache")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["RUPTURE_DATA_DIR"] = tempfile.mkdtemp(prefix="rupture-bench-data-")  # a first start: no save waiting
    return env


def _wall_ms(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, cwd=ROOT)
    ms = (time.perf_counter() - t) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {done.stderr.decode(errors='replace')}")
    return ms


def startup() -> dict:
    env = _env()
    ours = [sys.executable, "-m", "simulator", "play", "--exit-after-first-frame", "--size", "1280x800"]
    bare = [sys.executable, "-c", BARE]
    _wall_ms(ours, env), _wall_ms(bare, env)  # warm the bytecode and file caches for both
    a, b = [], []
    for _ in range(RUNS):
        a.append(_wall_ms(ours, env))
        b.append(_wall_ms(bare, env))
    ours_ms, bare_ms = statistics.median(a), statistics.median(b)
    return {"startup_ms": round(ours_ms, 1), "pygame_startup_ms": round(bare_ms, 1),
            "startup_ratio": round(ours_ms / bare_ms, 2)}


def long_patient():
    """Maya with room for 500 turns: no turn limit below that, no dropout on a low alliance."""
    import yaml

    from simulator.profile_loader import load_profile_text

    data = yaml.safe_load((ROOT / "patients" / "maya.yaml").read_text(encoding="utf-8"))
    data["max_turns"] = 500
    data["dropout"] = {"state": data["dropout"]["state"]}
    return load_profile_text(yaml.safe_dump(data, sort_keys=False), "bench-maya.yaml")


def long_moves(patient, turns: int = 500, seed: int = 1) -> list[str]:
    """A seeded random walk that never ends the session: each move must leave a move that does not end it."""
    from simulator.session import Session

    rng = random.Random(seed)
    s = Session(patient)

    def survives(depth: int) -> bool:
        if s.ended:
            return s.end_reason == "turn limit"  # the 500th turn ends the session on the limit; that is fine
        if depth == 0:
            return True
        for move in s.options():
            snap = s.snapshot()
            s.choose(move)
            ok = survives(depth - 1)
            s.restore(snap)
            if ok:
                return True
        return False

    moves: list[str] = []
    while len(moves) < turns:
        options = s.options()
        rng.shuffle(options)
        for move in options:
            snap = s.snapshot()
            s.choose(move)
            if survives(min(3, turns - len(moves) - 1)):
                moves.append(move)
                break
            s.restore(snap)
        else:
            raise RuntimeError(f"the bench profile has no move that keeps the session going after {len(moves)} turns")
    return moves


def _display(size):
    import pygame

    pygame.display.init()
    pygame.font.init()
    return pygame.display.set_mode(size)


def _paired_ms(fn, floor, n: int) -> tuple[float, float]:
    """Medians of ``fn`` and ``floor`` timed turn about, so a busy machine slows both alike."""
    import gc

    a, b = [], []
    gc.disable()
    try:
        for _ in range(n):
            for f, out in ((fn, a), (floor, b)):
                t = time.perf_counter()
                f()
                out.append((time.perf_counter() - t) * 1000)
    finally:
        gc.enable()
    return statistics.median(a), statistics.median(b)


def frames() -> dict:
    import pygame

    from simulator.session import Session
    from simulator.ui.app import App

    patient = long_patient()
    moves = long_moves(patient)
    out = {}
    for label, size in (("1080p", (1920, 1080)), ("2160p", (3840, 2160))):
        surface = _display(size)
        app = App(animate=False)
        session = Session(patient)
        for move in moves:
            session.choose(move)
        from simulator.ui.screens.session import SessionScreen

        app.set_screen(SessionScreen(app, session))
        for _ in range(3):
            painter = app.draw(surface)
        blits = [(d.surface, d.rect) for d in painter.drawn]
        bg = app.theme.bg

        def bare():
            surface.fill(bg)
            for s, r in blits:
                surface.blit(s, r)

        ours, floor = _paired_ms(lambda: app.draw(surface), bare, 60)
        out[f"frame_ms_{label}"] = round(ours, 2)
        out[f"frame_floor_ms_{label}"] = round(floor, 2)
        if label == "2160p":
            out["frame_ratio"] = round(ours / floor, 2)
        out[f"frame_texts_{label}"] = len(blits)
        pygame.display.quit()
    return out


def idle() -> dict:
    import pygame

    from simulator import catalogue
    from simulator.ui.app import App
    from simulator.ui.loop import Window, run_loop

    pygame.display.init()
    window = Window((1280, 800))
    app = App(animate=True)
    app.start_session(catalogue.load("maya"))
    pygame.event.clear()
    run_loop(app, window, max_seconds=5.0)
    pygame.display.quit()
    return {"idle_redraws_5s": app.frames}


def _live_rss_mb() -> float:
    """Resident memory after a collection, with freed heap handed back to the system where glibc allows it."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    return _rss_mb()


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_child() -> None:
    """Run in a fresh process: replay 500 turns through the App with Space, a frame per turn, at 1080p.

    Memory is read as the median of the five turns up to each mark, after a collection.
    """
    import pygame

    from simulator.ui.app import App
    from simulator.ui.synthetic import key

    patient = long_patient()
    moves = long_moves(patient)
    surface = _display((1920, 1080))
    app = App(animate=False)
    app.start_session(patient, replay=moves)
    app.draw(surface)
    samples: dict[int, list[float]] = {50: [], 500: []}
    for n in range(1, len(moves) + 1):
        app.handle(key(pygame.K_SPACE))
        app.draw(surface)
        for mark in samples:
            if mark - 5 < n <= mark:
                samples[mark].append(_live_rss_mb())
    assert app.session.turn == 500, app.session.turn
    print(json.dumps({"rss_50": statistics.median(samples[50]), "rss_500": statistics.median(samples[500])}))


def memory() -> dict:
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); import bench_ui; bench_ui.rss_child()"
    done = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"memory bench failed: {done.stderr}")
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    return {"rss_mb_500_turns": round(marks["rss_500"], 1),
            "rss_growth_mb_50_500": round(marks["rss_500"] - marks["rss_50"], 2)}


def measure() -> dict:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    figures = {}
    figures.update(startup())
    figures.update(frames())
    figures.update(idle())
    figures.update(memory())
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
