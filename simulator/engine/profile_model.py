"""The patient profile format as typed models: one source for validation and the JSON Schema.

The field descriptions here are what an author's editor shows on hover, so they
say what a field means clinically, not only its type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, Optional, TypeVar, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from . import looks
from . import vocabulary as v
from .shown_text import multi_line, one_line

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(multi_line)]
"""Displayed text that may run over several lines (only '\\n' breaks it; no control or invisible-only text)."""
Line = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(one_line)]
"""Displayed text on one line: a name, a button label."""
MeterValue = Annotated[int, Field(ge=0, le=100)]

if TYPE_CHECKING:
    # a Literal built from the vocabulary at run time is opaque to mypy, which sees each as the str it holds
    Kind = str
    Stage = str
    Cause = str
    Marker = str
    Strategy = str
    Principle = str
    Approach = str
    Ending = str
    MeterName = str
    MeterOrAlliance = str
    PullKind = str
    Gaze = str
    Expression = str
    Arms = str
    Posture = str
    Colour = str
    Prop = str
else:
    Kind = Literal[tuple(v.KINDS)]
    Stage = Literal[tuple(v.STAGES)]
    Cause = Literal[tuple(v.CAUSES)]
    Marker = Literal[tuple(v.MARKERS)]
    Strategy = Literal[tuple(v.STRATEGIES)]
    Principle = Literal[tuple(v.PRINCIPLES)]
    Approach = Literal[tuple(v.APPROACHES)]
    Ending = Literal[tuple(v.ENDINGS)]
    MeterName = Literal[v.METERS]
    MeterOrAlliance = Literal[v.METERS + ("alliance",)]
    PullKind = Literal[tuple(v.PULLS)]
    Gaze = Literal[looks.GAZES]
    Expression = Literal[looks.EXPRESSIONS]
    Arms = Literal[looks.ARMS]
    Posture = Literal[looks.POSTURE_NAMES]
    Colour = Literal[looks.COLOURS]
    Prop = Literal[looks.PROPS]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True, frozen=True)


class Range(_Strict):
    """Inclusive bounds; either may be left out."""

    min: Optional[int] = None
    max: Optional[int] = None


class Chosen(_Strict):
    """How often a move (or any move of a strategy) has been chosen; format 2."""

    move: Optional[Ident] = Field(None, description="count this move; give 'move' or 'strategy', not both")
    strategy: Optional[Strategy] = Field(None, description="count every move of this strategy")
    min: Optional[Annotated[int, Field(ge=0, le=500)]] = Field(None, description="at least this many times")
    max: Optional[Annotated[int, Field(ge=0, le=500)]] = Field(None, description="at most this many times")
    within: Literal["session", "course"] = Field(
        "session", description="count in the session being played (the default) or across the whole course")


class Previous(_Strict):
    """The therapist's last move before the one being judged; format 2."""

    move: Optional[Ident] = Field(None, description="the last move was this one; give 'move' or 'strategy', not both")
    strategy: Optional[Strategy] = Field(None, description="the last move was of this strategy")


class Condition(_Strict):
    """Structured data, compiled to Python when the profile loads. All given parts must hold."""

    flags: list[Ident] = Field(default_factory=list, description="flags that must all be set")
    not_flags: list[Ident] = Field(default_factory=list, description="flags that must all be unset")
    meters: dict[MeterOrAlliance, Range] = Field(
        default_factory=dict, description="meter bounds; 'alliance' is the mean of the four meters"
    )
    turn: Optional[Range] = Field(None, description="bounds on the number of moves made so far")
    cause: Optional[Cause] = Field(None, description="who caused the rupture now in play")
    session: Optional[Ident] = Field(None, description="format 2: this session of the course is being played")
    chosen: Optional[Chosen] = Field(
        None, description="format 2: how often a move or strategy has been chosen; judging a branch, the move "
        "being made counts")
    previous: Optional[Previous] = Field(
        None, description="format 2: the therapist's last move before the one being chosen")
    any: list["Condition"] = Field(default_factory=list, description="at least one of these must hold")
    not_: Optional["Condition"] = Field(None, alias="not", description="this must not hold")


class Briefing(_Strict):
    presenting_problem: Text
    background: Text
    relational_pattern: Text = Field(description="the pattern the patient brings into relationships (§2, §4.7)")
    rupture_tendency: Literal["withdrawal", "confrontation", "mixed"]
    watch_for: Text = Field(description="what the trainee should watch for: markers, the pull (§3)")


class MeterSpec(_Strict):
    start: MeterValue


