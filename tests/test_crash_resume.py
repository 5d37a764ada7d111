"""A real `rupture text maya` killed with SIGKILL mid-session loses nothing: the next start resumes the same turns."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PATIENTS, ROOT

from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session

ROUTE_LENGTH = 8


@pytest.fixture(scope="module")
def route():
    """Option numbers to type, and the turns they make, for a route that does not end early."""
    session, numbers = Session(load_profile(PATIENTS / "maya.yaml")), []
    while len(numbers) < ROUTE_LENGTH:
        for i, move in enumerate(session.options()):
            snap = session.snapshot()
            session.choose(move)
            if not session.ended:
                numbers.append(str(i + 1))
                break
            session.restore(snap)
    return numbers, [t.to_json() for t in session.turns]


def start(data_dir: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, RUPTURE_DATA_DIR=str(data_dir))
    log = open(data_dir.parent / f"{data_dir.name}-{time.monotonic_ns()}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "text", "maya", *args], stdin=subprocess.PIPE,
                            stdout=log, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    log.close()
    return proc


def type_line(proc: subprocess.Popen, line: str) -> None:
    proc.stdin.write(line + "\n")
    proc.stdin.flush()


def saved_turns(data_dir: Path) -> list[dict] | None:
    saves = list((data_dir / "current").glob("maya*.json"))
    if not saves:
        return None
    [path] = saves
    return json.loads(path.read_text(encoding="utf-8"))["turns"]


def wait_for_turns(data_dir: Path, n: int, proc: subprocess.Popen) -> list[dict]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        turns = saved_turns(data_dir)
        if turns is not None and len(turns) == n:
            return turns
        assert proc.poll() is None, "rupture text stopped early"
        time.sleep(0.02)
    raise AssertionError(f"the save never reached {n} turns")


def wait_for_more_turns(data_dir: Path, n: int, proc: subprocess.Popen) -> list[dict]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        turns = saved_turns(data_dir)
        if turns is not None and len(turns) > n:
            return turns
        assert proc.poll() is None, "rupture text stopped early"
        time.sleep(0.01)
    raise AssertionError(f"the save never passed {n} turns")


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_a_killed_session_resumes_with_the_same_turns(tmp_path, route):
    numbers, turns = route
    data = tmp_path / "data"
    proc = start(data)
    for i in range(3):
        type_line(proc, numbers[i])
        wait_for_turns(data, i + 1, proc)
    kill(proc)
    assert saved_turns(data) == turns[:3]

    proc = start(data, "--resume")
    type_line(proc, numbers[3])
    assert wait_for_turns(data, 4, proc) == turns[:4]
    kill(proc)

    proc = start(data)  # asked this time
    type_line(proc, "y")
    type_line(proc, numbers[4])
    assert wait_for_turns(data, 5, proc) == turns[:5]
    type_line(proc, "q")
    assert proc.wait(timeout=60) == 0
    assert saved_turns(data) == turns[:5]


def test_a_kill_right_after_a_save_keeps_that_save_or_a_later_one(tmp_path, route):
    """Moves are typed in a burst and the process killed as soon as a new save is seen, while it may be
    writing the next one; each round resumes from what the kill left."""
    numbers, turns = route
    data = tmp_path / "data"
    done = 0
    while done < len(numbers):
        proc = start(data, "--resume")
        for number in numbers[done:]:
            type_line(proc, number)
        seen = wait_for_more_turns(data, done, proc)
        kill(proc)
        now = saved_turns(data)
        assert now == turns[: len(now)] and len(now) >= len(seen) > done
        assert len([p for p in (data / "current").iterdir() if not p.name.endswith(".tmp")]) == 1
        done = len(now)
    assert saved_turns(data) == turns
