"""rupture text: play a whole session in the terminal, saved after every turn so a crash loses nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from ..debrief.record import PlayRecord
from ..engine.patient import Patient
from ..play.session_runner import SessionRunner
from ..play.terminal_play import TerminalPlay
from ..storage.autosave import Autosave, CannotResume, Found
from .common import guarded, load_patient

ORDER = 30


def register(sub) -> None:
    p = sub.add_parser("text", help="play a session in the terminal")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("--seed", type=int, default=0, help="seed for reply variants (default 0)")
    p.add_argument("--data-dir", metavar="DIR",
                   help="where sessions are saved (default: RUPTURE_DATA_DIR, else your user data folder)")
    p.add_argument("--free", action="store_true",
                   help="type what you would say instead of a number; it is heard as the closest move on offer, "
                   "and you confirm or correct it")
    p.add_argument("--learning", action="store_true",
                   help="show the patient's thoughts, coach hints (h), and ask what you notice in yourself at a pull")
    p.add_argument("--detect", action="store_true",
                   help="detection practice: meters hidden; type r to flag a rupture in what the patient just said")
    choice = p.add_mutually_exclusive_group()
    choice.add_argument("--resume", dest="resume", action="store_true", default=None,
                        help="resume an unfinished saved session without asking")
    choice.add_argument("--no-resume", dest="resume", action="store_false",
                        help="start afresh; an unfinished session is kept with the finished ones")
    p.set_defaults(func=run)


def _read_line(prompt: str = "> ") -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def _cannot_save(folder: Path):
    def warn(exc: OSError) -> None:
        print(f"rupture: cannot save the session in {folder} ({exc.strerror or exc}); playing on "
              "without saving. Give --data-dir or set RUPTURE_DATA_DIR to a folder you can write.", file=sys.stderr)
    return warn


def _ask_to_resume(found: Found, patient: Patient) -> bool | None:
    when = f", saved {found.saved_at.replace('T', ' ')}" if found.saved_at else ""
    print(f"An unfinished session with {patient.name} is saved ({found.turns} turn{'s' if found.turns != 1 else ''}{when}).")
    while True:
        answer = _read_line("Resume it? [y/n] ")
        if answer is None:
            return None
        answer = answer.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        print("Answer y to resume it, or n to start afresh (it is kept with your finished sessions).")


def _runner(patient: Patient, auto: Autosave, wanted: bool | None, record: PlayRecord, seed: int) -> SessionRunner | None:
    """The resumed session's runner or a fresh one; None to stop (no answer on stdin)."""
    fresh = SessionRunner(patient, seed, auto, record, on_save_error=_cannot_save(auto.folder))
    found = auto.pending()
    if found is None:
        return fresh
    if found.problem:
        aside = auto.set_aside("corrupt")
        print(f"rupture: the saved session cannot be read: {found.path}: {found.problem}. It is kept as {aside}; "
              "starting afresh.", file=sys.stderr)
        return fresh
    if found.finished:
        print(f"A finished session with {patient.name} was still waiting; it is now kept as "
              f"{auto.keep_among_finished()}.")
        return fresh
    if wanted is None:
        wanted = _ask_to_resume(found, patient)
        if wanted is None:
            print("\nNo answer; the saved session is left as it was.")
            return None
    if not wanted:
        print(f"Starting afresh; the unfinished session is kept as {auto.keep_among_finished()}.")
        return fresh
    try:
        runner = SessionRunner.from_save(found, patient, auto, record, on_save_error=fresh.on_save_error)
    except CannotResume as exc:
        aside = auto.set_aside("refused")
        print(f"rupture: cannot resume the saved session: {exc}. It is kept as {aside}; starting afresh.",
              file=sys.stderr)
        return fresh
    print(f"Resuming at turn {runner.session.turn}.")
    if runner.note:
        print(f"Note: {runner.note}.")
    return runner


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    auto = Autosave(patient.id, args.data_dir)
    record = PlayRecord(detection_mode=args.detect)
    try:
        runner = _runner(patient, auto, args.resume, record, args.seed)
    except OSError as exc:
        print(f"rupture: cannot use the saved sessions in {auto.folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if runner is None:
        return 0
    status = TerminalPlay(runner, sys.stdout, _read_line, free=args.free, learning=args.learning,
                          detect=args.detect).run()
    if runner.kept is not None:
        print(f"The session is kept as {runner.kept}.")
        print(f"The whole debrief: rupture report {runner.kept}")
    elif runner.autosave is not None and runner.session.turn and not runner.session.ended:
        print(f"Saved; run 'rupture text {args.patient}' again to resume.")
    return status
