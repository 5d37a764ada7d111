"""What each screen shows: the title's disclaimer, the patient menu, a broken profile's located errors,
the briefing, and the end screen's outcome and chart."""

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.chart import meter_series
from simulator.ui.plain import plain
from simulator.ui.synthetic import click_label, key, shown, text

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]


@pytest.fixture
def app():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    return app


def test_title_says_it_is_a_training_tool_not_a_clinical_instrument(app):
    assert app.screen.name == "title"
    text = shown(app)
    assert "Rupture" in shown(app, "title")
    assert "A training tool, not a clinical instrument." in text
    assert "Nothing here assesses, diagnoses or treats anyone." in text


def test_patient_menu_lists_every_bundled_patient_with_summary_and_difficulty(app):
    app.go_patients()
    names = shown(app, "menu.name")
    keys = shown(app, "menu.key").split()
    assert app.screen.list_scroll == 0 and app.screen._list_max == 0, "all ten patients are in view at once"
    assert keys == [str((i + 1) % 10) for i in range(len(app.screen.entries))][:10]
    for i, entry in enumerate(catalogue.bundled()):
        if entry.patient is None:
            assert entry.id in names
            continue
        spec = entry.patient.spec
        assert f"{spec.name}, {spec.age}" in names
        app.screen.focus = i
        assert spec.summary in " ".join(shown(app, "preview").split()), "the summary shows beside the focused row"
    assert "Open a profile file…" in names
    app.screen.focus = 0
    first = next(e for e in catalogue.bundled() if e.patient is not None)
    preview = shown(app, "preview")
    assert f"Difficulty {first.patient.spec.difficulty} of 5" in preview


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_zero_opens_the_tenth_patient(size):
    app = App(animate=False)
    app.surface = pygame.Surface(size)
    app.go_patients()
    shown(app)
    app.handle(key(pygame.K_0))
    assert app.screen.name == "briefing" and app.screen.patient.id == app.catalogue()[9].id


def test_a_list_too_long_to_fit_says_how_many_more_and_scrolls_to_them():
    app = App(animate=False, theme="projector", scale=1.7)
    app.surface = pygame.Surface((1024, 768))
    app.go_patients()
    assert "more below" in shown(app, "menu.more") and "more above" not in shown(app, "menu.more")
    for _ in range(9):
        app.handle(key(pygame.K_DOWN))
    tenth = app.screen.entries[9].patient.spec
    assert f"{tenth.name}, {tenth.age}" in shown(app, "menu.name")
    assert "more above" in shown(app, "menu.more") and "more below" not in shown(app, "menu.more")


def test_difficulty_is_drawn_as_filled_dots(app):
    app.go_patients()
    painter = app.draw(app.surface)
    maya_row = next(d for d in painter.drawn if d.text == "Maya, 29")
    y = maya_row.rect.centery
    accent = app.theme.accent
    xs = [x for x in range(maya_row.rect.right, maya_row.rect.right + 200) if app.surface.get_at((x, y))[:3] == accent]
    runs = sum(1 for a, b in zip(xs, xs[1:] + [None]) if b is None or b != a + 1)
    assert runs == MAYA.spec.difficulty


