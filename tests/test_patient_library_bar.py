"""The content bar every bundled patient meets (issue 3), one limit for all: a clean check, forty lines each
with its cue, every move tagged, a 3RS marker wherever a rupture shows, pitfalls that look reasonable on
the button, routes of twelve decisions to every kind of ending, and random play that rarely resolves.

What is particular to one patient (its routes, markers and strategies) stays in its own test file.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from patient_library import outcomes, play, route_of_at_least

from simulator.commands.run import random_playthrough
from simulator.engine import catalogue
from simulator.engine.session import stage_of
from simulator.engine.vocabulary import MARKERS, PITFALL_STRATEGIES, PRINCIPLES, STRATEGIES

BUNDLED = [p.stem for p in catalogue.bundled_paths()]


@pytest.mark.parametrize("pid", BUNDLED)
def test_check_passes_without_warnings(pid):
    proc = subprocess.run([sys.executable, "-m", "simulator", "check", str(catalogue.resolve(pid))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if ": warning:" in line]
    assert warnings == []


@pytest.mark.parametrize("pid", BUNDLED)
def test_at_least_forty_distinct_lines_each_with_a_cue(pid):
    patient = catalogue.load(pid)
    assert patient.spec.opening.cue.strip()
    lines = set()
    for _beat, _rule, o in outcomes(patient):
        assert o.cue and o.cue.strip()
        assert all(r.strip() for r in o.replies)
        lines.update(o.replies)
    assert len(lines) >= 40


@pytest.mark.parametrize("pid", BUNDLED)
def test_every_move_is_offered_and_tagged(pid):
    patient = catalogue.load(pid)
    offered = {r.move for b in patient.beats.values() for r in b.options}
    assert offered == set(patient.spec.moves)
    assert len(offered) >= 8
    for mid, move in patient.spec.moves.items():
        assert move.strategy in STRATEGIES and (move.honours or move.breaks), mid
        assert set(move.honours) | set(move.breaks) <= set(PRINCIPLES), mid


@pytest.mark.parametrize("pid", BUNDLED)
def test_marker_lines_carry_a_3rs_marker(pid):
    patient = catalogue.load(pid)
    for beat, rule, o in outcomes(patient):
        sid = patient.state_of[o.target]
        kind = patient.spec.states[sid].kind
        if stage_of(patient, sid) == "marker" or kind == "dropout":
            assert o.marker in MARKERS, f"{beat.name}/{rule.move} leads into {kind} without a marker"
        if kind == "resolution":
            assert o.marker is None, f"{beat.name}/{rule.move} shows a marker in a resolution"


PEJORATIVE = re.compile(r"\b(ignore|dismiss|blame|lecture|nag|insist|force|argue|interrupt|defend|bored)\w*", re.I)


@pytest.mark.parametrize("pid", BUNDLED)
def test_pitfalls_look_reasonable_on_the_button(pid):
    for mid, move in catalogue.load(pid).spec.moves.items():
        if move.strategy in PITFALL_STRATEGIES or move.strategy == "link_other_relationships":
            assert not PEJORATIVE.search(move.label), f"{mid}: '{move.label}' gives the pitfall away"
            assert move.note, f"{mid} has no note for the debrief"


@pytest.mark.parametrize("pid", BUNDLED)
def test_every_kind_of_ending_has_a_route_of_at_least_twelve_decisions(pid):
    patient = catalogue.load(pid)
    for ending in ("resolved", "dropout", "unresolved"):
        route = route_of_at_least(patient, 12, ending, by_state_only=False)
        assert route is not None, ending
        s = play(patient, route)
        assert s.ended == ending and s.end_reason != "turn limit" and len(s.turns) >= 12


@pytest.mark.parametrize("pid", BUNDLED)
def test_random_play_rarely_resolves_rarely_runs_out_the_clock_and_reaches_every_ending(pid):
    patient = catalogue.load(pid)
    runs = [random_playthrough(patient, seed) for seed in range(200)]
    resolved = sum(s.ended == "resolved" for s in runs) / len(runs)
    clock = sum(s.end_reason == "turn limit" for s in runs) / len(runs)
    assert 0 < resolved <= 0.10
    assert clock <= 0.10
    assert {s.state for s in runs} >= {sid for sid, st in patient.spec.states.items() if st.ending}


def test_every_bundled_patient_is_covered():
    assert len(BUNDLED) >= 6
