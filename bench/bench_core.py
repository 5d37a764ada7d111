"""Core engine figures: a move, a snapshot, a profile load; each beside its bare-library floor."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml
from transitions import Machine

from simulator.catalogue import load
from simulator.profile_loader import load_profile
from simulator.session import Session

BEST_ROUTE = ["notice_hesitation", "invite_feelings", "own_part", "stay_with_it", "welcome_assertion"]


def _median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def bare_trigger_us(n_states: int, n_transitions: int, rounds: int = 20000) -> float:
    """A bare transitions trigger on a machine with as many states and transitions as the profile."""

    class Model:
        pass

    model = Model()
    states = [f"s{i}" for i in range(n_states)]
    trans = [{"trigger": f"t{i % 16}", "source": states[i % n_states], "dest": states[(i + 1) % n_states],
              "conditions": [lambda: True]} for i in range(n_transitions)]
    trans.append({"trigger": "go", "source": "s0", "dest": "s1", "conditions": [lambda: True]})
    trans.append({"trigger": "go", "source": "s1", "dest": "s0", "conditions": [lambda: True]})
    machine = Machine(model=model, states=states, transitions=trans, initial="s0", auto_transitions=False,
                      model_override=True)
    event = machine.events["go"]
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        event.trigger(model)
        samples.append(time.perf_counter_ns() - t)
    return _median_us(samples)


def choose_us(rounds: int = 3000) -> tuple[float, int, int]:
    patient = load("maya")
    session = Session(patient)
    start = session.snapshot()
    samples = []
    for _ in range(rounds):
        session.restore(start)
        for move in BEST_ROUTE:
            t = time.perf_counter_ns()
            session.choose(move)
            samples.append(time.perf_counter_ns() - t)
    machine = session._machine
    n_trans = sum(len(ts) for ev in machine.events.values() for ts in ev.transitions.values())
    return _median_us(samples), len(machine.states), n_trans


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
    choose, n_states, n_trans = choose_us()
    trigger = bare_trigger_us(n_states, n_trans)
    snap = snapshot_us()
    load_ms, parse_ms, replies = load_vs_parse()
    return {
        "choose_us": round(choose, 2),
        "trigger_us": round(trigger, 2),
        "choose_ratio": round(choose / trigger, 2),
        "snapshot_us": round(snap, 2),
        "snapshot_ratio": round(snap / trigger, 2),
        "load_ms": round(load_ms, 1),
        "parse_ms": round(parse_ms, 1),
        "load_ratio": round(load_ms / parse_ms, 2),
        "load_replies": replies,
    }
