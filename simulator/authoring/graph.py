"""The patient's state diagram, drawn by the ``transitions`` library's own graph support.

A GraphMachine is built from the profile as data (beats and endings as states,
one transition per move outcome, labelled with the move, any condition and the
meter effect) and rendered by transitions' graphviz engine (.dot, and .svg/.png
through Graphviz's ``dot`` program) or its mermaid engine (.mmd, no Graphviz
needed). States are filled by clinical kind; a route (the expert route from
simulator.authoring.explore) can be drawn in bold red.
"""

from __future__ import annotations

import copy
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any, Literal, cast

from transitions import State
from transitions.extensions.diagrams import GraphMachine

from ..engine.patient import Patient
from ..engine.patient_machine import _DataMachine
from ..engine.profile_model import Condition
from ..engine.session import Session, stage_of

KIND_COLOURS = {
    "working": "#f2f2f2",
    "withdrawal": "#cfe2f3",
    "confrontation": "#f4cccc",
    "exploration": "#fff2cc",
    "avoidance": "#fce5cd",
    "resolution": "#d9ead3",
    "dropout": "#b7b7b7",
}
ROUTE_COLOUR = "#c0392b"
Engine = Literal["graphviz", "mermaid"]

TEXT_FORMATS: dict[str, Engine] = {".dot": "graphviz", ".gv": "graphviz", ".mmd": "mermaid"}
IMAGE_FORMATS = {".svg", ".png", ".pdf"}


class GraphError(Exception):
    """The diagram cannot be written; the message says why and what to do."""


