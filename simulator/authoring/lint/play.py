"""What play can reach, from simulator.authoring.explore: endings, states, beats, replies, dead ends, meter effects."""

from __future__ import annotations

from ...engine.patient import Patient
from ...engine.session import Session, pick_reply
from ...engine.vocabulary import METERS
from ..explore import REPEATS, Exploration
from ..reach import HIGH
from .report import Report

CLAMP_SHARE = 0.5
"""W233: an effect cut off at 0 or 100 at least this often in the random playthroughs..."""
CLAMP_MIN_TIMES = 10
"""...given at least this many times there."""


def check(patient: Patient, found: Exploration, report: Report) -> None:
    _endings(patient, found, report)
    dead_states = _states_and_beats(patient, found, report)
    _replies(patient, found, report, dead_states)
    _dead_ends(patient, found, report, dead_states)
    _empty_offer(patient, found, report)
    _effects(patient, found, report)
    _repeats(patient, found, report)
    _sessions(patient, found, report)
    _undecided(patient, found, report)


def _route(route) -> str:
    return ", ".join(route) if route else "(at the start)"


def _endings(patient: Patient, found: Exploration, report: Report) -> None:
    spec = patient.spec
    reach = found.reach
    resolved = [sid for sid, s in spec.states.items() if s.ending == "resolved"]
    if not reach.may_end("resolved"):
        report.add("E200", ("states", resolved[0]) if resolved else ("states",),
                   "no session can reach a resolved ending: every route ends in dropout, runs out of turns, "
                   "or is blocked by a condition",
                   "run 'rupture explore' and 'rupture graph' to see where routes stop; check the 'next' of the "
                   "resolution replies, their 'when' conditions, and max_turns", key=True)
    if not reach.may_end("dropout"):
        report.add("W201", ("dropout",),
                   "the patient can never drop out: no reply leads to the dropout state and the dropout rule "
                   "never fires", "a patient who cannot leave teaches nothing about dropout (§2): raise "
                   "'alliance_below', or lead a reply to '" + spec.dropout.state + "'", key=True)


def _states_and_beats(patient: Patient, found: Exploration, report: Report) -> set[str]:
    spec = patient.spec
    dead = set(found.unreachable_states)
    for sid in found.unreachable_states:
        state = spec.states[sid]
        leads_here = any(c.outcome.target == sid or patient.state_of.get(c.outcome.target) == sid
                         for c in found.reach.choices.values()) or patient.state_of[patient.initial] == sid
        if state.ending and not leads_here:
            why = "no reply leads to it"
            hint = ("the turn limit ends a session where it stands, so an ending needs a reply with "
                    f"'next: {sid}'; add one, or remove the state")
        elif not leads_here:
            why, hint = "no reply leads to it", f"add 'next: {sid}' to a reply, or remove the state"
        else:
            why = "the replies that lead to it can never be given"
            hint = "see the unreachable replies reported for it (run 'rupture explore')"
        report.add("W210", ("states", sid), f"state '{sid}' can never be reached: {why}", hint, key=True)
    for bid in found.unreachable_beats:
        sid = patient.state_of[bid]
        if sid in dead:
            continue
        leads_here = any(c.outcome.target == bid for c in found.reach.choices.values()) or bid == patient.initial
        first = next(iter(spec.states[sid].beats)) == bid
        if not leads_here and not (first and any(c.outcome.target == bid for c in found.reach.choices.values())):
            why = "no reply leads to it" + (" (a 'next' naming the state goes to its first beat)" if not first else "")
            hint = f"add 'next: {bid}' to a reply, or remove the beat"
        else:
            why = "the replies that lead to it can never be given"
            hint = "see the unreachable replies reported for it"
        report.add("W211", ("states", sid, "beats", bid), f"beat '{bid}' can never be reached: {why}", hint, key=True)
    return dead


def _quiet(report: Report, loc: tuple) -> bool:
    return any(loc[:k] in report.quiet for k in range(len(loc) + 1))


def _replies(patient: Patient, found: Exploration, report: Report, dead_states: set[str]) -> None:
    reach = found.reach
    may_beats = reach.may_beats
    for choice in found.unreachable_replies:
        if choice.state in dead_states or choice.beat not in may_beats or _quiet(report, choice.loc):
            continue
        option_loc = ("states", choice.state, "beats", choice.beat, "options", choice.option)
        if option_loc not in reach.may_offer:
            if choice.branch is not None:
                continue
            report.add("W212", option_loc + ("when",),
                       f"'{choice.move}' is never on offer in beat '{choice.beat}': its 'when' never holds when a "
                       "session is here", "check which flags, meters and turns a session can have on arriving "
                       "here ('rupture explore', 'rupture graph'), and loosen the condition")
        elif choice.branch is None:
            report.add("W212", choice.loc, f"the reply to '{choice.move}' in beat '{choice.beat}' is never given: "
                       "one of its branches always applies first",
                       "remove the option's own reply by making a branch the default, or narrow that branch's 'when'")
        else:
            report.add("W212", choice.loc + ("when",),
                       f"branch {choice.branch + 1} of '{choice.move}' in beat '{choice.beat}' is never taken: "
                       "its condition never holds when a session is here, or an earlier branch always wins",
                       "check the branch order (the first that holds wins) and what a session can have on "
                       "arriving here")


