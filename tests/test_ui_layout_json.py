"""Every screen, read back from its layout JSON (what ``--screenshots`` writes beside each PNG), at three
window sizes, both themes and 100% and 170% text: nothing outside the window, no notice over a control,
no two moves overlapping, the patient's latest line shown whole, and move text one size for the whole
session and never smaller than the dialogue's. PNGs and JSON go to RUPTURE_SHOTS_DIR when it is set."""

import json
import os
from itertools import combinations
from pathlib import Path

import pygame
import pytest

from simulator.authoring.explore import explore
from simulator.engine import catalogue
from simulator.engine.profile_loader import load_profile
from simulator.ui import hooks, layout_export
from simulator.ui.app import App
from simulator.ui.debrief_flow import install
from simulator.ui.synthetic import key

MAYA = catalogue.load("maya")
REPAIR = explore(MAYA).resolution_route  # her route as the engine finds it, not one the profile may drop
SIZES = [(1024, 768), (1920, 1080), (3840, 2160)]
DIALOGUE = ("patient_line", "therapist_line", "cue")
"""Besides the controls, what no notice may cover: the dialogue."""
NADIA = load_profile(Path(__file__).parent / "data" / "cases" / "nadia.yaml")
COURSE = ["own_door", "how_landed", "sorry_door", "each_view", "coat", "how_without"]
"""Three sessions, changing after turns 2 and 4: each change shows its interval as a notice."""


def overlaps(a, b) -> bool:
    return pygame.Rect(a["rect"]).colliderect(pygame.Rect(b["rect"]))


def check_layout(data: dict, view: str) -> None:
    w, h = data["size"]
    window = pygame.Rect(0, 0, w, h)
    elements = data["elements"]
    assert elements, view
    for e in elements:
        assert e["role"] in layout_export.ROLES, (view, e)
        assert window.contains(pygame.Rect(e["rect"])), f"{view}: {e['role']} {e['text']!r} {e['rect']} leaves {w}x{h}"
    kept_clear = [e for e in elements if e["role"] in layout_export.CONTROLS + DIALOGUE]
    for n in (e for e in elements if e["role"] == "notice"):
        for c in kept_clear:
            assert not overlaps(n, c), f"{view}: notice {n['text']!r} covers {c['role']} {c['text']!r}"
    moves = [e for e in elements if e["role"] == "move"]
    for a, b in combinations(moves, 2):
        assert not overlaps(a, b), f"{view}: moves {a['text']!r} and {b['text']!r} overlap"


def interval_lines(data: dict) -> str:
    """The latest interval between two sessions as the dialogue shows it: lines of its own, between two replies."""
    found, out, inside = "", [], False
    for e in data["elements"]:
        if e["text"].startswith("\u2014 ") or inside:
            assert e["role"] == "other", e
            out.append(e["text"])
            inside = not e["text"].endswith(" \u2014")
            if not inside:
                found, out = " ".join(out), []
    return found


def latest_line_shown(data: dict, line: str) -> bool:
    said = " ".join(e["text"] for e in data["elements"] if e["role"] == "patient_line")
    return " ".join(said.split()).endswith(" ".join(line.split()))


class Tour:
    def __init__(self, app, size, folder: Path, tag: str):
        self.app, self.surface, self.folder, self.tag = app, pygame.Surface(size), folder, tag
        self.move_px: set[int] = set()

    def shot(self, name: str) -> dict:
        app = self.app
        app.draw(self.surface)
        png = self.folder / f"{name}_{self.tag}.png"
        pygame.image.save(self.surface, str(png))
        data = json.loads(layout_export.write(app, png).read_text(encoding="utf-8"))
        view = f"{name} {self.tag}"
        check_layout(data, view)
        if app.screen.name == "session" and not app.overlays:
            s = app.session
            assert latest_line_shown(data, s.line), f"{view}: the latest line {s.line!r} is not shown whole"
            moves = [e for e in data["elements"] if e["role"] == "move"]
            assert [e["text"] for e in moves] == [a.label for a in app.screen.actions()], view
            said = [e["px"] for e in data["elements"] if e["role"] == "patient_line"]
            assert all(e["px"] >= max(said) for e in moves), f"{view}: move text smaller than the dialogue's"
            self.move_px |= {e["px"] for e in moves}
        return data


