"""What a practice session records beside its moves: detection flags, hints, questionnaire, trainee.

Kept beside the Session rather than inside it, so the engine stays about the
patient; ``transcript()`` writes everything into one transcript for the
sessions store and the debrief.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.session import Session
from ..storage import transcript
from .coach import coach_hint
from .questionnaire import check_answers


@dataclass
class PlayRecord:
    trainee: str | None = None
    detection_mode: bool = False
    """True in detection mode (meters hidden, R to flag); only then are flags scored."""
    flags: set[int] = field(default_factory=set)
    hints_used: int = 0
    questionnaire: dict | None = None

    def flag(self, session: Session) -> int:
        """The trainee senses a rupture in the line on screen now; returns the turn flagged."""
        self.flags.add(session.turn)
        return session.turn

    def unflag(self, session: Session) -> None:
        self.flags.discard(session.turn)

    def hint(self, session: Session) -> str:
        """A coach hint (learning mode); every call is counted in the debrief."""
        self.hints_used += 1
        return coach_hint(session)

    def rewound(self, session: Session) -> None:
        """Call after undo or rewind: flags on lines that are no longer there go."""
        self.flags = {f for f in self.flags if f <= session.turn}

    def answer(self, answers: dict) -> list[str]:
        """Record the post-session questionnaire; returns problems (empty when the answers are kept)."""
        problems = check_answers(answers)
        if not problems:
            self.questionnaire = dict(answers)
        return problems

    def transcript(self, session: Session) -> dict:
        return transcript.to_json(
            session,
            detection_flags=sorted(self.flags) if self.detection_mode else None,
            questionnaire=self.questionnaire,
            trainee=self.trainee,
            hints_used=self.hints_used,
        )
