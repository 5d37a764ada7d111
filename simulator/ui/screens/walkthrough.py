"""The first-run walkthrough: meters, markers, detection and learning modes, a box at a time.

Offered once at the first start (kept in the settings as seen, finished or
skipped) and again from the Learn screen (W). Skippable at every step.
"""

from __future__ import annotations

from ..widgets import Action
from .overlays import Overlay

STEPS: tuple[tuple[str, str], ...] = (
    ("Welcome", "A short tour of what you will see, in five steps. Skip it at any time: the Learn screen "
                "(G on the title screen) offers it again."),
    ("The meters", "Bond, goals and tasks are the working alliance between you and the patient, and they move "
                   "with every move you make; 'real' is the contact between two people beyond the roles. M hides "
                   "them, so you practise reading the patient instead of the numbers."),
    ("Markers", "A rupture shows itself in small signs. Withdrawal moves away from you or the work: short "
                "answers, agreeing too quickly, changing the subject. Confrontation moves against you or the "
                "work: complaints, criticism, pushing back. Watch the words, and the grey line under them that "
                "says what the patient does."),
    ("Detection mode", "D hides the meters and the state panel. Press R at the moment you sense a rupture; the "
                       "debrief scores the signs you noticed, the ones you missed and any false alarms."),
    ("Learning mode", "L shows what the patient is thinking and offers a coach hint on H (counted in the "
                      "debrief). Where the patient pulls at you, you are first asked what you notice in yourself; "
                      "N asks that on its own. Backspace takes a move back; Esc opens the menu."),
)


class WalkthroughOverlay(Overlay):
    name = "walkthrough"
    wide = True

    def __init__(self, app):
        super().__init__(app)
        self.step = 0

    @property
    def title(self) -> str:  # type: ignore[override]  # read-only here: it follows the step, and nothing sets it
        return f"Walkthrough {self.step + 1} of {len(STEPS)}: {STEPS[self.step][0]}"

    def message(self) -> str:
        return STEPS[self.step][1]

    def actions(self) -> list[Action]:
        last = self.step == len(STEPS) - 1
        return [Action("Done" if last else "Next", self.next, "1"),
                Action("Skip the walkthrough", self.finish, "2")]

    def next(self) -> None:
        if self.step == len(STEPS) - 1:
            self.finish()
            return
        self.step += 1
        self.focus = 0
        self.app.dirty = True

    def finish(self) -> None:
        self.app.close_overlay()
        self.app.walkthrough_seen = True
        self.app._keep_settings()

    def on_escape(self) -> bool:
        self.finish()
        return True