class _LabelledState(State):
    """transitions' State with the ``label`` its diagram engines show."""

    def __init__(self, *args, label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.label = label


def _styles(engine: Engine) -> dict:
    """transitions' styles plus one per clinical kind (and its on-route variant), in each engine's terms."""
    # every value is a dict of styles, though the stubs allow a str
    styles = cast("dict[str, dict[str, Any]]", copy.deepcopy(GraphMachine.style_attributes))
    for kind, colour in KIND_COLOURS.items():
        if engine == "mermaid":
            base = {"fillcolor": colour, "stroke": "#444444", "color": "#000000"}
            ending = dict(base, **{"stroke-width": "3px", "stroke-dasharray": "4"})
            route = {"stroke": ROUTE_COLOUR, "stroke-width": "4px"}
        else:
            base = {"fillcolor": colour, "color": "#444444", "style": "rounded,filled", "peripheries": "1"}
            ending = dict(base, peripheries="2")
            route = {"color": ROUTE_COLOUR, "penwidth": "3"}
        styles["node"][f"kind_{kind}"] = base
        styles["node"][f"ending_{kind}"] = ending
        styles["node"][f"kind_{kind}_route"] = dict(base, **route)
        styles["node"][f"ending_{kind}_route"] = dict(ending, **route)
    styles["edge"]["route"] = {"color": ROUTE_COLOUR, "penwidth": "3", "fontcolor": ROUTE_COLOUR}
    styles["edge"]["rule"] = {"color": "#888888", "style": "dashed", "fontcolor": "#666666"}
    return styles


class DiagramMachine(GraphMachine):
    """A GraphMachine that binds no trigger or state helper onto its model, as the engine's machine does.

    Move ids are data, never attribute names, so a move called ``state``,
    ``get_graph`` or ``trigger`` is drawn like any other; only ``get_graph``
    itself is set on the model, and the beat lives in ``_beat``, which no id
    can be (ids start with a letter).
    """

    state_cls = _LabelledState
    _checked_assignment = _DataMachine._checked_assignment


def short_condition(cond: Condition | None) -> str:
    """A compact, one-line reading of a condition for an edge label."""
    if cond is None:
        return ""
    parts = list(cond.flags) + [f"not {f}" for f in cond.not_flags]
    for name, rng in list(cond.meters.items()) + ([("turn", cond.turn)] if cond.turn else []):
        if rng.min is not None and rng.max is not None:
            parts.append(f"{rng.min}<={name}<={rng.max}")
        elif rng.min is not None:
            parts.append(f"{name}>={rng.min}")
        elif rng.max is not None:
            parts.append(f"{name}<={rng.max}")
    if cond.cause:
        parts.append(f"cause {cond.cause}")
    if cond.session:
        parts.append(f"in session {cond.session}")
    if cond.chosen:
        c = cond.chosen
        what = f"{c.move or c.strategy} chosen" + (" in course" if c.within == "course" else "")
        parts += [f"{what}>={c.min}"] if c.min is not None else []
        parts += [f"{what}<={c.max}"] if c.max is not None else []
    if cond.previous:
        parts.append(f"after {cond.previous.move or cond.previous.strategy}")
    if cond.any:
        parts.append("(" + " or ".join(short_condition(c) for c in cond.any) + ")")
    if cond.not_ is not None:
        parts.append(f"not ({short_condition(cond.not_)})")
    return " and ".join(parts)


def _effects(effects) -> str:
    return " ".join(f"{m}{d:+d}" for m, d in effects)


def _edge_label(move: str, when: str, effects, next_session: str | None = None) -> str:
    text = move
    if when:
        text += f" [if {when}]"
    if effects:
        text += f" ({_effects(effects)})"
    if next_session:
        text += f" => next session: {next_session}"
    return text


def sessions_of(patient: Patient) -> dict[str, str]:
    """For a course, the session each beat is first reached in (without crossing to the next session)."""
    out: dict[str, str] = {}
    for course in patient.spec.sessions or ():
        todo = [course.opening.beat]
        while todo:
            name = todo.pop()
            if name in out:
                continue
            out[name] = course.id
            for rule in patient.beats[name].options if name in patient.beats else ():
                for outcome in [o for _p, o in rule.branches] + [rule.fallback]:
                    if outcome.next_session is None:
                        todo.append(outcome.target)
    return out


def _clusters(dot: str, patient: Patient) -> str:
    """Graphviz source with each session of a course drawn as a cluster around its beats."""
    where = sessions_of(patient)
    if not where:
        return dot
    blocks = []
    for i, course in enumerate(patient.spec.sessions or []):
        names = " ".join(f'"{n}"' for n, sid in where.items() if sid == course.id and n not in patient.endings)
        label = f"session {course.id}" + (f": {course.interval}" if course.interval else "")
        label = label.replace('"', "'")
        blocks.append(f'\tsubgraph cluster_{i} {{\n\t\tlabel="{label}" style=dashed color="#888888"\n\t\t{names}\n\t}}\n')
    head, _, _tail = dot.rpartition("}")
    return head + "".join(blocks) + "}\n"


def _edge(text: str, engine: Engine) -> str:
    """An edge label; on Graphviz each ends its own line, so labels transitions merges stay one per line."""
    return _sanitise(text, engine) + (r"\l" if engine == "graphviz" else "")


def _sanitise(text: str, engine: Engine) -> str:
    if engine == "mermaid":
        return text.replace(": ", " - ").replace(":", " ").replace(";", ",").replace('"', "'").replace("#", "")
    return text


def route_edges(patient: Patient, route: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The (source, dest) machine states a route passes through, played on the engine."""
    s = Session(patient)
    edges, nodes = [], [s.beat]
    for move in route:
        before = s.beat
        s.choose(move)
        edges.append((before, s.beat))
        nodes.append(s.beat)
    return edges, nodes


def build(patient: Patient, engine: Engine, route: list[str] | None = None, dropout_sources=()) -> DiagramMachine:
    """A DiagramMachine for ``patient`` whose ``get_graph()`` is the styled diagram."""
    spec = patient.spec
    states = []
    where = sessions_of(patient) if engine == "mermaid" else {}
    for bid, beat in patient.beats.items():
        state = spec.states[beat.state]
        stage = stage_of(patient, beat.state)
        detail = f"{beat.state}: {state.kind}" + (f", {stage}" if stage and stage != state.kind else "")
        if bid in where:
            detail += f" · session {where[bid]}"
        sep = r"\l" if engine == "graphviz" else " · "
        states.append({"name": bid, "label": _sanitise(f"{bid}{sep}{detail}", engine)})
    for sid, state in patient.endings.items():
        sep = r"\l" if engine == "graphviz" else " · "
        states.append({"name": sid, "label": _sanitise(f"{sid}{sep}ending: {state.ending}", engine)})
    transitions = []
    for beat in patient.beats.values():
        spec_opts = spec.states[beat.state].beats[beat.name].options
        for i, rule in enumerate(beat.options):
            when = short_condition(spec_opts[i].when)
            for j, (_p, outcome) in enumerate(rule.branches):
                cond = short_condition(spec_opts[i].branches[j].when)
                label = _edge_label(rule.move, " and ".join(x for x in (when, cond) if x), outcome.effects,
                                    outcome.next_session)
                transitions.append({"trigger": f"{rule.move}__{j}", "source": beat.name, "dest": outcome.target,
                                    "label": _edge(label, engine)})
            label = _edge_label(rule.move, when, rule.fallback.effects, rule.fallback.next_session)
            transitions.append({"trigger": rule.move, "source": beat.name, "dest": rule.fallback.target,
                                "label": _edge(label, engine)})
    rule_text = _dropout_rule(patient)
    for source_beat in dropout_sources:
        transitions.append({"trigger": "dropout_rule", "source": source_beat, "dest": spec.dropout.state,
                            "label": _edge(rule_text, engine)})

    class Model:
        pass

    title = f"{spec.name}: fill = clinical kind (" + ", ".join(KIND_COLOURS) + ")"
    machine = DiagramMachine(model=Model(), states=states, transitions=transitions, initial=patient.initial,
                             model_attribute="_beat", auto_transitions=False, graph_engine=engine,
                             title=_sanitise(title, engine))
    machine.style_attributes = _styles(engine)
    if engine == "graphviz":
        machine.machine_attributes = dict(GraphMachine.machine_attributes, rankdir="TB", nodesep="0.35", ranksep="0.5",
                                          fontname="Helvetica")
    graph = machine.model_graphs[id(machine.models[0])]
    graph.reset_styling()
    # both engines' graphs keep a style name per edge; the stubs' BaseGraph does not declare it
    edge_styles: defaultdict[str, defaultdict[str, str]] = graph.custom_styles["edge"]  # type: ignore[attr-defined]
    on_route: set[str] = set()
    if route:
        edges, nodes = route_edges(patient, route)
        on_route = set(nodes)
        for src, dst in edges:
            edge_styles[src][dst] = "route"
    for source_beat in dropout_sources:
        if not edge_styles[source_beat][spec.dropout.state]:
            edge_styles[source_beat][spec.dropout.state] = "rule"
    for name in list(patient.beats) + list(patient.endings):
        kind = patient.state(name).kind
        style = ("ending_" if name in patient.endings else "kind_") + kind + ("_route" if name in on_route else "")
        graph.set_node_style(name, style)
    return machine


def _dropout_rule(patient: Patient) -> str:
    rule = patient.spec.dropout
    parts = []
    if rule.alliance_below is not None:
        parts.append(f"alliance < {rule.alliance_below}")
    parts += [f"{m} < {v}" for m, v in rule.meter_below.items()]
    return "dropout rule: " + " or ".join(parts)


def source(patient: Patient, engine: Engine, route: list[str] | None = None, dropout_sources=()) -> str:
    machine = build(patient, engine, route, dropout_sources)
    # graphviz's Digraph and transitions' mermaid stand-in both hold the text; the stubs' protocol names only draw()
    text: str = machine.models[0].get_graph().source  # type: ignore[attr-defined]
    return _clusters(text, patient) if engine == "graphviz" else text


def write(patient: Patient, out: str | Path, route: list[str] | None = None, dropout_sources=()) -> Path:
    """Write the diagram to ``out``; its suffix picks the format. Raises GraphError with what to do."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in TEXT_FORMATS:
        engine = TEXT_FORMATS[suffix]
        if engine == "graphviz":
            _need_graphviz_package(suffix)
        text = source(patient, engine, route, dropout_sources)
        _write(out, text.encode("utf-8"))
        return out
    if suffix not in IMAGE_FORMATS:
        raise GraphError(f"cannot tell the format from '{out.name}': use .svg, .png, .pdf, .dot or .mmd")
    _need_graphviz_package(suffix)
    if shutil.which("dot") is None:
        raise GraphError(
            f"drawing {suffix} needs Graphviz's 'dot' program, which is not installed. Install Graphviz "
            "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
            "Windows: winget install graphviz), or write a .dot or .mmd file instead, which needs no Graphviz "
            "(a .mmd file shows as a diagram on GitHub and in the Mermaid live editor)")
    import graphviz

    graph = graphviz.Source(source(patient, "graphviz", route, dropout_sources))
    try:
        data = graph.pipe(format=suffix[1:])
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError, OSError) as exc:
        raise GraphError(f"Graphviz could not draw the diagram: {exc}") from None
    _write(out, data)
    return out


def _need_graphviz_package(suffix: str) -> None:
    try:
        import graphviz  # noqa: F401
    except ImportError:
        raise GraphError(f"writing {suffix} needs the 'graphviz' Python package: pip install graphviz "
                         "(or write a .mmd file, which needs nothing more)") from None


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise GraphError(f"cannot write '{out}': {exc.strerror}") from None
