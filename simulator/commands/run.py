"""rupture run: a scripted session (--moves) or seeded random playthroughs (--policy random)."""

from __future__ import annotations

import json
import sys

from ..engine.session import Session
from ..play.session_runner import SessionRunner, random_playthrough
from .common import guarded, load_patient

ORDER = 20
MAX_RUNS = 10_000
"""The most playthroughs one ``--policy random`` run makes (each is printed and dropped, so memory stays flat)."""


def register(sub) -> None:
    p = sub.add_parser("run", help="play a scripted session and print its transcript")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("--moves", default="", help="comma-separated move ids, in order")
    p.add_argument("--seed", type=int, default=0, help="seed for reply variants and random play (default 0)")
    p.add_argument("--policy", choices=["random"], help="instead of --moves, pick moves at random")
    p.add_argument("--runs", type=int, default=1,
                   help=f"with --policy random: how many playthroughs, 1 to {MAX_RUNS:,}; each is printed as it ends "
                   "(with --json, as the next element of one JSON array)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a readable transcript")
    p.add_argument("--flag-turns", metavar="N,N",
                   help="with --moves: turns flagged as ruptures (detection mode; 0 is the opening)")
    p.add_argument("--answers", metavar="K=V,...",
                   help="with --moves: questionnaire answers, e.g. tension=3,resolved=4,bond=60,goals=55,tasks=50")
    p.add_argument("--pulls", metavar="N=KIND,...",
                   help="with --moves: what the trainee noticed in themselves before move N, e.g. "
                   "1=fill_silence,5=defend (a pull kind, or 'nothing')")
    p.add_argument("--trainee", metavar="NAME", help="with --moves: the trainee's name, kept in the transcript")
    p.add_argument("--data-dir", metavar="DIR", help="with --moves: save the session in DIR/sessions")
    p.add_argument("--save", action="store_true",
                   help="with --moves: save the session in the data folder (RUPTURE_DATA_DIR or the user's)")
    p.set_defaults(func=run)


def _practice(args, turns: int) -> dict:
    """The transcript's practice fields from --flag-turns, --answers and --trainee; raises ValueError with what to fix."""
    out: dict = {}
    if args.flag_turns is not None:
        try:
            flags = [int(f) for f in args.flag_turns.split(",") if f.strip()]
        except ValueError:
            raise ValueError(f"--flag-turns takes turn numbers separated by commas, not '{args.flag_turns}'") from None
        wrong = [f for f in flags if not 0 <= f <= turns]
        if wrong:
            raise ValueError(f"--flag-turns: turn {wrong[0]} was not played (0 to {turns})")
        out["detection_flags"] = flags
    if args.answers is not None:
        answers = {}
        for part in (p.strip() for p in args.answers.split(",") if p.strip()):
            key, _, value = part.partition("=")
            try:
                answers[key.strip()] = int(value)
            except ValueError:
                raise ValueError(f"--answers: '{part}' is not NAME=WHOLE_NUMBER") from None
        from ..debrief.questionnaire import check_answers

        problems = check_answers(answers)
        if problems:
            raise ValueError("--answers: " + "; ".join(problems))
        out["questionnaire"] = answers
    if args.trainee is not None:
        out["trainee"] = args.trainee
    return out


def _pulls(text: str | None, moves: int) -> dict[int, str]:
    """--pulls N=KIND,...: move number (1 for the first) -> the answer; raises ValueError with what to fix."""
    from ..engine.diagnostics import did_you_mean
    from ..engine.session import PULL_ANSWERS

    out: dict[int, str] = {}
    for part in (p.strip() for p in (text or "").split(",") if p.strip()):
        number, _, kind = part.partition("=")
        kind = kind.strip()
        try:
            n = int(number)
        except ValueError:
            raise ValueError(f"--pulls: '{part}' is not N=KIND (N the number of the move, 1 for the first)") from None
        if not 1 <= n <= moves:
            raise ValueError(f"--pulls: move {n} is not among the {moves} moves given")
        if kind not in PULL_ANSWERS:
            raise ValueError(f"--pulls: unknown pull '{kind}'{did_you_mean(kind, PULL_ANSWERS)}; one of: "
                             f"{', '.join(PULL_ANSWERS)}")
        out[n] = kind
    return out


