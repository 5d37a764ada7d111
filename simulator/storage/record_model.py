"""The fields of a transcript, autosave or kept session that the program reads, as pydantic models.

Only simulator.storage.records validates with them, and imports them only for a
record whose bytes it has not seen pass before, so reading known records builds no model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from ..engine.shown_text import one_line
from ..engine.vocabulary import PULLS
from .records import MAX_TURNS, MAX_TYPED


def _iso_time(text: str) -> str:
    datetime.fromisoformat(text)
    return text


Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Shown = Annotated[str, StringConstraints(max_length=200), AfterValidator(one_line)]
Count = Annotated[int, Field(ge=0, le=10**9)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class Turn(_Open):
    move: Id
    pull_answer: Literal[tuple(PULLS) + ("nothing",)] | None = None  # type: ignore[valid-type]
    """What the trainee noticed in themselves before the move (format 2 pulls)."""
    typed: Annotated[str, StringConstraints(max_length=MAX_TYPED)] | None = None
    """The trainee's own words in free response (simulator.play.understanding)."""


class Opening(_Open):
    marker: Id | None = None


class Detection(_Open):
    flags: Annotated[list[Count], Field(max_length=MAX_TURNS)]


class Record(_Open):
    """The fields of a transcript (and of a save, which adds ``saved_at``) that the program reads."""

    format: Literal["rupture-transcript"]
    version: Annotated[int, Field(ge=0, le=10**6)]
    patient: Id
    patient_name: Shown | None = None
    profile_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    profile_path: Annotated[str, StringConstraints(min_length=1, max_length=4096)] | None = None
    seed: Annotated[int, Field(ge=-(2**63), le=2**63 - 1)] = 0
    opening: Opening | None = None
    turns: Annotated[list[Turn], Field(max_length=MAX_TURNS)]
    ended: Id | None = None
    saved_at: Annotated[str, StringConstraints(max_length=64), AfterValidator(_iso_time)] | None = None
    trainee: Shown | None = None
    hints_used: Count | None = None
    detection: Detection | None = None
    questionnaire: dict[Annotated[str, StringConstraints(max_length=64)], Annotated[int, Field(ge=-100, le=100)]] | None = None
