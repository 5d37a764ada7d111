"""Boxes that tell the user something or ask once: a notice to acknowledge, and the offer to resume a saved session."""

from __future__ import annotations

import pygame

from ..widgets import Action
from .overlays import Overlay


class NoticeOverlay(Overlay):
    """A message that stays until acknowledged: check errors after F5, a save that could not be used."""

    name = "notice"
    wide = True

    def __init__(self, app, title: str, text: str, ok_label: str = "OK"):
        super().__init__(app)
        self.title, self.text, self.ok_label = title, text, ok_label

    def message(self) -> str:
        return self.text

    def actions(self) -> list[Action]:
        return [Action(self.ok_label, self.app.close_overlay, "1")]

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True


class ResumeOverlay(Overlay):
    """At start: an unfinished session was saved; resume it or start over (the save is kept either way)."""

    name = "resume"
    title = "Resume the unfinished session?"
    wide = True

    def __init__(self, app, patient, found):
        super().__init__(app)
        self.patient, self.found = patient, found

    def message(self) -> str:
        n = self.found.turns
        when = f", saved {self.found.saved_at.replace('T', ' at ')}" if self.found.saved_at else ""
        return (f"An unfinished session with {self.patient.spec.name} was saved after {n} move{'s' if n != 1 else ''}"
                f"{when}. Resume it where you left off, or start over (the old session is then kept with your "
                "finished sessions).")

    def actions(self) -> list[Action]:
        from ..saving import resume_found

        return [Action("Resume", lambda: resume_found(self.app, self.patient, self.found), "1"),
                Action("Start over", self.ask_start_over, "2")]

    def ask_start_over(self) -> None:
        """Start over asks first, so keys typed for this box never become moves in a session begun by mistake."""
        self.app.overlays.append(StartOverOverlay(self.app, self.patient, self.found))
        self.app.dirty = True

    def on_key(self, event) -> bool:
        if event.key == pygame.K_y:
            return self.activate(self.actions()[0])
        if event.key == pygame.K_n:
            return self.activate(self.actions()[1])
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True


class StartOverOverlay(ResumeOverlay):
    """The question "Start over" asks: what happens to the unfinished session, and a way back."""

    name = "start_over"
    title = "Start over?"

    def message(self) -> str:
        n, name = self.found.turns, self.patient.spec.name
        return (f"The unfinished session with {name} ({n} move{'s' if n != 1 else ''}) is kept with your finished "
                f"sessions, and {name}'s briefing opens so you can begin again.")

    def actions(self) -> list[Action]:
        from ..saving import start_over

        def start_again() -> None:
            self.app.overlays.clear()
            start_over(self.app, self.patient)

        return [Action("Go back", self.app.close_overlay, "1"), Action("Start over", start_again, "2")]
