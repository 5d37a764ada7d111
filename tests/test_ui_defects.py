"""Defects from the classroom trial, each held by a test: meters that froze part-way, the replay that
highlighted option 1, and untrue or covering notices."""

import pygame

from simulator.authoring.explore import explore
from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.screens.session import ANIMATION_S
from simulator.ui.synthetic import frame, key

MAYA = catalogue.load("maya")
REPAIR = explore(MAYA).resolution_route  # her route as the engine finds it, not one the profile may drop


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def meters_shown(painter) -> dict:
    return {name: int(value) for name, value in (e[2].split() for e in painter.elements if e[0] == "meter")}


def test_meters_and_figure_land_on_their_true_values_after_an_undo():
    clock = Clock()
    app = App(animate=True, clock=clock)
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(MAYA)
    for move in REPAIR[:3]:
        screen.choose(move)
        clock.t += 1
        frame(app)
    app.handle(key(pygame.K_BACKSPACE))
    clock.t += ANIMATION_S * 0.15
    app.tick()
    assert app.dirty
    midway = meters_shown(frame(app))
    assert midway != dict(screen.session.meters)  # part-way through
    clock.t += ANIMATION_S  # the loop sleeps past the end before it asks again
    app.tick()
    assert app.dirty, "the animation's last frame was never asked for"
    assert meters_shown(frame(app)) == {k: round(v) for k, v in screen.session.meters.items()}
    app.tick()
    assert not app.animating() and app.wait_timeout() is None  # and then the loop rests


def test_replay_highlights_the_move_being_replayed():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    moves = ["notice_hesitation", "invite_feelings", "own_part"]
    screen = app.start_session(MAYA, moves)
    for n, move in enumerate(moves):
        assert screen.session.options()[screen.focus] == move, n
        frame(app)
        app.handle(key(pygame.K_SPACE))
    assert screen.session.turn == 3


def test_slow_work_runs_beside_the_window_with_a_progress_note():
    """While a hint or the debrief is worked out, the loop wakes often, frames are drawn, keys wait."""
    import threading

    from simulator.ui.background import POLL_MS

    app = App(animate=False)
    app.background = True
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(MAYA)
    release, got = threading.Event(), []
    app.in_background("Working out the debrief", lambda: release.wait() and "the debrief",
                      lambda result, error: got.append((result, error)))
    assert app.wait_timeout() == POLL_MS <= 100
    for _ in range(3):  # frames keep coming while the work is blocked
        app.tick()
        assert app.dirty
        painter = frame(app)
        assert any("Working out the debrief" in d.text for d in painter.drawn if d.role == "toast")
    app.handle(key(pygame.K_1))
    assert screen.session.turn == 0 and not got  # a key pressed meanwhile is not a move
    release.set()
    app.work.wait()
    app.tick()
    assert got == [("the debrief", None)] and app.work is None and app.wait_timeout() is None


def test_a_hint_in_the_background_arrives_as_the_coach():
    app = App(animate=False)
    app.background = True
    app.surface = pygame.Surface((1280, 800))
    app.start_session(MAYA)
    app.handle(key(pygame.K_l))
    app.handle(key(pygame.K_h))
    assert app.work is not None
    app.work.wait()
    app.tick()
    assert app.top.name == "coach" and app.record.hints_used == 1


