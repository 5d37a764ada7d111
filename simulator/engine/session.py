"""One practice session with one patient: the API every front end drives.

A session offers the patient's current line and cue, the moves on offer,
``choose(move)``, the meters, the clinical state and stage, and how it ended.
Its whole state is a small immutable Snapshot, so rewinding, saving and
searching the profile all restore the same way.

A move is played through the patient's ``transitions`` machine (``choose``, ``step``); the
sessions of one Patient share that machine, built on the first move (``machine_of``).
Searches that only need where a move leads use ``advance``, which moves the model straight to
the outcome's target: the same snapshot, without the trigger's cost.
"""

from __future__ import annotations

import threading
import weakref
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from transitions import Machine

from .conditions import alliance
from .patient import Outcome, Patient
from .patient_machine import PatientModel, build_machine, trigger_name
from .vocabulary import METERS, PULLS

if TYPE_CHECKING:
    from .profile_model import Move

SPELLED_OUT = ("bond", "goals", "tasks", "real")
"""The meters as a move, a snapshot and a restore name them one by one, which is faster than looping over METERS."""
assert SPELLED_OUT == METERS, "session.py spells the meters out: update it with the vocabulary"

_new = tuple.__new__
"""``_new(LogCell, (turn, before, earlier))``: a named tuple built without its keyword-checking constructor."""

NOTHING = "nothing"
"""The answer "nothing in particular" to "What do you notice in yourself?"."""
PULL_ANSWERS = tuple(PULLS) + (NOTHING,)


class MoveUnavailable(ValueError):
    """The move is not on offer now; ``offered`` lists what is."""

    def __init__(self, move: str, offered: list[str], ended: str | None = None):
        self.move, self.offered, self.ended = move, offered, ended
        if ended:
            text = f"the session has ended ({ended}); no move is on offer"
        else:
            text = f"move '{move}' is not on offer now; on offer: {', '.join(offered) or 'nothing'}"
        super().__init__(text)


@dataclass(slots=True)
class Turn:
    """One exchange: the therapist's move and everything it changed.

    Read-only by convention (snapshots share turns); not ``frozen`` because a frozen
    dataclass of this size costs half a ``transitions`` trigger to build, every move.
    """

    number: int
    move: str
    says: str
    patient: str
    cue: str
    marker: str | None
    thought: str | None
    beat_before: str
    state_before: str
    stage_before: str | None
    beat: str
    state: str
    stage: str | None
    meters: dict
    deltas: dict
    flags: tuple[str, ...]
    cause: str | None
    ended: str | None
    typed: str | None = None
    """The trainee's own words when the move was typed in free-response mode and heard as ``move``."""
    pull: dict | None = None
    """The pull authored at the beat the move was made from ({kind, note}), if any (format 2)."""
    pull_answer: str | None = None
    """What the trainee said they noticed in themselves there: a pull kind, "nothing", or None when not asked."""
    session: str | None = None
    """The session of a course the move was made in; None for a one-session profile."""

    def to_json(self) -> dict:
        extra = {} if self.pull is None and self.pull_answer is None else {
            "pull": self.pull, "pull_answer": self.pull_answer}
        if self.session is not None:
            extra["session"] = self.session
        return {
            "number": self.number,
            "move": self.move,
            "says": self.says,
            "patient": self.patient,
            "cue": self.cue,
            "marker": self.marker,
            "thought": self.thought,
            "beat_before": self.beat_before,
            "state_before": self.state_before,
            "stage_before": self.stage_before,
            "beat": self.beat,
            "state": self.state,
            "stage": self.stage,
            "meters": dict(self.meters),
            "deltas": dict(self.deltas),
            "flags": list(self.flags),
            "cause": self.cause,
            "ended": self.ended,
            "typed": self.typed,
        } | extra


class LogCell(NamedTuple):
    """One link of a session's history: the turn, the snapshot just before it, and the history before that.

    Snapshots share these links, so keeping a snapshot at every turn costs one cell per turn.
    """

    turn: Turn
    before: Snapshot
    earlier: LogCell | None


@dataclass(slots=True)
class Snapshot:
    """Everything a session is at one moment, kept at every turn and restored by searches.

    Read-only by convention, like ``Turn``: a frozen dataclass of this size costs a sixth of a
    ``transitions`` trigger to build, and every move and every search step builds one.
    """

    beat: str
    meters: tuple[int, ...]
    flags: frozenset
    turn: int
    cause: str | None
    ended: str | None
    end_reason: str | None
    log: LogCell | None
    """The history, newest turn first, shared between snapshots."""
    counts: tuple = ()
    """The counts of moves made that conditions read (``Patient.history``)."""
    previous: str | None = None
    session_at: int = 0
    """Which session of a course is being played (an index into ``sessions``)..."""
    session_start: int = 0
    """...and the turn it opened at."""

    def turns_since(self, root: Snapshot) -> list[Turn]:
        """The turns played from ``root`` (an earlier snapshot of the same session) to this one, oldest first."""
        out, cell = [], self.log
        while cell is not None and cell is not root.log:
            out.append(cell.turn)
            cell = cell.earlier
        out.reverse()
        return out


