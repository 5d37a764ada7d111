"""The front end's autosave: the session in progress is saved after every turn and offered back at the next start.

The window plays through a SessionRunner, as ``rupture text`` does, so the files
and their rules are the same: one file per playthrough under ``<data dir>/current/``,
written atomically and locked while played; a finished session moves among the
finished ones; a save that cannot be read or replayed is renamed aside, never
overwritten or deleted; a save is resumed only on its own patient. Replays of a
transcript are not saved: they are someone else's session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..storage.data_dir import data_dir

if TYPE_CHECKING:
    from ..engine.session import Session
    from ..play.session_runner import SessionRunner
    from ..storage.autosave import Autosave, Found


def _auto(app, patient_id: str) -> Autosave:
    """The app's one Autosave per patient, so every turn of a playthrough goes to that playthrough's file."""
    from ..storage.autosave import Autosave

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


def _record(app):
    from ..debrief.record import PlayRecord

    return PlayRecord(detection_mode=app.detection)


def _saving(app, patient_id: str) -> dict:
    """A runner's autosave and what to do when the folder cannot be written: none for a replay or after a failure."""
    if not app.autosave or app.saves_failed:
        return {}
    auto = _auto(app, patient_id)
    return {"autosave": auto, "on_save_error": lambda exc: _cannot_save(app, auto, exc)}


def runner_for(app, session: Session, replay: list[str] | None) -> SessionRunner:
    """The runner a new session screen plays through: it saves after every change unless it is a replay."""
    from ..play.session_runner import SessionRunner

    saving = {} if replay is not None else _saving(app, session.patient.id)
    return SessionRunner(session.patient, session.seed, record=_record(app), session=session, **saving)


def after_turn(app, screen) -> None:
    """After a change the runner has saved: say where a finished session is kept."""
    runner = screen.runner
    if runner.session.ended and runner.autosave is not None and runner.kept is not None:
        app.toast(f"Session kept as {runner.kept}")


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
    from ..storage.autosave import waiting_patients

    out = []
    for pid in [patient.id] if patient is not None else waiting_patients(app.data_dir):
        auto = _auto(app, pid)
        found = auto.pending()
        if found is not None:
            out.append((auto, found))
    return out


def _patient_of(found: Found):
    """The patient a save was played with: its profile file when still there and of that patient, else the bundled
    patient it names (sessions_store.patient_for)."""
    from ..storage.sessions_store import patient_for

    assert found.data is not None, "only a save that was read names its patient"
    return patient_for(found.data, str(found.path))


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
    from ..engine.diagnostics import ProfileError
    from ..storage.records import TranscriptError
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
            except (ProfileError, TranscriptError, OSError) as exc:
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
    """Resume through the session runner, under the policy ``rupture text`` follows; a save that no longer plays
    on this patient is set aside."""
    from ..play.session_runner import SessionRunner
    from ..storage.autosave import CannotResume, patient_of
    from .screens.notices import NoticeOverlay
    from .screens.session import SessionScreen

    auto = _auto(app, patient_of(found.path))  # the save's own Autosave, which holds its lock
    app.close_overlay()
    try:
        runner = SessionRunner.from_save(found, patient, record=_record(app), **_saving(app, auto.patient_id))
    except CannotResume as exc:
        aside = auto.set_aside("refused")
        app.overlays.append(NoticeOverlay(
            app, "The saved session cannot be resumed",
            f"{exc}. It is kept, untouched, as {aside}; start a new session from the patient's briefing."))
        return
    session = runner.session
    app.patient, app.replay_moves, app.seed = patient, None, session.seed
    app.set_screen(SessionScreen(app, session, runner=runner))
    if runner.note:
        app.overlays.append(NoticeOverlay(app, "Resumed on a changed profile", f"Note: {runner.note}."))
    else:
        app.toast(f"Resumed at turn {session.turn}")


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
