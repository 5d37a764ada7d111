"""From a finished session to its debrief: questionnaire, save, debrief screen; and past sessions reopened.

Imports the debrief only when used, so the window opens fast. Registered as the
debrief hook (``hooks.set_debrief(provider)``): the end screen's Debrief button then calls ``provider.open(app)``, which asks the
questionnaire once, saves the session with its PlayRecord in the data folder
(``--data-dir``, then RUPTURE_DATA_DIR, then the user's data folder) and shows
the debrief. A session that cannot be saved still gets its debrief, with the
reason it was not saved on screen.
"""

from __future__ import annotations

from pathlib import Path


def _quiet(app) -> None:
    """No toast left over from play (e.g. "Rupture flagged") may cover the new screen's buttons."""
    app._toast = None


def _moves(session_screen) -> tuple[str, ...]:
    return tuple(t.move for t in session_screen.session.turns)


def open_debrief(app) -> None:
    """The end screen's Debrief: the questionnaire the first time, then the debrief."""
    ss = app.session_screen
    if ss is None:
        return
    end_screen = app.screen
    _quiet(app)
    if ss.saved is not None and ss.saved[0] == _moves(ss):
        show(app, ss, end_screen)
        return
    from .screens.questionnaire import QuestionnaireScreen

    app.set_screen(QuestionnaireScreen(app, ss, lambda answers: finish(app, ss, end_screen, answers)))


def finish(app, session_screen, end_screen, answers: dict | None) -> None:
    """Keep the answers (None: skipped), save the session, show the debrief."""
    from ..storage.sessions_store import StoreError

    runner = session_screen.runner
    runner.record.detection_mode |= app.detection
    if answers is not None:
        runner.answer_questionnaire(answers)
    try:
        path, error = runner.keep(app.data_dir), None
    except StoreError as exc:
        path, error = None, str(exc)
    session_screen.saved = (_moves(session_screen), path, error)
    show(app, session_screen, end_screen)


def saved_note(path: Path | None, error: str | None) -> str | None:
    if error:
        return f"Not saved: {error}"
    return f"Saved as {path}" if path else None


def show(app, session_screen, end_screen) -> None:
    from ..debrief import build_debrief
    from .screens.debrief_view import DebriefView

    def done(debrief, exc) -> None:
        if exc is not None:  # the debrief must never take the finished session down with it
            app.set_screen(end_screen)
            app.toast(f"The debrief could not be produced: {exc}")
            return
        _, path, error = session_screen.saved or (None, None, None)
        _quiet(app)
        app.set_screen(DebriefView(app, debrief, lambda: app.set_screen(end_screen),
                                   "Back to the end of the session", saved_note(path, error), session_screen))

    from .background import detached

    twin, record = detached(session_screen.session), session_screen.record
    app.in_background("Working out the debrief", lambda: build_debrief(twin(), record=record), done)


def reopen(app, path: Path, back, failed) -> str | None:
    """Show a saved session's debrief, worked out beside the window; returns why the file cannot be read
    (None when it was), and hands ``failed`` the reason when its debrief cannot be built."""
    from ..debrief import build_debrief
    from ..engine.diagnostics import ProfileError
    from ..storage.sessions_store import reopen as load
    from ..storage.transcript import TranscriptError
    from .screens.debrief_view import DebriefView

    try:
        data, patient = load(path)
    except (TranscriptError, ProfileError, OSError) as exc:
        return str(exc)

    def done(debrief, exc) -> None:
        if exc is not None:
            failed(str(exc))
            return
        _quiet(app)
        app.set_screen(DebriefView(app, debrief, back, "Back to past sessions", f"Saved as {path}"))

    app.in_background("Working out the debrief", lambda: build_debrief(data, patient), done)
    return None


def provider(session, flagged):
    """The plain (heading, text) debrief, for anything that calls the hook directly."""
    from ..debrief.sections import provider as sections_provider

    return sections_provider(session, flagged)


provider.open = open_debrief  # type: ignore[attr-defined]  # where the hook looks for a provider's own screens


def install() -> None:
    from . import hooks

    hooks.set_debrief(provider)
