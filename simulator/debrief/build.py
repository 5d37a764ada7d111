"""The debrief of one session as plain data: what every front end (report, JSON, pygame) draws.

``build_debrief`` takes a live Session (with its PlayRecord) or a transcript
dict (with the Patient it was played on, replayed here), and returns a Debrief
whose ``to_json()`` is what ``rupture report --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.conditions import alliance
from ..engine.patient import Patient
from ..engine.session import Session
from ..engine.vocabulary import METER_NAMES, METERS
from ..storage import transcript as transcripts
from .detection import Detection, score
from .episodes import Episode, find_episodes
from .facts import opening, start_meters
from .markers import markers_shown
from .moves_review import MoveReview, review_moves
from .questionnaire import QuestionnaireReview, check_answers, review
from .record import PlayRecord
from .search import BUDGET
from .self_awareness import SelfAwareness
from .self_awareness import score as score_pulls
from .summary import one_line, plain_lines

FORMAT = "rupture-debrief"
VERSION = 1


@dataclass
class Debrief:
    patient_id: str
    patient_name: str
    patient_summary: str
    rupture_tendency: str
    trainee: str | None
    ended: str | None
    end_reason: str | None
    epilogue: str | None
    turns: int
    opening: dict
    timeline: list[dict]
    """Meters and alliance at turn 0 (the start) and after every turn."""
    episodes: list[Episode]
    detection: Detection
    moves: list[MoveReview]
    questionnaire: QuestionnaireReview | None
    hints_used: int
    summary: str
    plain: list[str]
    """Three plain lines: what happened, what helped, what to try next."""
    remarks: list[dict]
    """Every remark of the move review once, with the turns it applies to."""
    self_awareness: SelfAwareness
    sessions: list[str]
    """The sessions of a course played, in order; empty for a one-session profile."""
    dropout_rules: list[str] = field(default_factory=list)
    """When the patient drops out, in words: 'the alliance falls below 38', 'the real relationship meter falls
    below 32'."""
    session_titles: dict[str, str] = field(default_factory=dict)
    """What to call each session of a course in a report ("session 2 of 3"): ids are for authors."""
    dropout_alliance: float | None = None
    """The alliance below which the patient drops out, for the chart; None when the profile sets none."""
    notes: list[str] = field(default_factory=list)
    saved_at: str | None = None

    @property
    def resolved_at(self) -> int | None:
        return self.turns if self.ended == "resolved" else None

    @property
    def dropout_reason(self) -> str | None:
        """Which dropout rule ended the session, in words ('the real relationship meter fell below 32')."""
        return dropout_words(self.end_reason, past=True) if self.ended == "dropout" else None

    @property
    def final_meters(self) -> dict:
        return {m: self.timeline[-1][m] for m in METERS}

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "patient": {"id": self.patient_id, "name": self.patient_name, "summary": self.patient_summary,
                        "rupture_tendency": self.rupture_tendency},
            "trainee": self.trainee,
            "saved_at": self.saved_at,
            "summary": self.summary,
            "plain": list(self.plain),
            "remarks": [dict(r) for r in self.remarks],
            "self_awareness": self.self_awareness.to_json(),
            "sessions": list(self.sessions),
            "session_titles": dict(self.session_titles),
            "dropout_rules": list(self.dropout_rules),
            "outcome": {"ended": self.ended, "end_reason": self.end_reason, "turns": self.turns,
                        "resolved_at": self.resolved_at, "epilogue": self.epilogue,
                        "dropout_reason": self.dropout_reason,
                        "meters": self.final_meters, "alliance": self.timeline[-1]["alliance"]},
            "opening": dict(self.opening),
            "timeline": [dict(p) for p in self.timeline],
            "dropout_alliance": self.dropout_alliance,
            "episodes": [e.to_json() for e in self.episodes],
            "detection": self.detection.to_json(),
            "moves": [m.to_json() for m in self.moves],
            "questionnaire": self.questionnaire.to_json() if self.questionnaire else None,
            "hints_used": self.hints_used,
            "notes": list(self.notes),
        }


def _point(turn: int, meters: dict) -> dict:
    return {"turn": turn, **{m: meters[m] for m in METERS}, "alliance": round(alliance(meters), 2)}


def dropout_words(rule: str | None, past: bool = False) -> str | None:
    """'real below 32' -> 'the real relationship meter falls below 32' (or 'fell', with ``past``)."""
    if not rule or " below " not in rule:
        return None
    what, _, floor = rule.partition(" below ")
    verb = "fell" if past else "falls"
    floor = floor[:-2] if floor.endswith(".0") else floor
    if what == "alliance":
        return f"the alliance {verb} below {floor}"
    return f"the {METER_NAMES.get(what, what)} meter {verb} below {floor}"


def _dropout_rules(patient: Patient) -> list[str]:
    rule = patient.spec.dropout
    out = [dropout_words(f"alliance below {rule.alliance_below}")] if rule.alliance_below is not None else []
    out += [dropout_words(f"{name} below {floor}") for name, floor in rule.meter_below.items()]
    return [x for x in out if x]


