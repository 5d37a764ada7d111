"""Free response in the window: T opens the box, typed words are heard, and Enter, 1/2 or Esc decide what is said."""

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.synthetic import frame, key, press, shown, text

MAYA = catalogue.load("maya")
CTRL = pygame.KMOD_LCTRL


@pytest.fixture
def app(tmp_path):
    app = App(animate=False, screenshot_dir=tmp_path / "shots")
    app.surface = pygame.Surface((1280, 800))
    app.draw(app.surface)
    app.start_session(MAYA)
    frame(app)
    return app


def typing(app, words: str) -> None:
    press(app, pygame.K_t)
    type_in(app, words)


def type_in(app, words: str) -> None:
    for ch in words:
        app.handle(text(ch))
    frame(app)


def test_t_opens_the_box_and_hides_the_moves(app):
    before = shown(app, "choice")
    assert "Notice the quick" in before
    press(app, pygame.K_t)
    assert shown(app, "choice") == ""
    assert "Say it in your own words" in shown(app, "free.title")
    assert app.top.takes_text


def test_letters_that_are_shortcuts_are_typed_not_obeyed(app):
    typing(app, "m d 1 s")
    press(app, pygame.K_m)
    assert app.session.turn == 0 and app.meters_shown
    assert "m d 1 s" in shown(app, "free.text")


def test_enter_shows_how_it_was_heard_and_enter_again_says_it(app):
    typing(app, "I noticed you said it's fine really quickly")
    press(app, pygame.K_RETURN)
    assert "Heard as: Notice the quick \"it's fine\"" in shown(app, "free.heard")
    assert "Runner-up: " in shown(app, "free.runner_up")
    assert app.session.turn == 0
    press(app, pygame.K_RETURN)
    turn = app.session.last
    assert (turn.move, turn.typed) == ("notice_hesitation", "I noticed you said it's fine really quickly")
    assert shown(app, "free.text") == "" and app.top.takes_text


def test_two_picks_the_runner_up_and_its_text_is_not_typed(app):
    from simulator.play.understanding import understand

    typing(app, "let's do the thought record together now")
    runner_up = understand(app.session, "let's do the thought record together now").runner_up
    press(app, pygame.K_RETURN)
    app.handle(key(pygame.K_2))
    app.handle(text("2"))
    frame(app)
    assert app.session.last.move == runner_up
    assert shown(app, "free.text") == ""


def test_esc_types_again_with_the_words_kept(app):
    typing(app, "let's do the thought record")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_ESCAPE)
    assert app.session.turn == 0
    assert "Say it in your own words" in shown(app, "free.title")
    type_in(app, " now")
    assert "let's do the thought record now" in shown(app, "free.text")


def test_editing_keys(app):
    typing(app, "hello there world")
    press(app, pygame.K_BACKSPACE, CTRL)
    assert shown(app, "free.text") == "hello there"
    press(app, pygame.K_HOME)
    type_in(app, "oh ")
    press(app, pygame.K_END)
    press(app, pygame.K_BACKSPACE)
    press(app, pygame.K_LEFT)
    press(app, pygame.K_DELETE)
    assert shown(app, "free.text") == "oh hello ther"
    assert app.session.turn == 0


def test_composition_shows_until_committed(app):
    typing(app, "caf")
    app.handle(pygame.event.Event(pygame.TEXTEDITING, text="e\u0301", start=1, length=0))
    assert "cafe\u0301" in shown(app, "free.text")
    app.handle(text("\u00e9"))
    assert shown(app, "free.text") == "caf\u00e9"


def test_not_sure_does_not_guess_on_enter(app):
    typing(app, "zebra crossing")
    press(app, pygame.K_RETURN)
    assert "Not sure" in shown(app, "free.heard")
    press(app, pygame.K_RETURN)
    assert app.session.turn == 0
    press(app, pygame.K_1)
    assert app.session.last.typed == "zebra crossing"


def test_esc_on_an_empty_box_goes_back_to_the_moves(app):
    typing(app, "ab")
    press(app, pygame.K_ESCAPE)
    assert shown(app, "free.text") == "" and app.top.takes_text
    press(app, pygame.K_ESCAPE)
    assert not app.top.takes_text
    assert "Notice the quick" in shown(app, "choice")


def test_a_whole_session_can_be_typed_to_its_end(app):
    for words in ["I notice you said sorry and it's fine very quickly",
                  "did part of you have doubts about how I set the homework",
                  "I gave you the worksheet without asking if it fit, that's my part",
                  "it makes sense you'd be careful about criticising me in here", "thank you for telling me so directly"]:
        if not app.top.takes_text:
            press(app, pygame.K_t)
        type_in(app, words)
        press(app, pygame.K_RETURN)
        press(app, pygame.K_RETURN)
    s = app.session
    assert [t.move for t in s.turns] == ["notice_hesitation", "invite_feelings", "own_part", "validate_hesitation",
                                         "welcome_assertion"]
    assert s.ended == "resolved"
    assert all(t.typed for t in s.turns)


def test_an_undo_while_confirming_drops_what_was_heard(app):
    app.session_screen.choose("start_worksheet")
    frame(app)
    typing(app, "sorry, I rushed you")
    press(app, pygame.K_RETURN)
    assert "Heard as" in shown(app, "free.heard")
    press(app, pygame.K_z, CTRL)
    assert app.session.turn == 0
    assert shown(app, "free.heard") == ""
    press(app, pygame.K_RETURN)
    assert app.session.turn == 0
