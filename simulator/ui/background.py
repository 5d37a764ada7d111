"""Slow work (a coach hint, the debrief's better-move search) off the UI thread.

The window keeps drawing while it runs: the App polls the worker between
frames and shows a progress note, and the result is handed back on the UI
thread, so screens never see a half-built answer. Tests run the same path
with fake work they release themselves, never with sleeps.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

POLL_MS = 50
"""How often the loop wakes while work runs: well inside the 100 ms a frame may be late."""


class Worker:
    def __init__(self, note: str, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]):
        self.note = note
        self.done = done
        self._result: Any = None
        self._error: BaseException | None = None
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), name="rupture-work", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._result = work()
        except Exception as exc:  # handed to ``done`` on the UI thread, which says what went wrong
            self._error = exc
        finally:
            self._finished.set()

    def ready(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """For tests and shutdown: block until the work is over."""
        return self._finished.wait(timeout)

    def deliver(self) -> None:
        self.done(self._result, self._error)


def run_now(work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]) -> None:
    """The same contract on the calling thread (scripted runs and tests that need no window)."""
    try:
        result, error = work(), None
    except Exception as exc:
        result, error = None, exc
    done(result, error)
