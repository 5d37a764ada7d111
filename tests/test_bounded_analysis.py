"""Hostile profiles meet a budget, not a MemoryError: the analyses stop, say so once, and report it."""

from __future__ import annotations

import json
import subprocess
import sys

from profiles import dump, hub, load

from simulator.authoring import explore as explore_mod
from simulator.authoring.lint import lint
from simulator.authoring.reach import analyse
from simulator.engine.profile_loader import load_profile_text


def hub_patient(n_flags: int):
    return load_profile_text(dump(hub(n_flags)), f"hub{n_flags}.yaml")


def test_reach_pass_small_hub_runs_to_the_end():
    reach = analyse(hub_patient(6))
    assert not reach.cut_off
    assert len([k for k in reach.nodes if k[0] == "hub"]) == 2 ** 6


def test_reach_pass_stops_at_its_node_budget_and_widens_to_anything_may_happen():
    patient = hub_patient(24)
    reach = analyse(patient, max_nodes=500)
    assert reach.cut_off and len(reach.nodes) <= 500 + len(patient.beats) + 1
    assert reach.may_outcomes == set(reach.choices)
    assert reach.may_end("resolved") and reach.may_end("dropout")
    assert reach.distances(lambda _loc, _dst: False).get(("hub", frozenset(), None)) == 0


def test_explore_counts_random_playthroughs_against_its_budget(monkeypatch):
    monkeypatch.setattr(explore_mod, "TOTAL_BUDGET", 30)
    found = explore_mod.explore(load(), runs=200)
    assert found.steps <= 30
    assert found.exhausted
    data = found.to_json()
    assert data["exhausted"] is True and data["budget"]["engine_steps"] == 30
    assert data["budget"]["engine_steps_used"] == found.steps


def test_cut_off_hub_gives_one_note_for_every_undecided_reply():
    patient = hub_patient(24)
    found = explore_mod.explore(patient)
    assert found.exhausted and found.reach.cut_off
    assert len(found.undecided_replies) > 1
    notes = [d for d in lint(patient, found) if d.code == "N240"]
    assert len(notes) == 1
    assert notes[0].message == found.cut_off_note()
    assert notes[0].message.startswith("analysis cut off after ")
    assert f": {len(found.undecided_replies)} replies undecided; see docs/diagnostics.md#analysis-cut-off" \
        in notes[0].message


def test_check_on_a_24_flag_hub_prints_one_cut_off_note_and_no_traceback(tmp_path):
    path = tmp_path / "hub24.yaml"
    path.write_text(dump(hub(24)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "check", str(path)], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert (out.stdout + out.stderr).count("analysis cut off after") == 1
    assert (out.stdout + out.stderr).count("[N240]") == 1


def test_explore_json_on_a_24_flag_hub_reports_the_cut_off(tmp_path):
    path = tmp_path / "hub24.yaml"
    path.write_text(dump(hub(24)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "explore", str(path), "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["exhausted"] is True
    assert data["budget"]["reach_cut_off"] is True
    assert data["budget"]["engine_steps_used"] <= data["budget"]["engine_steps"]
    assert data["resolution_route"] and data["resolution_route"][-1] == "own"
