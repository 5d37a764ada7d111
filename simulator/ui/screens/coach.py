"""The coach's hint in learning mode, over the session it is about; the debrief counts every one asked for."""

from __future__ import annotations

import pygame

from ..widgets import Action
from .overlays import Overlay


class CoachOverlay(Overlay):
    name = "coach"
    title = "Coach"

    def __init__(self, app, hint: str, count: int):
        super().__init__(app)
        self.hint, self.count = hint, count

    def message(self) -> str:
        return f"{self.hint}\n\nHints asked for this session: {self.count} (the debrief counts them)."

    def actions(self) -> list[Action]:
        return [Action("Back to the session", self.app.close_overlay, "Esc"),
                Action("Learn: what the words mean", self.app.open_learn, "G")]

    def on_key(self, event) -> bool:
        if event.key == pygame.K_h:
            self.app.close_overlay()
            return True
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True