class Session:
    def __init__(self, patient: Patient, seed: int = 0):
        self.patient = patient
        self.seed = seed
        spec = patient.spec
        self.meters: dict[str, int] = {m: getattr(spec.meters, m).start for m in METERS}
        self.flags: frozenset[str] = frozenset()
        self.turn = 0
        self.cause: str | None = spec.states[patient.state_of[patient.initial]].cause
        self.ended: str | None = None
        self.end_reason: str | None = None
        self._log: LogCell | None = None
        self.counts: tuple = patient.history.start
        self.previous: str | None = None
        self.session_at = 0
        self.session_start = 0
        self._course = {c.id: i for i, c in enumerate(spec.sessions or ())}
        self._model = PatientModel()
        self._model._beat = patient.initial  # what Machine.add_model does, minus the bindings _DataMachine skips
        self._events: dict | None = None
        self._start = self.snapshot()

    @property
    def _machine(self) -> Machine:
        """The patient's machine, shared with its other sessions (``machine_of``)."""
        return machine_of(self.patient)

    # -- what the patient is now -------------------------------------------------
    @property
    def beat(self) -> str:
        return self._model._beat

    @property
    def state(self) -> str:
        return self.patient.state_of[self._model.state]

    @property
    def kind(self) -> str:
        return self.patient.spec.states[self.state].kind

    @property
    def stage(self) -> str | None:
        return stage_of(self.patient, self.state)

    @property
    def alliance(self) -> float:
        return alliance(self.meters)

    @property
    def last(self) -> Turn | None:
        return self._log.turn if self._log else None

    # -- the course of sessions (format 2) --------------------------------------------
    @property
    def session_id(self) -> str | None:
        """The id of the session of the course being played; None for a one-session profile."""
        return self.patient.rules.session_ids[self.session_at]

    @property
    def opening(self):
        """The opening of the session being played."""
        course = self.patient.spec.sessions
        return course[self.session_at].opening if course else self.patient.spec.opening

    @property
    def max_turns(self) -> int:
        """The turn limit of the session being played."""
        return self.patient.rules.turn_limits[self.session_at]

    @property
    def session_turn(self) -> int:
        """Moves made in the session being played."""
        return self.turn - self.session_start

    @property
    def interval(self) -> str | None:
        """Right after a reply that opened the next session: its interval text ("A week later."), to show between."""
        course = self.patient.spec.sessions
        if not course or not self._log or self._log.turn.session == self.session_id:
            return None
        return course[self.session_at].interval

    @property
    def sessions_played(self) -> list[str]:
        out = [t.session for t in self.turns if t.session is not None] + [self.session_id]
        return list(dict.fromkeys(s for s in out if s is not None))

    def _said(self) -> Turn | None:
        """The turn whose reply the patient said last; None until a move is made in the session being played,
        while its opening is what the patient said last."""
        cell = self._log
        return None if cell is None or cell.turn.session != self.session_id else cell.turn

    @property
    def line(self) -> str:
        return self.opening.line if (said := self._said()) is None else said.patient

    @property
    def cue(self) -> str:
        return self.opening.cue if (said := self._said()) is None else said.cue

    @property
    def marker(self) -> str | None:
        return self.opening.marker if (said := self._said()) is None else said.marker

    @property
    def thought(self) -> str | None:
        return self.opening.thought if (said := self._said()) is None else said.thought

    @property
    def epilogue(self) -> str | None:
        if self.ended and self.state in self.patient.endings:
            return self.patient.endings[self.state].epilogue
        return None

    @property
    def turns(self) -> list[Turn]:
        return self.snapshot().turns_since(self._start)

    @property
    def pull(self):
        """The pull authored at the current beat (a ``Pull`` with ``kind`` and ``note``), or None."""
        return None if self.ended else self.patient.rules.pull_of[self._model._beat]

    def recent_moves(self, n: int) -> tuple[str, ...]:
        """The last ``n`` moves chosen (fewer near the start), oldest first."""
        out: list[str] = []
        cell = self._log
        while cell is not None and len(out) < n:
            out.append(cell.turn.move)
            cell = cell.earlier
        return tuple(reversed(out))

    def options(self) -> list[str]:
        """Move ids on offer now, in the profile's order; empty once the session has ended."""
        if self.ended:
            return []
        beat = self._model._beat
        fixed = self.patient.rules.fixed_offer.get(beat)
        if fixed is not None:
            return list(fixed)
        return [r.move for r in self.patient.beats[beat].options if r.available(self)]

    def move(self, move_id: str) -> Move:
        return self.patient.spec.moves[move_id]

    # -- playing ------------------------------------------------------------------
    def choose(self, move: str, typed: str | None = None, pull_answer: str | None = None) -> Turn:
        """Make a move (``typed``: the words it was heard from); raises MoveUnavailable when it is not on offer now.

        ``pull_answer`` is what the trainee noticed in themselves before the move
        (a pull kind or "nothing"), kept in the turn beside the authored pull.
        """
        if pull_answer is not None and pull_answer not in PULL_ANSWERS:
            raise ValueError(f"unknown pull '{pull_answer}'; one of: {', '.join(PULL_ANSWERS)}")
        before = self.snapshot()
        patient = self.patient
        rules = patient.rules
        beat_before = self._model._beat
        authored = None if self.ended else rules.pull_of[beat_before]
        played_in = rules.session_ids[self.session_at]
        state_before = patient.state_of[beat_before]
        outcome = self.step(move)
        reply = pick_reply(outcome.replies, self.seed, self.turn, beat_before, move)
        old = before.meters
        meters = self.meters
        beat = self._model._beat
        state = patient.state_of[beat]
        stage_before = rules.stage_of[state_before]
        deltas = {}
        for name, was in zip(SPELLED_OUT, old):
            now = meters[name]
            if now != was:
                deltas[name] = now - was
        turn = Turn(  # positional, in field order: keywords cost a tenth of a move here
            self.turn, move, patient.spec.moves[move].says, reply, outcome.cue, outcome.marker, outcome.thought,
            beat_before, state_before, stage_before,
            beat, state, stage_before if state == state_before else rules.stage_of[state],
            dict(meters), deltas, tuple(sorted(self.flags)) if self.flags else (), self.cause, self.ended,
            typed, None if authored is None else {"kind": authored.kind, "note": authored.note}, pull_answer,
            played_in,
        )
        self._log = _new(LogCell, (turn, before, self._log))
        return turn

    def advance(self, move: str) -> Outcome:
        """``step`` without the ``transitions`` trigger: the model is moved straight to the outcome's target.

        For searches, which play a profile thousands of times a second and only need where a move
        leads: the machine has one unconditional transition per (beat, move, target) and no callbacks,
        so the trigger would do exactly this; the snapshot after it is the one ``step`` gives
        (tests/test_session_advance.py holds that over seeded random play).
        """
        return self.step(move, trigger=False)

    def step(self, move: str, trigger: bool = True) -> Outcome:
        """The engine's half of ``choose``: the move's effect on the patient, with no Turn recorded.

        Searching a profile's state space (simulator.authoring.explore) needs only where a move leads,
        thousands of times a second; ``line``, ``turns`` and ``undo`` do not see a stepped
        move, so go back with ``restore``. ``trigger=False`` is ``advance``.
        """
        if self.ended:
            raise MoveUnavailable(move, [], self.ended)
        patient = self.patient
        beat = self._model._beat
        rule = patient.option_at[beat].get(move)
        if rule is None or not rule.available(self):
            raise MoveUnavailable(move, self.options())
        history = patient.history
        if move in history.bumps:
            self.counts = history.bump(self.counts, move)
        outcome = rule.fallback
        for holds, branch in rule.branches:
            if holds(self):
                outcome = branch
                break
        meters = self.meters
        for name, delta in outcome.effects:
            meters[name] = min(100, max(0, meters[name] + delta))
        if outcome.sets or outcome.clears:
            self.flags = (self.flags | outcome.sets) - outcome.clears
        target = outcome.target
        if trigger:
            events = self._events
            if events is None:
                events = self._events = self._machine.events
            events[trigger_name(move, target)].trigger(self._model)
        else:
            self._model._beat = target
        if history.tracks_previous:
            self.previous = move
        self.turn += 1
        if outcome.next_session is not None:
            self.session_at = self._course[outcome.next_session]
            self.session_start = self.turn
            self.counts = history.new_session(self.counts)
        if outcome.cause is not None:
            self.cause = outcome.cause
        else:
            state_of = patient.state_of
            state = state_of[target]
            if state != state_of[beat]:
                cause = patient.rules.cause_of[state]
                if cause is not None:
                    self.cause = cause
        self._check_ending(target, trigger)
        return outcome

    def _check_ending(self, beat: str, trigger: bool = True) -> None:
        """Whether the session ended on arriving at ``beat``: an ending, a dropout, the turn limit, or nothing on offer."""
        patient = self.patient
        ending = patient.endings.get(beat)
        if ending is not None:
            self.ended = ending.ending
            self.end_reason = "state"
            return
        rules = patient.rules
        reason = None
        meters = self.meters
        floor_total = rules.alliance_floor_total
        if floor_total is not None and meters["bond"] + meters["goals"] + meters["tasks"] + meters["real"] < floor_total:
            reason = f"alliance below {patient.spec.dropout.alliance_below}"
        if reason is None:
            for name, floor in rules.meter_floors:
                if meters[name] < floor:
                    reason = f"{name} below {floor}"
                    break
        if reason:
            if trigger:
                self._machine.set_state(rules.dropout_state, self._model)
            else:
                self._model._beat = rules.dropout_state
            self.ended = "dropout"
            self.end_reason = reason
        elif self.turn - self.session_start >= rules.turn_limits[self.session_at]:
            self.ended = "unresolved"
            self.end_reason = "turn limit"
        elif beat not in rules.always_offers:
            for r in patient.beats[beat].options:
                if r.available(self):
                    return
            self.ended = "unresolved"
            self.end_reason = "no move on offer"

    # -- snapshots and rewinding ----------------------------------------------------
    def snapshot(self) -> Snapshot:
        m = self.meters
        return Snapshot(self._model._beat, (m["bond"], m["goals"], m["tasks"], m["real"]), self.flags,
                        self.turn, self.cause, self.ended, self.end_reason, self._log, self.counts, self.previous,
                        self.session_at, self.session_start)

    def restore(self, snap: Snapshot) -> None:
        self._model._beat = snap.beat  # what Machine.set_state does for a state named by a string, minus its lookups
        bond, goals, tasks, real = snap.meters
        self.meters = {"bond": bond, "goals": goals, "tasks": tasks, "real": real}
        self.flags = snap.flags
        self.turn = snap.turn
        self.cause = snap.cause
        self.ended = snap.ended
        self.end_reason = snap.end_reason
        self._log = snap.log
        self.counts = snap.counts
        self.previous = snap.previous
        self.session_at = snap.session_at
        self.session_start = snap.session_start

    def undo(self) -> bool:
        """Take back the last move; False when there is none."""
        if self._log is None:
            return False
        self.restore(self._log.before)
        return True

    def rewind_to(self, turns_kept: int) -> None:
        """Go back to the moment after ``turns_kept`` moves (0 is the start)."""
        if not 0 <= turns_kept <= self.turn:
            raise ValueError(f"can rewind to a turn between 0 and {self.turn}, not {turns_kept}")
        cell = self._log
        while cell is not None and cell.turn.number > turns_kept:
            if cell.turn.number == turns_kept + 1:
                self.restore(cell.before)
                return
            cell = cell.earlier

    def reset(self) -> None:
        self.restore(self._start)


