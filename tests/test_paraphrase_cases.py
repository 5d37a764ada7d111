"""The matcher hears trainees' own words on profiles it was not tuned on: the outside authors' cases.

tests/data/paraphrases_cases.yaml was written without reading those profiles' `examples:` or the
matcher's synonym lists, so its top-1 share measures the method on unseen moves (issue 15's measure).
The set must be sound for the figure to mean anything: every route plays and every meant move is on
offer where it is typed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from patient_library import assert_paraphrase_on_offer

from simulator.authoring import paraphrase_set
from simulator.engine.profile_loader import load_profile

DATA = Path(__file__).parent / "data"
SET = DATA / "paraphrases_cases.yaml"
CASES = sorted(p.stem for p in (DATA / "cases").glob("*.yaml"))
ENTRIES = yaml.safe_load(SET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def patients():
    return {pid: load_profile(DATA / "cases" / f"{pid}.yaml") for pid in CASES}


def test_the_set_covers_every_case_with_distinct_entries():
    per_case = Counter(e["patient"] for e in ENTRIES)
    assert set(per_case) == set(CASES)
    assert min(per_case.values()) >= 10
    assert all(set(e) == {"patient", "after", "typed", "means"} for e in ENTRIES)
    assert len({(e["patient"], tuple(e["after"]), e["typed"]) for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("i", range(len(ENTRIES)), ids=lambda i: f"{ENTRIES[i]['patient']}-{i}")
def test_each_route_plays_and_the_move_meant_is_on_offer(patients, i):
    assert_paraphrase_on_offer(patients[ENTRIES[i]["patient"]], ENTRIES[i], i)


def test_the_meant_move_is_ranked_first_for_at_least_four_in_five(patients):
    results = paraphrase_set.run(paraphrase_set.load(SET), patients.__getitem__)
    misses = [(r.entry.patient, r.entry.typed, r.entry.means, r.heard.ranked[0].move) for r in results if r.rank != 1]
    assert paraphrase_set.shares(results)["top1"] >= 0.80, misses