class Meters(_Strict):
    bond: MeterSpec
    goals: MeterSpec
    tasks: MeterSpec
    real: MeterSpec


class Dropout(_Strict):
    """When the patient leaves: the alliance falls too low, or a reply leads to the dropout state."""

    state: Ident = Field(description="the ending state (ending: dropout) the patient goes to")
    alliance_below: Optional[MeterValue] = Field(None, description="drop out when the mean of the four meters falls below this")
    meter_below: dict[MeterName, MeterValue] = Field(
        default_factory=dict, description="drop out when any named meter falls below its value")


class Move(_Strict):
    """A therapist move in the library; beats offer moves by id."""

    label: Line = Field(description="short text for the button")
    says: Text = Field(description="the therapist's words")
    strategy: Strategy = Field(description="what the move does, in the clinical model's vocabulary (§5)")
    approach: Optional[Approach] = Field(None, description="immediate or exploratory; defaults from the strategy")
    honours: list[Principle] = Field(default_factory=list, description="metacommunication principles it honours (§4)")
    breaks: list[Principle] = Field(default_factory=list, description="metacommunication principles it breaks (§4)")
    note: Optional[Text] = Field(None, description="for instructors and the debrief: why this move helps or hurts")
    examples: list[Line] = Field(
        default_factory=list,
        description="paraphrases a trainee might type for this move in free-response mode; vary the register")


Effects = dict[MeterName, Annotated[int, Field(ge=-100, le=100)]]
Replies = Union[Text, Annotated[list[Text], Field(min_length=1)]]


class PoseSpec(_Strict):
    """The patient's pose while saying this line, said outright; each part given overrides what the cue's words
    would draw, and parts left out still come from the cue."""

    gaze: Optional[Gaze] = Field(None, description="where the patient looks: " + ", ".join(looks.GAZES))
    expression: Optional[Expression] = Field(
        None, description="the face: " + ", ".join(looks.EXPRESSIONS))
    arms: Optional[Arms] = Field(None, description="arms and hands: " + ", ".join(looks.ARMS))
    posture: Optional[Posture] = Field(
        None, description="how the patient sits: " + ", ".join(looks.POSTURES))
    breath: Optional[bool] = Field(None, description="true draws a sigh or a breath let out at the mouth")
    colour: Optional[Colour] = Field(None, description="the face's colour: " + ", ".join(looks.COLOURS))
    nod: Optional[bool] = Field(None, description="true draws a nod")


class Appearance(_Strict):
    """How the patient looks, beyond age and name: data only, drawn by the front end."""

    props: Annotated[list[Prop], Field(max_length=4)] = Field(
        default_factory=list, description="up to four things the patient brings, wears or holds: " + ", ".join(looks.PROPS))


class _OutcomeFields(_Strict):
    reply: Optional[Replies] = Field(None, description="the patient's reply; a list gives seeded variants")
    cue: Optional[Text] = Field(None, description="the nonverbal cue that goes with the reply")
    marker: Optional[Marker] = Field(None, description="the 3RS rupture marker this reply shows (§2)")
    effects: Effects = Field(default_factory=dict, description="meter changes, clamped to 0–100")
    set: list[Ident] = Field(default_factory=list, description="flags the patient remembers from now on")
    clear: list[Ident] = Field(default_factory=list, description="flags forgotten from now on")
    next: Optional[Ident] = Field(None, description="the beat (or state) the conversation moves to")
    next_session: Optional[Ident] = Field(
        None, description="format 2, instead of 'next': this reply ends the session, and the course goes on to the "
        "session with this id, at its opening")
    cause: Optional[Cause] = Field(None, description="who caused the rupture this reply opens")
    thought: Optional[Text] = Field(None, description="what the patient is thinking (shown in learning mode)")
    pose: Optional[PoseSpec] = Field(None, description="the patient's pose, said outright instead of read from the cue")


class Branch(_OutcomeFields):
    """A variant of an option's outcome; the first branch whose condition holds wins."""

    when: Condition


class Option(_OutcomeFields):
    """A move on offer in a beat, and what it leads to. Its own fields are the default outcome."""

    move: Ident
    when: Optional[Condition] = Field(None, description="the move is on offer only when this holds")
    branches: list[Branch] = Field(default_factory=list)


class Pull(_Strict):
    """What the patient's behaviour at this beat pulls for in the therapist (§3, §7); format 2."""

    kind: PullKind = Field(description="the pull: " + ", ".join(v.PULLS))
    note: Optional[Text] = Field(None, description="for the debrief: how the pull shows itself here")


