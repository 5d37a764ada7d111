"""The first frame after a resize does only what it must: the figure drawn rough and smoothed on the next frame,
the panels drawn straight on the window, each line converted to the display's format only when shown again."""

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.app import App
from simulator.ui.figure import FigureDrawer
from simulator.ui.poses import NEUTRAL
from simulator.ui.synthetic import frame
from simulator.ui.text import Fonts, TextCache
from simulator.ui.theme import NORMAL

MAYA = catalogue.load("maya")


@pytest.fixture
def display():
    pygame.display.init()
    yield pygame.display.set_mode((64, 64))
    pygame.display.quit()


def test_a_large_new_figure_is_drawn_rough_then_fine():
    drawer = FigureDrawer()
    rect = pygame.Rect(0, 0, 600, 700)
    first, second, fine = (pygame.Surface(rect.size) for _ in range(3))
    drawer.draw(first, rect, NEUTRAL, NORMAL, NORMAL.panel, rough_first=True)
    assert drawer.pending and drawer.rough
    drawer.pending = False
    drawer.draw(second, rect, NEUTRAL, NORMAL, NORMAL.panel, rough_first=True)
    assert not drawer.pending and not drawer.rough
    FigureDrawer().draw(fine, rect, NEUTRAL, NORMAL, NORMAL.panel)
    as_bytes = lambda s: pygame.image.tobytes(s, "RGB")  # noqa: E731
    assert as_bytes(second) == as_bytes(fine) != as_bytes(first)


def test_a_small_figure_or_a_screenshot_run_is_always_drawn_fine():
    drawer = FigureDrawer()
    drawer.draw(pygame.Surface((300, 300)), pygame.Rect(0, 0, 300, 300), NEUTRAL, NORMAL, NORMAL.panel,
                rough_first=True)
    assert not drawer.pending
    app = App(animate=False, screenshot_dir="unused")
    app.surface = pygame.Surface((3840, 2160))
    app.start_session(MAYA)
    frame(app)
    assert not app.figures.pending


def test_the_app_draws_again_until_the_figure_is_fine_then_rests():
    app = App(animate=False)
    app.surface = pygame.Surface((3840, 2160))
    app.start_session(MAYA)
    frame(app)
    assert app.animating() and app.wait_timeout() is not None
    frame(app)
    assert not app.animating() and app.wait_timeout() is None and not app.figures.rough


def test_the_panels_of_a_new_size_are_drawn_on_the_window_then_kept_as_a_layer(tmp_path):
    app = App(animate=False, screenshot_dir=tmp_path)  # the figure drawn fine at once, so frames can be compared
    app.start_session(MAYA)
    shots, layers = [], []
    for size in ((1280, 800), (1920, 1080), (1920, 1080), (1920, 1080)):
        app.surface = pygame.Surface(size)
        frame(app)
        shots.append(pygame.image.tobytes(app.surface, "RGB"))
        layer = app.layers.get("surface")
        layers.append(layer and layer.get_size())
    assert layers == [None, None, (1920, 1080), (1920, 1080)]
    assert shots[1] == shots[2] == shots[3], "the frame drawn without the layer looks the same as with it"


def test_a_line_is_converted_to_the_display_format_when_shown_a_second_time(display):
    cache, font = TextCache(), Fonts().get(20)
    first = cache.render(font, (20, False), "Hello there", (230, 230, 230), (20, 20, 30))
    assert first.get_bytesize() == 1 and cache.bytes == first.get_width() * first.get_height()
    again = cache.render(font, (20, False), "Hello there", (230, 230, 230), (20, 20, 30))
    assert again.get_bytesize() == display.get_bytesize()
    assert cache.bytes == again.get_width() * again.get_height() * again.get_bytesize()
    assert cache.render(font, (20, False), "Hello there", (230, 230, 230), (20, 20, 30)) is again
