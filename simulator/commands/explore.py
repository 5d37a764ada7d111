"""rupture explore: search a patient's whole state space: coverage, expert and dropout routes, difficulty."""

from __future__ import annotations

import json

from ..authoring.explore import RANDOM_RUNS, explore
from .common import guarded, load_patient

ORDER = 45
UNDECIDED_SHOWN = 20


def register(sub) -> None:
    p = sub.add_parser("explore", help="search a profile's state space: coverage, routes, difficulty",
                       description="Search every state the patient can be in (state, meters, flags, turn) from "
                       "the opening: what can be reached, the shortest route to resolution (the expert route) and "
                       "to dropout, how seeded random play ends, the longest route, and a difficulty index.")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("--runs", type=int, default=RANDOM_RUNS, help=f"seeded random playthroughs (default {RANDOM_RUNS})")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    found = explore(patient, runs=max(0, args.runs))
    if args.json:
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return 0
    print(summary(found, args.runs))
    return 0


def _route(route) -> str:
    if route is None:
        return "none"
    return f"{len(route)} move{'s' if len(route) != 1 else ''}: {', '.join(route) or '(none)'}"


def summary(found, runs: int) -> str:
    p = found.patient
    n_states, n_beats, n_replies = len(p.spec.states), len(p.beats), len(found.reach.choices)
    lines = [f"{p.name} ({p.path})"]
    unreachable_replies = found.unreachable_replies
    lines.append(f"reachable: {len(found.reachable_states)} of {n_states} states, "
                 f"{n_beats - len(found.unreachable_beats)} of {n_beats} beats, "
                 f"{n_replies - len(unreachable_replies) - len(found.undecided_replies)} of {n_replies} replies")
    for sid in found.unreachable_states:
        lines.append(f"  unreachable state: {sid}")
    for bid in found.unreachable_beats:
        if p.state_of[bid] not in found.unreachable_states:
            lines.append(f"  unreachable beat: {bid}")
    for c in unreachable_replies:
        line, _col = p.locate(c.loc)
        which = "reply" if c.branch is None else f"branch {c.branch + 1}"
        lines.append(f"  unreachable {which} of '{c.move}' in beat '{c.beat}' (line {line})")
    undecided = found.undecided_replies
    for c in undecided[:UNDECIDED_SHOWN]:
        line, _col = p.locate(c.loc)
        lines.append(f"  undecided: '{c.move}' in beat '{c.beat}' (line {line})")
    if len(undecided) > UNDECIDED_SHOWN:
        lines.append(f"  ... and {len(undecided) - UNDECIDED_SHOWN} more undecided (--json lists them all)")
    if undecided or found.exhausted:
        lines.append(found.cut_off_note())
    lines.append(f"expert route (shortest to resolution): {_route(found.resolution_route)}")
    lines.append(f"shortest route to dropout: {_route(found.dropout_route)}")
    ends = found.random_endings
    if runs:
        partial = f"{found.random_partial_share:.1%} resolve in part, " if ends.get("partial") else ""
        lines.append(f"{runs} seeded random playthroughs: {found.random_resolved_share:.1%} resolve, {partial}"
                     f"{found.random_dropout_share:.1%} drop out, {ends.get('unresolved', 0)} end unresolved")
    lines.append(f"longest route: {_route(found.longest_route)}")
    lines.append(f"distinct patient lines: {found.distinct_lines}")
    lines.append(f"difficulty: {found.difficulty} / 10 (profile says {p.spec.difficulty} / 5)")
    lines.append(f"searched: {found.steps} engine steps, {found.states_seen} states, {found.seconds:.2f} s")
    return "\n".join(lines)
