"""What every screen shares: a list of actions reachable by number, arrows and Enter, and the mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..paint import Painter
from ..widgets import Action

if TYPE_CHECKING:
    from ..app import App

DIGITS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
DIGITS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)


class Screen:
    name = "screen"
    numbered = True
    """Number keys pick the matching action."""
    paints_background = False
    """True when ``draw`` covers the whole window itself, so the App need not clear it first."""

    def __init__(self, app: App):
        self.app = app
        self.focus = 0

    @property
    def takes_text(self) -> bool:
        """While True the screen gets every key first (a text field is being typed in)."""
        return False

    def actions(self) -> list[Action]:
        return []

    def view_name(self) -> str:
        return self.name

    def session_view(self):
        """The session screen this screen shows or belongs to, if any."""
        return None

    def animating(self) -> bool:
        return False

    # -- events -------------------------------------------------------------------
    def handle(self, event) -> bool:
        """Returns True when something changed and the screen must be redrawn."""
        if event.type == pygame.KEYDOWN:
            return self.on_key(event)
        if event.type == pygame.MOUSEWHEEL:
            return self.on_wheel(event.y)
        return False

    def on_key(self, event) -> bool:
        key = event.key
        acts = self.actions()
        if key == pygame.K_ESCAPE:
            return self.on_escape()
        if not acts:
            return False
        if key in (pygame.K_DOWN, pygame.K_RIGHT) or (key == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT):
            self.focus = (self.focus + 1) % len(acts)
            return True
        if key in (pygame.K_UP, pygame.K_LEFT) or key == pygame.K_TAB:
            self.focus = (self.focus - 1) % len(acts)
            return True
        if key in ENTER:
            self.focus = min(self.focus, len(acts) - 1)
            return self.activate(acts[self.focus])
        if self.numbered and key in DIGITS and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            i = DIGITS[key] - 1
            if i < len(acts):
                self.focus = i
                return self.activate(acts[i])
        return False

    def activate(self, action: Action) -> bool:
        if not action.enabled:
            return False
        action.run()
        return True

    def on_escape(self) -> bool:
        return False

    def on_wheel(self, dy: int) -> bool:
        return False

    def draw(self, p: Painter) -> None:
        raise NotImplementedError
