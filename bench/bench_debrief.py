"""Debrief figures, each beside a floor measured in the same run.

- debrief_scripted: build_debrief (with the better-move search) of Maya's five-move resolution,
  against replaying the same five moves on a fresh Session (the least a debrief must do; the sessions of one
  patient share its machine, so the replay builds none).
- debrief_random: the same for ten seeded random playthroughs of Maya (long, bad sessions: the
  search's worst case), against replaying them.
- coach: one coach_hint at Maya's opening, against one Session.choose.
- report_html: rendering one debrief as the HTML page, against json.dumps of the same debrief.
- report200: ``rupture report`` of 200 seeded random transcripts of Maya, against ``rupture run maya``
  with no moves, both whole processes in CPU time: cold (``report200_cold_*``: an empty cache folder,
  so the profile is parsed and every line searched) and warm (the same report run again on the cache
  the cold run filled: a class's report run a second time). Each is stopped after REPORT_TIMEOUT_S of
  wall time; then its ``complete`` key is false and its ratio a lower bound.
- debrief / hint: for each of the 200 transcripts, coach_hint at every position (the opening and after
  every move), then build_debrief of it, in one process with the profile loaded once; the search's
  remembered lines are forgotten before each transcript, so neither figure is answered from another's
  work on the same transcript. In seed order, until MEASURE_S seconds (wall) of measuring pass; p95 and
  max in CPU ms of this process (what a user waits on an idle machine, and the measure least moved by
  the other load of a shared one), with how many were measured.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from simulator.commands.run import random_playthrough
from simulator.debrief import build_debrief, coach_hint, line_store
from simulator.debrief.report_html import render_html
from simulator.engine.catalogue import load
from simulator.engine.session import Session
from simulator.storage import transcript

SCRIPT = ["notice_hesitation", "invite_feelings", "link_here_and_now", "validate_hesitation", "rework_plan"]
RUNS = 5
TRANSCRIPTS = 200
REPORT_TIMEOUT_S = 120.0
MEASURE_S = 15.0


def _median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _replay(patient, moves, seed=0):
    s = Session(patient, seed=seed)
    for m in moves:
        s.choose(m)
    return s


def _searched(fn, session):
    """``fn(session)`` with the search's remembered lines forgotten first, so every run searches."""
    line_store.forget()
    return fn(session)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0


def report200(sessions) -> dict:
    from procs import PY, cpu_s, env

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for s in sessions:
            path = Path(tmp) / f"seed{s.seed:03d}.json"
            path.write_text(transcript.dumps(s), encoding="utf-8")
            paths.append(str(path))
        run_maya = [PY, "-m", "simulator", "run", "maya"]
        floor_env = env(RUPTURE_CACHE_DIR=str(Path(tmp) / "floor-cache"))
        cpu_s(run_maya, floor_env)  # the floor runs with its profile cache warm, as the warm report does
        floor = statistics.median(cpu_s(run_maya, floor_env)[0] for _ in range(3))
        report = [PY, "-m", "simulator", "report", *paths, "-o", str(Path(tmp) / "class.md")]
        cache_env = env(RUPTURE_CACHE_DIR=str(Path(tmp) / "cache"))
        cold, cold_done = cpu_s(report, cache_env, timeout=REPORT_TIMEOUT_S)
        warm, warm_done = cpu_s(report, cache_env, timeout=REPORT_TIMEOUT_S)
    return {"report200_cpu_s": round(warm, 2), "report200_floor_cpu_s": round(floor, 3),
            "report200_ratio": round(warm / floor, 1), "report200_complete": warm_done is not None,
            "report200_cold_cpu_s": round(cold, 2), "report200_cold_ratio": round(cold / floor, 1),
            "report200_cold_complete": cold_done is not None}


def positions(sessions, maya, budget_s: float) -> dict:
    debrief_ms, hint_ms = [], []
    deadline = time.perf_counter() + budget_s
    for s in sessions:
        if time.perf_counter() > deadline:
            break
        line_store.forget()
        replay = Session(maya, seed=s.seed)
        for move in [None] + [turn.move for turn in s.turns]:
            if move is not None:
                replay.choose(move)
            t = time.process_time()
            coach_hint(replay)
            hint_ms.append((time.process_time() - t) * 1000)
        line_store.forget()
        t = time.process_time()
        build_debrief(s)
        debrief_ms.append((time.process_time() - t) * 1000)
    return {"debrief_p95_ms": round(_p95(debrief_ms), 1), "debrief_max_ms": round(max(debrief_ms, default=0), 1),
            "debriefs_measured": len(debrief_ms),
            "hint_p95_ms": round(_p95(hint_ms), 1), "hint_max_ms": round(max(hint_ms, default=0), 1),
            "hints_measured": len(hint_ms)}


def measure() -> dict:
    maya = load("maya")
    scripted = _replay(maya, [m for m in SCRIPT])
    d_ms = _median_ms(lambda: _searched(build_debrief, scripted))
    r_ms = _median_ms(lambda: _replay(maya, SCRIPT))
    all_sessions = [random_playthrough(maya, seed) for seed in range(TRANSCRIPTS)]
    sessions = all_sessions[:10]
    plays = [(s.seed, [t.move for t in s.turns]) for s in sessions]
    dr_ms = _median_ms(lambda: [_searched(build_debrief, s) for s in sessions], runs=1)
    rr_ms = _median_ms(lambda: [_replay(maya, moves, seed) for seed, moves in plays], runs=3)
    start = Session(maya)
    root = start.snapshot()
    c_ms = _median_ms(lambda: _searched(coach_hint, start))

    def one_choose():
        start.restore(root)
        start.choose(SCRIPT[0])
        start.restore(root)

    ch_ms = _median_ms(one_choose, runs=50)
    debrief = build_debrief(scripted)
    h_ms = _median_ms(lambda: render_html([debrief], ["t.json"]))
    j_ms = _median_ms(lambda: json.dumps(debrief.to_json()))
    figures = {
        "debrief_scripted_ms": round(d_ms, 1),
        "replay_scripted_ms": round(r_ms, 2),
        "debrief_scripted_ratio": round(d_ms / r_ms, 1),
        "debrief_random10_ms": round(dr_ms, 1),
        "replay_random10_ms": round(rr_ms, 2),
        "debrief_random10_ratio": round(dr_ms / rr_ms, 1),
        "coach_hint_ms": round(c_ms, 1),
        "choose_ms": round(ch_ms, 3),
        "coach_hint_ratio": round(c_ms / ch_ms, 1),
        "report_html_ms": round(h_ms, 1),
        "json_dumps_ms": round(j_ms, 2),
        "report_html_ratio": round(h_ms / j_ms, 1),
    }
    line_store.forget()
    figures.update(positions(all_sessions, maya, MEASURE_S))
    figures.update(report200(all_sessions))
    return figures