def _dropout_alliance(patient: Patient) -> float | None:
    rule = patient.spec.dropout
    return float(rule.alliance_below) if rule.alliance_below is not None else None


def _turns_text(turns: list[int]) -> str:
    return f"turn {turns[0]}" if len(turns) == 1 else "turns " + ", ".join(map(str, turns))


def collapse_repeats(moves: list[MoveReview]) -> list[dict]:
    """Say each remark and each instructor's note once: at its first turn, with every turn it applies to.

    A trainee who plays the same move ten times is told why it helps or hurts once, not ten times."""
    turns_of: dict[str, list[int]] = {}
    for m in moves:
        for text in m.remarks + ([m.note] if m.note else []):
            seen = turns_of.setdefault(text, [])
            if m.turn not in seen:
                seen.append(m.turn)
    def tagged(text: str) -> str:
        turns = turns_of[text]
        return text if len(turns) == 1 else f"{text} ({_turns_text(turns)})"

    for m in moves:
        m.remarks = [tagged(t) for t in m.remarks if turns_of[t][0] == m.turn]
        m.note = tagged(m.note) if m.note and turns_of[m.note][0] == m.turn else None
    return [{"text": text, "turns": turns} for text, turns in turns_of.items()]


def _session_titles(patient: Patient) -> dict[str, str]:
    course = patient.spec.sessions or []
    return {c.id: f"session {i} of {len(course)}" for i, c in enumerate(course, 1)}


def _sessions(turns) -> list[str]:
    out: list[str] = []
    for t in turns:
        if t.session is not None and t.session not in out:
            out.append(t.session)
    return out


def build_debrief(source: Session | dict, patient: Patient | None = None, *, record: PlayRecord | None = None,
                  search: bool = True, budget: int = BUDGET) -> Debrief:
    """The debrief of a session, or of a transcript replayed on ``patient``.

    Raises transcript.TranscriptError when a transcript does not replay on the profile.
    ``search=False`` leaves out the better-move search, for a quick first draw.
    """
    notes: list[str] = []
    if isinstance(source, Session):
        session = source
        patient = session.patient
        record = record or PlayRecord()
        flags = sorted(record.flags) if record.detection_mode else None
        answers, trainee, hints, tagged, saved_at = record.questionnaire, record.trainee, record.hints_used, None, None
    else:
        if patient is None:
            raise TypeError("build_debrief needs the Patient to replay a transcript on")
        replayed = transcripts.replay(patient, source)
        session = replayed.session
        if replayed.profile_changed:
            notes.append(f"The profile of {patient.name} has changed since this session was played; "
                         f"the debrief reads the moves against the profile as it is now.")
        flags = transcripts.detection_flags(source)
        answers = source.get("questionnaire")
        trainee = source.get("trainee")
        hints = int(source.get("hints_used") or 0)
        tagged = (source.get("opening") or {}).get("marker")
        saved_at = source.get("saved_at")
    turns = session.turns
    episodes = find_episodes(patient, turns, tagged)
    detection = score(markers_shown(patient, turns, tagged), flags)
    if flags is not None:
        beyond = [f for f in flags if f > session.turn]
        if beyond:
            notes.append(f"Flags after the last turn ({', '.join(map(str, beyond))}) were scored as false alarms.")
    moves = review_moves(session, search=search, budget=budget)
    remarks = collapse_repeats(moves)
    timeline = [_point(0, start_meters(patient))] + [_point(t.number, t.meters) for t in turns]
    if answers:
        problems = check_answers(answers)
        if problems:
            notes.append("Some questionnaire answers were set aside: " + "; ".join(problems) + ".")
            answers = {k: v for k, v in answers.items() if not any(f"'{k}'" in p for p in problems)}
    questionnaire = review(answers, episodes, dict(session.meters)) if answers else None
    spec = patient.spec
    first = opening(patient)
    if not session.ended:
        notes.append("The session was left before it ended.")
    if search and any(m.yours and not m.yours.complete for m in moves):
        notes.append("The search for better moves reached its limit at some turns; "
                     "where it found none, there may still have been one.")
    return Debrief(
        patient_id=spec.id, patient_name=spec.name, patient_summary=spec.summary,
        rupture_tendency=spec.briefing.rupture_tendency, trainee=trainee, ended=session.ended,
        end_reason=session.end_reason, epilogue=session.epilogue, turns=session.turn,
        opening={"line": first.line, "cue": first.cue, "thought": first.thought},
        timeline=timeline, episodes=episodes, detection=detection, moves=moves, questionnaire=questionnaire,
        hints_used=hints, summary=one_line(spec.name, session.ended, episodes, moves, detection),
        plain=plain_lines(spec.name, session.ended, episodes, moves,
                          dropout_words(session.end_reason, past=True) if session.ended == "dropout" else None),
        remarks=remarks,
        self_awareness=score_pulls(turns), sessions=_sessions(turns), session_titles=_session_titles(patient),
        dropout_alliance=_dropout_alliance(patient), dropout_rules=_dropout_rules(patient), notes=notes, saved_at=saved_at,
    )

