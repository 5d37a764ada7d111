"""Playing a session in the terminal: numbered choices, meters shown, ``u`` to undo.

With ``free=True`` the trainee types what they would say instead of a number;
the words are heard as the closest move on offer (simulator.play.understanding) and
confirmed before they are said. Reads lines, so it works as well with a pipe on
stdin as at a keyboard. Learning mode shows the patient's thoughts, coach hints (``h``) and, at a beat with a
pull, asks what the trainee notices in themselves before the move (§7);
detection mode hides the meters and lets the trainee flag a rupture (``r``).
Clinical ids are shown as words, never raw.
"""

from __future__ import annotations

import textwrap
from typing import Callable, TextIO

from ..engine.session import NOTHING, Session
from ..engine.vocabulary import ENDINGS, METER_NAMES, METERS, PULL_NAMES, PULL_PROMPT, PULLS, STAGES
from ..storage.records import MAX_TYPED
from .session_runner import SessionRunner

NOTICE = PULL_PROMPT
CONFIRM = "Enter to say it, 1 or 2 to pick one of these, r (or anything else) to type again."

END_REASONS = {"state": "", "turn limit": "the session's time ran out",
               "no move on offer": "nothing more could be said"}

KIND_WORDS = {
    "working": "working together",
    "withdrawal": "a withdrawal rupture",
    "confrontation": "a confrontation rupture",
    "exploration": "exploring the rupture",
    "avoidance": "backing away from the feelings",
    "resolution": "resolving",
    "dropout": "leaving the work",
}


def where_words(session: Session) -> str:
    """The clinical state and stage in words: 'a withdrawal rupture; stage 1 of 5, marker'."""
    kind = KIND_WORDS.get(session.kind, session.kind.replace("_", " "))
    if session.kind in ("withdrawal", "confrontation") and session.patient.spec.states[session.state].relationship == "real":
        kind += " in the real relationship"
    if not session.stage:
        return kind
    number, _, text = STAGES[session.stage].partition(". ")
    stage = f"stage {number} of {len(STAGES)}, {text.split(':')[0]}"
    return f"{kind}; {stage}" if session.kind in ("withdrawal", "confrontation") else stage


def ended_words(session: Session) -> str:
    reason = END_REASONS.get(session.end_reason or "", session.end_reason or "")
    text = ENDINGS.get(session.ended or "", session.ended or "")
    return f"{text} ({reason})" if reason else text


