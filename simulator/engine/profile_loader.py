"""Load a profile: read the YAML, validate it against the schema, check cross-references, compile.

Every problem comes back as a ProfileError holding located Diagnostics; nothing
from the file is executed, imported or looked up by name.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Collection
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from . import looks, profile_cache
from . import vocabulary as v
from .conditions import build_history, compile_condition, flags_read
from .diagnostics import Diagnostic, ProfileError, did_you_mean
from .patient import BeatRule, OptionRule, Outcome, Patient

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .profile_model import Branch, Condition, Option, Profile, State
    from .yaml_source import YamlSource

_FIELD_NOUNS: dict[str, tuple[str, Collection[str]]] = {
    "strategy": ("strategy", v.STRATEGIES),
    "honours": ("principle", v.PRINCIPLES),
    "breaks": ("principle", v.PRINCIPLES),
    "kind": ("kind", v.KINDS),
    "stage": ("stage", v.STAGES),
    "marker": ("marker", v.MARKERS),
    "cause": ("cause", v.CAUSES),
    "approach": ("approach", v.APPROACHES),
    "ending": ("ending", v.ENDINGS),
    "effects": ("meter", v.METERS),
    "meters": ("meter", v.METERS + ("alliance",)),
    "meter_below": ("meter", v.METERS),
    "props": ("prop", looks.PROPS),
    "gaze": ("gaze", looks.GAZES),
    "expression": ("expression", looks.EXPRESSIONS),
    "arms": ("arms", looks.ARMS),
    "posture": ("posture", tuple(looks.POSTURES)),
    "colour": ("colour", looks.COLOURS),
}


@cache
def _all_field_names() -> set[str]:
    from . import profile_model as pm

    names: set[str] = set()
    for model in (pm.Profile, pm.Briefing, pm.Meters, pm.MeterSpec, pm.Dropout, pm.Move, pm.Option,
                  pm.Branch, pm.Beat, pm.State, pm.Opening, pm.Condition, pm.Range, pm.Chosen, pm.Previous, pm.Pull,
                  pm.CourseSession, pm.Appearance, pm.PoseSpec):
        for fname, finfo in model.model_fields.items():
            names.add(finfo.alias or fname)
    return names


def load_profile(path: str | Path) -> Patient:
    """Load and compile a profile file, or raise ProfileError with every located problem.

    A file validated before (same bytes, same simulator) is compiled from the profile
    cache without parsing or validating it again (see simulator.engine.profile_cache).
    """
    _refuse_special_file(path)
    hit = profile_cache.cached_spec(path)
    if hit is not None:
        spec, source = hit
        return _compile(spec, source)
    from .yaml_source import read_yaml

    patient = _load(read_yaml(path))
    profile_cache.remember(path, patient)
    return patient


def _refuse_special_file(path: str | Path) -> None:
    """Only regular files are read: a FIFO would wait forever for a writer, a device never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # read_yaml names what is wrong (no such file, no permission)
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise ProfileError([Diagnostic(str(path), 1, 1, "this is not a regular file (a pipe, a device or a socket), "
                                       "so it is not read", "R001", hint="name a .yaml profile file")])


def load_profile_text(text: str, path: str = "<text>") -> Patient:
    from .yaml_source import parse_yaml

    return _load(parse_yaml(path, text))


def _load(src: YamlSource) -> Patient:
    if not isinstance(src.data, dict):
        what = "a list" if isinstance(src.data, list) else f"a single value ({_describe_value(src.data)})"
        raise ProfileError([Diagnostic(src.path, 1, 1, f"a profile is a mapping of fields, but this file holds {what}",
                                       "R007", hint="start with 'format: 1' and 'id: ...' at the left margin; "
                                                    "see patients/FORMAT.md")])
    from pydantic import ValidationError

    from .profile_model import Profile

    try:
        spec = Profile.model_validate(src.data)
    except ValidationError as exc:
        raise ProfileError(_schema_diagnostics(src, exc)) from None
    except RecursionError:
        raise ProfileError([Diagnostic(src.path, 1, 1, "the file is nested too deeply", "R005")]) from None
    problems = _cross_reference(spec, src)
    if problems:
        raise ProfileError(problems)
    return _compile(spec, src)


