"""A loaded profile compiled for play: beats, options and outcomes as plain Python objects.

The pydantic models describe the file; these describe the patient at run time,
with conditions already compiled and every ``next`` resolved to a machine state,
so a move costs a few attribute reads rather than a walk through the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .conditions import History, Predicate

if TYPE_CHECKING:
    from .profile_model import Profile, State
    from .yaml_source import YamlSource


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one move does from one beat when its branch is taken."""

    replies: tuple[str, ...]
    cue: str
    marker: str | None
    effects: tuple[tuple[str, int], ...]
    sets: frozenset[str]
    clears: frozenset[str]
    target: str
    cause: str | None
    thought: str | None
    loc: tuple = ()
    """Where in the profile the outcome is written, for located messages."""
    next_session: str | None = None
    """The course's next session, which this reply opens (``target`` is its opening beat)."""


@dataclass(frozen=True, slots=True)
class OptionRule:
    move: str
    available: Predicate
    branches: tuple[tuple[Predicate, Outcome], ...]
    fallback: Outcome
    loc: tuple = ()


@dataclass(frozen=True, slots=True)
class BeatRule:
    name: str
    state: str
    options: tuple[OptionRule, ...]
    loc: tuple = ()


@dataclass
class Patient:
    """A validated, compiled profile, ready to start sessions from."""

    spec: Profile
    path: str
    sha256: str
    source: YamlSource | None
    beats: dict[str, BeatRule]
    endings: dict[str, State]
    initial: str
    state_of: dict[str, str] = field(default_factory=dict)
    """Machine state (beat or ending) -> clinical state id."""
    history: History = field(default_factory=History)
    """The counts of moves made that the profile's conditions read (format 2)."""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @cached_property
    def option_at(self) -> dict[str, dict[str, OptionRule]]:
        """Per beat, its options by move id, so a move finds its rule in one lookup."""
        return {name: {r.move: r for r in beat.options} for name, beat in self.beats.items()}

    def state(self, machine_state: str) -> State:
        return self.spec.states[self.state_of[machine_state]]

    def locate(self, loc: tuple) -> tuple[int, int]:
        return self.source.locate(loc) if self.source else (1, 1)
