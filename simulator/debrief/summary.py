"""What a trainee takes away: the headline, and three plain lines (what happened, what helped, what to try next).

The headline says what mattered by the clinical model: how the session ended
and the stage of resolution reached (§3), the turn where it turned, and the
principle (§4) or strategy (§5) that helped there or would have. It never
counts turns to resolution: repair is not a race.
"""

from __future__ import annotations

from ..engine.vocabulary import STAGE_ORDER, STRATEGIES
from .detection import Detection
from .episodes import RESOLUTION_FORM, Episode
from .judgement import principle_text
from .moves_review import MoveReview

FORM_WORD = {"self_assertion": "self-assertion", "vulnerability": "vulnerability"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _quote(label: str) -> str:
    return f"\u201c{label}\u201d"


def _furthest(episodes: list[Episode]) -> str | None:
    stages = [e.stage_reached for e in episodes if e.stage_reached]
    return max(stages, key=STAGE_ORDER.index) if stages else None


def _stage(stage: str | None) -> str:
    return f"stage {STAGE_ORDER.index(stage) + 1} ({stage})" if stage else "no stage of the resolution model"


def _why(strategy: str, honours: list[str]) -> str:
    """The principle a move keeps to, or else its strategy, in words."""
    return principle_text(honours[0]) if honours else STRATEGIES[strategy][1]


def _where(episodes: list[Episode], reached: str | None) -> str:
    """Where the rupture stood at the end, and how far it had got when it fell back since."""
    now = episodes[-1].stage_at_end if episodes else None
    if now is None or now == reached:
        return _stage(reached)
    return f"{_stage(now)}, after reaching {_stage(reached)}"


def outcome(name: str, ended: str | None, episodes: list[Episode]) -> str:
    """The ending and the stage reached; the form of resolution only where the profile's author gave it (a form
    the path merely suggests may not be what the patient said)."""
    reached = _furthest(episodes)
    form = next((e.resolution_kind for e in reversed(episodes)
                 if e.resolution_kind and e.resolution_kind_from == "profile"), None)
    if ended == "resolved":
        return f"Resolved: {name} reached {FORM_WORD[form]}" if form else "Resolved"
    if ended == "partial":
        return f"Worked through in part: {name} got as far as {_stage(reached)}"
    if ended == "dropout":
        return f"{name} dropped out at {_where(episodes, reached)}"
    if not episodes:
        return "No rupture was in play"
    if ended == "unresolved":
        return f"The rupture was still open at the end, at {_where(episodes, reached)}"
    return f"Stopped with the rupture at {_where(episodes, reached)}"


def first_better(moves: list[MoveReview]) -> MoveReview | None:
    """The turn to learn from first: a safety question passed by (§8), else the first turn a better move mattered."""
    mattered = [m for m in moves if m.mattered and m.better]
    return next((m for m in mattered if any(f.id == "risk_passed" for f in m.findings)), None) or next(
        iter(mattered), None)


def turning_point(name: str, ended: str | None, moves: list[MoveReview]) -> str | None:
    """Where the session turned: the move that set a resolved session on its way, or else the first turn
    where a clean move would have done better."""
    better = first_better(moves)
    turned = next((m for m in moves if m.stage_change == "forward" and m.moved_on and not m.faulted), None)
    if turned is not None and (ended == "resolved" or better is None):
        return (f"it turned at turn {turned.turn}, when {_quote(turned.label)} "
                f"({_why(turned.strategy, turned.honours)}) moved {name} on")
    if better is not None and better.better is not None:
        b = better.better
        return (f"at turn {better.turn}, {_quote(b.label)} ({_why(b.strategy, b.honours)}) was the better way "
                f"than {_quote(better.label)}")
    return None


def one_line(name: str, ended: str | None, episodes: list[Episode], moves: list[MoveReview],
             detection: Detection) -> str:
    parts = [p for p in (turning_point(name, ended, moves), _detection(detection)) if p]
    head = outcome(name, ended, episodes)
    return head + (": " + "; ".join(parts) if parts else "") + "."


def _detection(detection: Detection) -> str | None:
    if not detection.scored:
        return None
    text = f"you flagged {len(detection.hits)} of {_plural(len(detection.markers), 'marker')}"
    if detection.false_alarms:
        text += f" with {_plural(len(detection.false_alarms), 'false alarm')}"
    return text


def plain_lines(name: str, ended: str | None, episodes: list[Episode], moves: list[MoveReview],
                dropout_reason: str | None = None) -> list[str]:
    """Three plain sentences for the top of the debrief: what happened (with the dropout rule that ended it),
    what helped, what to try next."""
    ending = outcome(name, ended, episodes) + (f", when {dropout_reason}" if dropout_reason else "")
    if episodes:
        main = max(episodes, key=lambda e: (e.significance.overall, -e.number))
        kind = main.type if main.kinds else "a"
        happened = (f"What happened: {_plural(len(episodes), 'rupture episode')}; the most serious was "
                    f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} rupture, {main.resolution.label}. "
                    f"{ending}.")
        if main.resolution_kind and ended != "resolved":
            happened += (f" The way out was {RESOLUTION_FORM[main.resolution_kind]}."
                         if main.resolution_kind_from == "profile" else
                         f" On this path the model expects the way out to be {RESOLUTION_FORM[main.resolution_kind]}.")
    else:
        happened = f"What happened: no rupture was in play. {ending}."
    good = [m for m in moves if m.verdict == "helped" and not m.faulted and (m.honours or m.stage_change == "forward")]
    if good:
        m = max(good, key=lambda m: (m.stage_change == "forward" and m.moved_on, m.alliance_delta, -m.turn))
        helped = f"What helped: {_quote(m.label)} at turn {m.turn} ({_why(m.strategy, m.honours)})."
    else:
        helped = "What helped: no move clearly moved the repair on this time."
    better = first_better(moves)
    faulted = next((m for m in moves if m.faulted), None)
    if better is not None and better.better is not None:
        b = better.better
        nxt = (f"Try next: at turn {better.turn}, {_quote(b.label)}: {STRATEGIES[b.strategy][1]}"
               + (f" ({principle_text(b.honours[0])})." if b.honours else "."))
    elif faulted is not None:
        fault = next(f for f in faulted.findings if f.fault)
        nxt = f"Try next: at turn {faulted.turn}, {_quote(faulted.label)}: {fault.text}"
    else:
        nxt = "Try next: keep following the relationship moment by moment, and notice the pull you feel (§4, §7)."
    return [happened, helped, nxt]
