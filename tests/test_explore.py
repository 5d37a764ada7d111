"""rupture explore: coverage, routes and shares from the real engine, checked against play."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from simulator.authoring.explore import explore
from simulator.authoring.reach import HIGH, analyse
from simulator.authoring.scaffold import render
from simulator.commands.run import random_playthrough
from simulator.engine import patient_machine
from simulator.engine.catalogue import bundled
from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session
from simulator.engine.vocabulary import METERS

FIELDS = ["reachable_states", "unreachable", "resolution_route", "clean_resolution", "resolution_route_pitfalls",
          "dropout_route", "random_resolved_share",
          "random_dropout_share", "random_partial_share", "longest_route", "distinct_lines", "difficulty",
          "exhausted", "budget"]


@pytest.fixture(scope="module")
def sam():
    return load_profile_text(render("sam"), "sam.yaml")


@pytest.fixture(scope="module")
def found(sam):
    return explore(sam)


def play(patient, moves) -> Session:
    s = Session(patient)
    for m in moves:
        s.choose(m)
    return s


def test_expert_route_is_the_shortest_clean_route_and_resolves(sam, found):
    assert found.resolution_route == ["notice", "own_part", "stay", "welcome"]
    assert play(sam, found.resolution_route).ended == "resolved"


def test_no_shorter_route_resolves(sam, found):
    """Every sequence of three moves, played on the engine, fails to resolve."""
    def walk(s, depth):
        if s.ended:
            return s.ended == "resolved"
        if depth == 0:
            return False
        here = s.snapshot()
        for move in s.options():
            s.restore(here)
            s.choose(move)
            if walk(s, depth - 1):
                return True
        s.restore(here)
        return False

    assert not walk(Session(sam), 3)


def test_dropout_route_drops_out(sam, found):
    assert found.dropout_route == ["press_on"] * 4
    s = play(sam, found.dropout_route)
    assert s.ended == "dropout" and s.end_reason.startswith("alliance below")


def test_random_shares_match_rupture_run_policy_random(sam, found):
    endings = [random_playthrough(sam, seed).ended for seed in range(200)]
    assert found.random_resolved_share == round(endings.count("resolved") / 200, 3)
    assert found.random_dropout_share == round(endings.count("dropout") / 200, 3)
    assert 0 < found.random_resolved_share < 1


def test_coverage_and_lines(sam, found):
    assert found.reachable_states == list(sam.spec.states)
    assert found.unreachable_states == [] and found.unreachable_replies == [] and found.undecided_replies == []
    replies = {r for c in found.reach.choices.values() for r in c.outcome.replies}
    assert found.distinct_lines == len(replies | {sam.spec.opening.line})


def test_every_witness_route_gives_its_reply(sam, found):
    for loc, route in found.witnesses.items():
        s = play(sam, route[:-1])
        outcome = s.step(route[-1])
        assert outcome.loc == loc


def test_longest_route_lasts_to_the_turn_limit(sam, found):
    assert len(found.longest_route) == sam.spec.max_turns
    s = play(sam, found.longest_route)
    assert s.ended and s.turn == sam.spec.max_turns


def test_unreachable_reply_is_found_and_reported(sam):
    text = render("sam").replace("              - when: {turn: {min: 6}}", "              - when: {turn: {min: 60}}")
    patient = load_profile_text(text, "sam.yaml")
    found = explore(patient)
    assert "polite_goodbye" in found.unreachable_states
    assert [(c.beat, c.move, c.branch) for c in found.unreachable_replies] == [("first_marker", "reassure", 0)]
    assert found.to_json()["unreachable"]["replies"][0]["line"] == text.splitlines().index(
        "              - when: {turn: {min: 60}}") + 1


def test_no_machine_is_built_per_step_of_the_search(monkeypatch):
    """A fresh Patient, whose sessions share one machine; the search moves with Session.advance, so it needs at most
    the one its clean-route check plays through."""
    sam = load_profile_text(render("sam"), "sam.yaml")
    built = []
    real = patient_machine.build_machine

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("simulator.engine.session.build_machine", counting)
    found = explore(sam)
    assert found.steps > 1000
    assert len(built) <= 1


def test_difficulty_orders_an_easy_and_a_hard_variant(sam, found):
    harder = render("sam").replace("alliance_below: 40", "alliance_below: 46")
    hard = explore(load_profile_text(harder, "sam.yaml"))
    assert 0 <= found.difficulty < hard.difficulty <= 10


@pytest.mark.parametrize("entry", [e for e in bundled() if e.patient], ids=lambda e: e.id)
def test_over_approximation_contains_every_played_state(entry):
    """Soundness: every state random play visits lies inside its node's bounds, every reply given was allowed."""
    patient = entry.patient
    reach = analyse(patient)
    s = Session(patient)
    for seed in range(150):
        rng = random.Random(seed * 31 + 7)
        s.reset()
        while not s.ended and s.options():
            node = reach.node_of(s.beat, s.flags, s.cause)
            box, must, may = reach.nodes[node]
            values = [s.meters[m] for m in METERS] + [s.turn]
            assert all(box[i] <= values[i] <= box[HIGH + i] for i in range(HIGH)), (node, values, box)
            assert must <= (s.flags & reach.live_flags[s.beat]) <= may
            outcome = s.step(rng.choice(s.options()))
            assert outcome.loc in reach.may_outcomes
        if s.ended:
            assert any(k[1] == s.ended for k in reach.sinks)


@pytest.mark.parametrize("entry", [e for e in bundled() if e.patient], ids=lambda e: e.id)
def test_bundled_patients_resolve_and_drop_out(entry):
    found = explore(entry.patient)
    assert play(entry.patient, found.resolution_route).ended == "resolved"
    assert play(entry.patient, found.dropout_route).ended == "dropout"


def test_cli_json_has_exactly_the_named_fields(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text(render("sam"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "explore", str(path), "--json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == FIELDS
    assert data["resolution_route"] == ["notice", "own_part", "stay", "welcome"]
    assert data["unreachable"] == {"states": [], "beats": [], "replies": [], "undecided": []}
    assert data["exhausted"] is False and data["budget"]["engine_steps"] == 50_000


def test_cli_text_summary(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text(render("sam"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "explore", str(path)], capture_output=True, text=True)
    assert out.returncode == 0
    assert "expert route (shortest to resolution): 4 moves: notice, own_part, stay, welcome" in out.stdout
    assert "reachable: 7 of 7 states, 4 of 4 beats, 17 of 17 replies" in out.stdout
