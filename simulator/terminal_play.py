"""Playing a session in the terminal: numbered choices, meters shown, ``u`` to undo.

With ``free=True`` the trainee types what they would say instead of a number;
the words are heard as the closest move on offer (simulator.understanding) and
confirmed before they are said. Reads lines, so it works as well with a pipe on
stdin as at a keyboard.
"""

from __future__ import annotations

import textwrap
from typing import Callable, TextIO

from .records import MAX_TYPED
from .session import Session
from .vocabulary import METERS

HELP = "Type a number to choose, u to undo the last move, m to show/hide meters, b for the briefing, q to quit."
FREE_HELP = ("Type what you would say, in your own words. u undoes the last move, m shows/hides meters, "
             "b shows the briefing, q quits.")
CONFIRM = "Enter to say it, 1 or 2 to pick one of these, r (or anything else) to type again."


class TerminalPlay:
    def __init__(self, session: Session, out: TextIO, read: Callable[[], str | None], width: int = 78,
                 on_turn: Callable[[Session], None] | None = None, free: bool = False):
        self.session, self.out, self.read, self.width = session, out, read, width
        self.show_meters = True
        self.on_turn = on_turn
        self.free = free

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
        if self.show_meters:
            meters = "  ".join(f"{m} {s.meters[m]}" for m in METERS)
            print(f"  [{s.state}, stage {s.stage or '-'}]  {meters}", file=self.out)

    def show_options(self) -> list[str]:
        options = self.session.options()
        for i, move in enumerate(options, 1):
            self.say(f"{i}. {self.session.move(move).label}", "   ")
        return options

    def run(self) -> int:
        s = self.session
        self.say("Rupture-resolution simulator: a training tool, not a clinical instrument.")
        self.briefing()
        self.say(FREE_HELP if self.free else HELP)
        self.show_now()
        while not s.ended:
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
                if not s.undo():
                    self.say("Nothing to undo yet.")
                elif self.on_turn:
                    self.on_turn(s)
                self.show_now()
                continue
            if answer == "m":
                self.show_meters = not self.show_meters
                self.show_now()
                continue
            if answer == "b":
                self.briefing()
                continue
            if self.free:
                if not answer:
                    self.say(FREE_HELP)
                    continue
                typed = raw.strip()[:MAX_TYPED]
                picked = self.confirm(typed)
                if picked is False:
                    self.say("\nSession left unfinished.")
                    return 0
                if picked:
                    self.play(picked, typed)
                continue
            if not answer.isdigit() or not 1 <= int(answer) <= len(options):
                self.say(f"Choose 1 to {len(options)}. {HELP}")
                continue
            self.play(options[int(answer) - 1])
        self.say()
        self.say(f"Session ended: {s.ended} ({s.end_reason}) after {s.turn} turns.")
        if s.epilogue:
            self.say(s.epilogue)
        return 0

    def play(self, move: str, typed: str | None = None) -> None:
        s = self.session
        turn = s.choose(move, typed)
        self.say()
        if typed is None:
            self.say(f"You: \u201c{turn.says}\u201d", "  ")
        else:
            self.say(f"You: \u201c{typed}\u201d  (said as: {s.move(move).label})", "  ")
        if self.on_turn:
            self.on_turn(s)
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