@guarded
def run(args) -> int:
    if args.policy == "random" and not 1 <= args.runs <= MAX_RUNS:
        print(f"rupture: --runs takes a number from 1 to {MAX_RUNS:,}, not {args.runs}", file=sys.stderr)
        return 2
    patient = load_patient(args.patient)
    if args.policy == "random":
        if args.moves:
            print("rupture: give either --moves or --policy random, not both", file=sys.stderr)
            return 2
        if args.flag_turns or args.answers or args.pulls or args.trainee or args.data_dir or args.save:
            print("rupture: --flag-turns, --answers, --pulls, --trainee, --data-dir and --save go with --moves",
                  file=sys.stderr)
            return 2
        _stream_random(patient, args.seed, args.runs, args.json)
        return 0
    runner = SessionRunner(patient, args.seed)
    session = runner.session
    moves = [m.strip() for m in args.moves.split(",") if m.strip()]
    try:
        pulls = _pulls(args.pulls, len(moves))
        runner.play(moves, pull_answers=[pulls.get(i) for i in range(1, len(moves) + 1)])
    except ValueError as exc:  # a bad --pulls, or session_runner.TurnUnavailable naming the turn
        print(f"rupture: {exc}", file=sys.stderr)
        return 2
    try:
        practice = _practice(args, session.turn)
    except ValueError as exc:
        print(f"rupture: {exc}", file=sys.stderr)
        return 2
    if args.data_dir or args.save:
        from ..debrief.record import PlayRecord
        from ..storage.sessions_store import StoreError

        flags = practice.get("detection_flags")
        runner.record = PlayRecord(trainee=practice.get("trainee"), detection_mode=flags is not None,
                                   flags=set(flags or ()), questionnaire=practice.get("questionnaire"))
        try:
            print(f"saved {runner.keep(args.data_dir)}", file=sys.stderr)
        except StoreError as exc:
            print(f"rupture: {exc}", file=sys.stderr)
            return 1
    if args.json:
        from ..storage import transcript  # its record format needs pydantic: only for what writes a transcript

        print(transcript.dumps(session, **practice))
    else:
        print_transcript(session)
    return 0


def _stream_random(patient, seed: int, runs: int, as_json: bool) -> None:
    """Play and print one playthrough at a time; with JSON, the elements of one array as they come."""
    out = sys.stdout
    if as_json:
        from ..storage import transcript

        out.write("[\n")
    for i in range(runs):
        s = random_playthrough(patient, seed + i)
        if as_json:
            out.write(("" if i == 0 else ",\n") + json.dumps(transcript.to_json(s), indent=2, ensure_ascii=False))
        else:
            out.write(f"seed {s.seed}: {s.ended or 'not ended'} after {s.turn} turns: "
                      f"{','.join(t.move for t in s.turns)}\n")
        out.flush()
    if as_json:
        out.write("\n]\n")


def print_transcript(session: Session) -> None:
    spec = session.patient.spec
    opening = spec.opening
    assert opening is not None, "a loaded profile has an opening (a course's is its first session's)"
    print(f"{spec.name}: ({opening.cue}) {opening.line}")
    for t in session.turns:
        if t.pull is not None or t.pull_answer is not None:
            authored = t.pull["kind"] if t.pull else "none"
            print(f"\n  (pull here: {authored}; noticed: {t.pull_answer or 'not asked'})")
        print(f"\n[{t.number}] Therapist ({t.move}): {t.says}")
        marker = f"  [marker: {t.marker}]" if t.marker else ""
        print(f"{spec.name}: ({t.cue}) {t.patient}{marker}")
        deltas = " ".join(f"{k} {v:+d}" for k, v in t.deltas.items())
        print(f"    -> {t.state} ({t.stage or '-'}){'  ' + deltas if deltas else ''}")
        after = next((u.session for u in session.turns if u.number == t.number + 1), session.session_id)
        if after != t.session:
            nxt = next(c for c in spec.sessions or () if c.id == after)
            print(f"\n--- session '{after}'{': ' + nxt.interval if nxt.interval else ''} ---")
            print(f"{spec.name}: ({nxt.opening.cue}) {nxt.opening.line}")
    meters = " ".join(f"{k} {v}" for k, v in session.meters.items())
    print(f"\nnow: {session.state} ({session.stage or '-'}), {meters}")
    if session.ended:
        print(f"ended: {session.ended} ({session.end_reason})")
        if session.epilogue:
            print(session.epilogue)
    else:
        print(f"on offer: {', '.join(session.options())}")
