"""The session runner: the one way a front end plays, replays, resumes, records and keeps a session.

Like Yarn Spinner's DialogueRunner, one object owns a playthrough: the Session,
its autosave (simulator.storage.autosave) and the practice record beside it (detection
flags, coach hints, the pull answers, the questionnaire; debrief.record). The
window, ``rupture text``, ``rupture run``, test plans and F5 all go through it,
so a transcript, a save and a reload are replayed by one loop (``play``), and a
save is resumed under one policy (``from_save``: the patient id is checked, a
changed profile or another version is replayed and said, a move no longer on
offer refuses the save naming the turn).

Transcripts and saves need pydantic; they are imported only where used, so
``rupture run`` starts as fast as the engine.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from ..engine.patient import Patient
from ..engine.session import MoveUnavailable, Session, Turn
from ..storage.identity import NotThisPatient, changed_since, check_patient

if TYPE_CHECKING:
    from ..debrief.record import PlayRecord
    from ..storage.autosave import Autosave, Found


class TurnUnavailable(ValueError):
    """A move that is not on offer when it is replayed; ``number`` is its turn (1 for the first move),
    ``index`` its place among the moves given to ``play``."""

    def __init__(self, number: int, index: int, problem: MoveUnavailable):
        self.number, self.index, self.problem = number, index, problem
        super().__init__(f"turn {number}: {problem}")


class SessionRunner:
    """One playthrough with one patient.

    ``choose``, ``undo``, ``rewind_to`` and the flags save the session after
    the change when the runner has an autosave; a folder that cannot be
    written stops the saving, once, and calls ``on_save_error`` so the front
    end can say so while play goes on.
    """

    def __init__(self, patient: Patient, seed: int = 0, autosave: Autosave | None = None,
                 record: PlayRecord | None = None, *, session: Session | None = None,
                 on_save_error: Callable[[OSError], None] | None = None):
        self.session = session if session is not None else Session(patient, seed=seed)
        self.autosave = autosave
        self._record = record
        self.on_save_error = on_save_error
        self.kept: Path | None = None
        """The finished file of this playthrough among the kept sessions, once it has one."""
        self.note: str | None = None
        """From ``from_save``: what differs from the saved session (another version, a changed profile)."""
        self.profile_changed = False
        """From a transcript or a save: the profile's SHA-256 is not the one it was played on."""
        self._noticed: tuple[int, str] | None = None
        self._filed = False
        """The ending on screen is already among the finished sessions (a flag after it files nothing twice)."""

    @property
    def patient(self) -> Patient:
        return self.session.patient

    @property
    def record(self) -> PlayRecord:
        if self._record is None:
            from ..debrief.record import PlayRecord

            self._record = PlayRecord()
        return self._record

    @record.setter
    def record(self, record: PlayRecord) -> None:
        self._record = record

    @property
    def moves(self) -> list[str]:
        return [t.move for t in self.session.turns]

    # -- the one replay loop -------------------------------------------------------------------
    def play(self, moves: list[str], typed: list[str | None] | None = None,
             pull_answers: list[str | None] | None = None) -> None:
        """Play ``moves`` in order, without saving: a transcript, a save, a reload, a plan or ``run --moves``.

        ``typed`` and ``pull_answers`` go with the moves, one each (None where there is none).
        Raises TurnUnavailable at the first move not on offer; the session stays where it got to.
        """
        for i, move in enumerate(moves):
            try:
                self.session.choose(move, typed[i] if typed else None, pull_answers[i] if pull_answers else None)
            except MoveUnavailable as exc:
                raise TurnUnavailable(self.session.turn + 1, i, exc) from None

    @classmethod
    def _replayed(cls, data: dict, patient: Patient, **kw) -> SessionRunner:
        """The one check of a recorded session against the profile (patient id, SHA-256), then its replay."""
        check_patient(data, patient.id)
        runner = cls(patient, data.get("seed", 0), **kw)
        runner.profile_changed = changed_since(data, patient)
        turns = data["turns"]
        runner.play([t["move"] for t in turns], [t.get("typed") for t in turns], [t.get("pull_answer") for t in turns])
        return runner

    @classmethod
    def from_transcript(cls, data: dict, patient: Patient) -> SessionRunner:
        """A transcript (read by transcript.read_transcript) replayed on ``patient``; raises TranscriptError."""
        from ..storage.records import TranscriptError

        try:
            return cls._replayed(data, patient)
        except NotThisPatient as exc:
            raise TranscriptError(str(exc)) from None
        except TurnUnavailable as exc:
            raise TranscriptError(f"{exc} (the profile has changed since this session was played)") from None

    @classmethod
    def from_save(cls, found: Found, patient: Patient, autosave: Autosave | None = None,
                  record: PlayRecord | None = None, **kw) -> SessionRunner:
        """Resume a waiting save on ``patient`` as it is now; raises autosave.CannotResume saying why not.

        The record gets the save's hints back, and its detection flags when it is in detection mode.
        """
        from ..storage import transcript
        from ..storage.autosave import CannotResume

        data = found.data
        if data is None:
            raise CannotResume(found.problem or "the save cannot be read")
        version = data.get("version")
        reasons = []
        if version != transcript.VERSION:
            reasons.append(f"it was saved as transcript version {version!r} (this program writes {transcript.VERSION})")
        if changed_since(data, patient):
            reasons.append("the profile has changed since it was saved")
        try:
            runner = cls._replayed(data, patient, autosave=autosave, record=record, **kw)
        except NotThisPatient as exc:
            raise CannotResume(str(exc)) from None
        except TurnUnavailable as exc:
            raise CannotResume(f"{exc}; {' and '.join(reasons) or 'the save does not fit this profile'}") from None
        saved, now = data["turns"], [t.to_json() for t in runner.session.turns]
        if reasons or now != saved:
            differ = sum(1 for a, b in zip(now, saved)
                         if a.get("patient") != b.get("patient") or a.get("state") != b.get("state"))
            how = f"; the patient now answers differently at {differ} of {len(saved)} turns" if differ else ""
            runner.note = (f"{' and '.join(reasons) or 'the save differs from its replay'}, so its "
                           f"{len(saved)} moves were replayed on the current profile{how}")
        kept = runner.record
        if kept.detection_mode:
            kept.flags = {f for f in transcript.detection_flags(data) or [] if f <= runner.session.turn}
        kept.hints_used = int(data.get("hints_used") or 0)
        return runner

    def reload(self, patient: Patient) -> tuple[SessionRunner, str]:
        """F5: the moves so far replayed on ``patient`` (the profile reloaded from disk), and how far they went.

        The new runner keeps this one's autosave and record; a move the edit made
        unavailable stops the replay there, with the session as far as it got.
        """
        moves = self.moves
        runner = SessionRunner(patient, self.session.seed, self.autosave, self._record,
                               on_save_error=self.on_save_error)
        runner.kept = self.kept
        try:
            runner.play(moves)
        except TurnUnavailable as exc:
            done, move = exc.index, moves[exc.index]
            if exc.problem.ended:
                why = f"the session had already ended ({exc.problem.ended}) after move {done}"
            elif move not in patient.spec.moves:
                why = f"move '{move}' is no longer in the profile"
            else:
                why = f"'{move}' is no longer on offer here (on offer: {', '.join(exc.problem.offered) or 'nothing'})"
            message = f"replayed {done} of {len(moves)} moves and stopped at move {done + 1}: {why}"
        else:
            message = f"replayed all {len(moves)} move{'s' if len(moves) != 1 else ''}"
        if self._record is not None:
            self._record.rewound(runner.session)
        return runner, message

    # -- playing --------------------------------------------------------------------------------
    def answer_pull(self, kind: str) -> None:
        """What the trainee notices in themselves at the beat on screen; it goes with the move made there, and
        is still there when that move is taken back."""
        self._noticed = (self.session.turn, kind)

    @property
    def noticed(self) -> str | None:
        """The pull answer given at the beat on screen, until the move is made."""
        return self._noticed[1] if self._noticed is not None and self._noticed[0] == self.session.turn else None

    def choose(self, move: str, typed: str | None = None) -> Turn:
        """Make a move (with the pull answer given at this beat, if any) and save; raises session.MoveUnavailable."""
        noticed = self.noticed if self.session.pull is not None else None
        turn = self.session.choose(move, typed, pull_answer=noticed)
        self._filed = False
        self._autosave()
        return turn

    def undo(self) -> bool:
        if not self.session.undo():
            return False
        self._taken_back()
        return True

    def rewind_to(self, turns_kept: int) -> None:
        self.session.rewind_to(turns_kept)
        self._taken_back()

    def _taken_back(self) -> None:
        self._filed = False
        if self._record is not None:
            self._record.rewound(self.session)
        self._autosave()

    def toggle_flag(self) -> bool:
        """Detection mode: flag a rupture in the line on screen, or take the flag back; True when now flagged."""
        record = self.record
        record.detection_mode = True
        flagged = self.session.turn not in record.flags
        if flagged:
            record.flag(self.session)
        else:
            record.unflag(self.session)
        self._autosave()
        return flagged

    def hint(self) -> str:
        """A coach hint, counted in the record (not saved at once: it may be worked out off the main thread)."""
        return self.record.hint(self.session)

    def answer_questionnaire(self, answers: dict) -> list[str]:
        """The post-session questionnaire; returns its problems (empty when kept)."""
        return self.record.answer(answers)

    # -- saving -----------------------------------------------------------------------------------
    @property
    def practice(self) -> dict:
        """What the save keeps beside the moves: transcript.to_json's keyword fields."""
        r = self._record
        if r is None:
            return {}
        return {"detection_flags": sorted(r.flags) if r.detection_mode else None, "hints_used": r.hints_used}

    def _autosave(self) -> None:
        """After every change: save the session in progress, or move an ended one among the finished sessions."""
        if self.autosave is None or (not self.session.turn and not self.autosave.path.exists()):
            return
        try:
            if self.session.ended:
                if not self._filed:
                    self.finish()
            else:
                self.autosave.save(self.session, self.practice)
        except OSError as exc:
            self.autosave = None
            if self.on_save_error is not None:
                self.on_save_error(exc)
            else:
                raise

    def finish(self) -> Path:
        """Move the ended session, whole, among the finished ones: one record per playthrough, so an
        ending taken back and played again goes inside the newer file as an attempt. Raises OSError."""
        from ..storage.sessions_store import fold

        assert self.autosave is not None, "finish() is for a runner with an autosave"
        kept = self.autosave.finish(self.session, self.practice)
        if self.kept is not None:
            kept = fold(self.kept, kept)
        self.kept, self._filed = kept, True
        return kept

    def keep(self, data_dir=None) -> Path:
        """Keep the session with its whole record (questionnaire, scores) among the finished ones, in place of
        this playthrough's earlier file; raises sessions_store.StoreError."""
        from ..storage.sessions_store import save_session

        self.kept = save_session(self.session, self.record, data_dir, replace=self.kept)
        return self.kept


def random_moves(session: Session, seed: int) -> Iterator[str]:
    """The random player: a seeded choice among the moves on offer, until the session ends or offers none.

    The caller plays each move (``choose`` or the engine's faster ``step``) before asking for the next,
    so ``rupture run --policy random`` and the explorer's random playthroughs make the same moves.
    """
    rng = random.Random(seed)
    while not session.ended:
        options = session.options()
        if not options:
            return
        yield rng.choice(options)


def random_playthrough(patient: Patient, seed: int) -> Session:
    """One session played by the random player until it ends: ``rupture run --policy random``."""
    runner = SessionRunner(patient, seed)
    for move in random_moves(runner.session, seed):
        runner.play([move])
    return runner.session