def _schema_diagnostics(src: YamlSource, exc: ValidationError) -> list[Diagnostic]:
    from . import shown_text

    out: list[Diagnostic] = []
    seen: set[tuple[int, int]] = set()
    for err in _without_union_noise(exc.errors(include_url=False)):
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        field_name = next((p for p in reversed(loc) if isinstance(p, str) and p in _all_field_names()), None)
        hint, code = None, "R100"
        if kind == "extra_forbidden":
            line, col = src.locate_key(loc)
            message = f"unknown field '{loc[-1]}'{did_you_mean(loc[-1], _all_field_names())}"
            hint = "see patients/FORMAT.md, or run 'rupture schema' for every field"
        elif kind == "missing":
            line, col = src.locate(loc[:-1])
            message = f"missing field '{loc[-1]}'"
        elif kind == shown_text.ERROR_TYPE:
            line, col = src.locate(loc)
            message, code = err["msg"], "R101"
            hint = ("delete it; control and zero-width characters are often pasted in invisibly, "
                    "or written as escapes like \"\\e\"")
        else:
            line, col = src.locate(loc)
            message, hint = _describe(kind, err, value, field_name, loc)
        if kind in ("extra_forbidden", "literal_error") and any(isinstance(p, str) and " " in p.strip() for p in loc):
            hint = ("a comma inside { ... } starts a new field: if this is the rest of a text, put the whole text "
                    "in quotes, e.g. note: \"the silence, which pulls at you\"")
        if (line, col) in seen:
            continue
        seen.add((line, col))
        out.append(Diagnostic(src.path, line, col, message, code, hint=hint))
    return out


def _without_union_noise(errors: list) -> list:
    """Drop 'expected text' for a reply given as a list: the list's own error says what is wrong inside it."""
    def is_tag(part) -> bool:
        return isinstance(part, str) and ("[" in part or "(" in part)

    def other_branch(err, other) -> bool:
        loc, there = tuple(err["loc"]), tuple(other["loc"])
        return (other is not err and is_tag(loc[-1]) and len(there) > len(loc)
                and there[: len(loc) - 1] == loc[:-1] and is_tag(there[len(loc) - 1]) and there[len(loc) - 1] != loc[-1])

    return [e for e in errors if not (e["type"].endswith("_type") and any(other_branch(e, o) for o in errors))]