@pytest.fixture
def tour_at(tmp_path):
    """Makes a Tour of a new App at a window size, theme and text scale; the debrief hook is put back after."""
    install()
    folder = Path(os.environ.get("RUPTURE_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def make(size, theme: str, scale: float, prefix: str = "") -> Tour:
        app = App(theme=theme, scale=scale, animate=False)
        return Tour(app, size, folder, f"{prefix}{size[0]}x{size[1]}_{theme}_{round(scale * 100)}")

    yield make
    hooks.set_debrief(None)


@pytest.mark.parametrize("scale", [1.0, 1.7])
@pytest.mark.parametrize("theme", ["normal", "projector"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_keeps_its_layout_promises(size, theme, scale, tour_at):
    tour = tour_at(size, theme, scale)
    app = tour.app
    tour.shot("title")
    app.open_learn()
    tour.shot("learn")
    app.handle(key(pygame.K_ESCAPE))
    app.handle(key(pygame.K_F1))
    tour.shot("help")
    app.handle(key(pygame.K_ESCAPE))
    app.go_patients()
    tour.shot("patients")
    app.open_patient(MAYA)
    tour.shot("briefing")
    app.start_session(MAYA)
    tour.shot("session_start")
    app.handle(key(pygame.K_d))
    for i, move in enumerate(REPAIR):
        if i in (0, 3):
            app.handle(key(pygame.K_r))  # "Rupture flagged" is showing over the moves' part of the screen
        app.session_screen.choose(move)
        tour.shot(f"session_turn{i + 1}")
    app.handle(key(pygame.K_BACKSPACE))
    app.handle(key(pygame.K_d))
    tour.shot("session_undone")
    app.open_history()
    tour.shot("history")
    app.close_overlay()
    app.open_menu()
    tour.shot("menu")
    app.close_overlay()
    app.session_screen.choose(REPAIR[-1])
    tour.shot("session_ended")
    app.show_end()
    tour.shot("end")
    app.handle(key(pygame.K_b))
    tour.shot("questionnaire")
    for k in (pygame.K_4, pygame.K_5, pygame.K_7, pygame.K_0, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_DOWN,
              pygame.K_6, pygame.K_5, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN):
        app.handle(key(k))
    assert app.screen.name == "debrief"
    tour.shot("debrief")
    app.handle(key(pygame.K_END))
    tour.shot("debrief_end")
    app.go_title()
    app.open_past_sessions()
    tour.shot("past_sessions")
    assert len(tour.move_px) == 1, f"move text changed size during the session: {sorted(tour.move_px)}"


@pytest.mark.parametrize("scale", [1.0, 1.7])
@pytest.mark.parametrize("theme", ["normal", "projector"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_course_keeps_its_layout_promises_with_the_interval_showing(size, theme, scale, tour_at):
    tour = tour_at(size, theme, scale, "course_")
    app = tour.app
    app.start_session(NADIA)
    tour.shot("course_start")
    intervals = 0
    for i, move in enumerate(COURSE):
        app.session_screen.choose(move)
        data = tour.shot(f"course_turn{i + 1}")
        if app.session.interval and not app.session.ended:
            intervals += 1
            notes = " ".join(e["text"] for e in data["elements"] if e["role"] == "notice")
            assert app.session.interval in " ".join(notes.split()), f"turn {i + 1}: no interval notice"
            assert interval_lines(data) == f"\u2014 {app.session.interval} \u2014", f"turn {i + 1}"
    assert intervals == 2
    app.show_end()
    tour.shot("course_end")
    assert len(tour.move_px) == 1, f"move text changed size during the course: {sorted(tour.move_px)}"
