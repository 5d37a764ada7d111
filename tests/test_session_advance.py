"""Session.advance (searches' move, no `transitions` trigger) against Session.step, and the shared machine."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from simulator.engine.catalogue import bundled_paths
from simulator.engine.catalogue import load as load_bundled
from simulator.engine.profile_loader import load_profile
from simulator.engine.session import Session, machine_of

CASES = sorted((Path(__file__).parent / "data" / "cases").glob("*.yaml"))
SEEDS = 25


@pytest.fixture(scope="module")
def maya():
    return load_bundled("maya")


@pytest.mark.parametrize("path", bundled_paths() + CASES, ids=lambda p: p.stem)
def test_advance_gives_the_snapshot_step_gives_at_every_move_of_random_play(path):
    patient = load_profile(path)
    stepped, advanced = Session(patient), Session(patient)
    endings = set()
    for seed in range(SEEDS):
        rng = random.Random(seed)
        stepped.reset()
        advanced.reset()
        while not stepped.ended and stepped.options():
            move = rng.choice(stepped.options())
            assert stepped.step(move) is advanced.advance(move)
            assert advanced.snapshot() == stepped.snapshot()
            assert (advanced.beat, advanced.state, advanced.options()) == (stepped.beat, stepped.state, stepped.options())
        assert advanced.ended == stepped.ended
        endings.add(stepped.ended)
    assert len(endings) > 1, "random play should end more than one way, dropouts included"


def test_sessions_of_one_patient_share_a_machine_and_move_independently(maya):
    a, b = Session(maya), Session(maya)
    a.choose("notice_hesitation")
    assert a._machine is b._machine is machine_of(maya)
    assert (a.turn, b.turn) == (1, 0) and a.beat != b.beat == maya.initial
    b.choose("notice_hesitation")
    assert b.snapshot().beat == a.snapshot().beat


def test_a_reloaded_profile_gets_its_own_machine(maya):
    reloaded = load_profile(maya.path)
    assert reloaded is not maya
    assert machine_of(reloaded) is not machine_of(maya)
    assert machine_of(reloaded) is machine_of(reloaded)
