"""What the bundled-patient tests share: playing a route, walking a profile's outcomes, bounded route searches."""

from __future__ import annotations

import re
from pathlib import Path

from simulator.debrief import build_debrief
from simulator.engine.session import Session
from simulator.engine.vocabulary import PITFALL_STRATEGIES


def play(patient, moves, seed=0) -> Session:
    s = Session(patient, seed=seed)
    for move in moves:
        s.choose(move)
    return s


def assert_paraphrase_on_offer(patient, entry: dict, i: int) -> None:
    """A paraphrase-set entry is only a fair test of the matcher if its route plays and its move is on offer there."""
    session = play(patient, entry["after"])
    assert not session.ended, f"entry {i}: the route ends the session"
    assert entry["means"] in session.options(), f"entry {i}: {entry['means']} not in {session.options()}"


def outcomes(patient):
    """Every (beat, option rule, outcome) the profile can give, branches included."""
    for beat in patient.beats.values():
        for rule in beat.options:
            yield beat, rule, rule.fallback
            for _pred, outcome in rule.branches:
                yield beat, rule, outcome


def stages_walked(session) -> list[str]:
    """The stages a session passed through, in order, each repeat folded into one."""
    out: list[str] = []
    for turn in session.turns:
        for stage in (turn.stage_before, turn.stage):
            if stage and (not out or out[-1] != stage):
                out.append(stage)
    return out


def longest_routes(patient, width: int = 200) -> dict[str, int]:
    """The longest route (in decisions) to each kind of ending, found by a bounded breadth-first search.

    States are (beat, flags, meters, turn, cause), deduplicated at each depth; when a depth holds more
    than ``width`` of them, the search keeps them spread over beats, alternately strongest and weakest
    alliance. The figures are routes actually played, so they are lower bounds on the true longest
    routes. An ending reached only because the turn limit ran out does not count.
    """
    s = Session(patient)
    frontier = [s.snapshot()]
    longest = {"ending": 0, "resolved": 0, "dropout": 0, "unresolved": 0}
    while frontier:
        kept: dict[tuple, object] = {}
        for snap in frontier:
            s.restore(snap)
            for move in s.options():
                s.restore(snap)
                s.choose(move)
                if s.ended:
                    if s.end_reason != "turn limit":
                        longest["ending"] = max(longest["ending"], s.turn)
                        longest[s.ended] = max(longest[s.ended], s.turn)
                    continue
                key = (s.beat, s.flags, tuple(s.meters.values()), s.cause)
                if key not in kept:
                    kept[key] = s.snapshot()
        frontier = _spread(list(kept.items()), width)
    return longest


def _spread(items, width):
    """At most ``width`` snapshots, taken from every beat in turn, alternately its strongest and weakest
    alliance, so the search keeps both the routes that last and the routes that fall apart."""
    if len(items) <= width:
        return [snap for _key, snap in items]
    by_beat: dict[str, list] = {}
    for key, snap in sorted(items, key=lambda kv: (-sum(kv[0][2]), kv[0][0], sorted(kv[0][1]), kv[0][3] or "")):
        by_beat.setdefault(key[0], []).append(snap)
    out, queues, strongest = [], [by_beat[b] for b in sorted(by_beat)], True
    while len(out) < width and any(queues):
        for q in queues:
            if q and len(out) < width:
                out.append(q.pop(0) if strongest else q.pop())
        strongest = not strongest
    return out


def route_of_at_least(patient, need: int, ending: str, budget: int = 200_000, by_state_only: bool = True):
    """A bounded depth-first search over (beat, flags, meters, turn, cause) for a route of at least
    ``need`` decisions that reaches ``ending``; states that cannot are remembered and skipped.

    ``by_state_only`` counts only endings reached by entering an ending state; otherwise the dropout
    rule counts too (never the turn limit).
    """
    s = Session(patient)
    dead: set = set()
    spent = 0

    def counts() -> bool:
        return s.end_reason == "state" if by_state_only else s.end_reason != "turn limit"

    def search(path):
        nonlocal spent
        key = (s.beat, s.flags, tuple(s.meters.values()), s.turn, s.cause)
        if key in dead:
            return None
        snap = s.snapshot()
        for move in s.options():
            spent += 1
            if spent > budget:
                return None
            s.choose(move)
            if s.ended:
                if s.ended == ending and counts() and s.turn >= need:
                    return path + [move]
            else:
                found = search(path + [move])
                if found:
                    return found
            s.restore(snap)
        dead.add(key)
        return None

    return search([])


def assert_pull_on_every_marker_beat(patient) -> None:
    """Every beat the patient reaches while showing a rupture marker says what that pulls for (§3, §7)."""
    pulls = {bid: beat.pull for st in patient.spec.states.values() for bid, beat in st.beats.items()}
    shown = {patient.spec.opening.beat} if patient.spec.opening and patient.spec.opening.marker else set()
    for _beat, _rule, o in outcomes(patient):
        if o.marker and o.target in pulls:
            shown.add(o.target)
    missing = sorted(b for b in shown if not pulls[b])
    assert not missing, f"marker beats without a pull: {missing}"


def assert_design_doc_matches(patient, routes) -> None:
    """docs/patients/<id>.md lists every state with its kind (and ending), and spells out each route."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "patients" / f"{patient.spec.id}.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| ([^|]*) \|", doc, re.M)}
    for sid, state in patient.spec.states.items():
        assert sid in rows, f"state {sid} missing from the doc"
        assert rows[sid].strip().startswith(state.kind), sid
        if state.ending:
            assert state.ending in rows[sid], sid
    for route in routes:
        assert ", ".join(route) in doc, route


def assert_debrief_recommends_no_pitfall(patient, route) -> None:
    """The debrief of ``route`` faults none of its moves, and no better line it offers has a pitfall in it."""
    for m in build_debrief(play(patient, route)).moves:
        assert not m.faulted, (patient.id, m.move)
        if m.better:
            assert all(patient.spec.moves[x].strategy not in PITFALL_STRATEGIES for x in m.better.best.moves), (
                patient.id, m.turn)
