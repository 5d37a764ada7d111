"""Debrief figures, each beside a floor measured in the same run.

- debrief_scripted: build_debrief (with the better-move search) of Maya's five-move resolution,
  against replaying the same five moves on a fresh Session (the least a debrief must do).
- debrief_random: the same for ten seeded random playthroughs of Maya (long, bad sessions: the
  search's worst case), against replaying them.
- coach: one coach_hint at Maya's opening, against one Session.choose.
- report_html: rendering one debrief as the HTML page, against json.dumps of the same debrief.
"""

from __future__ import annotations

import json
import statistics
import time

from simulator.catalogue import load
from simulator.commands.run import random_playthrough
from simulator.debrief import build_debrief, coach_hint
from simulator.debrief.report_html import render_html
from simulator.session import Session

SCRIPT = ["notice_hesitation", "invite_feelings", "own_part", "stay_with_it", "welcome_assertion"]
RUNS = 5


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


def measure() -> dict:
    maya = load("maya")
    scripted = _replay(maya, [m for m in SCRIPT])
    d_ms = _median_ms(lambda: build_debrief(scripted))
    r_ms = _median_ms(lambda: _replay(maya, SCRIPT))
    sessions = [random_playthrough(maya, seed) for seed in range(10)]
    plays = [(s.seed, [t.move for t in s.turns]) for s in sessions]
    dr_ms = _median_ms(lambda: [build_debrief(s) for s in sessions], runs=1)
    rr_ms = _median_ms(lambda: [_replay(maya, moves, seed) for seed, moves in plays], runs=3)
    start = Session(maya)
    root = start.snapshot()
    c_ms = _median_ms(lambda: coach_hint(start))

    def one_choose():
        start.restore(root)
        start.choose(SCRIPT[0])
        start.restore(root)

    ch_ms = _median_ms(one_choose, runs=50)
    debrief = build_debrief(scripted)
    h_ms = _median_ms(lambda: render_html([debrief], ["t.json"]))
    j_ms = _median_ms(lambda: json.dumps(debrief.to_json()))
    return {
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
