"""The paraphrase set that measures free-text matching (issue 15) is sound: every route in it plays,
and every phrase means a move that is on offer where it is typed, so the benchmark scores the matcher
and not mistakes in the set."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from patient_library import assert_paraphrase_on_offer, play

from simulator.engine import catalogue

SET = Path(__file__).parent / "data" / "paraphrases.yaml"
ENTRIES = yaml.safe_load(SET.read_text(encoding="utf-8"))
BUNDLED = sorted(p.stem for p in catalogue.bundled_paths())


@pytest.fixture(scope="module")
def patients():
    return {pid: catalogue.load(pid) for pid in BUNDLED}


def test_the_set_is_large_and_spread_over_every_bundled_patient():
    assert len(ENTRIES) >= 80
    per_patient = Counter(e["patient"] for e in ENTRIES)
    assert set(per_patient) == set(BUNDLED)
    assert min(per_patient.values()) >= 10
    assert all(set(e) == {"patient", "after", "typed", "means"} for e in ENTRIES)
    assert all(isinstance(e["typed"], str) and e["typed"].strip() for e in ENTRIES)
    assert len({(e["patient"], tuple(e["after"]), e["typed"]) for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("i", range(len(ENTRIES)), ids=lambda i: f"{ENTRIES[i]['patient']}-{i}")
def test_each_route_plays_and_the_move_meant_is_on_offer(patients, i):
    assert_paraphrase_on_offer(patients[ENTRIES[i]["patient"]], ENTRIES[i], i)


def test_the_set_covers_crowded_beats_and_pitfall_moves(patients):
    """Matching is hardest where six or more moves are on offer, and trainees type pitfalls too."""
    crowded = 0
    strategies = set()
    for entry in ENTRIES:
        session = play(patients[entry["patient"]], entry["after"])
        crowded += len(session.options()) >= 6
        strategies.add(session.move(entry["means"]).strategy)
    assert crowded >= 30
    assert {"continue_agenda", "closing_reassurance", "defend_self", "repeat_rationale", "push_harder",
            "link_other_relationships", "placate", "redirect"} <= strategies