def _describe(kind: str, err: dict, value, field_name: str | None, loc: tuple) -> tuple[str, str | None]:
    if kind == "literal_error":
        noun, vocab = _FIELD_NOUNS.get(field_name or "", ("value", ()))
        if field_name == "format":
            return f"unknown format {value!r}", "this version reads 'format: 1' and 'format: 2'"
        if field_name == "kind" and "pull" in loc:
            noun, vocab = "pull", v.PULLS
        if field_name in ("rupture_tendency", "relationship", "within"):
            vocab = tuple(re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", "")))
        suggestion = did_you_mean(value, vocab)
        allowed = ", ".join(vocab)
        return (f"unknown {noun} {value!r}{suggestion}", None if suggestion else f"one of: {allowed}")
    if kind == "string_pattern_mismatch":
        return (f"{value!r} is not a valid id", "ids are lower-case letters, digits and '_', starting with a letter")
    if kind.endswith("_type") or kind in ("bool_parsing", "int_parsing"):
        expected = {"string_type": "text", "int_type": "a whole number", "list_type": "a list",
                    "dict_type": "a mapping", "model_type": "a mapping", "bool_type": "true or false",
                    "int_from_float": "a whole number"}.get(kind, err["msg"].lower())
        got = _describe_value(value)
        hint = None
        if isinstance(value, bool) and kind == "string_type":
            hint = "YAML reads yes/no/on/off/true/false as booleans; put the text in quotes"
        elif value is None:
            hint = "the value is empty; write it after the colon, or remove the key"
        elif isinstance(value, date) and kind == "string_type":
            hint = "YAML reads an unquoted date as a date; put the text in quotes"
        return f"expected {expected}, got {got}", hint
    if kind in ("recursion_loop", "recursion_depth_exceeded"):
        return "nested too deeply to check", "a condition needs only a few levels of 'any' and 'not'"
    if kind in ("greater_than_equal", "less_than_equal", "too_short", "too_long", "string_too_short", "string_too_long"):
        return f"{err['msg'].lower()} (got {_describe_value(value)})", None
    return err["msg"], None


def _describe_value(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


class _Checker:
    """Collects located cross-reference errors."""

    def __init__(self, src: YamlSource):
        self.src = src
        self.found: list[Diagnostic] = []

    def error(self, loc: tuple, message: str, code: str, hint: str | None = None, key: bool = False):
        line, col = self.src.locate_key(loc) if key else self.src.locate(loc)
        self.found.append(Diagnostic(self.src.path, line, col, message, code, hint=hint))


def _cross_reference(spec: Profile, src: YamlSource) -> list[Diagnostic]:
    ck = _Checker(src)
    beat_home: dict[str, str] = {}
    for sid, state in spec.states.items():
        for bid in state.beats:
            if bid in beat_home:
                ck.error(("states", sid, "beats", bid), f"beat '{bid}' is also defined in state '{beat_home[bid]}'",
                         "R117", "beat ids are shared across the whole profile; rename one", key=True)
            elif bid in spec.states and bid != sid:
                ck.error(("states", sid, "beats", bid), f"beat '{bid}' has the same id as another state",
                         "R117", "rename the beat so 'next' is never ambiguous", key=True)
            else:
                beat_home[bid] = sid
    targets = list(beat_home) + list(spec.states)

    def check_flags(cond: Condition | None, loc: tuple):
        for flag in sorted(flags_read(cond)):
            if flag not in spec.flags:
                ck.error(loc, f"unknown flag '{flag}'{did_you_mean(flag, spec.flags)}", "R113",
                         "declare it under 'flags:' with what it means")

    def check_history(cond: Condition | None, loc: tuple):
        if cond is None:
            return
        check_session(cond.session, loc + ("session",))
        for part in ("chosen", "previous"):
            got = getattr(cond, part)
            if got is None:
                continue
            ploc = loc + (part,)
            if (got.move is None) == (got.strategy is None):
                ck.error(ploc, f"'{part}' needs either 'move' or 'strategy', and only one", "R124",
                         f"write '{part}: {{move: ID}}' to count one move, or '{part}: {{strategy: NAME}}' for all "
                         "moves of a strategy")
            elif got.move is not None and got.move not in spec.moves:
                ck.error(ploc + ("move",), f"unknown move '{got.move}'{did_you_mean(got.move, spec.moves)}", "R111",
                         "name a move defined under 'moves:'")
            if part == "chosen" and got.min is None and got.max is None:
                ck.error(ploc, "'chosen' gives no bound, so it always holds", "R124",
                         "say how often: 'min: 3' (at least three times) or 'max: 0' (not yet)")
            elif part == "chosen" and got.min is not None and got.max is not None and got.min > got.max:
                ck.error(ploc, f"'chosen' asks for at least {got.min} and at most {got.max}", "R124",
                         "make 'min' no more than 'max'")
        for i, sub in enumerate(cond.any):
            check_history(sub, loc + ("any", i))
        check_history(cond.not_, loc + ("not",))

    session_ids = [x.id for x in spec.sessions or []]

    def check_session(sid: str | None, loc: tuple):
        if sid is None or sid in session_ids:
            return
        if not session_ids:
            ck.error(loc, f"'{loc[-1]}' names session '{sid}', but the profile has no 'sessions'", "R127",
                     "a course lists its sessions under 'sessions:' (format 2); see patients/FORMAT.md")
        else:
            ck.error(loc, f"unknown session '{sid}'{did_you_mean(sid, session_ids)}", "R127",
                     f"the sessions are: {', '.join(session_ids)}")

    def check_outcome(o, loc: tuple):
        if o.next is not None and o.next not in targets:
            ck.error(loc + ("next",), f"unknown beat or state '{o.next}'{did_you_mean(o.next, targets)}", "R112")
        check_session(o.next_session, loc + ("next_session",))
        for key in ("set", "clear"):
            for i, flag in enumerate(getattr(o, key)):
                if flag not in spec.flags:
                    ck.error(loc + (key, i), f"unknown flag '{flag}'{did_you_mean(flag, spec.flags)}", "R113",
                             "declare it under 'flags:' with what it means")

    written = spec.model_fields_set
    if spec.sessions is not None:
        for given in ("opening", "max_turns"):
            if given in written:
                ck.error((given,), f"the profile gives both 'sessions' and '{given}'", "R126",
                         "a course gives each session its own opening and max_turns under 'sessions:'; remove the "
                         f"top-level '{given}'", key=True)
        seen_ids: set[str] = set()
        for i, course in enumerate(spec.sessions):
            if course.id in seen_ids:
                ck.error(("sessions", i, "id"), f"session '{course.id}' is listed twice", "R127", "give each session its own id")
            seen_ids.add(course.id)
            if course.opening.beat not in beat_home:
                ck.error(("sessions", i, "opening", "beat"), f"unknown beat '{course.opening.beat}'"
                         f"{did_you_mean(course.opening.beat, beat_home)}", "R110")
    else:
        for needed in ("opening", "max_turns"):
            if needed in written and getattr(spec, needed) is None:
                ck.error((needed,), f"'{needed}' is empty", "R100",
                         f"write the {needed.replace('_', ' ')} after the colon, or (format 2) give a course under "
                         "'sessions:'")
            elif needed not in written:
                ck.error((), f"missing field '{needed}'", "R100",
                         "give 'opening' and 'max_turns', or (format 2) a course under 'sessions:'")
    if spec.opening is not None and spec.sessions is None and spec.opening.beat not in beat_home:
        ck.error(("opening", "beat"), f"unknown beat '{spec.opening.beat}'{did_you_mean(spec.opening.beat, beat_home)}", "R110")

    for mid, move in spec.moves.items():
        both = set(move.honours) & set(move.breaks)
        if both:
            ck.error(("moves", mid, "breaks"), f"move '{mid}' both honours and breaks {', '.join(sorted(both))}", "R122")

    has_resolution = False
    for sid, state in spec.states.items():
        sloc = ("states", sid)
        if state.ending:
            if state.beats:
                ck.error(sloc + ("beats",), f"state '{sid}' is an ending, so it cannot have beats", "R115",
                         "remove 'ending' to let the session go on here, or remove the beats", key=True)
            expected_kind = {"resolved": "resolution", "dropout": "dropout"}.get(state.ending)
            if expected_kind and state.kind != expected_kind:
                ck.error(sloc + ("kind",), f"an ending '{state.ending}' needs kind '{expected_kind}', not '{state.kind}'", "R116")
            has_resolution |= state.ending == "resolved"
            if state.ending == "partial" and state.kind != "resolution":
                ck.error(sloc + ("kind",), f"an ending 'partial' needs kind 'resolution', not '{state.kind}'", "R116",
                         "a partial resolution is a resolution state whose work is not finished")
        elif not state.beats:
            ck.error(sloc, f"state '{sid}' has no beats and is not an ending", "R115",
                     "give it at least one beat, or mark it 'ending: resolved | dropout | unresolved'", key=True)
        if state.stage and state.kind not in v.RUPTURE_KINDS:
            ck.error(sloc + ("stage",), f"a '{state.kind}' state has no stage in the resolution model", "R119",
                     f"stages belong to rupture states: {', '.join(v.RUPTURE_KINDS)}")
        if state.resolution_kind and (state.stage or v.DEFAULT_STAGE.get(state.kind)) != "resolution":
            ck.error(sloc + ("resolution_kind",), f"state '{sid}' is not at the resolution stage, so it has no "
                     "resolution kind", "R128", "give 'resolution_kind' only to a state of kind 'resolution' (or "
                     "'stage: resolution'), or leave it out")
        for bid, beat in state.beats.items():
            offered: dict[str, int] = {}
            for i, opt in enumerate(beat.options):
                oloc = sloc + ("beats", bid, "options", i)
                if opt.move not in spec.moves:
                    ck.error(oloc + ("move",), f"unknown move '{opt.move}'{did_you_mean(opt.move, spec.moves)}", "R111",
                             "define it under 'moves:'")
                if opt.move in offered:
                    ck.error(oloc + ("move",),
                             f"move '{opt.move}' is already offered in beat '{bid}' (option {offered[opt.move] + 1})",
                             "R118", "use 'branches' for different outcomes of the same move")
                offered.setdefault(opt.move, i)
                if opt.next is not None and opt.next_session is not None:
                    ck.error(oloc + ("next_session",), f"option '{opt.move}' has both 'next' and 'next_session'",
                             "R126", "'next_session' ends this session and opens another; keep one of the two")
                for needed in ("reply", "cue", "next"):
                    if needed == "next" and opt.next_session is not None:
                        continue
                    if getattr(opt, needed) is None:
                        ck.error(oloc, f"option '{opt.move}' has no '{needed}'", "R121",
                                 "an option's own fields are the outcome when no branch applies; give it a "
                                 f"'{needed}'")
                check_outcome(opt, oloc)
                check_flags(opt.when, oloc + ("when",))
                check_history(opt.when, oloc + ("when",))
                for j, br in enumerate(opt.branches):
                    check_outcome(br, oloc + ("branches", j))
                    check_flags(br.when, oloc + ("branches", j, "when"))
                    check_history(br.when, oloc + ("branches", j, "when"))
                    for needed in ("reply", "next"):
                        if needed in br.model_fields_set and getattr(br, needed) is None:
                            ck.error(oloc + ("branches", j, needed), f"branch {j + 1} of '{opt.move}' sets '{needed}' "
                                     "to nothing", "R123", f"leave '{needed}' out to keep the option's, or write one")

    dstate = spec.states.get(spec.dropout.state)
    if dstate is None:
        ck.error(("dropout", "state"),
                 f"unknown state '{spec.dropout.state}'{did_you_mean(spec.dropout.state, spec.states)}", "R114")
    elif dstate.ending != "dropout":
        ck.error(("dropout", "state"), f"state '{spec.dropout.state}' is not a dropout ending", "R114",
                 "the dropout state needs 'kind: dropout' and 'ending: dropout'")
    if not has_resolution:
        ck.error(("states",), "no state ends the session as resolved", "R120",
                 "add a state with 'kind: resolution' and 'ending: resolved'", key=True)
    if spec.format < 2:
        for loc, what in _format2_uses(spec):
            ck.error(loc, f"{what} is new in format 2, but the profile says 'format: 1'", "R125",
                     "write 'format: 2' at the top of the profile", key=True)
            break
    if spec.portrait is not None:
        problem = _portrait_problem(spec.portrait, src.path)
        if problem:
            ck.error(("portrait",), problem, "R130",
                     "put the picture in the profile's folder (or a folder inside it) and give its path from there, "
                     "with '/' between folders")
    return ck.found


def _format2_uses(spec: Profile):
    """(location, what) of every use of a field or value that format 1 does not have."""
    def in_condition(cond, loc):
        if cond is None:
            return
        for part in ("chosen", "previous", "session"):
            if getattr(cond, part) is not None:
                yield loc + (part,), f"'{part}'"
        for i, sub in enumerate(cond.any):
            yield from in_condition(sub, loc + ("any", i))
        yield from in_condition(cond.not_, loc + ("not",))

    if spec.sessions is not None:
        yield ("sessions",), "'sessions'"
    for mid, move in spec.moves.items():
        if move.strategy in v.FORMAT_2_STRATEGIES:
            yield ("moves", mid, "strategy"), f"the strategy '{move.strategy}'"
    for sid, state in spec.states.items():
        if state.cause == "both":
            yield ("states", sid, "cause"), "'cause: both'"
        if state.ending == "partial":
            yield ("states", sid, "ending"), "'ending: partial'"
        if state.resolution_kind is not None:
            yield ("states", sid, "resolution_kind"), "'resolution_kind'"
        for bid, beat in state.beats.items():
            if beat.pull is not None:
                yield ("states", sid, "beats", bid, "pull"), "'pull'"
            for i, opt in enumerate(beat.options):
                oloc = ("states", sid, "beats", bid, "options", i)
                for j, out in [(None, opt)] + list(enumerate(opt.branches)):
                    loc = oloc if j is None else oloc + ("branches", j)
                    if out.cause == "both":
                        yield loc + ("cause",), "'cause: both'"
                    if out.next_session is not None:
                        yield loc + ("next_session",), "'next_session'"
                    yield from in_condition(out.when, loc + ("when",))


PICTURES = (".png", ".jpg", ".jpeg")


def _portrait_problem(rel: str, profile_path: str) -> str | None:
    """Why a picture path could reach outside the profile's folder, or None; profiles travel, so only paths inside it are read."""
    posix, windows = PurePosixPath(rel), PureWindowsPath(rel)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        return f"the portrait '{rel}' is an absolute path; it must be inside the profile's folder"
    if "\\" in rel or "\0" in rel:
        return f"the portrait path {rel!r} uses a character other computers read differently ('\\' or NUL)"
    if ".." in posix.parts:
        return f"the portrait '{rel}' uses '..' to leave the profile's folder"
    if posix.suffix.lower() not in PICTURES:
        return f"the portrait '{rel}' is not a .png or .jpg picture"
    folder = Path(profile_path).parent
    if Path(profile_path).is_file():
        try:
            inside = (folder / posix).resolve().is_relative_to(folder.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            return f"the portrait '{rel}' is a link that leads outside the profile's folder"
    return None


def portrait_path(patient: Patient) -> Path | None:
    """The patient's picture (checked at load to lie inside the profile's folder), or None; it may not exist."""
    rel = patient.spec.portrait
    if rel is None or not Path(patient.path).is_file():
        return None
    return Path(patient.path).parent / PurePosixPath(rel)


def _outcome(default: Option, override: Branch | Option, loc: tuple, target_of) -> Outcome:
    """A branch's outcome: the fields it writes (even as null), the option's for the rest."""
    written = override.model_fields_set

    def pick(name):
        return getattr(override if name in written else default, name)

    reply = pick("reply")
    if "next_session" in written or "next" in written:
        next_session = override.next_session
    else:
        next_session = default.next_session
    return Outcome(
        replies=(reply,) if isinstance(reply, str) else tuple(reply),
        cue=pick("cue"),
        marker=pick("marker"),
        effects=tuple(pick("effects").items()),
        sets=frozenset(pick("set")),
        clears=frozenset(pick("clear")),
        target=target_of(pick("next"), next_session),
        next_session=next_session,
        cause=pick("cause"),
        thought=pick("thought"),
        loc=loc,
    )


def _compile(spec: Profile, src: YamlSource | None) -> Patient:
    if spec.opening is None:
        raise ValueError("a profile with no opening (the loader refuses it: R100)")
    state_of: dict[str, str] = {}
    first_beat: dict[str, str] = {}
    endings: dict[str, State] = {}
    for sid, state in spec.states.items():
        if state.ending:
            endings[sid] = state
            state_of[sid] = sid
        for bid in state.beats:
            state_of[bid] = sid
            first_beat.setdefault(sid, bid)

    openings = {x.id: x.opening.beat for x in spec.sessions or []}

    def target_of(name: str | None, next_session: str | None = None) -> str:
        if next_session is not None:
            return openings[next_session]
        if name is None:
            raise ValueError("an outcome with neither 'next' nor 'next_session' (the loader refuses it: R121)")
        if name in spec.states and name not in endings:
            return first_beat[name]
        return name

    history = build_history(spec)
    beats: dict[str, BeatRule] = {}
    for sid, state in spec.states.items():
        for bid, beat in state.beats.items():
            rules = []
            for i, opt in enumerate(beat.options):
                oloc = ("states", sid, "beats", bid, "options", i)
                branches = tuple(
                    (compile_condition(br.when, history), _outcome(opt, br, oloc + ("branches", j), target_of))
                    for j, br in enumerate(opt.branches)
                )
                rules.append(OptionRule(opt.move, compile_condition(opt.when, history), branches,
                                        _outcome(opt, opt, oloc, target_of), oloc))
            beats[bid] = BeatRule(bid, sid, tuple(rules), ("states", sid, "beats", bid))
    raw = src.text.encode("utf-8") if src else spec.model_dump_json().encode("utf-8")
    return Patient(
        spec=spec,
        path=src.path if src else "<memory>",
        sha256=hashlib.sha256(raw).hexdigest(),
        source=src,
        beats=beats,
        endings=endings,
        initial=spec.opening.beat,
        state_of=state_of,
        history=history,
    )
