"""Slow work (a coach hint, the debrief's better-move search) off the UI thread.

The window keeps drawing while it runs: the App polls the worker between
frames and shows a progress note, and the result is handed back on the UI
thread, so screens never see a half-built answer. The work never touches
the session on screen: the better-move search moves a session back and forth
(snapshot, restore), so it searches a private copy (``detached``) while the
UI thread keeps drawing the real one. Tests run the same path with fake work
they release themselves, never with sleeps.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..engine.session import Session

POLL_MS = 40
"""How often the loop wakes while work runs: with the frame and a busy machine's scheduling on top
(measured up to 30 ms on two shared cores), still inside the 100 ms a frame may be late."""
SWITCH_S = 0.001
"""The interpreter's thread switch interval while work runs. At Python's default (5 ms) the UI thread,
waiting for the worker to let go of the interpreter each time it wakes, flips or blits, lost 10-35 ms a
frame (bench ``ui_stall_ms`` 73-80 ms with a 50 ms poll); at 1 ms it gets back in time (57-64 ms)."""


class _Switching:
    """Holds the short switch interval while any worker runs, and puts the usual one back after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.workers = 0
        self.usual = sys.getswitchinterval()

    def enter(self) -> None:
        with self.lock:
            if not self.workers:
                self.usual = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_S)
            self.workers += 1

    def leave(self) -> None:
        with self.lock:
            self.workers -= 1
            if not self.workers:
                sys.setswitchinterval(self.usual)


_switching = _Switching()


class Worker:
    def __init__(self, note: str, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]):
        self.note = note
        self.done = done
        self._result: Any = None
        self._error: BaseException | None = None
        self._finished = threading.Event()
        _switching.enter()
        self._thread = threading.Thread(target=self._run, args=(work,), name="rupture-work", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._result = work()
        except Exception as exc:  # handed to ``done`` on the UI thread, which says what went wrong
            self._error = exc
        finally:
            _switching.leave()
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


def detached(session: Session) -> Callable[[], Session]:
    """A maker of a private copy of ``session`` as it stands now, built when the worker calls it.

    The snapshot is taken on the calling (UI) thread; the copy is built on the worker, so the UI thread
    pays only for the snapshot."""
    from ..engine.session import Session

    snap, patient, seed = session.snapshot(), session.patient, session.seed

    def make() -> Session:
        twin = Session(patient, seed=seed)
        twin.restore(snap)
        return twin

    return make
