"""The front end saves the session after every turn and offers it back at the next start; nothing is ever lost."""

import json
from pathlib import Path

import pygame

from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.synthetic import click_label, frame, press, shown

MAYA = catalogue.load("maya")
REPAIR = ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation", "welcome_assertion"]


def new_app(data: Path) -> App:
    app = App(animate=False, autosave=True)
    app.data_dir = str(data)
    app.surface = pygame.Surface((1280, 800))
    return app


def saves(data: Path) -> list[Path]:
    return list((data / "current").glob("maya*.json"))


def saved_moves(data: Path) -> list[str]:
    [save] = saves(data)
    return [t["move"] for t in json.loads(save.read_text(encoding="utf-8"))["turns"]]


def test_every_turn_is_saved_and_a_new_app_offers_to_resume_it(tmp_path, shots_dir):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    for move in REPAIR[:2]:
        app.session_screen.choose(move)
        assert saved_moves(tmp_path) == REPAIR[:len(saved_moves(tmp_path))]
    assert saved_moves(tmp_path) == REPAIR[:2]
    played = [(t.patient, t.meters) for t in app.session.turns]

    again = new_app(tmp_path)
    assert again.offer_resume()
    assert again.top.name == "resume"
    text = shown(again, "overlay")
    assert "unfinished session with Maya was saved after 2 moves" in text
    pygame.image.save(again.surface, str(shots_dir / "resume_offer.png"))
    assert click_label(again, "Resume")
    frame(again)
    s = again.session
    assert again.top.name == "session" and s.turn == 2
    assert [(t.patient, t.meters) for t in s.turns] == played
    assert "Resumed at turn 2" in shown(again, "toast")
    press(again, pygame.K_1)
    assert len(saved_moves(tmp_path)) == 3


def test_undo_is_saved_too(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    for move in REPAIR[:3]:
        app.session_screen.choose(move)
    frame(app)
    press(app, pygame.K_BACKSPACE)
    assert saved_moves(tmp_path) == REPAIR[:2]


def test_start_over_keeps_the_old_session_among_the_finished(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    again = new_app(tmp_path)
    assert again.offer_resume(MAYA)
    frame(again)
    assert click_label(again, "Start over")
    frame(again)
    assert again.top.name == "start_over"  # it asks first: keys typed for the box never become moves
    press(again, pygame.K_1)
    assert again.top.name == "resume" and len(saves(tmp_path)) == 1  # current/maya--<time>-<token>.json
    assert click_label(again, "Start over")
    frame(again)
    assert click_label(again, "Start over")
    frame(again)
    assert again.top.name == "briefing"
    assert not saves(tmp_path)
    kept = list((tmp_path / "sessions").glob("*maya*.json"))
    assert len(kept) == 1 and [t["move"] for t in json.loads(kept[0].read_text())["turns"]] == REPAIR[:1]
    assert not new_app(tmp_path).offer_resume()


def test_a_finished_session_clears_the_save(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    for move in REPAIR:
        app.session_screen.choose(move)
    assert app.session.ended == "resolved"
    assert not saves(tmp_path)
    kept = list((tmp_path / "sessions").glob("*maya*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["ended"] == "resolved"
    assert not new_app(tmp_path).offer_resume()


def test_a_corrupt_save_is_shown_and_moved_aside_never_deleted(tmp_path):
    folder = tmp_path / "current"
    folder.mkdir()
    broken = b'{"format": "rupture-transcript", "turns": [{"move": "notice_hes'
    (folder / "maya.json").write_bytes(broken)
    app = new_app(tmp_path)
    assert not app.offer_resume()
    assert app.top.name == "notice"
    text = shown(app, "overlay")
    assert "cannot be read" in text and "is not complete JSON" in text
    aside = [p for p in folder.iterdir() if p.name.startswith("maya.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == broken
    assert str(aside[0]) in app.top.message()
    assert not (folder / "maya.json").exists()


def test_a_save_the_profile_no_longer_plays_is_refused_and_kept(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    [save] = saves(tmp_path)
    data = json.loads(save.read_text())
    data["turns"][0]["move"] = "no_such_move"
    save.write_text(json.dumps(data))
    again = new_app(tmp_path)
    assert again.offer_resume()
    frame(again)
    assert click_label(again, "Resume")
    assert again.top.name == "notice"
    assert "cannot be resumed" in shown(again, "overlay") and "turn 1" in shown(again, "overlay")
    assert [p.name.replace(save.name, "").split("-")[0] for p in save.parent.iterdir()] == [".refused"]


def test_starting_afresh_never_overwrites_a_waiting_save(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    other = new_app(tmp_path)
    other.start_session(MAYA)
    other.session_screen.choose(REPAIR[0])
    assert saved_moves(tmp_path) == REPAIR[:1]
    kept = list((tmp_path / "sessions").glob("*maya*.json"))
    assert [[t["move"] for t in json.loads(k.read_text())["turns"]] for k in kept] == [REPAIR[:1]]


def test_a_replay_is_not_saved(tmp_path):
    app = new_app(tmp_path)
    screen = app.start_session(MAYA, REPAIR, 0)
    screen.step_replay()
    screen.step_replay()
    assert app.session.turn == 2
    assert not (tmp_path / "current").exists()


def test_a_folder_that_cannot_be_written_is_said_once_and_play_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = new_app(blocker)
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    assert app.top.name == "notice" and "Cannot save the session" in shown(app, "overlay")
    press(app, pygame.K_RETURN)
    app.session_screen.choose(REPAIR[1])
    assert app.top.name == "session" and app.session.turn == 2


def test_play_has_a_data_dir_option():
    from simulator.ui.args import parser

    assert parser().parse_args(["--data-dir", "/x"]).data_dir == "/x"


def test_leaving_says_truly_that_the_session_is_kept(tmp_path):
    app = new_app(tmp_path)
    app.start_session(MAYA)
    app.session_screen.choose(REPAIR[0])
    app.go_title()
    painter = frame(app)
    said = " ".join(d.text for d in painter.drawn if d.role == "overlay.message")
    assert "are saved" in said and "lost" not in said
    app.autosave = False
    app.close_overlay()
    app.go_title()
    said = " ".join(d.text for d in frame(app).drawn if d.role == "overlay.message")
    assert "will be lost" in said
