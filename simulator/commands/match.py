"""rupture match: how typed words are heard at the beat a list of moves reaches (free-response mode, scripted)."""

from __future__ import annotations

import json
import sys

from ..engine.session import MoveUnavailable, Session
from .common import guarded, load_patient

ORDER = 25


def register(sub) -> None:
    p = sub.add_parser("match", help="rank the moves on offer by closeness to typed words",
                       description="Play --moves from the opening, then rank the moves on offer at that beat "
                       "by how close TEXT is to each (the free-response mode's understanding).")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("text", metavar="TEXT", help="what the trainee would say, in their own words")
    p.add_argument("--moves", default="", help="comma-separated move ids played first, in order")
    p.add_argument("--json", action="store_true",
                   help='print {"offered": [...], "ranked": [{"move", "score"}...], "understood": id or null}')
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    from ..play.understanding import understand

    session = Session(load_patient(args.patient))
    for i, move in enumerate((m.strip() for m in args.moves.split(",") if m.strip()), 1):
        try:
            session.choose(move)
        except MoveUnavailable as exc:
            print(f"rupture: --moves, turn {i}: {exc}", file=sys.stderr)
            return 2
    if session.ended:
        print(f"rupture: the session has ended ({session.ended}) after these moves; nothing is on offer to match",
              file=sys.stderr)
        return 2
    heard = understand(session, args.text)
    if args.json:
        print(json.dumps(heard.to_json(), ensure_ascii=False))
        return 0
    labels = {m: session.move(m).label for m in heard.offered}
    print(f"heard as: {labels[heard.understood] if heard.understood else 'not sure (rephrase, or pick a move)'}")
    for r in heard.ranked:
        print(f"  {r.score:.3f}  {r.move}: {labels[r.move]}")
    return 0
