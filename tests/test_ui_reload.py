"""F5 in a session reloads the profile from disk and replays the moves so far; a broken file is shown, not fatal."""

import re
import shutil
from pathlib import Path

import pygame
import pytest
from conftest import PATIENTS

from simulator.engine.profile_loader import load_profile
from simulator.ui.app import App
from simulator.ui.synthetic import click_label, frame, press, shown


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy named by a short relative path, so what the notice shows does not depend on where tests run."""
    shutil.copy(PATIENTS / "maya.yaml", tmp_path / "maya.yaml")
    monkeypatch.chdir(tmp_path)
    return Path("maya.yaml")


@pytest.fixture
def app():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    return app


def played(app, path, n=2):
    app.start_session(load_profile(path))
    for _ in range(n):
        press(app, pygame.K_1)
    assert app.session.turn == n
    return app.session


def test_f5_shows_an_edited_reply_and_keeps_the_turns(app, copy):
    old = played(app, copy)
    reply = old.last.patient
    text = copy.read_text(encoding="utf-8")
    assert text.count(reply) == 1
    copy.write_text(text.replace(reply, "I rewrote this line to check the reload."), encoding="utf-8")
    press(app, pygame.K_F5)
    s = app.session
    assert s is not old
    assert s.turn == 2 and [t.move for t in s.turns] == [t.move for t in old.turns]
    assert s.last.patient == "I rewrote this line to check the reload."
    assert "I rewrote this line" in shown(app, "dialogue")
    assert reply not in shown(app, "dialogue")
    assert "replayed all 2 moves" in shown(app, "toast")
    press(app, pygame.K_1)
    assert app.session.turn == 3


def test_f5_on_a_broken_file_shows_the_located_error_and_the_session_goes_on(app, copy, shots_dir):
    old = played(app, copy)
    moves = [t.move for t in old.turns]
    copy.write_text(copy.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    press(app, pygame.K_F5)
    assert app.top.name == "notice"
    text = shown(app, "overlay")
    assert "The profile was not reloaded" in text
    assert f"{copy}:" in text and "error: invalid YAML" in text
    lines = copy.read_text(encoding="utf-8").count("\n")
    assert f"{copy}:{lines}:" in text or f"{copy}:{lines + 1}:" in text
    pygame.image.save(app.surface, str(shots_dir / "f5_error.png"))
    press(app, pygame.K_RETURN)
    assert app.top.name == "session" and app.session is old
    assert [t.move for t in old.turns] == moves
    press(app, pygame.K_1)
    assert old.turn == 3


def test_f5_stops_where_the_edit_took_a_move_away(app, copy):
    app.start_session(load_profile(copy))
    for move in ("notice_hesitation", "invite_feelings"):
        app.session_screen.choose(move)
    frame(app)
    text = copy.read_text(encoding="utf-8")
    assert text.count("\n  invite_feelings:\n") == 1 and "move: invite_feelings\n" in text
    text = text.replace("\n  invite_feelings:\n", "\n  invite_feelings_renamed:\n")
    copy.write_text(re.sub(r"\bmove: invite_feelings\b", "move: invite_feelings_renamed", text), encoding="utf-8")
    press(app, pygame.K_F5)
    assert "not reloaded" not in shown(app, "overlay.title"), shown(app, "overlay")
    assert app.session.turn == 1 and app.session.last.move == "notice_hesitation"
    text = shown(app, "overlay")
    assert "Replay stopped" in text and "replayed 1 of 2 moves" in text
    assert "'invite_feelings' is no longer in the profile" in text
    assert click_label(app, "Continue from here")
    frame(app)
    assert app.top.name == "session" and app.session.turn == 1
    assert "invite_feelings_renamed" in app.session.options()


def test_f5_rereads_a_check_error_that_is_not_yaml(app, copy):
    played(app, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("max_turns:", "max_turns: -3\nold_max_turns:", 1), encoding="utf-8")
    press(app, pygame.K_F5)
    assert app.top.name == "notice"
    assert f"{copy}:" in shown(app, "overlay.message")

