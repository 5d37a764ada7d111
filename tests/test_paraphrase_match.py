"""The matcher meets its goals on words it was not built from: top-1 >= 0.85 and top-2 >= 0.97.

The measure is tests/data/paraphrases.yaml, written by someone other than the
author of the moves' examples. The bundled examples are a second measure, heard
by profiles stripped of every example (labels, says and strategy alone), so a
profile without examples is known to work too.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from conftest import PATIENTS, ROOT
from profiles import dump

from simulator.authoring import paraphrase_set
from simulator.engine.catalogue import resolve
from simulator.engine.profile_loader import load_profile, load_profile_text

SET = ROOT / "tests" / "data" / "paraphrases.yaml"
TOP1, TOP2 = 0.85, 0.97


@lru_cache(maxsize=None)
def patient(pid: str):
    return load_profile(resolve(pid))


@lru_cache(maxsize=None)
def without_examples(pid: str):
    data = yaml.safe_load((PATIENTS / f"{pid}.yaml").read_text(encoding="utf-8"))
    for move in data["moves"].values():
        move.pop("examples", None)
    return load_profile_text(dump(data), f"{pid}-no-examples.yaml")


def examples_as_entries() -> list[paraphrase_set.Entry]:
    """Each bundled example, typed at the first beat (breadth first from the opening) that offers its move."""
    from simulator.engine.session import Session

    out = []
    for pid in bundled_ids():
        p = patient(pid)
        seen: set[str] = set()
        frontier = [()]
        while frontier:
            route = frontier.pop(0)
            s = Session(p)
            for m in route:
                s.choose(m)
            for mid in s.options():
                if mid not in seen:
                    seen.add(mid)
                    out += [paraphrase_set.Entry(pid, route, ex, mid) for ex in p.spec.moves[mid].examples]
                    if len(route) < 8:
                        frontier.append(route + (mid,))
    return out


def bundled_ids() -> list[str]:
    return sorted(path.stem for path in PATIENTS.glob("*.yaml"))


def test_bundled_examples_are_heard_from_labels_and_says_alone():
    results = paraphrase_set.run(examples_as_entries(), without_examples)
    assert len(results) >= 3 * 150
    got = paraphrase_set.shares(results)
    assert got["top1"] >= TOP1 and got["top2"] >= TOP2, got


def test_independent_paraphrase_set_meets_the_goals():
    entries = paraphrase_set.load(SET)
    assert len(entries) >= 60
    results = paraphrase_set.run(entries, patient)
    got = paraphrase_set.shares(results)
    misses = [(r.entry.patient, r.entry.means, r.heard.ranked[0].move, r.entry.typed) for r in results if r.rank > 2]
    assert got["top1"] >= TOP1 and got["top2"] >= TOP2, (got, misses)
