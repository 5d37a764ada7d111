"""Long and rough use of the front end: resize storms, full-screen toggles, focus changes, no audio, no fonts,
and hundreds of turns with memory flat after warm-up."""

import os
import random
import subprocess
import sys

import pygame
import pytest
from conftest import ROOT

from simulator.engine import catalogue
from simulator.ui import text as ui_text
from simulator.ui.app import App
from simulator.ui.loop import ManualClock, Window, run_loop
from simulator.ui.soak import soak
from simulator.ui.synthetic import key, move

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]


def resize(w, h):
    return pygame.event.Event(pygame.VIDEORESIZE, size=(w, h), w=w, h=h)


def window_event(kind):
    return pygame.event.Event(kind, window=None)


def test_a_resize_storm_keeps_every_screen_whole_and_degrades_below_the_minimum():
    rng = random.Random(7)
    app = App(animate=False)
    app.start_session(MAYA)
    for m in REPAIR[:2]:
        app.session_screen.choose(m)
    setups = [lambda: None, app.open_menu, app.close_overlay, app.open_history, app.close_overlay]
    big = small = 0
    for i in range(150):
        if i % 30 == 0:
            setups[(i // 30) % len(setups)]()
        if rng.random() < 0.25:
            w, h = rng.randint(1, 1023), rng.randint(1, 767)
        else:
            w, h = rng.randint(1024, 3840), rng.randint(768, 2160)
        app.handle(resize(w, h))
        assert app.dirty
        surface = pygame.Surface((w, h))
        p = app.draw(surface)
        texts = [d for d in p.drawn if d.text]
        assert texts, f"nothing drawn at {w}x{h}"
        if w >= 1024 and h >= 768:
            big += 1
            bounds = surface.get_rect()
            outside = [(d.text, d.rect) for d in texts if not bounds.contains(d.rect)]
            assert not outside, f"text outside the {w}x{h} window: {outside[:3]}"
            if app.top.name == "session":
                assert app.session.last.patient.split()[-1] in " ".join(d.text for d in texts if d.role.startswith("dialogue"))
        else:
            small += 1
    assert big > 75 and small > 20
    assert app.session.turn == 2


@pytest.fixture
def window():
    pygame.display.init()
    window = Window((1024, 768))
    pygame.event.clear()
    yield window
    pygame.display.quit()


def test_full_screen_toggles_in_the_real_loop_come_back_to_the_window_size(window):
    clock = ManualClock()
    app = App(animate=False, clock=clock.now)
    app.start_session(MAYA)
    for _ in range(9):
        pygame.event.post(key(pygame.K_F11))
    run_loop(app, window, max_seconds=1.0, wait=clock.wait)
    assert app.fullscreen and window.fullscreen
    pygame.event.post(key(pygame.K_F11))
    pygame.event.post(key(pygame.K_1))
    run_loop(app, window, max_seconds=0.5, wait=clock.wait)
    assert not app.fullscreen and not window.fullscreen
    assert window.surface.get_size() == (1024, 768)
    assert app.session.turn == 1


def test_a_window_that_refuses_full_screen_stays_windowed_and_says_so(window, monkeypatch):
    clock = ManualClock()
    app = App(animate=False, clock=clock.now)
    app.start_session(MAYA)
    real = pygame.display.set_mode

    def refuse(size, flags=0, *a, **k):
        if flags & pygame.FULLSCREEN:
            raise pygame.error("no full-screen mode")
        return real(size, flags, *a, **k)

    monkeypatch.setattr(pygame.display, "set_mode", refuse)
    pygame.event.post(key(pygame.K_F11))
    run_loop(app, window, max_seconds=0.5, wait=clock.wait)
    assert not app.fullscreen and not window.fullscreen
    assert "Cannot switch full screen" in app._toast[0]
    assert " ".join(d.text for d in app.frame.drawn if d.role == "toast").startswith("Cannot switch full screen")


def test_focus_loss_takes_the_hover_highlight_away_and_keys_work_after_focus_returns():
    app = App(animate=False)
    surface = pygame.Surface((1280, 800))
    app.start_session(MAYA)
    app.draw(surface)
    label = app.session.move(app.session.options()[2]).label
    rect = next(h.rect for h in app.hits if h.label == label)
    spot = (rect.x + rect.w // 2, rect.y + 2)
    plain = surface.get_at(spot)
    app.handle(move(rect.center))
    app.draw(surface)
    assert surface.get_at(spot) != plain
    for kind in (pygame.WINDOWFOCUSLOST, pygame.WINDOWLEAVE, pygame.WINDOWMINIMIZED, pygame.WINDOWRESTORED,
                 pygame.WINDOWFOCUSGAINED, pygame.WINDOWENTER, pygame.ACTIVEEVENT):
        app.handle(window_event(kind))
    assert app.dirty
    app.draw(surface)
    assert surface.get_at(spot) == plain
    app.handle(key(pygame.K_3))
    assert app.session.turn == 1 and app.session.last.move == app.session.turns[0].move


def test_it_starts_without_an_audio_device(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="no_such_audio_driver",
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    shots = tmp_path / "shots"
    code = ("import sys, pygame\n"
            "from simulator.cli import main\n"
            f"rc = main(['play', 'maya', '--exit-after-first-frame', '--screenshots', {str(shots)!r}, "
            f"'--data-dir', {str(tmp_path / 'data')!r}])\n"
            "try:\n"
            "    pygame.mixer.init()\n"
            "    print(rc, 'audio')\n"
            "except pygame.error:\n"
            "    print(rc, 'no audio')\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split()[-3:] == ["0", "no", "audio"], done.stdout + done.stderr
    assert sorted(p.name for p in shots.iterdir()) == ["001_briefing.layout.json", "001_briefing.png"]
    assert "Traceback" not in done.stderr


def test_missing_fonts_fall_back_to_pygames_and_say_so_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ui_text, "font_dirs", lambda: [tmp_path / "no-fonts"])
    monkeypatch.setattr(ui_text, "_warned", False)
    for _ in range(2):
        app = App(animate=False)
        assert app.fonts.fallback
        app.start_session(MAYA)
        p = app.draw(pygame.Surface((1280, 800)))
        toast = " ".join(d.text for d in p.drawn if d.role == "toast")
        assert "fonts are missing" in toast and "default font" in toast
        app.session_screen.choose(REPAIR[0])
        app.handle(key(pygame.K_m))
        app.handle(key(pygame.K_m))
        p = app.draw(pygame.Surface((1280, 800)))
        assert "fonts are missing" in " ".join(d.text for d in p.drawn if d.role == "toast")
        dialogue = " ".join(d.text for d in p.drawn if d.role.startswith("dialogue"))
        assert app.session.last.patient.split()[-1] in dialogue
        assert all(d.surface.get_width() > 0 for d in p.drawn if d.text)
    err = capsys.readouterr().err
    assert err.count("using pygame's default font instead") == 1


def test_six_hundred_turns_with_rewinds_keep_memory_flat(tmp_path):
    """The long soak is bench/bench_ui_soak.py; six hundred show a leak of a few tens of kilobytes a turn."""
    app = App(animate=False, autosave=True)
    app.data_dir = str(tmp_path)
    result = soak(app, MAYA, pygame.Surface((1280, 800)), 600, warm_up=200, sample_every=50)
    assert result["turns"] == 600 and result["undos"] > 15 and result["rewinds"] > 8 and result["restarts"] > 8
    rss = result["rss"]
    assert len(rss) >= 8
    assert max(rss) - rss[0] < 20, f"resident memory grew from {rss[0]:.1f} to {max(rss):.1f} MB"
    assert app.texts.bytes <= app.texts.budget and len(app.wraps) <= app.wraps.limit
    assert len(list((tmp_path / "sessions").glob("*.json"))) == result["restarts"]
