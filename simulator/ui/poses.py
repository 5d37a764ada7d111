"""From a cue's words to the patient's drawn pose: the one table that maps nonverbal text to posture.

A profile writes cues as plain prose ("laughs briefly and looks away at the
window"). Each rule below is a pattern of words and the parts of the pose it
sets. Matches apply in the order they occur in the cue, so "looks up, then
away" ends looking away; where two patterns cover the same words the longer
one wins, so "a tight smile" is not read as a plain smile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from ..engine.looks import POSTURES
from .placing import places_through


@dataclass(frozen=True)
class Pose:
    lean: float = 0.0
    """-1 shrinks back into the chair, 0 upright, +1 leans in toward the therapist."""
    slump: float = 0.0
    """0 upright shoulders, 1 dropped shoulders and a lowered head."""
    gaze: str = "you"
    expression: str = "neutral"
    arms: str = "lap"
    sigh: bool = False
    flush: bool = False
    pale: bool = False
    """The colour leaves the face (shock, fear, shutting down): never drawn flushed or angry."""
    nod: bool = False
    places: tuple[tuple[str, str], ...] = ()
    """Where the cues so far put the patient's things, as (thing, place) pairs (see ``placing``)."""


NEUTRAL = Pose()

W = r"(?:her|his|their)"
HARDENS = r"(?:hard|sharp|stiff|tight|fixed)\b"
"""How a smile that stays on the face sets: drawn tight, not taken away."""
CUE_RULES: tuple[tuple[str, dict], ...] = (
    # breath
    (r"\bsighs?\b|\bheavy sigh|\blong breath|\bexhales?\b|\bbreathes out|\blets out a breath|\bbreath\b",
     {"sigh": True, "slump": 0.45}),
    # gaze
    (r"\blooks? away|\bglances? away|\bthen away\b|\bturns? away|\bwithout looking|\bnot looking at you"
     r"|\bavoids? your eyes?|\bgaze aversion|\b(?:at|to|on) the (?:window|door|clock|ceiling)\b|\blooks? round"
     r"|\brolls? \w+ eyes|\bfixe?s? on\b|\bfixed point|\bsideways|\bwaves? a hand, not looking", {"gaze": "away"}),
    (r"\beyes (?:on the floor|down|lowered)|\blooks? down|\bdown at\b|\bstares? at the (?:carpet|floor)"
     r"|\b(?:at|to) the (?:carpet|floor)|\b(?:stares?|staring|looks?|looking|glances?) (?:down )?at (?:" + W + r" )?"
     r"(?:hands|lap|feet|knees|shoes)|\bthen at " + W + r" (?:hands|lap)|\bchecks? " + W + r" phone"
     r"|\bnot looking up|\bwrites?\b|\bwriting",
     {"gaze": "down"}),
    (r"\bglances? up|\blooks? up\b|\beyes up\b|\beyes come up", {"gaze": "up"}),
    (r"\blooks? (?:straight |properly )?at you|\blooks at you properly|\bmeets? your eyes?|\bglances? at you"
     r"|\bglance at you|\bchecking (?:your face|glance)|\beye contact|\bholds? your (?:eyes?|gaze)"
     r"|\beyes come up to yours", {"gaze": "you"}),
    # arms and hands
    (r"\barms? (?:cross|fold)\w*|\b(?:crosses|folds) " + W + r" arms|\bagainst " + W + r" chest", {"arms": "crossed"}),
    (r"\barms unfold|\bhands? come to rest|\bstops? (?:turning|twisting)|\bgo(?:es)? quiet in|\bknee stops",
     {"arms": "lap"}),
    (r"\bhands? tucked|\btucks? " + W + r" hands|\bsleeves down over", {"arms": "tucked"}),
    (r"\bpicking at|\bpicks at|\bplays? with|\bfidget\w*|\brubs?\b|\bwrings?\b|\btwist\w*|\bturns? " + W
     + r"|\bturning " + W + r"|\bturns the|\btaps?\b|\bsmooths?\b|\bstraightens?\b|\bfolds the|\bgrips?\b"
     r"|\bpats the|\bfans?\b|\bjig\b|\bthumb works|\bthumbnail presses|\bhand closes|\bwrites?\b|\bwriting",
     {"arms": "fidget"}),
    (r"\breaches for|\breaching for|\bgather\w* " + W + r" (?:things|coat)|\bstands?\b|\bstanding|\bgets up"
     r"|\bon " + W + r" feet|\bhalf out of the chair|\bbuttoning " + W + r" coat|\bpicks up " + W + r" bag"
     r"|\bzips " + W + r" coat|\bleaves\b(?! them)|\bis gone", {"arms": "reach", "gaze": "away", "lean": 0.8}),
    (r"\bopens? " + W + r" hands|\bgestures?\b|\bhands? open|\bholds? up a hand|\bhands up|\bpalms\b"
     r"|\b(?:flaps|flicks|waves|throws up) a hand|\bpats your words|\bspreads?\b|\bpoints?\b|\bputs?\b"
     r"|\blays?\b|\bpushes\b", {"arms": "open"}),
    (r"\bhand goes to " + W + r" mouth|\bcovers " + W + r" eyes|\bknuckles against|\brubs? " + W + r" (?:face|eyes)",
     {"arms": "face"}),
    (r"\bhead in " + W + r" hands", {"arms": "face", "slump": 0.6, "gaze": "down"}),
    # posture
    (r"\bleans? (?:forward|in)\b|\bedges? forward|\bsits? forward|\b(?:elbows|forearms) on (?:" + W + r" )?knees"
     r"|\bleaning (?:right )?in\b", {"lean": 1.0, "slump": 0.0}),
    (r"\bsits? up\b|\bon the edge of (?:the|" + W + r") chair|\bsits? (?:very )?upright|\bperched on the (?:front|edge)"
     r"|\bsquares up", {"lean": 0.5, "slump": 0.0}),
    (r"\bshrinks?\b(?: back)?|\bpulls? back|\bsinks? (?:back|into)|\bcurls? up|\bleans? back"
     r"|\bsits? right back|\bshoulders come up", {"lean": -1.0}),
    (r"\bsits? back\b|\bsettles? back", {"lean": -0.4, "slump": 0.0}),
    (r"\bshoulders (?:drop|slump|sag)\w*|\bslumps?\b|\bdeflated|\bshrugs?\b|\btired\b|\bhunched", {"slump": 0.6}),
    (r"\bshoulders (?:loosen|come down)|\brelax\w*", {"slump": 0.0, "lean": 0.0}),
    (r"\bnod\w*", {"nod": True}),
    # face
    (r"\bsmiles?\b|\breal smile|\bsatisfied|\brelie(?:f|ved)", {"expression": "smile"}),
    (r"\btight smile|\bsmile fixed|\bsmiles? without|\bhalf-smile|\bsmiles? quickly|\bforced smile"
     r"|\bsmiling\b|\bbright\w*|\bwry\b|\bjoke\b|\bmock\b|\bsmile (?:goes|has gone) " + HARDENS + r"|\bstops (?:well )?short of "
     + W + r" eyes", {"expression": "tight_smile"}),
    (r"\blaugh\w*", {"expression": "laugh"}),
    (r"\bflat\w*\b|\bvoice (?:drops|goes flat|stays level)|\bdistant\b|\blight goes out|\bexpressionless"
     r"|\bshopping list|\bperfectly level|\b(?:colour|warmth) (?:drains|leaves)|\bgoes (?:very )?still"
     r"|\bcloses? over|\bclosed\b|\bshutting|\bclosing|\bcolou?r in " + W + r" voice (?:drains|goes)",
     {"expression": "flat"}),
    (r"\bjaw tightens|\bclench\w*|\bsharp\b|\bsnaps?\b|\bglares?\b|\bfrowns?\b|\bcold(?:ly)?\b|\bsour\b"
     r"|\bsneer\w*|\bscorn|\bsuspicious|\bsquints?|\blips together|\bgoes hard|\bonce, hard|\bshuts?\b"
     r"|\bedge under|\bimpatient|\bpointedly|\bvoice rises|\bgrunt", {"expression": "tense"}),
    (r"\bsurprised\b|\bstartled|\bshocked", {"expression": "surprised"}),
    (r"\btears?\b|\bteary|\bcries\b|\bcrying|\beyes (?:fill|wet)|\bvoice (?:cracks|breaks|shakes|catches|thins)|\beyes are wet",
     {"expression": "sad"}),
    (r"\bspeaks? (?:faster|more quickly)|\btalks? fast\w*|\bcolour in " + W + r" voice|\banimated",
     {"expression": "animated"}),
    (r"\bcheeks colou?r\w*|\bblush\w*|\bflush\w*|\bgoes red|\bcolour (?:climbs|comes up)", {"flush": True}),
)

