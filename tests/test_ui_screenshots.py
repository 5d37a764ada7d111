"""Screenshots of the session screen of every bundled patient showing its longest reply, at three sizes and
in both themes: the window size is right, every line of text lies inside the frame and inside its panel,
no two lines overlap, and the choices do not overlap."""

from collections import deque
from itertools import combinations

import pygame
import pytest

from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.ui.app import App
from simulator.ui.screens.session import SessionScreen
from simulator.ui.widgets import Action

SIZES = [(1024, 768), (1920, 1080), (3840, 2160)]
THEMES = ["normal", "projector"]


def longest_reply_session(patient, limit: int = 20000) -> Session:
    """A session whose last reply is the patient's longest reachable reply (searched breadth first)."""
    outcomes = []
    for beat in patient.beats.values():
        for rule in beat.options:
            for _, outcome in rule.branches:
                outcomes.append((beat.name, rule.move, outcome.replies))
            outcomes.append((beat.name, rule.move, rule.fallback.replies))
    targets = sorted({r for _, _, replies in outcomes for r in replies}, key=len, reverse=True)
    where = {}
    for beat, move, replies in outcomes:
        for r in replies:
            where.setdefault(r, []).append((beat, move, replies))
    session = Session(patient)
    start = session.snapshot()
    seen = {(start.beat, start.flags, start.meters, start.cause)}
    queue = deque([(start, ())])
    best: dict[str, tuple] = {}
    while queue and len(seen) < limit:
        snap, path = queue.popleft()
        session.restore(snap)
        if session.ended:
            continue
        for move in session.options():
            session.restore(snap)
            turn = session.choose(move)
            for beat, mv, replies in where.get(turn.patient, []):
                if beat == turn.beat_before and mv == move:
                    for r in replies:
                        best.setdefault(r, (path + (move,), replies))
            after = session.snapshot()
            key = (after.beat, after.flags, after.meters, after.cause)
            if key not in seen:
                seen.add(key)
                queue.append((after, path + (move,)))
    for target in targets:
        if target in best:
            path = best[target][0]
            for seed in range(500):  # the seed that picks this variant, found by playing, whatever the formula
                s = Session(patient, seed=seed)
                for move in path:
                    s.choose(move)
                if s.line == target:
                    return s
    raise AssertionError(f"{patient.id}: no reply reachable")


def check_frame(app: App, painter, size) -> None:
    w, h = size
    frame = pygame.Rect(0, 0, w, h)
    assert painter.surface.get_size() == size
    assert painter.drawn, "nothing was drawn"
    for d in painter.drawn:
        assert frame.contains(d.rect), f"{d.text!r} at {d.rect} leaves the {w}x{h} frame"
        assert d.panel.contains(d.rect), f"{d.text!r} ({d.role}) at {d.rect} leaves its panel {d.panel}"
    for a, b in combinations(painter.drawn, 2):
        assert not a.rect.colliderect(b.rect), f"{a.text!r} {a.rect} overlaps {b.text!r} {b.rect}"
    plan = app.screen.plan(painter)
    for a, b in combinations(plan.choice_rects, 2):
        assert not a.colliderect(b), f"choices overlap: {a} {b}"
    for r in plan.choice_rects:
        assert frame.contains(r)


PATIENTS = [e for e in catalogue.bundled() if e.patient is not None]


@pytest.mark.parametrize("entry", PATIENTS, ids=[e.id for e in PATIENTS])
def test_session_screen_with_longest_reply_fits_every_size(entry, tmp_path):
    session = longest_reply_session(entry.patient)
    reply = session.line
    for theme in THEMES:
        for size in SIZES:
            app = App(theme=theme, animate=False)
            app.set_screen(SessionScreen(app, session))
            surface = pygame.Surface(size)
            painter = app.draw(surface)
            path = tmp_path / f"{entry.id}_{theme}_{size[0]}x{size[1]}.png"
            pygame.image.save(surface, str(path))
            assert path.stat().st_size > 10_000
            check_frame(app, painter, size)
            shown = " ".join(d.text for d in painter.drawn if d.role == "dialogue.patient")
            assert reply in shown, f"{entry.id} {theme} {size}: the longest reply is not on screen"
            labels = [session.move(m).label for m in session.options()]
            drawn_choices = " ".join(d.text for d in painter.drawn if d.role == "choice")
            for label in labels:
                assert label in drawn_choices or " ".join(label.split()) in drawn_choices


def test_the_six_longest_labels_of_each_profile_fit_as_choices_at_the_smallest_size(monkeypatch):
    """However many long move labels a beat offers (six here), they fit without overlap at 1024x768."""
    for entry in PATIENTS:
        labels = sorted((mv.label for mv in entry.patient.spec.moves.values()), key=len, reverse=True)[:6]
        for theme in THEMES:
            app = App(theme=theme, animate=False)
            screen = app.start_session(entry.patient)
            monkeypatch.setattr(screen, "actions",
                                lambda labels=labels: [Action(lb, lambda: None, str(i + 1)) for i, lb in enumerate(labels)])
            painter = app.draw(pygame.Surface((1024, 768)))
            check_frame(app, painter, (1024, 768))
            drawn = " ".join(d.text for d in painter.drawn if d.role == "choice")
            for label in labels:
                assert label in drawn
