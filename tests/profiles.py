"""Small profiles written for tests: a minimal valid one, and a way to vary it."""

from __future__ import annotations

import copy

import yaml

from simulator.engine.profile_loader import load_profile_text

MINIMAL = {
    "format": 1,
    "id": "tiny",
    "name": "Tiny",
    "age": 30,
    "difficulty": 1,
    "summary": "a minimal test patient",
    "briefing": {
        "presenting_problem": "p",
        "background": "b",
        "relational_pattern": "r",
        "rupture_tendency": "withdrawal",
        "watch_for": "w",
    },
    "meters": {"bond": {"start": 50}, "goals": {"start": 50}, "tasks": {"start": 50}, "real": {"start": 50}},
    "flags": {"asked": "the therapist asked"},
    "dropout": {"state": "gone", "alliance_below": 20},
    "max_turns": 10,
    "opening": {"beat": "start", "line": "Hello.", "cue": "sits down"},
    "moves": {
        "ask": {"label": "Ask", "says": "How are you?", "strategy": "open_question", "honours": ["concrete"]},
        "push": {"label": "Push", "says": "Tell me.", "strategy": "push_harder", "breaks": ["tentative"]},
        "own": {"label": "Own it", "says": "That was me.", "strategy": "apologise", "honours": ["accept_responsibility"]},
    },
    "states": {
        "talk": {
            "kind": "withdrawal",
            "beats": {
                "start": {
                    "options": [
                        {"move": "ask", "reply": "Fine.", "cue": "shrugs", "marker": "minimal_response",
                         "set": ["asked"], "effects": {"bond": 5}, "next": "start"},
                        {"move": "push", "reply": "Stop.", "cue": "arms cross", "effects": {"bond": -20, "real": -20},
                         "next": "start"},
                        {"move": "own", "reply": "Thank you.", "cue": "looks up", "next": "done"},
                    ]
                }
            },
        },
        "done": {"kind": "resolution", "ending": "resolved", "epilogue": "It went well."},
        "gone": {"kind": "dropout", "ending": "dropout"},
    },
}


def profile(**changes) -> dict:
    """A deep copy of MINIMAL with top-level keys replaced."""
    data = copy.deepcopy(MINIMAL)
    data.update(copy.deepcopy(changes))
    return data


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def load(data: dict | None = None):
    return load_profile_text(dump(data if data is not None else MINIMAL), "tiny.yaml")


def two_sessions() -> dict:
    """MINIMAL as a format-2 course of two sessions with the same opening; 'ask' in the first opens the second."""
    data = copy.deepcopy(MINIMAL)
    data["format"] = 2
    opening = data.pop("opening")
    data.pop("max_turns")
    data["sessions"] = [{"id": "first", "opening": opening, "max_turns": 4},
                        {"id": "second", "interval": "A week later.", "opening": opening, "max_turns": 4}]
    data["states"]["talk"]["beats"]["start"]["options"][0]["branches"] = [
        {"when": {"session": "first"}, "next_session": "second"}]
    return data


def course_example_text() -> str:
    """The second example of patients/FORMAT.md: a format-2 course of two sessions."""
    import re

    from conftest import PATIENTS

    doc = (PATIENTS / "FORMAT.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", doc, re.S)[1]


def course_example():
    return load_profile_text(course_example_text(), "jo.yaml")


def hub(n_flags: int) -> dict:
    """A chain of beats that may each set one flag, into a hub beat whose one option reads all of them.

    The reach pass sees 2**n_flags flag combinations at the hub: the hostile
    shape that must be cut off by its budget, not run out of memory.
    """
    data = profile(flags={f"f{i}": f"flag {i}" for i in range(n_flags)}, max_turns=n_flags + 5)
    data["opening"]["beat"] = "c0"
    beats = {}
    for i in range(n_flags):
        nxt = f"c{i + 1}" if i + 1 < n_flags else "hub"
        beats[f"c{i}"] = {"options": [
            {"move": "ask", "reply": f"Yes {i}.", "cue": "nods", "set": [f"f{i}"], "effects": {"bond": 1}, "next": nxt},
            {"move": "push", "reply": f"No {i}.", "cue": "frowns", "effects": {"bond": -1}, "next": nxt},
        ]}
    beats["hub"] = {"options": [
        {"move": "own", "reply": "Thank you.", "cue": "looks up", "next": "done",
         "branches": [{"when": {"flags": [f"f{i}"]}, "reply": f"You remembered {i}."} for i in range(n_flags)]},
    ]}
    data["states"]["talk"]["beats"] = beats
    return data