def test_slow_work_searches_a_copy_never_the_session_on_screen(monkeypatch):
    """The search moves a session back and forth; the UI thread draws the real one meanwhile, so the
    worker must get a copy standing where the real one stands (a shared one crashed the frame)."""
    import threading

    from simulator import debrief
    from simulator.debrief.record import PlayRecord
    from simulator.ui import debrief_flow

    given, release = [], threading.Event()
    real_hint, real_build = PlayRecord.hint, debrief.build_debrief

    def hint(record, session):
        release.wait()
        given.append(session)
        return real_hint(record, session)

    def build(session, **kw):
        given.append(session)
        return real_build(session, **kw)

    monkeypatch.setattr(PlayRecord, "hint", hint)
    monkeypatch.setattr(debrief, "build_debrief", build)
    app = App(animate=False)
    app.background = True
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(MAYA)
    app.learning = True
    screen.choose(REPAIR[0])
    app.handle(key(pygame.K_h))
    frame(app)  # drawn while the work waits
    release.set()
    app.work.wait()
    app.tick()
    assert given[0] is not screen.session and given[0].snapshot() == screen.session.snapshot()
    assert app.top.name == "coach" and app.record.hints_used == 1
    app.overlays = []
    for move in REPAIR[1:]:
        screen.choose(move)
    app.show_end()
    debrief_flow.finish(app, screen, app.screen, None)
    app.work.wait()
    app.tick()
    assert given[1] is not screen.session and given[1].snapshot() == screen.session.snapshot()
    assert type(app.screen).__name__ == "DebriefView"


def test_a_reopened_debrief_is_worked_out_beside_the_window(tmp_path):
    from simulator.ui import debrief_flow
    from simulator.ui.screens.past_sessions import PastSessionsScreen

    app = App(animate=False)
    app.data_dir = str(tmp_path)
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(MAYA)
    for move in REPAIR:
        screen.choose(move)
    app.show_end()
    debrief_flow.finish(app, screen, app.screen, None)  # saved
    app.background = True
    past = PastSessionsScreen(app)
    app.set_screen(past)
    past.open(past.sessions[0])
    assert app.work is not None and app.screen is past
    painter = frame(app)
    assert any("Working out the debrief" in d.text for d in painter.drawn if d.role == "toast")
    app.work.wait()
    app.tick()
    assert app.screen.name == "debrief" and app.work is None


def test_the_worker_lets_the_window_back_in_quickly_while_it_runs():
    """A short thread switch interval while work runs, so the UI thread is not kept waiting for the
    interpreter each frame; the usual one back when the work is over."""
    import sys
    import threading

    from simulator.ui.background import SWITCH_S, Worker

    usual = sys.getswitchinterval()
    release = threading.Event()
    worker = Worker("note", release.wait, lambda result, error: None)
    assert sys.getswitchinterval() == SWITCH_S < usual
    release.set()
    worker.wait()
    assert sys.getswitchinterval() == usual


def test_vote_then_reveal_replay_for_a_class():
    app = App(animate=False)
    app.vote = True
    app.surface = pygame.Surface((1280, 800))
    screen = app.start_session(MAYA, REPAIR)
    painter = frame(app)
    assert not [e for e in painter.elements if e[0] == "move"]  # the moves wait for Space
    app.handle(key(pygame.K_SPACE))
    painter = frame(app)
    offered = [e[2] for e in painter.elements if e[0] == "move"]
    assert offered == [MAYA.spec.moves[m].label for m in screen.session.options()]
    assert screen.focus == -1 and screen.session.turn == 0  # nothing given away while the class decides
    app.handle(key(pygame.K_1))
    assert screen.session.turn == 0  # a number key is not a move in a vote
    app.handle(key(pygame.K_SPACE))
    painter = frame(app)
    assert screen.session.turn == 1 and screen.session.turns[0].move == REPAIR[0]
    shown = [e[2] for e in painter.elements if e[0] == "move"]
    assert shown == offered and shown[screen.focus] == MAYA.spec.moves[REPAIR[0]].label  # the move taken, lit
    assert any(screen.session.line.split()[0] in d.text for d in painter.drawn if d.role == "dialogue.patient")
    app.handle(key(pygame.K_b))  # the better branch from this point, beside the one taken
    app.work and app.work.wait()
    app.tick()
    assert app.top.name == "better"
    text = " ".join(d.text for d in frame(app).drawn if d.role == "better")
    assert "The move taken" in text and "The better branch" in text
    app.handle(key(pygame.K_ESCAPE))
    app.handle(key(pygame.K_SPACE))
    assert screen.vote_phase == "voting" and screen.session.turn == 1
