"""F5 in a session: reload the profile from disk and replay the moves so far (simulator.authoring.reload does the work).

An instructor edits the YAML beside the window and presses F5 to see the
change in place. Check errors are shown over the session, which goes on as it
was; a move the edit made unavailable stops the replay there, with a message.
The session runner carries on: the same save, flags and hints.
"""

from __future__ import annotations

from ..authoring.reload import reload_runner


def reload_profile(app, screen) -> None:
    from .screens.notices import NoticeOverlay
    from .screens.session import SessionScreen

    old = screen.runner
    path = old.patient.path
    if not path:
        app.toast("This patient was not loaded from a file, so there is nothing to reload")
        return
    runner, message = reload_runner(old, path)
    app._toast = None  # an earlier reload's message would contradict this one
    if runner is None:
        app.overlays = [NoticeOverlay(app, "The profile was not reloaded",
                                      f"{message}\n\nFix the file and press F5 again; the session goes on as it was.",
                                      "Back to the session")]
        app.dirty = True
        return
    fresh = SessionScreen(app, runner.session, screen.replay, runner=runner)
    app.patient = runner.patient
    app.set_screen(fresh)
    app.session_changed(fresh)
    if runner.session.turn < len(old.moves):
        app.overlays.append(NoticeOverlay(app, "Replay stopped", message[0].upper() + message[1:] + ".",
                                          "Continue from here"))
    else:
        app.toast(message[0].upper() + message[1:])
