"""Two trainees on one data folder (a classroom share) never lose each other's work.

Each playthrough saves to its own file, and a save someone is still playing is
locked: another process is never offered it, and nothing ever writes over it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.storage.autosave import Autosave

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation"]


def played(moves) -> Session:
    session = Session(MAYA)
    for move in moves:
        session.choose(move)
    return session


def saved(data: Path) -> list[list[str]]:
    return sorted([t["move"] for t in json.loads(p.read_text(encoding="utf-8"))["turns"]]
                  for p in (data / "current").glob("maya*.json"))


def test_two_players_in_one_process_both_keep_their_sessions(tmp_path):
    a, b = Autosave("maya", tmp_path), Autosave("maya", tmp_path)
    session_a = Session(MAYA)
    for move in REPAIR:
        session_a.choose(move)
        a.save(session_a)
    b.save(played(REPAIR[:1]))
    assert a.path != b.path
    assert saved(tmp_path) == [REPAIR[:1], REPAIR]


def rupture_text(data: Path) -> subprocess.Popen:
    env = dict(os.environ, RUPTURE_DATA_DIR=str(data))
    return subprocess.Popen([sys.executable, "-m", "simulator", "text", "maya"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def numbers(moves) -> list[str]:
    session, out = Session(MAYA), []
    for move in moves:
        out.append(str(session.options().index(move) + 1))
        session.choose(move)
    return out


def wait_for_a_save_of(data: Path, n: int, proc: subprocess.Popen) -> None:
    """Until some save holds n turns (each save is renamed into place whole, so a read never sees half)."""
    deadline = time.monotonic() + 60
    while n not in map(len, saved(data)):
        assert proc.poll() is None and time.monotonic() < deadline, "rupture text stopped or never saved"
        time.sleep(0.02)


def test_a_plays_four_moves_b_plays_one_both_quit_both_saves_exist(tmp_path):
    a = rupture_text(tmp_path)
    a.stdin.write("\n".join(numbers(REPAIR)) + "\n")
    a.stdin.flush()
    wait_for_a_save_of(tmp_path, 4, a)
    b_out, b_err = rupture_text(tmp_path).communicate("\n".join(numbers(REPAIR[:1])) + "\nq\n", timeout=120)
    a_out, a_err = a.communicate("q\n", timeout=120)
    assert "An unfinished session" not in b_out  # A's session was being played: B was not offered it
    assert "Saved;" in a_out and "Saved;" in b_out and "Traceback" not in a_err + b_err
    assert saved(tmp_path) == [REPAIR[:1], REPAIR]


HOLDER = """
import sys
from simulator.engine import catalogue
from simulator.storage.autosave import Autosave
from simulator.engine.session import Session
auto = Autosave("maya", sys.argv[1])
session = Session(catalogue.load("maya"))
session.choose("notice_hesitation")
auto.save(session)
print(auto.path, flush=True)
sys.stdin.readline()
session.choose("invite_feelings")
auto.save(session)
print("saved again", flush=True)
"""


def test_a_save_another_process_is_playing_is_never_offered_or_moved(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        live = Path(holder.stdout.readline().strip())
        assert live.exists()
        other = Autosave("maya", tmp_path)
        assert other.pending() is None  # still being played: not offered, so not resumed or moved
        other.save(played(REPAIR[:3]))
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "saved again"
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0
    assert saved(tmp_path) == [REPAIR[:2], REPAIR[:3]]
    later = Autosave("maya", tmp_path)
    found = later.pending()  # its player has gone: now it is offered
    assert found is not None and found.path == live


def test_a_save_taken_over_mid_session_makes_the_first_player_write_a_new_file(tmp_path):
    a = Autosave("maya", tmp_path)
    a.save(played(REPAIR[:1]))
    first = a.path
    from simulator.storage import autosave

    autosave._unlock(a.lock_folder, a.path)  # as if another process held it
    lock = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); "
            "print('held', flush=True); sys.stdin.readline()")
    holder = subprocess.Popen([sys.executable, "-c", lock, str(a.lock_folder / f"{first.name}.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        a.save(played(REPAIR[:2]))
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert a.path != first and saved(tmp_path) == [REPAIR[:1], REPAIR[:2]]
