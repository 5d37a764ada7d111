"""Front-end figures, each beside a floor measured in the same run.

- startup: ``rupture play --exit-after-first-frame`` (title screen, wall time) and ``rupture play maya
  --exit-after-first-frame`` (patient loaded, session on screen; CPU time) against a bare pygame-ce
  program that imports pygame, opens a window and presents one frame (fresh processes, SDL dummy video
  driver, median of several runs, ours and the floor turn about).
- frame: a warm full redraw of the session screen with a 500-turn history at 1080p and 2160p, against a
  bare frame that fills the window and renders (font.render, no cache) and blits the same strings at the
  same line heights with the same font files. cold_frame: the first frame after a resize from 1080p to
  2160p, against the same bare render. The garbage collector runs for both, as in use. That first frame
  lays out only the visible history, draws the panels straight on the window, blits new lines unconverted
  and draws a large figure without supersampling; the next frame (requested at once) makes the cached
  layer, converts lines shown again and smooths the figure, so cold_frame is what the user waits for.
- idle: CPU time of the real event loop over 10 s of a session screen with nothing happening, against a
  bare pygame loop that waits for events with the same timeouts; idle_redraws_5s counts frames drawn in
  its first 5 s.
- stall: the longest gap between two frames while a coach hint (learning mode, H) is computed at
  seeded random positions of Maya, or while a finished session's debrief is built: the App as ``rupture
  play`` sets it up (its background worker on), in the real event loop on a window.
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
    from procs import paired_cpu_ms

    env = _env()
    ours = [sys.executable, "-m", "simulator", "play", "--exit-after-first-frame", "--size", "1280x800"]
    bare = [sys.executable, "-c", BARE]
    _wall_ms(ours, env), _wall_ms(bare, env)  # warm the bytecode and file caches for both
    a, b = [], []
    for _ in range(RUNS):
        a.append(_wall_ms(ours, env))
        b.append(_wall_ms(bare, env))
    ours_ms, bare_ms = statistics.median(a), statistics.median(b)
    maya = [sys.executable, "-m", "simulator", "play", "maya", "--exit-after-first-frame", "--size", "1280x800"]
    play_ms, floor_ms = paired_cpu_ms(maya, bare, env)
    return {"startup_ms": round(ours_ms, 1), "pygame_startup_ms": round(bare_ms, 1),
            "startup_ratio": round(ours_ms / bare_ms, 2),
            "play_startup_cpu_ms": round(play_ms, 1), "pygame_startup_cpu_ms": round(floor_ms, 1),
            "play_startup_ratio": round(play_ms / floor_ms, 2)}


def long_patient():
    """Maya with room for 500 turns: no turn limit below that, no dropout on a low alliance."""
    import yaml

    from simulator.engine.profile_loader import load_profile_text

    data = yaml.safe_load((ROOT / "patients" / "maya.yaml").read_text(encoding="utf-8"))
    data["max_turns"] = 500
    data["dropout"] = {"state": data["dropout"]["state"]}
    return load_profile_text(yaml.safe_dump(data, sort_keys=False), "bench-maya.yaml")


def long_moves(patient, turns: int = 500, seed: int = 1) -> list[str]:
    """A seeded random walk that never ends the session: each move must leave a move that does not end it."""
    from simulator.engine.session import Session

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
    a, b = [], []
    for _ in range(n):
        for f, out in ((fn, a), (floor, b)):
            t = time.perf_counter()
            f()
            out.append((time.perf_counter() - t) * 1000)
    return statistics.median(a), statistics.median(b)


def bare_render(surface, painter, bg):
    """The floor frame: fill, then render afresh and blit every string the app drew, same font and line height."""
    from simulator.ui.text import Fonts

    fonts = Fonts()
    by_height: dict[int, object] = {}

    def font_for(height: int):
        if height not in by_height:
            px = min(range(6, 200), key=lambda p: abs(fonts.get(p).get_height() - height))
            by_height[height] = fonts.get(px)
        return by_height[height]

    items = [(font_for(d.surface.get_height()), d.text, d.rect.topleft) for d in painter.drawn]

    def bare():
        surface.fill(bg)
        for font, text, at in items:
            surface.blit(font.render(text, True, (230, 230, 230)), at)

    return bare, len(items)


def frames() -> dict:
    import pygame

    from simulator.engine.session import Session
    from simulator.ui.app import App
    from simulator.ui.screens.session import SessionScreen

    patient = long_patient()
    moves = long_moves(patient)
    session = Session(patient)
    for move in moves:
        session.choose(move)
    out = {}
    for label, size in (("1080p", (1920, 1080)), ("2160p", (3840, 2160))):
        surface = _display(size)
        app = App(animate=False)
        app.set_screen(SessionScreen(app, session))
        for _ in range(3):
            painter = app.draw(surface)
        bare, n_texts = bare_render(surface, painter, app.theme.bg)
        ours, floor = _paired_ms(lambda app=app, surface=surface: app.draw(surface), bare, 40)
        out[f"frame_ms_{label}"] = round(ours, 2)
        out[f"frame_floor_ms_{label}"] = round(floor, 2)
        out[f"frame_ratio_{label}"] = round(ours / floor, 2)
        out[f"frame_texts_{label}"] = n_texts
        pygame.display.quit()
    out["frame_ratio"] = out["frame_ratio_2160p"]
    cold, floor = [], []
    for _ in range(3):
        small = _display((1920, 1080))
        app = App(animate=False)
        app.set_screen(SessionScreen(app, session))
        app.draw(small)
        big = pygame.display.set_mode((3840, 2160))
        app.dirty = True
        t = time.perf_counter()
        painter = app.draw(big)
        cold.append((time.perf_counter() - t) * 1000)
        bare, _n = bare_render(big, painter, app.theme.bg)
        t = time.perf_counter()
        bare()
        floor.append((time.perf_counter() - t) * 1000)
        pygame.display.quit()
    out["cold_frame_ms_2160p"] = round(statistics.median(cold), 2)
    out["cold_frame_ratio_2160p"] = round(statistics.median(cold) / statistics.median(floor), 2)
    return out


def idle() -> dict:
    import pygame

    from simulator.engine import catalogue
    from simulator.ui.app import App
    from simulator.ui.loop import Window, run_loop

    pygame.display.init()
    window = Window((1280, 800))
    app = App(animate=True)
    app.start_session(catalogue.load("maya"))
    pygame.event.clear()
    timeouts: list = []
    real_wait = app.wait_timeout

    def wait_timeout():
        got = real_wait()
        timeouts.append(got)
        return got

    app.wait_timeout = wait_timeout
    c = time.process_time()
    run_loop(app, window, max_seconds=5.0)
    redraws = app.frames
    run_loop(app, window, max_seconds=5.0)
    ours = time.process_time() - c
    bare_timeout = statistics.median([t for t in timeouts if t is not None] or [0]) or None
    pygame.event.clear()
    c = time.process_time()
    deadline = time.monotonic() + 10.0
    while (left := int((deadline - time.monotonic()) * 1000)) > 0:
        pygame.event.wait(left if bare_timeout is None else min(bare_timeout, left))
        pygame.event.get()
    floor = time.process_time() - c
    pygame.display.quit()
    return {"idle_redraws_5s": redraws, "idle_cpu_ms_10s": round(ours * 1000, 1),
            "idle_floor_cpu_ms_10s": round(floor * 1000, 1), "idle_cpu_ratio": round(ours / max(floor, 1e-3), 2)}


def stall(positions: int = 12, debriefs: int = 2) -> dict:
    """The longest gap between two frames of the real event loop while a hint or a debrief is computed, in ms.

    The App is configured as ``rupture play`` configures it (animations on, slow work on the background
    worker) and runs in ``loop.run_loop`` on a window, so the figure includes the loop's poll interval, the
    worker's hold on the interpreter and the frame that shows the result.
    """
    import random as rnd

    import pygame

    from simulator.engine import catalogue
    from simulator.ui import debrief_flow
    from simulator.ui.app import App
    from simulator.ui.loop import Window, run_loop
    from simulator.ui.screens.past_sessions import PastSessionsScreen
    from simulator.ui.synthetic import key

    data_dir = tempfile.mkdtemp(prefix="rupture-bench-data-")  # the debriefs save sessions: never the user's
    pygame.display.init()
    pygame.font.init()
    window = Window((1280, 800))
    maya = catalogue.load("maya")

    def real_app() -> App:
        app = App(animate=True)
        app.background = True
        app.data_dir = data_dir
        debrief_flow.install()
        return app

    def longest_gap(app: App, begin, shown) -> float:
        """Run the loop; ``begin`` starts the work after the first frame; stop at the first frame showing it done."""
        frames: list[float] = []
        started: list[float] = []
        draw = app.draw

        def timed_draw(surface):
            painter = draw(surface)
            now = time.perf_counter()
            frames.append(now)
            if started and app.work is None and shown():
                app.running = False
                pygame.event.post(pygame.event.Event(pygame.USEREVENT))  # wake the loop's wait so it sees the stop
            return painter

        def start() -> None:
            started.append(time.perf_counter())
            begin()

        app.draw = timed_draw  # type: ignore[method-assign]  # the same draw, timed
        app.after_first_frame.append(start)
        pygame.event.clear()
        run_loop(app, window, max_seconds=60.0)
        if not started or app.running:
            raise RuntimeError("the work did not finish within 60 s")
        marks = [started[0], *(f for f in frames if f > started[0])]
        return max(b - a for a, b in zip(marks, marks[1:])) * 1000

    hint = debrief = 0.0
    for seed in range(positions):
        app = real_app()
        app.start_session(maya, seed=seed)
        app.learning = True
        ss = app.session_screen
        rng = rnd.Random(seed)
        for _ in range(rng.randrange(0, 12)):
            if ss.session.ended or not ss.session.options():
                break
            ss.choose(rng.choice(ss.session.options()))
        if ss.session.ended:
            continue
        hint = max(hint, longest_gap(app, lambda app=app: app.handle(key(pygame.K_h)),
                                     lambda app=app: bool(app.overlays)))
    for seed in range(debriefs):
        app = real_app()
        app.start_session(maya, seed=seed)
        ss = app.session_screen
        rng = rnd.Random(seed)
        while not ss.session.ended and ss.session.options():
            ss.choose(rng.choice(ss.session.options()))
        app.show_end()
        end_screen = app.screen
        debrief = max(debrief, longest_gap(
            app, lambda app=app, ss=ss, end=end_screen: debrief_flow.finish(app, ss, end, None),
            lambda app=app: type(app.screen).__name__ == "DebriefView"))
    for n in range(debriefs):  # the sessions just saved, reopened from Past sessions
        app = real_app()
        app.set_screen(PastSessionsScreen(app))
        past = app.screen
        debrief = max(debrief, longest_gap(
            app, lambda past=past, n=n: past.open(past.sessions[n]),
            lambda app=app: type(app.screen).__name__ == "DebriefView"))
    pygame.display.quit()
    return {"ui_stall_ms": round(max(hint, debrief), 1), "ui_stall_hint_ms": round(hint, 1),
            "ui_stall_debrief_ms": round(debrief, 1)}


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
    figures.update(stall())
    figures.update(memory())
    return figures


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
