"""The event loop: an idle screen draws nothing, animation and messages wake it only while they last,
full screen is applied to the window, and --screenshots names a PNG per screen and turn, in order.

The loop runs on a ManualClock, so frames are counted against the time the loop itself waited,
however busy the machine is.
"""

import math

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.app import ANIMATION_FRAME_MS, App
from simulator.ui.loop import ManualClock, ShotWriter, Window, replay_tour, run_loop
from simulator.ui.screens.session import ANIMATION_S
from simulator.ui.synthetic import key

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]


@pytest.fixture
def window():
    pygame.display.init()
    window = Window((1024, 768))
    pygame.event.clear()
    yield window
    pygame.display.quit()


@pytest.fixture
def clock():
    return ManualClock()


def run(app, window, clock, seconds):
    run_loop(app, window, max_seconds=seconds, wait=clock.wait)


def test_an_idle_session_screen_is_drawn_once(window, clock):
    app = App(animate=True, clock=clock.now)
    app.start_session(MAYA)
    run(app, window, clock, 60)
    assert app.frames == 1
    assert app.wait_timeout() is None
    assert clock.now() == pytest.approx(60)  # one wait for the whole minute


def test_a_key_wakes_the_loop_and_redraws_once(window, clock):
    app = App(animate=False, clock=clock.now)
    app.start_session(MAYA)
    pygame.event.post(key(pygame.K_m))
    run(app, window, clock, 5)
    assert not app.show_meters
    assert app.frames == 2


def test_animation_redraws_only_while_it_lasts(window, clock):
    app = App(animate=True, clock=clock.now)
    screen = app.start_session(MAYA)
    screen.choose("notice_hesitation")
    assert app.animating()
    run(app, window, clock, 1.2)
    assert not app.animating()
    animated = app.frames
    # a frame every 16 ms from the choice while the pose glides, then one drawn where it lands
    assert animated == math.ceil(ANIMATION_S * 1000 / ANIMATION_FRAME_MS) + 1
    run(app, window, clock, 10)
    assert app.frames == animated  # and none once it has settled


def test_a_message_is_taken_down_without_busy_redraws(window, clock):
    app = App(animate=False, clock=clock.now)
    app.toast("hello", seconds=0.3)
    run(app, window, clock, 0.29)
    assert app.frames == 1 and "hello" in app.frame.visible_text()
    run(app, window, clock, 0.02)
    assert app.frames == 2
    assert "hello" not in app.frame.visible_text()
    run(app, window, clock, 10)
    assert app.frames == 2


def test_fullscreen_is_applied_to_the_window_and_back(window, clock):
    app = App(animate=False, clock=clock.now)
    app.handle(key(pygame.K_F11))
    run(app, window, clock, 0.2)
    assert window.fullscreen and pygame.display.get_surface().get_flags() & pygame.FULLSCREEN
    app.handle(key(pygame.K_F11))
    run(app, window, clock, 0.2)
    assert not window.fullscreen and pygame.display.get_surface().get_size() == (1024, 768)


def test_resizing_relayouts_from_the_new_size(window, clock):
    app = App(animate=False, clock=clock.now)
    app.start_session(MAYA)
    run(app, window, clock, 0.1)
    small = app.frame.m.body
    pygame.display.set_mode((1920, 1080), pygame.RESIZABLE)
    window.windowed_size = (1920, 1080)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    run(app, window, clock, 0.2)
    assert app.frame.w == 1920 and app.frame.m.body > small


def test_exit_after_first_frame(window):
    app = App()
    assert run_loop(app, window, exit_after_first_frame=True) == 0
    assert app.frames == 1


def test_screenshots_name_every_screen_and_turn_in_order(window, tmp_path):
    app = App(animate=False)
    shots = ShotWriter(tmp_path)
    status = run_loop(app, window, shots=shots, tour=replay_tour(app, MAYA, REPAIR, 0))
    assert status == 0 and not app.running
    names = [p.name for p in shots.written]
    assert names[:10] == ["001_title.png", "002_patients.png", "003_briefing.png", "004_session_turn00.png",
                          "005_session_turn01.png", "006_session_turn02.png", "007_session_turn03.png",
                          "008_session_turn04.png", "009_session_turn05.png", "010_end.png"]
    pages = [f"{n + 11:03d}_debrief{f'_p{n + 1}' if n else ''}.png" for n in range(len(names) - 10)]
    assert len(pages) > 1 and names[10:] == pages  # the debrief after the end, page by page
    for p in shots.written:
        assert pygame.image.load(str(p)).get_size() == (1024, 768)
    assert sorted(x.name for x in tmp_path.iterdir() if x.suffix == ".png") == names
    assert all((tmp_path / n.replace(".png", ".layout.json")).is_file() for n in names)


def test_work_deferred_past_the_first_frame_runs_before_any_key_and_is_drawn(window, clock, tmp_path):
    """`rupture play` reads the saves only after the window shows the patient; the resume prompt still appears."""
    first = App(animate=False, autosave=True)
    first.data_dir = str(tmp_path)
    first.start_session(MAYA)
    first.session_screen.choose(REPAIR[0])

    app = App(animate=False, autosave=True, clock=clock.now)
    app.data_dir = str(tmp_path)
    app.open_patient(MAYA)
    seen = []
    app.after_first_frame.append(lambda: seen.append((app.frames, app.top.name)) or app.offer_resume(MAYA))
    pygame.event.post(key(pygame.K_RETURN))
    run(app, window, clock, 0.1)
    assert seen == [(1, "briefing")]
    assert app.screen.name == "session" and app.session.turn == 1, "Enter resumed on the prompt, not a new start"
    assert app.frames >= 2 and not app.after_first_frame