NO_SMILE = re.compile(r"\b(?:no|not|never|without)\b(?:\s+\w+){0,2}\s+smil\w*|\bsmile (?:does not|doesn't|never) reach"
                      r"|\bnot smiling|\bstops? smiling|\bsmile (?:goes(?! " + HARDENS + r")|fades|drops|vanishes|is gone)"
                      r"|\bunsmiling", re.IGNORECASE)
"""Words that deny a smile: whatever else the cue says, the mouth is not drawn smiling."""
PALLOR = re.compile(r"\b(?:colour|color|blood) (?:leaves|drains (?:from|out of)|goes (?:out of|from)) " + W
                    + r" (?:face|cheeks)(?![^;]*\bcomes back)|\bgoes (?:white|pale|grey|gray)\b|\bpales?\b|\bpallor"
                    r"|\bblanch\w*|\bashen|\bwhite-faced", re.IGNORECASE)
"""Words for the colour leaving the face: drawn pale, never flushed and never with angry brows."""
SMILING = ("smile", "tight_smile", "laugh")
"""Expressions whose mouth turns up."""

_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), changes) for pattern, changes in CUE_RULES)


def matches(cue: str, rules: tuple[tuple[re.Pattern, dict], ...] = _COMPILED) -> list[tuple[int, int, dict]]:
    """(start, end, changes) for each rule the cue triggers, longest first where they overlap, in text order."""
    found = []
    for regex, changes in rules:
        for m in regex.finditer(cue or ""):
            found.append((m.start(), m.end(), changes))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, dict]] = []
    for start, end, changes in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, changes))
    kept.sort(key=lambda f: f[0])
    return kept


