"""Text: wrapping, fonts keyed by pixel size, rendering at the real size, and caches that stay bounded."""

import pygame
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.ui import text as textmod
from simulator.ui.text import LRU, Fonts, TextCache, ellipsize, wrap

FONTS = Fonts()


def test_the_bundled_dejavu_fonts_are_used():
    assert not FONTS.fallback
    assert FONTS.paths[False].name == "DejaVuSans.ttf" and FONTS.paths[True].name == "DejaVuSans-Bold.ttf"
    assert (FONTS.paths[False].parent / "LICENSE-DejaVu.txt").is_file()


def test_missing_fonts_fall_back_to_pygames_font_with_one_message(monkeypatch, capsys):
    monkeypatch.setattr(textmod, "find_font", lambda name: None)
    monkeypatch.setattr(textmod, "_warned", False)
    a, b = Fonts(), Fonts()
    assert a.fallback and b.fallback
    err = capsys.readouterr().err
    assert err.count("missing") == 1 and "pygame's default font" in err
    assert a.get(30).size("Hello")[0] > a.get(15).size("Hello")[0]


def test_fonts_are_cached_by_pixel_size_and_weight():
    f = Fonts()
    assert f.get(20) is f.get(20)
    assert f.get(20) is not f.get(21)
    assert f.get(20, True) is not f.get(20)
    assert f.get(40).get_height() > 1.8 * f.get(20).get_height()


def test_the_font_cache_is_bounded():
    f = Fonts(limit=5)
    for px in range(10, 30):
        f.get(px)
    assert len(f) == 5


words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=30), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(words, st.integers(min_value=40, max_value=600))
def test_wrapped_lines_fit_the_width_and_keep_every_word(ws, width):
    font = FONTS.get(18)
    lines = wrap(font, " ".join(ws), width)
    for line in lines:
        assert font.size(line)[0] <= width or len(line) == 1
    assert "".join("".join(lines).split()) == "".join(ws)


def test_wrap_keeps_whole_words_when_they_fit():
    font = FONTS.get(18)
    lines = wrap(font, "It was fine. A good week. I didn't quite get to the thought record, sorry.", 200)
    assert len(lines) > 1
    assert " ".join(lines) == "It was fine. A good week. I didn't quite get to the thought record, sorry."


def test_wrap_with_a_shorter_first_line():
    font = FONTS.get(18)
    full = wrap(font, "one two three four five six seven eight nine ten", 200)
    first = wrap(font, "one two three four five six seven eight nine ten", 200, first=80)
    assert font.size(first[0])[0] <= 80 and len(first[0]) < len(full[0])


def test_ellipsize():
    font = FONTS.get(18)
    long = "a long line that will certainly not fit in the width given here"
    short = ellipsize(font, long, 150)
    assert short.endswith("…") and font.size(short)[0] <= 150
    assert ellipsize(font, "short", 150) == "short"


def test_rendered_lines_are_cached_and_bounded_by_bytes():
    cache = TextCache(budget_bytes=200_000)
    font = FONTS.get(24)
    a = cache.render(font, (24, False), "hello", (255, 255, 255), (0, 0, 0))
    assert cache.render(font, (24, False), "hello", (255, 255, 255), (0, 0, 0)) is a
    assert cache.hits == 1 and cache.misses == 1
    for i in range(500):
        cache.render(font, (24, False), f"line number {i} of a long session", (255, 255, 255), (0, 0, 0))
    assert cache.bytes <= 200_000 and len(cache) < 500
    assert cache.bytes == sum(s.get_width() * s.get_height() * s.get_bytesize() for s in cache._surfaces.values())


def test_lru_forgets_the_least_recently_used():
    lru = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and len(lru) == 2


def test_text_is_rendered_at_the_requested_pixel_size():
    cache = TextCache()
    small = cache.render(FONTS.get(20), (20, False), "Readable", (255, 255, 255), None)
    big = cache.render(FONTS.get(80), (80, False), "Readable", (255, 255, 255), None)
    assert big.get_height() == FONTS.get(80).get_height()
    assert 3.5 < big.get_width() / small.get_width() < 4.5
    scaled = pygame.transform.smoothscale(small, big.get_size())
    assert pygame.image.tobytes(scaled, "RGBA") != pygame.image.tobytes(big, "RGBA")


HOSTILE_STRINGS = ["\u200b", "\u200b\u200b\u2060", "\x00", "a\x00b", "\ud800 lone surrogate", "\x1b]0;title\x07",
                   "\ufeff", "", "\u0301", "tab\there"]


def test_any_string_renders_and_wraps_without_raising():
    font = FONTS.get(18)
    cache = TextCache()
    for text in HOSTILE_STRINGS:
        surf = cache.render(font, (18, False), text, (0, 0, 0), (255, 255, 255))
        assert surf.get_height() >= font.get_height() - 2
        assert wrap(font, text * 30, 60)
        assert isinstance(ellipsize(font, text * 30, 40), str)


def test_controls_and_nul_are_drawn_as_replacement_characters():
    assert textmod.drawable("a\x00b\x1bc") == "a\ufffdb\ufffdc"
    assert textmod.drawable("\ud800x") == "?x"
    assert textmod.drawable("plain text é") == "plain text é"
