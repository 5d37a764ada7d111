"""Free response: typed words are heard as the closest move on offer, the same way every time."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import yaml
from conftest import PATIENTS, ROOT
from profiles import MINIMAL, dump

from simulator.authoring.lint import lint
from simulator.engine.catalogue import resolve
from simulator.engine.profile_loader import load_profile, load_profile_text
from simulator.engine.session import Session
from simulator.play.understanding import THRESHOLD, Matcher, understand, words


def maya_session(*moves: str) -> Session:
    s = Session(load_profile(resolve("maya")))
    for m in moves:
        s.choose(m)
    return s


def test_words_share_concepts_across_synonyms_and_contractions():
    assert "_apology" in words("I apologise") and "_apology" in words("so sorry")
    assert "_notice" in words("I've noticed you went quiet")
    assert "_risk" in words("Are you safe at the moment?") and "_risk" in words("any thoughts of ending your life?")
    assert words("I\u2019m sorry") == words("I'm sorry") == words("I am SORRY")
    assert words("Café") == words("cafe")


def test_the_move_whose_words_are_typed_comes_first():
    s = maya_session()
    assert understand(s, "let's just do the thought record together").understood == "start_worksheet"
    assert understand(s, "I noticed you said it's fine very quickly").understood == "notice_hesitation"
    assert understand(s, "homework matters, most change happens between sessions").understood == "explain_homework"


def test_synonyms_and_typos_are_understood():
    s = maya_session("start_worksheet")
    assert understand(s, "I apologize, I rushed you").understood == "apologise_for_pushing"
    assert understand(s, "im sory, i rushd you when u went quiet").understood == "apologise_for_pushing"


def test_same_text_same_beat_same_ranking():
    s = maya_session("start_worksheet")
    first = understand(s, "tell me what you really think").to_json()
    assert understand(s, "tell me what you really think").to_json() == first
    assert first["offered"] == s.options()
    assert sorted(r["move"] for r in first["ranked"]) == sorted(s.options())


def test_ties_are_broken_by_profile_order():
    heard = Matcher({"b_first": ["Same words here"], "a_second": ["Same words here"]}).rank("same words here")
    assert [r.move for r in heard.ranked] == ["b_first", "a_second"]
    assert heard.ranked[0].score == heard.ranked[1].score


def test_words_unlike_any_move_are_not_sure():
    heard = understand(maya_session(), "banana custard")
    assert heard.understood is None
    assert heard.ranked[0].score < THRESHOLD


def test_a_pronoun_alone_is_not_enough_to_be_sure():
    heard = understand(maya_session(), "I like trains")
    assert heard.ranked[0].score >= THRESHOLD
    assert heard.understood is None


def test_a_short_word_is_not_corrected_into_a_different_one():
    assert understand(maya_session(), "the weather is nice").understood is None


def test_a_profile_without_examples_is_understood_from_labels_and_says():
    data = yaml.safe_load((PATIENTS / "maya.yaml").read_text(encoding="utf-8"))
    for move in data["moves"].values():
        move.pop("examples", None)
    patient = load_profile_text(dump(data), "maya-no-examples.yaml")
    assert not any(m.examples for m in patient.spec.moves.values())
    s = Session(patient)
    assert understand(s, "I wonder what was happening when you said it's fine").understood == "notice_hesitation"
    assert understand(s, "don't worry, no pressure at all").understood == "reassure"
    s.choose("start_worksheet")
    assert understand(s, "sorry, I pushed on with the worksheet").understood == "apologise_for_pushing"


# -- the lint -----------------------------------------------------------------------------

def test_example_closer_to_another_move_is_w235_at_its_line():
    data = copy.deepcopy(MINIMAL)
    data["moves"]["ask"]["examples"] = ["how are things?", "how have you been?", "That was me, I got it wrong."]
    text = dump(data)
    found = [d for d in lint(load_profile_text(text, "tiny.yaml")) if d.code == "W235"]
    assert len(found) == 1
    d = found[0]
    assert "example 3 of move 'ask'" in d.message and "'own'" in d.message and d.severity == "warning"
    assert text.splitlines()[d.line - 1].strip() == "- That was me, I got it wrong."


def test_examples_that_fit_their_move_give_no_w235():
    data = copy.deepcopy(MINIMAL)
    data["moves"]["own"]["examples"] = ["that was my fault", "I got that wrong, sorry", "that one's on me"]
    found = lint(load_profile_text(dump(data), "tiny.yaml"))
    assert "W235" not in [d.code for d in found]


# -- rupture match ---------------------------------------------------------------------------

def rupture(*args):
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_match_json_has_exactly_the_contract_fields():
    out = rupture("match", "maya", "--moves", "start_worksheet", "sorry, I rushed you", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["offered", "ranked", "understood"]
    assert data["offered"] == maya_session("start_worksheet").options()
    assert all(list(r) == ["move", "score"] and isinstance(r["score"], (int, float)) for r in data["ranked"])
    assert data["understood"] == data["ranked"][0]["move"] == "apologise_for_pushing"


def test_match_gives_null_when_not_sure():
    data = json.loads(rupture("match", "maya", "zebra crossing", "--json").stdout)
    assert data["understood"] is None


def test_match_with_a_move_not_on_offer_exits_2_naming_it():
    out = rupture("match", "maya", "--moves", "start_worksheet,welcome_assertion", "hello", "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    assert "turn 2" in out.stderr and "'welcome_assertion' is not on offer" in out.stderr