class TerminalPlay:
    """The terminal front end of a session runner, which saves and records as it plays."""

    def __init__(self, runner: SessionRunner, out: TextIO, read: Callable[[], str | None], width: int = 78,
                 free: bool = False, learning: bool = False, detect: bool = False):
        self.runner, self.out, self.read, self.width = runner, out, read, width
        self.free, self.learning, self.detect = free, learning, detect
        if detect:
            runner.record.detection_mode = True
        self.show_meters = not detect

    @property
    def session(self) -> Session:
        return self.runner.session

    @property
    def help(self) -> str:
        extra = ""
        if self.learning:
            extra += " h for a coach hint,"
        if self.detect:
            extra += " r to flag a rupture in what the patient just said,"
        else:
            extra += " m to show/hide meters,"
        if self.free:
            return f"Type what you would say, in your own words. u undoes the last move,{extra} b shows the briefing, q quits."
        return f"Type a number to choose, u to undo the last move,{extra} b for the briefing, q to quit."

    def say(self, text: str = "", indent: str = "") -> None:
        if not text:
            print(file=self.out)
            return
        for para in text.split("\n"):
            print(textwrap.fill(para, self.width, initial_indent=indent, subsequent_indent=indent), file=self.out)

    def briefing(self) -> None:
        spec = self.session.patient.spec
        b = spec.briefing
        self.say(f"{spec.name}, {spec.age}: {spec.summary}")
        self.say(f"Presenting problem: {b.presenting_problem}", "  ")
        self.say(f"Background: {b.background}", "  ")
        self.say(f"Relational pattern: {b.relational_pattern}", "  ")
        self.say(f"Tends toward: {b.rupture_tendency} ruptures", "  ")
        self.say(f"Watch for: {b.watch_for}", "  ")

    def show_now(self) -> None:
        s = self.session
        name = s.patient.spec.name
        self.say()
        self.say(f"({s.cue})", "  ")
        self.say(f"{name}: \u201c{s.line}\u201d", "  ")
        if self.learning and s.thought:
            self.say(f"({name} thinks: {s.thought})", "  ")
        if self.show_meters:
            meters = "  ".join(f"{METER_NAMES[m]} {s.meters[m]}" for m in METERS)
            print(f"  [{where_words(s)}]  {meters}", file=self.out)

    def show_options(self) -> list[str]:
        options = self.session.options()
        for i, move in enumerate(options, 1):
            self.say(f"{i}. {self.session.move(move).label}", "   ")
        return options

    def between_sessions(self, turn) -> None:
        """The reply that closed a session of the course, then the interval before the next one opens."""
        self.say()
        self.say(f"({turn.cue})", "  ")
        self.say(f"{self.session.patient.spec.name}: \u201c{turn.patient}\u201d", "  ")
        self.say()
        self.say(f"\u2014 {self.session.interval or 'The next session.'} \u2014")

    def ask_pull(self) -> str | None:
        """The pull prompt (learning mode, at a beat with a pull); the answer, or None when input ends."""
        kinds = list(PULLS) + [NOTHING]
        self.say()
        self.say(NOTICE)
        for i, kind in enumerate(kinds, 1):
            self.say(f"{i}. {PULL_NAMES.get(kind, 'nothing in particular')}", "   ")
        while True:
            answer = self.read()
            if answer is None:
                return None
            answer = answer.strip()
            if answer.isdigit() and 1 <= int(answer) <= len(kinds):
                return kinds[int(answer) - 1]
            named = pull_named(answer, kinds)
            if named:
                return named
            self.say(f"Choose 1 to {len(kinds)} (or type its name): what pulls at you here, or {len(kinds)} "
                     "for nothing in particular.")

    def run(self) -> int:
        s = self.session
        self.say("Rupture-resolution simulator: a training tool, not a clinical instrument.")
        self.briefing()
        self.say(self.help)
        self.show_now()
        while not s.ended:
            if self.learning and s.pull is not None and self.runner.noticed is None:
                noticed = self.ask_pull()
                if noticed is None:
                    self.say("\nSession left unfinished.")
                    return 0
                self.runner.answer_pull(noticed)
                self.say()
            options = s.options() if self.free else self.show_options()
            raw = self.read()
            if raw is None:
                self.say("\nSession left unfinished.")
                return 0
            answer = raw.strip().lower()
            if answer in ("q", "quit"):
                self.say("Session left unfinished.")
                return 0
            if answer in ("u", "undo"):
                if not self.runner.undo():
                    self.say("Nothing to undo yet.")
                self.show_now()
                continue
            if answer == "m" and not self.detect:
                self.show_meters = not self.show_meters
                self.show_now()
                continue
            if answer == "r" and self.detect:
                if self.runner.toggle_flag():
                    self.say("Flagged: you sense a rupture in what the patient just said (r again takes it back).")
                else:
                    self.say("Flag taken back.")
                continue
            if answer == "h" and self.learning:
                self.say(self.runner.hint(), "  ")
                continue
            if answer == "b":
                self.briefing()
                continue
            if self.free:
                if not answer:
                    self.say(self.help)
                    continue
                typed = raw.strip()[:MAX_TYPED]
                picked = self.confirm(typed)
                if picked is False:
                    self.say("\nSession left unfinished.")
                    return 0
                if isinstance(picked, str):
                    self.play(picked, typed)
                continue
            if not answer.isdigit() or not 1 <= int(answer) <= len(options):
                self.say(f"Choose 1 to {len(options)}. {self.help}")
                continue
            self.play(options[int(answer) - 1])
        self.say()
        self.say(f"Session ended after {s.turn} turns: {ended_words(s)}.")
        if s.epilogue:
            self.say(s.epilogue)
        self.debrief()
        return 0

    def play(self, move: str, typed: str | None = None) -> None:
        s = self.session
        turn = self.runner.choose(move, typed)
        self.say()
        if typed is None:
            self.say(f"You: \u201c{turn.says}\u201d", "  ")
        else:
            self.say(f"You: \u201c{typed}\u201d  (said as: {s.move(move).label})", "  ")
        if turn.session != s.session_id:
            self.between_sessions(turn)
        self.show_now()

    def confirm(self, typed: str) -> str | None | bool:
        """Show how ``typed`` was heard; the move to say, None to type again, False when input ends."""
        from .understanding import understand

        heard = understand(self.session, typed)
        two = [r.move for r in heard.ranked[:2]]
        label = self.session.move
        if heard.understood:
            self.say(f"Heard as: {label(heard.understood).label}", "  ")
            if len(two) > 1:
                self.say(f"Runner-up: {label(two[1]).label}", "  ")
        else:
            self.say("Not sure what you meant. Closest:", "  ")
            for i, mid in enumerate(two, 1):
                self.say(f"{i}. {label(mid).label}", "   ")
        self.say(CONFIRM if heard.understood else "1 or 2 to pick one of these; anything else to type again.", "  ")
        answer = self.read()
        if answer is None:
            return False
        answer = answer.strip().lower()
        if answer == "" and heard.understood:
            return heard.understood
        if answer in ("1", "2") and int(answer) <= len(two):
            return two[int(answer) - 1]
        self.say("Type it again, in other words.", "  ")
        return None

    def debrief(self) -> None:
        """The debrief's one-line summary, what to try next, the episodes and the detection scores: the same
        debrief, better-move search included, that ``rupture report`` gives, so the two never disagree."""
        from ..debrief.build import build_debrief

        self.say()
        self.say("Preparing the debrief...")
        d = build_debrief(self.session, record=self.runner.record)
        self.say(d.summary)
        self.say(d.plain[2], "  ")
        for e in d.episodes:
            span = f"turns {e.start}-{e.end}" if e.end != e.start else f"turn {e.start}"
            why = e.resolution.why[:1].upper() + e.resolution.why[1:]
            real = ", in the real relationship" if e.relationship == "real" else ""
            self.say(f"Rupture {e.number} ({e.type}{real}, {span}): {e.resolution.label}. {why}.", "  ")
        if not d.episodes:
            self.say("No rupture episode was in play.", "  ")
        asked = [t for t in self.session.turns if t.pull is not None and t.pull_answer is not None]
        if asked:
            matched = sum(t.pull is not None and t.pull_answer == t.pull["kind"] for t in asked)
            self.say(f"Noticing the pull: {matched} of {len(asked)} answers matched the pull at that moment.", "  ")
        if d.detection.scored:
            det = d.detection
            self.say(f"Detection: {len(det.hits)} of {len(det.markers)} markers flagged, "
                     f"{len(det.false_alarms)} false alarm{'s' if len(det.false_alarms) != 1 else ''}.", "  ")


def pull_named(answer: str, kinds: list[str]) -> str | None:
    """A pull typed by its name ('nothing', 'reassure', 'fill the silence', 'push_agenda'), as ``--pulls`` takes it."""
    said = " ".join(answer.lower().replace("_", " ").split())
    for kind in kinds:
        if said and said in (kind.replace("_", " "), PULL_NAMES.get(kind, "nothing in particular")):
            return kind
    return None