def _dead_ends(patient: Patient, found: Exploration, report: Report, dead_states: set[str]) -> None:
    spec = patient.spec
    may = found.reach.may_outcomes
    for sid, state in spec.states.items():
        if state.ending or sid in dead_states:
            continue
        exits = [c for c in found.reach.choices.values()
                 if c.state == sid and patient.state_of[c.outcome.target] != sid]
        if not exits:
            report.add("W213", ("states", sid), f"state '{sid}' has no way out: every reply in it leads back into it, "
                       "and it is not an ending", "lead at least one reply to another state or an ending; as it is, "
                       "only the turn limit or the dropout rule can end the session here", key=True)
        elif not any(c.loc in may for c in exits):
            report.add("W213", ("states", sid), f"state '{sid}' has no way out in play: the replies that would "
                       "leave it can never be given", "see the unreachable replies reported in it", key=True)


def _empty_offer(patient: Patient, found: Exploration, report: Report) -> None:
    route = found.empty_offer_route
    if route is None:
        return
    from ...engine.session import Session

    s = Session(patient)
    for move in route:
        s.choose(move)
    beat = s.beat
    sid = patient.state_of[beat]
    report.add("W215", ("states", sid, "beats", beat),
               f"every move beat '{beat}' offers can be disabled at once: after {_route(route)} nothing is on offer "
               "and the session ends unresolved", "give one option no 'when', or make the conditions cover every "
               "case", key=True)


def _effects(patient: Patient, found: Exploration, report: Report) -> None:
    reach = found.reach
    for loc, choice in reach.choices.items():
        if loc not in reach.may_outcomes or _quiet(report, loc):
            continue
        pre = reach.pre_boxes.get(loc)
        for name, delta in choice.outcome.effects:
            i = METERS.index(name)
            eloc = loc + ("effects", name)
            if delta == 0:
                report.add("W232", eloc, f"'{name}: 0' changes nothing", "remove it, or give the change a size")
            elif pre is not None and ((delta > 0 and pre[i] >= 100) or (delta < 0 and pre[HIGH + i] <= 0)):
                at = 100 if delta > 0 else 0
                report.add("W232", eloc, f"'{name}: {delta:+d}' can never change {name}: it is always already "
                           f"{at} whenever this reply comes", "remove the effect, or move it where it can matter")
            else:
                taken, cut = found.clamps.get((loc, name), (0, 0))
                if taken >= CLAMP_MIN_TIMES and cut / taken >= CLAMP_SHARE:
                    edge = "100" if delta > 0 else "0"
                    report.add("W233", eloc, f"'{name}: {delta:+d}' is cut off at {edge} in {cut} of the {taken} "
                               "times the random playthroughs give this reply",
                               "meters are clamped to 0-100; make the change smaller, or start the meter "
                               f"further from {edge}, unless reaching the limit is the point")


def _repeats(patient: Patient, found: Exploration, report: Report) -> None:
    """W236: the explorer's random playthroughs, and every route it played to a reply, said one line 3 times running."""
    where = dict(found.repeats)
    routes = list(found.witnesses.values()) + [found.longest_route, found.resolution_route or ()]
    s = Session(patient)
    start = s.snapshot()
    for route in routes:
        s.restore(start)
        said, times = None, 0
        for i, move in enumerate(route):
            beat = s.beat
            outcome = s.step(move)
            line = pick_reply(outcome.replies, 0, s.turn, beat, move)
            times = times + 1 if line == said else 1
            said = line
            if times >= REPEATS and outcome.loc not in where:
                where[outcome.loc] = (tuple(route[:i + 1]), line)
    done: set[tuple] = set()
    for loc, (route, line) in sorted(where.items(), key=lambda kv: len(kv[1][0])):
        choice = found.reach.choices.get(loc)
        if choice is None or loc in done or _quiet(report, loc):
            continue
        done.add(loc)
        text = line if len(line) <= 60 else line[:57] + "..."
        report.add("W236", loc, f"the patient says \"{text}\" {REPEATS} times in a row to '{choice.move}' in beat "
                   f"'{choice.beat}', after {_route(route)}",
                   "a real patient notices a move made again and again: give the repetition its own reply with a "
                   f"branch 'when: {{chosen: {{move: {choice.move}, min: {REPEATS}}}}}' or 'when: {{previous: "
                   f"{{move: {choice.move}}}}}' (format 2), or lead the reply on")


def _sessions(patient: Patient, found: Exploration, report: Report) -> None:
    """W237: a session of a course that no reply can open."""
    reach = found.reach
    for i, course in enumerate(patient.spec.sessions or ()):
        if i == 0:
            continue
        openers = [c for c in reach.choices.values() if c.outcome.next_session == course.id]
        if any(c.loc in reach.may_outcomes for c in openers):
            continue
        why = "no reply opens it" if not openers else "the replies that open it can never be given"
        report.add("W237", ("sessions", i), f"session '{course.id}' is never played: {why}",
                   f"give a reply 'next_session: {course.id}' where the session before should end, or remove it")


def _undecided(patient: Patient, found: Exploration, report: Report) -> None:
    """One N240 note for everything the budgets left open, however many replies that is."""
    undecided = found.undecided_replies
    no_route = found.reach.may_end("resolved") and found.resolution_route is None
    if not undecided and not no_route:
        return
    resolved = [sid for sid, s in patient.spec.states.items() if s.ending == "resolved"]
    loc = undecided[0].loc if undecided else ("states", resolved[0])
    hint = "'rupture explore' lists the undecided replies; play one with 'rupture run' to confirm it can be reached"
    if no_route:
        hint = "no route to a resolved ending was played, though one may exist; " + hint
    report.add("N240", loc, found.cut_off_note(), hint, key=not undecided)
