"""rupture graph: the transitions diagram, coloured by kind, labelled with moves and effects, route in red."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.authoring import graph
from simulator.authoring.graph import KIND_COLOURS, ROUTE_COLOUR, GraphError, write
from simulator.authoring.scaffold import render
from simulator.engine.profile_loader import load_profile_text

ROUTE = ["notice", "own_part", "stay", "welcome"]


@pytest.fixture(scope="module")
def sam():
    return load_profile_text(render("sam"), "sam.yaml")


def node_line(dot: str, name: str) -> str:
    return next(ln for ln in dot.splitlines() if ln.strip().startswith(f"{name} ["))


def edge_line(dot: str, src: str, dst: str) -> str:
    return next(ln for ln in dot.splitlines() if ln.strip().startswith(f"{src} -> {dst} "))


def test_dot_colours_states_by_kind_and_labels_edges(sam, tmp_path):
    out = write(sam, tmp_path / "sam.dot")
    dot = out.read_text()
    assert f'fillcolor="{KIND_COLOURS["withdrawal"]}"' in node_line(dot, "first_marker")
    assert f'fillcolor="{KIND_COLOURS["exploration"]}"' in node_line(dot, "hedged")
    assert f'fillcolor="{KIND_COLOURS["resolution"]}"' in node_line(dot, "done")
    assert "peripheries=2" in node_line(dot, "done")
    assert "press_on (bond-8 tasks-6)" in edge_line(dot, "first_marker", "first_marker")
    assert "stay [if owned_part] (bond+5 goals+6 tasks+6 real+3)" in edge_line(dot, "silly", "says_it")
    assert "reassure [if turn>=6] (tasks-3 real+1)" in edge_line(dot, "first_marker", "polite_goodbye")


def test_dropout_rule_edges_are_dashed(sam, tmp_path):
    out = write(sam, tmp_path / "sam.dot", dropout_sources=["first_marker"])
    line = edge_line(out.read_text(), "first_marker", "leaves")
    assert "dropout rule: alliance < 40" in line and "dashed" in line


def test_route_is_drawn_in_bold_red(sam, tmp_path):
    dot = write(sam, tmp_path / "sam.dot", route=ROUTE).read_text()
    for src, dst in [("first_marker", "hedged"), ("hedged", "silly"), ("silly", "says_it"), ("says_it", "done")]:
        assert f'color="{ROUTE_COLOUR}"' in edge_line(dot, src, dst) and "penwidth=3" in edge_line(dot, src, dst)
    assert f'color="{ROUTE_COLOUR}"' not in edge_line(dot, "first_marker", "polite_goodbye")
    assert "penwidth=3" in node_line(dot, "says_it")
    assert "penwidth" not in node_line(dot, "polite_goodbye")


def test_mermaid_is_written_without_graphviz(sam, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    text = write(sam, tmp_path / "sam.mmd", route=ROUTE).read_text()
    assert text.splitlines()[3] == "stateDiagram-v2"
    assert "first_marker --> hedged: notice (bond+4)" in text
    assert "Class says_it s_kind_resolution_route" in text
    assert re.search(r"classDef s_kind_confrontation fill:#f4cccc", text)
    states = [ln for ln in text.splitlines() if ln.strip().startswith("state ")]
    assert len(states) == 7 and all(re.fullmatch(r'\s*state "[^"]*" as \w+', ln) for ln in states)


def test_image_without_dot_says_to_install_or_use_text_formats(sam, tmp_path, monkeypatch):
    monkeypatch.setattr(graph.shutil, "which", lambda name: None)
    with pytest.raises(GraphError) as err:
        write(sam, tmp_path / "sam.svg")
    message = str(err.value)
    assert "apt-get install graphviz" in message and ".dot or .mmd" in message
    assert not (tmp_path / "sam.svg").exists()


def test_svg_is_drawn_when_graphviz_is_installed_or_explained_when_not(sam, tmp_path):
    target = tmp_path / "sam.svg"
    if shutil.which("dot"):
        write(sam, target, route=ROUTE)
        svg = target.read_text()
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "first_marker" in svg and ROUTE_COLOUR.lower() in svg.lower()
    else:
        with pytest.raises(GraphError, match="needs Graphviz's 'dot' program"):
            write(sam, target)


def test_unknown_suffix_is_refused(sam, tmp_path):
    with pytest.raises(GraphError, match="use .svg, .png, .pdf, .dot or .mmd"):
        write(sam, tmp_path / "sam.txt")


def test_cli_graph_with_expert_route(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text(render("sam"), encoding="utf-8")
    out_file = tmp_path / "g.dot"
    out = subprocess.run([sys.executable, "-m", "simulator", "graph", str(path), "-o", str(out_file),
                          "--route", "expert"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "expert route (4 moves) in red" in out.stdout
    dot = out_file.read_text()
    assert f'color="{ROUTE_COLOUR}"' in edge_line(dot, "silly", "says_it")
    assert "dropout rule: alliance < 40" in edge_line(dot, "first_marker", "leaves")


def test_a_course_draws_each_session_as_a_cluster_with_its_crossings():
    from profiles import course_example

    from simulator.authoring import graph as graph_mod

    patient = course_example()
    dot = graph_mod.source(patient, "graphviz")
    first = dot.index("subgraph cluster_0")
    second = dot.index("subgraph cluster_1")
    assert '"arrival" "hedge"' in dot[first:second] and '"back_again" "underneath"' in dot[second:]
    assert 'label="session second: A week later.' in dot
    assert "=> next session: second" in dot and "fill_gap chosen>=2" in dot
    assert '"leaves"' not in dot[first:]  # endings belong to the whole course
    assert "back_again · returns - confrontation, marker · session second" in graph_mod.source(patient, "mermaid")


PROBE = (Path(__file__).resolve().parent / "hostile" / "bell_character.yaml").read_text(encoding="utf-8").replace("\x07", "")


@pytest.mark.parametrize("move", ["state", "get_graph", "trigger", "models", "add_model", "to_start", "may_push",
                                  "is_start", "machine"])
def test_a_move_named_like_a_machine_attribute_is_drawn_like_any_other(move, tmp_path):
    patient = load_profile_text(re.sub(r"\bask\b", move, PROBE), "probe.yaml")
    for suffix in (".mmd", ".dot"):
        out = write(patient, tmp_path / f"probe{suffix}")
        text = out.read_text(encoding="utf-8")
        assert re.search(rf"start\s*-->\s*start\s*:\s*{move}\b", text) or re.search(
            rf'start -> start \[label="{move}\b', text), text


def test_cli_graph_with_a_move_called_state_writes_without_a_traceback(tmp_path):
    profile = tmp_path / "probe.yaml"
    profile.write_text(re.sub(r"\bask\b", "state", PROBE), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "simulator", "graph", str(profile), "-o", str(tmp_path / "g.mmd")],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "state" in (tmp_path / "g.mmd").read_text(encoding="utf-8")