class Beat(_Strict):
    """One point of choice inside a clinical state."""

    note: Optional[Text] = Field(None, description="for instructors: what is happening here")
    pull: Optional[Pull] = Field(None, description="format 2: the pull the trainee is asked to notice at this beat")
    options: Annotated[list[Option], Field(min_length=1)]


class State(_Strict):
    """A clinical state of the patient (clinical model §2–3)."""

    kind: Kind
    stage: Optional[Stage] = Field(None, description="stage in the resolution model; defaults from the kind")
    cause: Optional[Cause] = Field(None, description="who caused this rupture, set on entering the state")
    relationship: Literal[tuple(v.RELATIONSHIPS)] = "working"  # type: ignore[valid-type]
    resolution_kind: Optional[Literal["self_assertion", "vulnerability"]] = Field(
        None, description="format 2, for a state at the resolution stage: the form the resolution takes here "
        "(clinical model §3, stage 5): 'self_assertion', the patient states a wish or need directly, or "
        "'vulnerability', disappointment, hurt, the wish to be cared for. The debrief names it; without it, the "
        "debrief says which form the model expects on the path the patient took")
    description: Optional[Text] = None
    ending: Optional[Ending] = Field(None, description="entering this state ends the session")
    epilogue: Optional[Text] = Field(None, description="what happens after an ending")
    beats: dict[Ident, Beat] = Field(default_factory=dict)


class Opening(_Strict):
    beat: Ident
    line: Text
    cue: Text
    marker: Optional[Marker] = Field(None, description="the 3RS rupture marker the opening line shows (§2)")
    thought: Optional[Text] = None
    pose: Optional[PoseSpec] = Field(None, description="the patient's pose, said outright instead of read from the cue")


TurnLimit = Annotated[int, Field(ge=1, le=500)]


class CourseSession(_Strict):
    """One session of a course (format 2): its opening and its own turn limit."""

    id: Ident
    interval: Optional[Text] = Field(None, description="shown before this session opens, e.g. 'A week later.'")
    opening: Opening
    max_turns: TurnLimit = Field(description="after this many moves in this session, the course ends unresolved")


class Profile(_Strict):
    """A patient profile (format 1, or format 2 for the fields marked so)."""

    format: Literal[1, 2]
    id: Ident
    name: Line
    age: Annotated[int, Field(ge=5, le=110)]
    difficulty: Annotated[int, Field(ge=1, le=5)]
    summary: Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(one_line)] = Field(
        description="one line for the patient menu"
    )
    briefing: Briefing
    meters: Meters
    flags: dict[Ident, Text] = Field(default_factory=dict, description="flags the patient can remember, with what each means")
    dropout: Dropout
    max_turns: Optional[TurnLimit] = Field(
        None, description="after this many moves the session ends unresolved; with 'sessions', each has its own")
    opening: Optional[Opening] = Field(None, description="how the session opens; with 'sessions', each has its own")
    sessions: Optional[Annotated[list[CourseSession], Field(min_length=1)]] = Field(
        None, description="format 2, instead of 'opening' and 'max_turns': a course of sessions, played in the "
        "order replies lead with 'next_session'")
    moves: dict[Ident, Move]
    states: dict[Ident, State]
    portrait: Optional[Annotated[str, StringConstraints(min_length=1, max_length=255)]] = Field(
        None, description="a .png or .jpg picture of the patient, as a path inside the profile's folder"
    )
    appearance: Optional[Appearance] = Field(None, description="how the drawn patient looks: the props that are theirs")

    @model_validator(mode="after")
    def _course_defaults(self):
        """With ``sessions``, ``opening`` is the first session's and ``max_turns`` the whole course's,
        so every reader of a one-session profile reads a course too (the loader reports writing both)."""
        if self.sessions and self.opening is None and self.max_turns is None:
            object.__setattr__(self, "opening", self.sessions[0].opening)
            object.__setattr__(self, "max_turns", sum(x.max_turns for x in self.sessions))
        return self


def opening_of(spec: Profile) -> Opening:
    """The opening every loaded profile has: its own, or its course's first session's (see ``_course_defaults``)."""
    return _loaded(spec, spec.opening, "opening")


def max_turns_of(spec: Profile) -> int:
    """The turn limit every loaded profile has: its own, or its whole course's (see ``_course_defaults``)."""
    return _loaded(spec, spec.max_turns, "max_turns")


_T = TypeVar("_T")


def _loaded(spec: Profile, value: _T | None, field: str) -> _T:
    if value is None:
        raise ValueError(f"profile '{spec.id}' has no {field}: it was not checked by the profile loader")
    return value
