"""A loaded profile compiled for play: beats, options and outcomes as plain Python objects.

The pydantic models describe the file; these describe the patient at run time,
with conditions already compiled and every ``next`` resolved to a machine state,
so a move costs a few attribute reads rather than a walk through the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .conditions import History, Predicate, always
from .vocabulary import DEFAULT_STAGE, METERS

if TYPE_CHECKING:
    from .profile_model import Profile, Pull, State
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


@dataclass(frozen=True, slots=True)
class PlayRules:
    """What a session checks after every move, read from the profile once so a move reads no schema."""

    alliance_floor_total: int | None
    """Drop out when the meters' total falls below this (the alliance floor times the number of meters)."""
    meter_floors: tuple[tuple[str, int], ...]
    dropout_state: str
    turn_limits: tuple[int, ...]
    """The turn limit of each session of the course (one entry for a one-session profile)."""
    cause_of: dict[str, str | None]
    """Clinical state id -> the cause entering it sets (None: it keeps the cause in play)."""
    always_offers: frozenset[str]
    """Beats with an option that has no condition, so a move is always on offer there."""
    stage_of: dict[str, str | None]
    """Clinical state id -> its stage, authored or the default for its kind."""
    pull_of: dict[str, Pull | None]
    """Beat -> the pull authored there."""
    session_ids: tuple[str | None, ...]
    """The id of each session of the course ((None,) for a one-session profile)."""
    fixed_offer: dict[str, tuple[str, ...]]
    """Beats none of whose options has a condition -> the moves always on offer there."""


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

    @property
    def max_turns(self) -> int:
        """The turn limit of the whole profile; for a course, the model sets it to the sum of its sessions'."""
        limit = self.spec.max_turns
        if limit is None:
            raise ValueError(f"profile '{self.spec.id}' has no max_turns; load it with the profile loader")
        return limit

    @cached_property
    def rules(self) -> PlayRules:
        spec = self.spec
        dropout = spec.dropout
        return PlayRules(
            alliance_floor_total=None if dropout.alliance_below is None else dropout.alliance_below * len(METERS),
            meter_floors=tuple(dropout.meter_below.items()),
            dropout_state=dropout.state,
            turn_limits=tuple(x.max_turns for x in spec.sessions) if spec.sessions else (self.max_turns,),
            cause_of={sid: state.cause for sid, state in spec.states.items()},
            always_offers=frozenset(name for name, beat in self.beats.items()
                                    if any(r.available is always for r in beat.options)),
            stage_of={sid: state.stage or DEFAULT_STAGE.get(state.kind) for sid, state in spec.states.items()},
            pull_of={bid: beat.pull for state in spec.states.values() for bid, beat in state.beats.items()},
            session_ids=tuple(x.id for x in spec.sessions) if spec.sessions else (None,),
            fixed_offer={name: tuple(r.move for r in beat.options) for name, beat in self.beats.items()
                         if all(r.available is always for r in beat.options)},
        )

    def state(self, machine_state: str) -> State:
        return self.spec.states[self.state_of[machine_state]]

    def locate(self, loc: tuple) -> tuple[int, int]:
        return self.source.locate(loc) if self.source else (1, 1)
