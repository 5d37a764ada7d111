"""No section marks in the window; the debrief leads with three plain lines."""

import pygame

from simulator.debrief import build_debrief
from simulator.engine import catalogue
from simulator.engine.session import Session
from simulator.ui.app import App
from simulator.ui.debrief_text import plain_lines
from simulator.ui.plain import plain
from simulator.ui.screens.coach import CoachOverlay
from simulator.ui.synthetic import frame


def test_plain_strips_section_citations_and_keeps_the_words():
    assert plain("what the trainee should watch for: markers, the pull (§3)") == \
        "what the trainee should watch for: markers, the pull"
    assert plain("§4.7 we-ness between you") == "we-ness between you"
    assert plain("Name the pull (clinical model §4.3, §4.7).") == "Name the pull."
    assert plain("no marks") == "no marks"


def test_no_screen_shows_a_section_mark():
    app = App(animate=False)
    app.surface = pygame.Surface((1280, 800))
    app.start_session(catalogue.load("maya"))
    app.overlays = [CoachOverlay(app, "Stay with the withdrawal marker (§3); §4.7 we-ness helps here.", 1)]
    painter = frame(app)
    shown = " ".join(d.text for d in painter.drawn)
    assert "withdrawal marker" in shown and "we-ness" in shown and "§" not in shown


def test_the_debrief_leads_with_what_happened_what_helped_what_to_try_next():
    maya = catalogue.load("maya")
    s = Session(maya)
    for move in ["reassure", "explain_again", "notice_hesitation", "invite_feelings", "own_part"]:
        if move in s.options():
            s.choose(move)
    lines = plain_lines(build_debrief(s))
    assert [line.split(":")[0] for line in lines] == ["What happened", "What helped", "Try next"]
    assert lines == [plain(line) for line in build_debrief(s).plain]
    assert all("§" not in line for line in lines)
    assert "“" in lines[1] or "no move" in lines[1]


def test_a_partial_ending_and_where_a_better_move_leads_read_as_words_without_turn_counts():
    import re

    from profiles import course_example

    from simulator.ui.debrief_text import paras

    s = Session(course_example())
    for move in ["notice", "own_part", "apologise", "advise"]:
        s.choose(move)
    assert s.ended == "partial"
    assert "Outcome: a partial resolution after 4 moves" in " ".join(p.text for p in paras(build_debrief(s)))
    maya = Session(catalogue.load("maya"))
    maya.choose("reassure")
    better = [p.text for p in paras(build_debrief(maya)) if p.text.startswith("Better move on offer")]
    assert better and all("which can lead to resolution" in line for line in better)
    assert not any(re.search(r"\b\d+ (?:more )?turns?\b", line) for line in better)
