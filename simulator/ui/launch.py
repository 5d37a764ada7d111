"""``rupture play``: resolve the patient and transcript, open the window, run the loop.

Problems with what was named on the command line (an unknown patient, a
profile with errors, a transcript that does not replay) are reported on stderr
with what to do, before any window opens.
"""

from __future__ import annotations

import os
import sys

DEFAULT_SIZE = (1280, 800)


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _load_patient(name: str):
    from ..engine.catalogue import UnknownPatient, resolve
    from ..engine.diagnostics import ProfileError
    from ..engine.profile_loader import load_profile

    try:
        return load_profile(resolve(name))
    except UnknownPatient as exc:
        raise Refused(2, f"rupture: {exc}") from None
    except ProfileError as exc:
        raise Refused(1, str(exc)) from None


def _load_replay(path: str, patient_name: str | None):
    """(patient, moves, seed, profile_changed) for a transcript; the patient defaults to the one it names."""
    from ..storage import transcript

    try:
        data = transcript.read_transcript(path)
    except transcript.TranscriptError as exc:
        raise Refused(2, f"rupture: {exc}") from None
    if patient_name is None:
        from ..storage.sessions_store import recorded_profile

        recorded = recorded_profile(data)
        patient_name = str(recorded) if recorded is not None else data["patient"]
    patient = _load_patient(patient_name)
    try:
        result = transcript.replay(patient, data)
    except transcript.TranscriptError as exc:
        raise Refused(2, f"rupture: {path}: {exc}") from None
    return patient, result.moves, data.get("seed", 0), result.profile_changed


def run(args) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if getattr(args, "vote", False) and not args.replay:
        print("rupture: --vote is for a replay: give --replay TRANSCRIPT.json too", file=sys.stderr)
        return 2
    try:
        patient = replay = None
        if args.replay:
            replay = _load_replay(args.replay, args.patient)
            patient = replay[0]
            if replay[3]:
                print(f"rupture: note: {patient.path} has changed since this transcript was recorded; "
                      "the replay uses the profile as it is now", file=sys.stderr)
        elif args.patient:
            patient = _load_patient(args.patient)
    except Refused as exc:
        print(exc, file=sys.stderr)
        return exc.status

    import pygame

    from .app import App
    from .loop import ShotWriter, Window, replay_tour, run_loop

    try:
        pygame.display.init()
        pygame.font.init()
        window = Window(args.size or DEFAULT_SIZE, args.fullscreen)
    except pygame.error as exc:
        print(f"rupture: cannot open a window ({exc}); on a machine without a display, "
              "set SDL_VIDEODRIVER=dummy and use --screenshots", file=sys.stderr)
        return 1
    shots = ShotWriter(args.screenshots) if args.screenshots else None
    app = App(theme="projector" if args.projector else "normal", screenshot_dir=args.screenshots,
              animate=shots is None, autosave=replay is None, scale=getattr(args, "text_scale", None) or 1.0)
    app.data_dir = getattr(args, "data_dir", None)
    if shots is None:
        from .settings import folder

        app.use_settings(folder(), theme="projector" if args.projector else None,
                         scale=getattr(args, "text_scale", None))
    app.background = shots is None  # a scripted screenshot run waits for each screen instead
    app.fullscreen = args.fullscreen
    from .debrief_flow import install

    install()
    tour = None
    if replay is not None:
        _, moves, seed, changed = replay
        if shots is not None:
            tour = replay_tour(app, patient, moves, seed, changed)
        else:
            app.vote = bool(getattr(args, "vote", False))
            app.start_session(patient, moves, seed)
            app.replay_profile_changed = changed
    elif patient is not None:
        app.open_patient(patient)
        app.seed = args.seed

    def greet() -> None:
        if replay is None and not app.offer_resume(patient) and shots is None and not app.walkthrough_seen:
            app.open_walkthrough()

    if shots is None:  # the saves are read (and the engine imported) once the window shows the patient
        app.after_first_frame.append(greet)
    else:  # a screenshot run shows the prompt in its first picture, as before
        greet()
    try:
        return run_loop(app, window, shots=shots, exit_after_first_frame=args.exit_after_first_frame, tour=tour)
    finally:
        pygame.quit()
