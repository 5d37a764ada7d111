"""Settings (theme, text size, panels, modes) are kept between runs in the config folder; bad files mean defaults."""

import json

import pygame

from simulator.engine import catalogue
from simulator.ui import settings
from simulator.ui.app import App
from simulator.ui.synthetic import key


def test_settings_survive_a_restart_and_flags_win(tmp_path):
    app = App(animate=False)
    app.use_settings(tmp_path)
    app.handle(key(pygame.K_p))
    app.handle(key(pygame.K_EQUALS, pygame.KMOD_CTRL))
    app.start_session(catalogue.load("maya"))
    app.handle(key(pygame.K_m))
    app.handle(key(pygame.K_l))
    app.handle(key(pygame.K_n))
    kept = json.loads((tmp_path / settings.FILE).read_text())
    assert kept == {"theme": "projector", "scale": 1.1, "show_meters": False, "show_state": True,
                    "detection": False, "learning": True, "self_awareness": True, "walkthrough_seen": False}
    again = App(animate=False)
    again.use_settings(tmp_path)
    assert (again.theme.name, again.scale, again.show_meters, again.learning, again.self_awareness) == (
        "projector", 1.1, False, True, True)
    flagged = App(animate=False)
    flagged.use_settings(tmp_path, theme="normal", scale=1.7)
    assert (flagged.theme.name, flagged.scale) == ("normal", 1.7)


def test_a_bad_settings_file_means_the_defaults(tmp_path):
    (tmp_path / settings.FILE).write_text('{"theme": "neon", "scale": 9, "learning": "yes"', encoding="utf-8")
    assert settings.load(tmp_path) == settings.Settings()
    (tmp_path / settings.FILE).write_text('{"theme": "neon", "scale": 9, "learning": "yes"}', encoding="utf-8")
    assert settings.load(tmp_path) == settings.Settings()


def test_an_unwritable_folder_costs_the_setting_not_the_session(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app = App(animate=False)
    app.use_settings(blocker / "sub")
    app.handle(key(pygame.K_p))
    assert app.theme.name == "projector" and "not kept" in app._toast[0]