def test_broken_profile_shows_its_located_errors_on_screen(app, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\nid: broken\nname: Broken\nage: 300\n", encoding="utf-8")
    app.go_patients()
    app.draw(app.surface)
    app.handle(key(pygame.K_o))
    assert app.screen.typing
    app.screen.path_text = ""
    for ch in str(bad):
        app.handle(text(ch))
    assert app.screen.path_text == str(bad)
    visible = shown(app, "path").replace("▏", "")
    assert len(visible) > 10 and str(bad).endswith(visible)
    app.handle(key(pygame.K_RETURN))
    assert app.screen.name == "patients"
    errors = "".join(shown(app, "preview").split())
    assert f"{bad}:4:6:error:" in errors  # age 300: line 4, column 6
    assert "error:" in errors and "couldnotbeloaded" in errors
    assert app.running


def test_a_missing_profile_file_is_reported_not_raised(app, tmp_path):
    app.go_patients()
    app.draw(app.surface)
    app.handle(key(pygame.K_o))
    app.screen.path_text = str(tmp_path / "nowhere.yaml")
    app.handle(key(pygame.K_RETURN))
    assert "no such file" in shown(app, "preview")


def test_typing_a_good_profile_path_opens_its_briefing(app, patients_dir):
    app.go_patients()
    app.draw(app.surface)
    app.handle(key(pygame.K_o))
    app.screen.path_text = str(patients_dir / "maya.yaml")
    app.handle(key(pygame.K_BACKSPACE))
    app.handle(text("l"))
    app.handle(key(pygame.K_RETURN))
    assert app.screen.name == "briefing" and app.screen.patient.id == "maya"


def test_p_in_the_path_field_is_typed_not_a_theme_switch(app):
    app.go_patients()
    app.draw(app.surface)
    app.handle(key(pygame.K_o))
    app.screen.path_text = ""
    app.handle(key(pygame.K_p))
    app.handle(text("p"))
    assert app.theme.name == "normal" and app.screen.path_text == "p"
    app.handle(key(pygame.K_ESCAPE))
    assert not app.screen.typing and app.screen.name == "patients"


def test_a_bundled_profile_with_errors_is_listed_with_them(app, monkeypatch, tmp_path):
    from simulator.engine.diagnostics import Diagnostic, ProfileError

    error = ProfileError([Diagnostic(str(tmp_path / "x.yaml"), 7, 3, "unknown move 'foo'", "R200", hint="define it")])
    entries = [catalogue.Entry("x", tmp_path / "x.yaml", None, error)] + catalogue.bundled()
    monkeypatch.setattr(app, "catalogue", lambda: entries)
    app.go_patients()
    preview = "".join(shown(app, "preview").split())  # long paths wrap between letters
    assert "".join(f"{tmp_path / 'x.yaml'}:7:3: error: unknown move 'foo'  [R200]".split()) in preview
    assert "hint:defineit" in preview
    assert "x" in shown(app, "menu.name").split()  # listed by its id, in the error colour, its errors beside it
    app.handle(key(pygame.K_RETURN))
    assert app.screen.name == "patients"


def test_briefing_shows_the_patient_and_what_to_watch_for(app):
    app.open_patient(MAYA)
    text = shown(app, "briefing")
    b = MAYA.spec.briefing
    for part in (b.presenting_problem, b.background, b.relational_pattern, b.watch_for):
        assert plain(part) in text  # in the profile's words, without its section marks
    assert "Watch for" in text and "§" not in text


def test_play_patient_starts_at_the_briefing_and_start_begins(app):
    app.open_patient(MAYA)
    app.draw(app.surface)
    assert click_label(app, "Start the session")
    assert app.screen.name == "session" and app.session.turn == 0


def test_end_screen_shows_outcome_epilogue_and_chart_of_the_meters(app):
    screen = app.start_session(MAYA)
    for m in REPAIR:
        screen.choose(m)
    app.show_end()
    painter = app.draw(app.surface)
    text = " ".join(d.text for d in painter.drawn)
    assert "Resolved: the rupture was worked through" in text
    assert "After 5 moves." in text
    assert MAYA.spec.states["repaired"].epilogue.split(",")[0] in text
    series = meter_series(screen.session)
    assert all(len(v) == 6 for v in series.values())
    assert series["bond"][0] == MAYA.spec.meters.bond.start
    assert series["bond"][-1] == screen.session.meters["bond"]
    legend = " ".join(d.text for d in painter.drawn if d.role == "chart.legend")
    for name, values in series.items():
        assert f"{name} {values[-1]}" in legend
    axis = [d.text for d in painter.drawn if d.role == "chart.axis"]
    assert "100" in axis and "5" in axis and "turn" in axis
    colours = {app.surface.get_at(d.rect.center)[:3] for d in painter.drawn}
    assert colours  # the chart's lines are drawn in the meter colours:
    chart = next(d for d in painter.drawn if d.role == "chart.title")
    region = [app.surface.get_at((x, y))[:3] for x in range(chart.rect.x, 1270, 3) for y in range(chart.rect.bottom, 700, 3)]
    for name in series:
        assert app.theme.meters[name] in region


def test_dropout_end_screen(app):
    screen = app.start_session(MAYA)
    s = screen.session
    while not s.ended:
        options = s.options()
        worst = "push_for_answer" if "push_for_answer" in options else (
            "start_worksheet" if "start_worksheet" in options else options[-1])
        screen.choose(worst)
    app.show_end()
    text = shown(app, "outcome")
    title = {"dropout": "Dropout", "unresolved": "Unresolved", "resolved": "Resolved"}[s.ended]
    assert text.startswith(title)