def pose_for(cue: str | None) -> Pose:
    pose = replace(NEUTRAL, places=places_through([cue]))
    for _, _, changes in matches(cue or ""):
        pose = replace(pose, **changes)
    return _not_against(cue or "", pose)


def pose_of(session) -> Pose:
    """The pose for the line the patient is saying now: read from its cue, then the author's ``pose:`` over it;
    the things sit where this session's cues so far have put them."""
    last = session.last
    if last is None or last.session != session.session_id:
        pose = authored(pose_for(session.cue), session.opening.pose)
    else:
        pose = authored(pose_for(last.cue), written_pose(session.patient.spec, last))
    said = [session.opening.cue, *(t.cue for t in session.turns if t.session == session.session_id)]
    return replace(pose, places=places_through(said))


def written_pose(spec, turn):
    """The ``pose:`` written for the outcome ``turn`` took (a branch's own, else its option's), or None.

    The outcome is found by its beat, move, cue and reply, all of which the turn keeps."""
    beat = next((s.beats[turn.beat_before] for s in spec.states.values() if turn.beat_before in s.beats), None)
    for option in beat.options if beat else ():
        if option.move != turn.move:
            continue
        for outcome in (*option.branches, option):
            written = {k: getattr(outcome if k in outcome.model_fields_set else option, k) for k in ("reply", "cue", "pose")}
            reply = written["reply"]
            replies = (reply,) if isinstance(reply, str) else tuple(reply or ())
            if (written["cue"] or "") == (turn.cue or "") and turn.patient in replies:
                return written["pose"]
    return None


def authored(pose: Pose, written) -> Pose:
    """``pose`` with the parts an author wrote outright in a reply's ``pose:`` (a profile_model.PoseSpec)
    put over what the cue's words chose; parts left out keep the cue's drawing."""
    if written is None:
        return pose
    changes: dict = {k: getattr(written, k) for k in ("gaze", "expression", "arms", "nod") if getattr(written, k) is not None}
    if written.posture is not None:
        changes |= POSTURES[written.posture]
    if written.breath is not None:
        changes["sigh"] = written.breath
    if written.colour is not None:
        changes |= {"flush": written.colour == "flushed", "pale": written.colour == "pale"}
    return replace(pose, **changes)


def _not_against(cue: str, pose: Pose) -> Pose:
    """Last, the words that rule a drawing out: "a laugh with no smile in it" is not drawn smiling,
    and "the colour leaves her face" is drawn pale, not flushed or angry."""
    if NO_SMILE.search(cue) and pose.expression in SMILING:
        pose = replace(pose, expression="flat")
    if PALLOR.search(cue):
        pose = replace(pose, pale=True, flush=False,
                       expression="flat" if pose.expression in ("tense", "animated") else pose.expression)
    return pose


def contradictions(cue: str | None, pose: Pose) -> list[str]:
    """What in ``pose`` the cue's own words deny (empty when nothing does): the check the tests run on every cue."""
    out = []
    if NO_SMILE.search(cue or "") and pose.expression in SMILING:
        out.append(f"drawn {pose.expression} where the cue says no smile")
    if PALLOR.search(cue or ""):
        if pose.expression in ("tense", "animated") or pose.flush:
            out.append(f"drawn {'flushed' if pose.flush else pose.expression} where the colour leaves the face")
        if not pose.pale:
            out.append("not drawn pale where the colour leaves the face")
    return out


def blend(a: Pose, b: Pose, k: float) -> Pose:
    """The pose ``k`` of the way from ``a`` to ``b``: numbers glide, the rest switch halfway."""
    if k >= 1:
        return b
    if k <= 0:
        return a
    values = {}
    for f in fields(Pose):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, float):
            values[f.name] = x + (y - x) * k
        else:
            values[f.name] = y if k >= 0.5 else x
    return Pose(**values)
