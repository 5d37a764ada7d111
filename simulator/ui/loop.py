"""The window and the event loop: sleep until something happens, redraw only when something changed.

The loop blocks in ``pygame.event.wait`` and wakes on a timeout only while the
App is animating or has a message to take down, so an idle screen costs no
frames at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pygame

from . import layout_export
from .app import App


class Window:
    """The display surface; remembers the windowed size across full-screen toggles."""

    def __init__(self, size: tuple[int, int], fullscreen: bool = False, caption: str = "Rupture: training simulator"):
        self.windowed_size = size
        self.fullscreen = False
        pygame.display.set_caption(caption)
        self.open(fullscreen)

    def open(self, fullscreen: bool) -> None:
        if fullscreen:
            current = pygame.display.get_surface()
            if current is not None and not self.fullscreen:
                self.windowed_size = current.get_size()
            pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self.fullscreen = fullscreen

    @property
    def surface(self) -> pygame.Surface:
        surface = pygame.display.get_surface()
        if surface is None:  # open() has always run by now; a closed display is a bug, not bad input
            raise pygame.error("the window is not open")
        return surface


class ShotWriter:
    """With ``--screenshots DIR``: a PNG each time the screen or the turn changes, numbered in order."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.last: str | None = None
        self.written: list[Path] = []

    def after_frame(self, app: App, surface: pygame.Surface) -> Path | None:
        view = app.view_name()
        if view == self.last:
            return None
        self.last = view
        self.count += 1
        path = self.folder / f"{self.count:03d}_{view}.png"
        pygame.image.save(surface, str(path))
        layout_export.write(app, path)
        self.written.append(path)
        return path


def wait_for_event(timeout_ms: int | None) -> pygame.event.Event:
    """Block until an event arrives, or ``timeout_ms`` pass (NOEVENT)."""
    return pygame.event.wait() if timeout_ms is None else pygame.event.wait(timeout_ms)


class ManualClock:
    """Time that passes only while the loop waits with nothing to do: frames counted against it are exact.

    Give ``now`` to ``App(clock=...)`` and ``wait`` to ``run_loop(wait=...)``; an event already queued
    is taken at once, otherwise the wait lasts its whole timeout.
    """

    def __init__(self, start: float = 0.0):
        self.t = start

    def now(self) -> float:
        return self.t

    def wait(self, timeout_ms: int | None) -> pygame.event.Event:
        event = pygame.event.poll()
        if event.type == pygame.NOEVENT:
            if timeout_ms is None:
                raise RuntimeError("nothing can wake a loop on a manual clock: give run_loop max_seconds")
            self.t += timeout_ms / 1000
        return event


def run_loop(app: App, window: Window, *, shots: ShotWriter | None = None, exit_after_first_frame: bool = False,
             tour: Iterator | None = None, max_seconds: float | None = None,
             wait: Callable[[int | None], pygame.event.Event] = wait_for_event) -> int:
    """Run until the App stops (or ``max_seconds`` pass on the App's clock); returns the exit status.

    ``wait`` sleeps until an event or a timeout; with a ManualClock both it and the App's clock are
    the same virtual time.
    """
    deadline = None if max_seconds is None else app.now() + max_seconds
    while app.running:
        if app.fullscreen != window.fullscreen:
            try:
                window.open(app.fullscreen)
            except pygame.error as exc:  # the display refused the mode: stay as we were and say so
                app.fullscreen = window.fullscreen
                window.open(window.fullscreen)
                app.toast(f"Cannot switch full screen here ({exc})")
            app.dirty = True
        if app.dirty:
            surface = window.surface
            app.draw(surface)
            pygame.display.flip()
            if shots is not None:
                shots.after_frame(app, surface)
            if exit_after_first_frame:
                return 0
            if app.after_first_frame:
                tasks, app.after_first_frame = app.after_first_frame, []
                for task in tasks:
                    task()
                app.dirty = True
                continue
        if tour is not None:
            if next(tour, StopIteration) is StopIteration:
                app.running = False
            app.dirty = True
            continue
        timeout = app.wait_timeout()
        if deadline is not None:
            left_ms = round((deadline - app.now()) * 1000)
            if left_ms <= 0:
                break
            timeout = left_ms if timeout is None else min(timeout, left_ms)
        event = wait(timeout)
        for e in [event, *pygame.event.get()]:
            if e.type != pygame.NOEVENT:
                app.handle(e)
        app.tick()
    return 0


DEBRIEF_PAGES = 200
"""At most this many pages of a debrief are saved: a bound, should a debrief ever fail to scroll to its end."""


def replay_tour(app: App, patient, moves: list[str], seed: int, profile_changed: bool = False) -> Iterator[None]:
    """With ``--screenshots`` and ``--replay``: every screen once, then every turn of the replay, then the end,
    then the debrief page by page, so an instructor can check what the window tells a trainee."""
    app.go_patients()
    yield
    app.open_patient(patient)
    yield
    screen = app.start_session(patient, moves, seed)
    app.replay_profile_changed = profile_changed
    yield
    while not screen.session.ended and screen.step_replay():
        yield
    if screen.session.ended:
        app.show_end()
        yield
        yield from debrief_pages(app, screen)


def debrief_pages(app: App, session_screen) -> Iterator[None]:
    """The finished session's debrief, one page at a time. A replay is not a new playthrough: no questionnaire
    is asked and nothing is saved to past sessions."""
    from .debrief_flow import show
    from .screens.debrief_view import DebriefView

    show(app, session_screen, app.screen)
    yield
    view = app.screen
    if not isinstance(view, DebriefView):  # it could not be produced: the end screen says why
        return
    for _ in range(DEBRIEF_PAGES):
        if not view.flow.scroll_by(view.flow.page):
            return
        yield
