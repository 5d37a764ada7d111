"""``rupture run --policy random``: capped, streamed, and no session kept once it is printed."""

from __future__ import annotations

import gc
import json
import weakref

import pytest
from profiles import dump, hub

from simulator import cli
from simulator.commands import run as run_cmd


@pytest.fixture
def hub_path(tmp_path):
    path = tmp_path / "hub8.yaml"
    path.write_text(dump(hub(8)), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("runs", ["0", "-5", str(run_cmd.MAX_RUNS + 1)])
def test_runs_outside_the_cap_is_refused_with_exit_2(hub_path, capsys, runs):
    assert cli.main(["run", hub_path, "--policy", "random", "--runs", runs]) == 2
    err = capsys.readouterr()
    assert err.out == ""
    assert f"--runs takes a number from 1 to {run_cmd.MAX_RUNS:,}, not {runs}" in err.err


def test_thousand_runs_stream_one_json_array_and_keep_no_session(hub_path, capsys, monkeypatch):
    alive: list[weakref.ref] = []
    most_alive = 0
    real = run_cmd.random_playthrough

    def watched(patient, seed):
        nonlocal most_alive
        if len(alive) % 50 == 0:  # a full collection costs with the size of the whole test run's heap
            gc.collect()
            most_alive = max(most_alive, sum(r() is not None for r in alive))
        session = real(patient, seed)
        alive.append(weakref.ref(session))
        return session

    monkeypatch.setattr(run_cmd, "random_playthrough", watched)
    assert cli.main(["run", hub_path, "--policy", "random", "--runs", "1000", "--seed", "7", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert len(runs) == 1000
    assert [r["seed"] for r in runs[:3]] == [7, 8, 9]
    assert all(r["ended"] == "resolved" and r["turns"][-1]["move"] == "own" for r in runs)
    assert most_alive <= 1


def test_text_lines_come_one_per_run(hub_path, capsys):
    assert cli.main(["run", hub_path, "--policy", "random", "--runs", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["seed 0", "seed 1", "seed 2"]
