"""Core engine figures: a move, a snapshot, a profile load; each beside its bare-library floor."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from transitions import Machine

from simulator.engine.catalogue import bundled_paths, load
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session

BEST_ROUTE = ["notice_hesitation", "invite_feelings", "link_here_and_now", "validate_hesitation", "rework_plan"]
SEEDS = 60
"""Seeded random playthroughs per bundled patient behind the move figures."""


def _median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def random_plays(patient, seeds: int = SEEDS) -> list[list[tuple[str, str]]]:
    """(beat, move) for every move of ``seeds`` seeded random playthroughs, as ``rupture run --policy random`` plays."""
    plays = []
    for seed in range(seeds):
        rng = random.Random(seed)
        s = Session(patient, seed=seed)
        play = []
        while not s.ended and s.options():
            move = rng.choice(s.options())
            play.append((s.beat, move))
            s.step(move)
        plays.append(play)
    return plays


def flat_machine(patient):
    """The floor: a plain ``transitions`` Machine from the same table, one transition per (beat, move),
    no conditions and no callbacks, and a plain model whose ``state`` the replay sets before each trigger."""

    class Model:
        pass

    model = Model()
    table = [{"trigger": r.move, "source": b.name, "dest": r.fallback.target}
             for b in patient.beats.values() for r in b.options]
    machine = Machine(model=model, states=list(patient.beats) + list(patient.endings), transitions=table,
                      initial=patient.initial, auto_transitions=False, model_override=True)
    return model, machine


def _time_floor(model, machine, plays) -> list[int]:
    events = machine.events
    out = []
    for play in plays:
        for beat, move in play:
            model.state = beat
            event = events[move]
            t = time.perf_counter_ns()
            event.trigger(model)
            out.append(time.perf_counter_ns() - t)
    return out


def _time_session(session, plays, method: str) -> list[int]:
    out = []
    for seed, play in enumerate(plays):
        session.reset()
        session.seed = seed
        act = getattr(session, method)
        for _beat, move in play:
            t = time.perf_counter_ns()
            act(move)
            out.append(time.perf_counter_ns() - t)
    return out


def moves() -> dict:
    """choose, step and the flat trigger over the same seeded random play of every bundled patient.

    Each patient gets a fresh Session and a fresh flat machine; the first pass over its play is
    the cold figure, the second the warm one; the ratios take every move of both passes. The garbage
    collector runs as it does in use, for ours and the floor alike.
    """
    cold = {"choose": [], "step": [], "floor": []}
    both = {"choose": [], "step": [], "floor": []}
    for path in bundled_paths():
        patient = load_profile(path)
        plays = random_plays(patient)
        model, machine = flat_machine(patient)
        sessions = {"choose": Session(patient), "step": Session(patient)}
        for rnd in range(2):
            got = {"floor": _time_floor(model, machine, plays)}
            for method, session in sessions.items():
                got[method] = _time_session(session, plays, method)
            for key, samples in got.items():
                both[key] += samples
                if rnd == 0:
                    cold[key] += samples
    floor, floor_cold = _median_us(both["floor"]), _median_us(cold["floor"])
    choose, step = _median_us(both["choose"]), _median_us(both["step"])
    return {
        "choose_us": round(choose, 2),
        "step_us": round(step, 2),
        "trigger_us": round(floor, 2),
        "choose_ratio": round(choose / floor, 2),
        "step_ratio": round(step / floor, 2),
        "choose_cold_ratio": round(_median_us(cold["choose"]) / floor_cold, 2),
        "step_cold_ratio": round(_median_us(cold["step"]) / floor_cold, 2),
        "moves_timed": len(both["floor"]),
    }


def snapshot_us(rounds: int = 20000) -> float:
    session = Session(load("maya"))
    session.choose(BEST_ROUTE[0])
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        snap = session.snapshot()
        session.restore(snap)
        samples.append(time.perf_counter_ns() - t)
    return _median_us(samples)


def generated_profile(n_beats: int = 700) -> str:
    """A valid profile with three options per beat, about 3 * n_beats replies."""
    lines = [
        "format: 1", "id: generated", "name: Generated", "age: 40", "difficulty: 3",
        "summary: a large generated profile for the load benchmark",
        "briefing:", "  presenting_problem: p", "  background: b", "  relational_pattern: r",
        "  rupture_tendency: withdrawal", "  watch_for: w",
        "meters:", "  bond: {start: 50}", "  goals: {start: 50}", "  tasks: {start: 50}", "  real: {start: 50}",
        "flags:", "  seen: a flag", "dropout: {state: gone, alliance_below: 10}", "max_turns: 100",
        "opening: {beat: b0, line: Hello., cue: looks up}",
        "moves:",
    ]
    for m in ("m0", "m1", "m2"):
        lines += [f"  {m}:", f"    label: Move {m}", f"    says: The therapist says {m}.",
                  "    strategy: empathic_reflection", "    honours: [tentative]"]
    lines += ["states:", "  talk:", "    kind: withdrawal", "    beats:"]
    for i in range(n_beats):
        nxt = f"b{i + 1}" if i + 1 < n_beats else "done"
        lines += [f"      b{i}:", "        options:"]
        for j, m in enumerate(("m0", "m1", "m2")):
            lines += [f"          - move: {m}",
                      f"            reply: Reply number {i * 3 + j}, said slowly and with some hesitation.",
                      "            cue: looks away, then back",
                      "            marker: minimal_response",
                      f"            effects: {{bond: {j - 1}, tasks: 1}}",
                      f"            next: {nxt if j != 2 else 'gone'}"]
            if j == 0:
                lines += ["            set: [seen]",
                          "            branches:",
                          "              - when: {flags: [seen], meters: {bond: {min: 10}}}",
                          "                reply: A different reply when the flag is set."]
    lines += ["  done:", "    kind: resolution", "    ending: resolved",
              "  gone:", "    kind: dropout", "    ending: dropout"]
    return "\n".join(lines) + "\n"


def load_vs_parse(rounds: int = 5) -> tuple[float, float, int]:
    text = generated_profile()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(text, encoding="utf-8")
        load_samples, parse_samples = [], []
        for _ in range(rounds):
            t = time.perf_counter()
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            parse_samples.append(time.perf_counter() - t)
            t = time.perf_counter()
            patient = load_profile(path)
            load_samples.append(time.perf_counter() - t)
    replies = sum(1 + len(r.branches) for b in patient.beats.values() for r in b.options)
    return statistics.median(load_samples) * 1000, statistics.median(parse_samples) * 1000, replies


def measure() -> dict:
    figures = moves()
    snap = snapshot_us()
    load_ms, parse_ms, replies = load_vs_parse()
    figures.update({
        "snapshot_us": round(snap, 2),
        "snapshot_ratio": round(snap / figures["trigger_us"], 2),
        "load_ms": round(load_ms, 1),
        "parse_ms": round(parse_ms, 1),
        "load_ratio": round(load_ms / parse_ms, 2),
        "load_replies": replies,
    })
    return figures
