"""The keys and wheel that scroll a screen's one long text (``self.flow``): Learn, the debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..widgets import Chip, Flow

if TYPE_CHECKING:
    from ..app import App


class ScrollsFlow:
    """Mixed in before Screen: PgUp/PgDn/Space by a page, arrows and the wheel by a step, Home/End to either end."""

    flow: Flow
    app: App

    def _step(self) -> int:
        return self.app.scroll_step()

    def scroll_key(self, key: int) -> bool | None:
        """Scroll for ``key``; None when the key is not a scrolling key (so the screen may use it)."""
        f = self.flow
        steps = {pygame.K_PAGEDOWN: f.page, pygame.K_SPACE: f.page, pygame.K_PAGEUP: -f.page,
                 pygame.K_DOWN: self._step(), pygame.K_UP: -self._step(),
                 pygame.K_END: f.max_scroll, pygame.K_HOME: -f.scroll}
        return f.scroll_by(steps[key]) if key in steps else None

    def on_wheel(self, dy: int) -> bool:
        return self.flow.scroll_by(-dy * self._step())

    def scroll_chip(self) -> Chip:
        return Chip("↑↓ PgUp PgDn", "Scroll", self._page_down)

    def _page_down(self) -> None:
        self.flow.scroll_by(self.flow.page)
