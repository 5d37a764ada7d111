"""The post-session questionnaire (PSQ and WAI style, clinical model §6) set beside what was simulated.

The trainee rates the tension (1-5) and how resolved it was (1-5), as the PSQ
asks, and estimates where the bond, goals and tasks meters (and optionally the
real relationship) ended, 0-100, as the WAI subscales measure them.

Simulated values: tension is the overall significance of the most significant
episode (1 when there was none); resolved is the degree of resolution of the
last episode (not rated when there was none); the meters are where they ended.
An answer within 1 point (ratings) or 10 points (meters) reads the patient well.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.vocabulary import METER_NAMES

RATINGS = {
    "tension": "Did you experience tension or misunderstanding with the patient? How much? (1-5)",
    "resolved": "How resolved was it by the end? (1-5)",
}
ESTIMATES = {m: f"Where did the {METER_NAMES[m]} end? (0-100)" for m in ("bond", "goals", "tasks", "real")}
QUESTIONS = {**RATINGS, **ESTIMATES}
REQUIRED = ("tension", "resolved", "bond", "goals", "tasks")
CLOSE = {"rating": 1, "meter": 10}


def check_answers(answers: dict) -> list[str]:
    """What is wrong with a set of answers, in words; empty when they are fine."""
    problems = []
    for key in answers:
        if key not in QUESTIONS:
            problems.append(f"unknown question '{key}' (questions: {', '.join(QUESTIONS)})")
    for key in REQUIRED:
        if key not in answers:
            problems.append(f"'{key}' is not answered")
    for key, value in answers.items():
        if key not in QUESTIONS:
            continue
        lo, hi = (1, 5) if key in RATINGS else (0, 100)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            problems.append(f"'{key}' must be a whole number from {lo} to {hi}, not {value!r}")
    return problems


@dataclass(frozen=True)
class Item:
    key: str
    question: str
    answer: int
    simulated: int | None
    scale: str

    @property
    def difference(self) -> int | None:
        return None if self.simulated is None else self.answer - self.simulated

    @property
    def verdict(self) -> str:
        if self.simulated is None:
            return "not rated"
        d = self.answer - self.simulated
        if abs(d) <= CLOSE[self.scale]:
            return "close"
        return "over-estimated" if d > 0 else "under-estimated"

    def to_json(self) -> dict:
        return {"key": self.key, "question": self.question, "answer": self.answer, "simulated": self.simulated,
                "difference": self.difference, "verdict": self.verdict}


@dataclass(frozen=True)
class QuestionnaireReview:
    items: list[Item]

    @property
    def close(self) -> int:
        return sum(1 for i in self.items if i.verdict == "close")

    @property
    def rated(self) -> int:
        return sum(1 for i in self.items if i.simulated is not None)

    def to_json(self) -> dict:
        return {"items": [i.to_json() for i in self.items], "close": self.close, "rated": self.rated}


def review(answers: dict, episodes: list, final_meters: dict) -> QuestionnaireReview:
    tension = max((e.significance.overall for e in episodes), default=1)
    resolved = episodes[-1].resolution.degree if episodes else None
    simulated = {"tension": tension, "resolved": resolved, **final_meters}
    items = []
    for key, question in QUESTIONS.items():
        if key in answers:
            items.append(Item(key, question, int(answers[key]), simulated[key], "rating" if key in RATINGS else "meter"))
    return QuestionnaireReview(items)
