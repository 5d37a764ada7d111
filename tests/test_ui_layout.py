"""Layout: everything computed from the window size, inside it and apart, from 1024x768 to 3840x2160."""

from itertools import combinations

import pygame
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import catalogue
from simulator.ui import layout
from simulator.ui.app import App
from simulator.ui.theme import NORMAL, PROJECTOR

sizes = st.tuples(st.integers(1024, 3840), st.integers(768, 2160))


def test_type_grows_with_the_window_and_the_projector_theme():
    small = layout.metrics(1024, 768, NORMAL)
    big = layout.metrics(3840, 2160, NORMAL)
    proj = layout.metrics(1024, 768, PROJECTOR)
    assert big.body > 2.5 * small.body
    assert proj.body >= 1.4 * small.body
    assert layout.metrics(1024, 768, NORMAL, 1.5).body > small.body
    assert small.body >= 16


def test_stack_and_row():
    rects = layout.stack(pygame.Rect(10, 20, 100, 500), [30, 40, 50], 5)
    assert [r.y for r in rects] == [20, 55, 100] and all(r.w == 100 for r in rects)
    row = layout.row(pygame.Rect(0, 0, 300, 20), [50, 50], 10, "right")
    assert row[-1].right == 300 and row[0].right + 10 == row[1].x


@settings(max_examples=25)
@given(sizes, st.sampled_from([NORMAL, PROJECTOR]), st.booleans(), st.booleans(),
       st.integers(40, 400), st.integers(80, 700))
def test_session_layout_panels_lie_inside_the_window_and_apart(size, theme, meters, state, cue_h, choices_h):
    w, h = size
    m = layout.metrics(w, h, theme)
    fr = layout.frame(w, h, m, 40, 30)
    cols = layout.columns(fr.body, m, theme.left_share)
    lay = layout.session(cols, m, cue_h=min(cue_h, h // 5), meters_h=120 if meters else None,
                         state_h=150 if state else None, choices_h=min(choices_h, cols.right.h // 2))
    window = pygame.Rect(0, 0, w, h)
    panels = [r for r in (lay.figure, lay.cue, lay.meters, lay.state, lay.dialogue, lay.choices) if r is not None]
    for r in panels + [fr.header, fr.footer]:
        assert window.contains(r)
    for a, b in combinations(panels + [fr.header, fr.footer], 2):
        assert not a.colliderect(b), (a, b)
    assert lay.figure.h > 0 and lay.dialogue.h > 0


def test_every_screen_fits_any_window_size():
    """Title, menu, briefing, session, end and overlays at odd sizes: all text inside the frame and its panel."""
    maya = catalogue.load("maya")
    for size in [(1024, 768), (1366, 768), (1600, 1200), (2560, 1080), (3840, 2160)]:
        for theme in ("normal", "projector"):
            app = App(theme=theme, animate=False)
            surface = pygame.Surface(size)
            window = pygame.Rect(0, 0, *size)

            def check(app=app, surface=surface, window=window, size=size, theme=theme):
                painter = app.draw(surface)
                for d in painter.drawn:
                    assert window.contains(d.rect), (app.view_name(), size, theme, d.text)
                    assert d.panel.contains(d.rect), (app.view_name(), size, theme, d.text, d.rect, d.panel)
                if not app.overlays:
                    for a, b in combinations(painter.drawn, 2):
                        assert not a.rect.colliderect(b.rect), (app.view_name(), size, theme, a.text, b.text)

            check()
            app.go_patients()
            check()
            app.open_patient(maya)
            check()
            screen = app.start_session(maya)
            check()
            for move in ["notice_hesitation", "invite_feelings", "own_part"]:
                screen.choose(move)
            check()
            app.open_history()
            check()
            app.open_menu()
            check()
            app.close_overlay()
            for move in ["validate_hesitation", "welcome_assertion"]:
                screen.choose(move)
            app.show_end()
            check()
