"""One practice session with one patient: the API every front end drives.

A session offers the patient's current line and cue, the moves on offer,
``choose(move)``, the meters, the clinical state and stage, and how it ended.
Its whole state is a small immutable Snapshot, so rewinding, saving and
searching the profile all restore the same way.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .conditions import alliance
from .patient import Outcome, Patient
from .patient_machine import PatientModel, build_machine
from .vocabulary import DEFAULT_STAGE, METERS

if TYPE_CHECKING:
    from .profile_model import Move


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

    def to_json(self) -> dict:
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
        }


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a session is at one moment; immutable, so it can be kept at every turn."""

    beat: str
    meters: tuple[int, ...]
    flags: frozenset
    turn: int
    cause: str | None
    ended: str | None
    end_reason: str | None
    log: tuple | None
    """(Turn, Snapshot before it, previous log) — the history, shared between snapshots."""


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
        self._log: tuple | None = None
        self._model = PatientModel()
        self._taken: Outcome | None = None
        self._machine = build_machine(patient, self._model)
        self._start = self.snapshot()

    # -- what the patient is now -------------------------------------------------
    @property
    def beat(self) -> str:
        return self._model.state

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
        return self._log[0] if self._log else None

    @property
    def line(self) -> str:
        return self._log[0].patient if self._log else self.patient.spec.opening.line

    @property
    def cue(self) -> str:
        return self._log[0].cue if self._log else self.patient.spec.opening.cue

    @property
    def marker(self) -> str | None:
        return self._log[0].marker if self._log else self.patient.spec.opening.marker

    @property
    def thought(self) -> str | None:
        return self._log[0].thought if self._log else self.patient.spec.opening.thought

    @property
    def epilogue(self) -> str | None:
        if self.ended and self.state in self.patient.endings:
            return self.patient.endings[self.state].epilogue
        return None

    @property
    def turns(self) -> list[Turn]:
        out, cell = [], self._log
        while cell is not None:
            out.append(cell[0])
            cell = cell[2]
        out.reverse()
        return out

    def recent_moves(self, n: int) -> tuple[str, ...]:
        """The last ``n`` moves chosen (fewer near the start), oldest first."""
        out, cell = [], self._log
        while cell is not None and len(out) < n:
            out.append(cell[0].move)
            cell = cell[2]
        return tuple(reversed(out))

    def options(self) -> list[str]:
        """Move ids on offer now, in the profile's order; empty once the session has ended."""
        if self.ended:
            return []
        return [r.move for r in self.patient.beats[self._model.state].options if r.available(self)]

    def move(self, move_id: str) -> Move:
        return self.patient.spec.moves[move_id]

    # -- playing ------------------------------------------------------------------
    def choose(self, move: str) -> Turn:
        """Make a move; raises MoveUnavailable when it is not on offer now."""
        before = self.snapshot()
        patient = self.patient
        beat_before = self._model._beat
        state_before = patient.state_of[beat_before]
        outcome = self.step(move)
        replies = outcome.replies
        reply = replies[0] if len(replies) == 1 else replies[
            zlib.crc32(f"{self.seed}|{self.turn}|{beat_before}|{move}".encode()) % len(replies)]
        old = before.meters
        meters = self.meters
        beat = self._model._beat
        state = patient.state_of[beat]
        stage_before = stage_of(patient, state_before)
        turn = Turn(
            number=self.turn,
            move=move,
            says=patient.spec.moves[move].says,
            patient=reply,
            cue=outcome.cue,
            marker=outcome.marker,
            thought=outcome.thought,
            beat_before=beat_before,
            state_before=state_before,
            stage_before=stage_before,
            beat=beat,
            state=state,
            stage=stage_before if state == state_before else stage_of(patient, state),
            meters=dict(meters),
            deltas={m: v - o for m, v, o in zip(METERS, meters.values(), old) if v != o},
            flags=tuple(sorted(self.flags)) if self.flags else (),
            cause=self.cause,
            ended=self.ended,
        )
        self._log = (turn, before, self._log)
        return turn

    def step(self, move: str) -> Outcome:
        """The engine's half of ``choose``: the move's effect on the patient, with no Turn recorded.

        Searching a profile's state space (simulator.explore) needs only where a move leads,
        thousands of times a second; ``line``, ``turns`` and ``undo`` do not see a stepped
        move, so go back with ``restore``.
        """
        if self.ended:
            raise MoveUnavailable(move, [], self.ended)
        patient = self.patient
        beat = self._model._beat
        rule = patient.option_at[beat].get(move)
        if rule is None or not rule.available(self):
            raise MoveUnavailable(move, self.options())
        outcome = rule.fallback
        for holds, branch in rule.branches:
            if holds(self):
                outcome = branch
                break
        self._take(outcome)
        self._machine.events[move].trigger(self._model, self)
        self.turn += 1
        state_of = patient.state_of
        if outcome.cause is not None:
            self.cause = outcome.cause
        else:
            state = state_of[outcome.target]
            if state != state_of[beat]:
                cause = patient.spec.states[state].cause
                if cause is not None:
                    self.cause = cause
        self._check_ending()
        return outcome

    def _take(self, outcome: Outcome) -> None:
        """The outcome's effects on meters and memory; the machine then moves to its target."""
        self._taken = outcome
        meters = self.meters
        for name, delta in outcome.effects:
            meters[name] = min(100, max(0, meters[name] + delta))
        if outcome.sets or outcome.clears:
            self.flags = (self.flags | outcome.sets) - outcome.clears

    def _check_ending(self) -> None:
        patient = self.patient
        spec = patient.spec
        beat = self._model._beat
        ending = patient.endings.get(beat)
        if ending is not None:
            self.ended = ending.ending
            self.end_reason = "state"
            return
        rule = spec.dropout
        reason = None
        meters = self.meters
        if rule.alliance_below is not None and alliance(meters) < rule.alliance_below:
            reason = f"alliance below {rule.alliance_below}"
        if reason is None and rule.meter_below:
            for name, floor in rule.meter_below.items():
                if meters[name] < floor:
                    reason = f"{name} below {floor}"
                    break
        if reason:
            self._machine.set_state(rule.state, self._model)
            self.ended = "dropout"
            self.end_reason = reason
        elif self.turn >= spec.max_turns:
            self.ended = "unresolved"
            self.end_reason = "turn limit"
        else:
            for r in patient.beats[beat].options:
                if r.available(self):
                    return
            self.ended = "unresolved"
            self.end_reason = "no move on offer"

    # -- snapshots and rewinding ----------------------------------------------------
    def snapshot(self) -> Snapshot:
        m = self.meters
        return Snapshot(self._model.state, (m["bond"], m["goals"], m["tasks"], m["real"]), self.flags,
                        self.turn, self.cause, self.ended, self.end_reason, self._log)

    def restore(self, snap: Snapshot) -> None:
        self._model._beat = snap.beat  # what Machine.set_state does for a state named by a string, minus its lookups
        self.meters = dict(zip(METERS, snap.meters))
        self.flags = snap.flags
        self.turn = snap.turn
        self.cause = snap.cause
        self.ended = snap.ended
        self.end_reason = snap.end_reason
        self._log = snap.log

    def undo(self) -> bool:
        """Take back the last move; False when there is none."""
        if self._log is None:
            return False
        self.restore(self._log[1])
        return True

    def rewind_to(self, turns_kept: int) -> None:
        """Go back to the moment after ``turns_kept`` moves (0 is the start)."""
        if not 0 <= turns_kept <= self.turn:
            raise ValueError(f"can rewind to a turn between 0 and {self.turn}, not {turns_kept}")
        cell = self._log
        while cell is not None and cell[0].number > turns_kept:
            if cell[0].number == turns_kept + 1:
                self.restore(cell[1])
                return
            cell = cell[2]

    def reset(self) -> None:
        self.restore(self._start)


def stage_of(patient: Patient, state_id: str) -> str | None:
    state = patient.spec.states[state_id]
    return state.stage or DEFAULT_STAGE.get(state.kind)
