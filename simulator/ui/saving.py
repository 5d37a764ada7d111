"""The front end's autosave: the session in progress is saved after every turn and offered back at the next start.

The files and their rules are simulator.autosave's, shared with ``rupture text``:
one file per playthrough under ``<data dir>/current/``, written atomically and
locked while played; a finished session moves among the finished ones; a save
that cannot be read or replayed is renamed aside, never overwritten or deleted.
Replays of a transcript are not saved: they are someone else's session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..data_dir import data_dir

if TYPE_CHECKING:
    from ..autosave import Autosave, Found


def _auto(app, patient_id: str) -> Autosave:
    """The app's one Autosave per patient, so every turn of a playthrough goes to that playthrough's file."""
    from ..autosave import Autosave

    saves = app.__dict__.setdefault("autosaves", {})
    if patient_id not in saves:
        saves[patient_id] = Autosave(patient_id, app.data_dir)
    return saves[patient_id]


def _saves_folder(app) -> Path:
    return data_dir(app.data_dir) / "current"


def _cannot_save(app, auto: Autosave, exc: OSError) -> None:
    app.saves_failed = True
    from .screens.notices import NoticeOverlay

    app.overlays.append(NoticeOverlay(
        app, "The session is not being saved",
        f"Cannot save the session in {auto.folder} ({exc.strerror or exc}). You can play on, but a crash would lose "
        "this session. To save, start again with --data-dir set to a folder you can write.", "Play on"))


def after_turn(app, screen) -> None:
    """Save the session shown by ``screen`` as it is now; a finished one moves among the finished sessions."""
    if not app.autosave or app.saves_failed or screen.replay is not None:
        return
    session = screen.session
    auto = _auto(app, session.patient.id)
    try:
        if session.ended:
            kept = auto.finish(session)
            previous = getattr(screen, "kept_path", None)
            if previous is not None:  # an ending taken back and played again: still one record
                from ..sessions_store import fold

                kept = fold(previous, kept)
            screen.kept_path = kept
            app.toast(f"Session kept as {kept}")
        elif session.turn or auto.path.exists():
            auto.save(session)
    except OSError as exc:
        _cannot_save(app, auto, exc)


def keep_waiting_save(app, patient) -> None:
    """Before a fresh session overwrites it, put the patient's waiting save where it stays: nothing is lost."""
    if not app.autosave or app.saves_failed:
        return
    auto = _auto(app, patient.id)
    try:
        found = auto.pending()
        if found is None:
            return
        if found.problem:
            _corrupt(app, auto, found)
        else:
            auto.keep_among_finished()
    except OSError as exc:
        _cannot_save(app, auto, exc)


def _corrupt(app, auto: Autosave, found: Found) -> None:
    from .screens.notices import NoticeOverlay

    aside = auto.set_aside("corrupt")
    app.overlays.append(NoticeOverlay(
        app, "A saved session cannot be read",
        f"The saved session cannot be read: {found.path}: {found.problem}. It is kept, untouched, as {aside}.",
        "Start afresh"))


def _waiting(app, patient=None) -> list[tuple[Autosave, Found]]:
    """Saves waiting in the data folder, newest first (only ``patient``'s when given)."""
    from ..autosave import waiting_patients

    out = []
    for pid in [patient.id] if patient is not None else waiting_patients(app.data_dir):
        auto = _auto(app, pid)
        found = auto.pending()
        if found is not None:
            out.append((auto, found))
    return out


def _patient_of(found: Found):
    """The patient a save was played with: its profile file when still there, else the bundled patient it names."""
    from ..catalogue import load
    from ..profile_loader import load_profile
    from ..sessions_store import recorded_profile

    recorded = recorded_profile(found.data)
    return load_profile(recorded) if recorded is not None else load(found.data["patient"])


def offer(app, patient=None) -> bool:
    """At start: offer to resume the newest unfinished save (``patient``'s when one was named); True when offered.

    Saves that cannot be read are set aside with a message; finished ones that
    were still waiting join the finished sessions.
    """
    if not app.autosave:
        return False
    try:
        if patient is None and not any(_saves_folder(app).glob("*.json")):
            return False  # the usual start: nothing waiting, and the first frame need not load the engine
    except OSError:
        return False
    from ..catalogue import UnknownPatient
    from ..diagnostics import ProfileError
    from .screens.notices import NoticeOverlay, ResumeOverlay

    try:
        for auto, found in _waiting(app, patient):
            if found.problem:
                _corrupt(app, auto, found)
                continue
            if found.finished:
                auto.keep_among_finished()
                continue
            try:
                who = patient or _patient_of(found)
            except (ProfileError, UnknownPatient, OSError) as exc:
                app.overlays.append(NoticeOverlay(
                    app, "A saved session cannot be offered",
                    f"The unfinished session {found.path} was played with a profile that does not load now: "
                    f"{str(exc).splitlines()[0]}. The save is left as it is; fix the profile and start again."))
                continue
            app.overlays.append(ResumeOverlay(app, who, found))
            app.dirty = True
            return True
    except OSError as exc:
        app.toast(f"Cannot look for saved sessions: {exc.strerror or exc}")
    app.dirty = True
    return False


def resume_found(app, patient, found: Found) -> None:
    """Resume: replay the save's moves on the profile as it is now; a save that no longer plays is set aside."""
    from ..autosave import CannotResume, resume
    from .screens.notices import NoticeOverlay
    from .screens.session import SessionScreen

    auto = _auto(app, patient.id)
    app.close_overlay()
    try:
        resumed = resume(patient, found.data)
    except CannotResume as exc:
        aside = auto.set_aside("refused")
        app.overlays.append(NoticeOverlay(
            app, "The saved session cannot be resumed",
            f"{exc}. It is kept, untouched, as {aside}; start a new session from the patient's briefing."))
        return
    app.patient, app.replay_moves, app.seed = patient, None, resumed.session.seed
    app.set_screen(SessionScreen(app, resumed.session))
    if resumed.note:
        app.overlays.append(NoticeOverlay(app, "Resumed on a changed profile", f"Note: {resumed.note}."))
    else:
        app.toast(f"Resumed at turn {resumed.session.turn}")


def start_over(app, patient) -> None:
    """Start over: the unfinished session joins the finished ones, and the patient's briefing opens."""
    app.close_overlay()
    auto = _auto(app, patient.id)
    try:
        kept = auto.keep_among_finished()
    except OSError as exc:
        app.toast(f"The unfinished session stays where it is ({exc.strerror or exc})")
    else:
        app.toast(f"The unfinished session is kept as {kept}")
    app.open_patient(patient)