_MACHINES: dict[int, tuple[weakref.ref, Machine]] = {}
_BUILDING = threading.Lock()


def machine_of(patient: Patient) -> Machine:
    """The one machine every session of ``patient`` moves through, built on the first move and dropped with
    the Patient.

    ``transitions`` keeps a model's state on the model and fires a trigger for any model it is handed, so
    sessions share the machine without registering with it (it keeps no model list to grow, and its
    trigger keeps no state between calls: safe from a hint's thread). A profile reloaded (F5) is a new
    Patient and so gets a new machine; sessions of the old one keep theirs.
    """
    key = id(patient)
    held = _MACHINES.get(key)
    if held is not None and held[0]() is patient:
        return held[1]
    with _BUILDING:
        held = _MACHINES.get(key)
        if held is not None and held[0]() is patient:
            return held[1]
        machine = build_machine(patient)

        def gone(ref: weakref.ref, key: int = key) -> None:
            if _MACHINES.get(key, (None,))[0] is ref:
                del _MACHINES[key]

        _MACHINES[key] = (weakref.ref(patient, gone), machine)
        return machine


def pick_reply(replies: tuple[str, ...], seed: int, turn: int, beat_before: str, move: str) -> str:
    """The variant a session with this seed gives after ``turn`` moves; the same every time."""
    if len(replies) == 1:
        return replies[0]
    return replies[zlib.crc32(f"{seed}|{turn}|{beat_before}|{move}".encode()) % len(replies)]


def stage_of(patient: Patient, state_id: str) -> str | None:
    return patient.rules.stage_of[state_id]
