"""F5 in a session: reload the profile from disk and replay the moves so far (simulator.reload does the work).

An instructor edits the YAML beside the window and presses F5 to see the
change in place. Check errors are shown over the session, which goes on as it
was; a move the edit made unavailable stops the replay there, with a message.
"""

from __future__ import annotations

from ..reload import reload_and_replay


def reload_profile(app, screen) -> None:
    from .screens.notices import NoticeOverlay
    from .screens.session import SessionScreen

    old = screen.session
    path = old.patient.path
    if not path:
        app.toast("This patient was not loaded from a file, so there is nothing to reload")
        return
    moves = [t.move for t in old.turns]
    session, message = reload_and_replay(path, moves, old.seed)
    app._toast = None  # an earlier reload's message would contradict this one
    if session is None:
        app.overlays = [NoticeOverlay(app, "The profile was not reloaded",
                                      f"{message}\n\nFix the file and press F5 again; the session goes on as it was.",
                                      "Back to the session")]
        app.dirty = True
        return
    fresh = SessionScreen(app, session, screen.replay)
    fresh.flagged_turns = [n for n in screen.flagged_turns if n <= session.turn]
    if getattr(screen, "record", None) is not None:  # the debrief's flags and hints go on with the session
        fresh.record = screen.record
        fresh.record.rewound(session)
    app.patient = session.patient
    app.set_screen(fresh)
    app.session_changed(fresh)
    if session.turn < len(moves):
        app.overlays.append(NoticeOverlay(app, "Replay stopped", message[0].upper() + message[1:] + ".",
                                          "Continue from here"))
    else:
        app.toast(message[0].upper() + message[1:])
