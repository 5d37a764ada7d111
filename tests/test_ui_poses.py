"""The patient's drawn pose follows the cue's words: the mapping, and the drawing it drives."""

import pygame
import pytest

from simulator.engine import catalogue
from simulator.ui.figure import Appearance, FigureDrawer, appearance_for, paint_figure
from simulator.ui.poses import CUE_RULES, NEUTRAL, NO_SMILE, PALLOR, Pose, blend, contradictions, matches, pose_for
from simulator.ui.theme import NORMAL


@pytest.mark.parametrize("cue, expected", [
    ("a heavy sigh", {"sigh": True}),
    ("lets out a long breath", {"sigh": True}),
    ("laughs briefly and looks away at the window", {"gaze": "away", "expression": "laugh"}),
    ("arms fold; her voice drops almost to nothing", {"arms": "crossed", "expression": "flat"}),
    ("he crosses his arms", {"arms": "crossed"}),
    ("leans forward; speaks faster", {"lean": 1.0, "expression": "animated"}),
    ("smiles quickly, eyes on the floor, hands tucked under her knees",
     {"expression": "tight_smile", "gaze": "down", "arms": "tucked"}),
    ("eyes down", {"gaze": "down"}),
    ("a small, real smile", {"expression": "smile"}),
    ("a tight smile", {"expression": "tight_smile"}),
    ("her jaw tightens; the first sharp tone of the session", {"expression": "tense"}),
    ("shrinks back into the chair", {"lean": -1.0}),
    ("looks up for a moment, then away", {"gaze": "away"}),
    ("glances at you, then down at her hands", {"gaze": "down"}),
    ("sits up and looks straight at you for the first time", {"gaze": "you", "lean": 0.5}),
    ("plays with the zip on her bag, cheeks colouring", {"arms": "fidget", "flush": True}),
    ("reaches for her bag without looking at you", {"arms": "reach", "gaze": "away"}),
    ("he rubs his face with both hands, and leaves them there a moment", {"arms": "face", "lean": 0.0}),
    ("looks at you for a long second, then at her hands", {"gaze": "down"}),
    ("stands, takes his keys, and leaves without closing the door", {"arms": "reach", "gaze": "away"}),
])
def test_cue_words_map_to_a_pose(cue, expected):
    pose = pose_for(cue)
    for field, value in expected.items():
        assert getattr(pose, field) == value, (cue, field, pose)


def test_a_cue_without_nonverbal_words_is_neutral():
    assert pose_for("") == NEUTRAL and pose_for(None) == NEUTRAL
    assert pose_for("a pause") == NEUTRAL


def test_the_mapping_is_one_table_of_data():
    assert len(CUE_RULES) > 15
    for pattern, changes in CUE_RULES:
        assert isinstance(pattern, str) and changes
        assert set(changes) <= set(Pose.__dataclass_fields__)


def cues_by_patient() -> dict[str, list[str]]:
    """Every cue each bundled patient can show: openings (of every session of a course) and every reply."""
    out = {}
    for entry in catalogue.bundled():
        if entry.patient is None:
            continue
        spec = entry.patient.spec
        cues = [spec.opening.cue]
        cues += [getattr(getattr(sess, "opening", None), "cue", None) for sess in (spec.sessions or ())]
        for beat in entry.patient.beats.values():
            for rule in beat.options:
                cues += [o.cue for _, o in rule.branches] + [rule.fallback.cue]
        out[spec.id] = sorted(c for c in set(cues) if c)
    return out


def bundled_cues() -> list[str]:
    return sorted({c for cues in cues_by_patient().values() for c in cues})


def test_nearly_every_bundled_cue_moves_the_figure():
    cues = bundled_cues()
    read = [c for c in cues if matches(c)]
    assert len(read) >= 0.9 * len(cues), sorted(set(cues) - set(read))


@pytest.mark.parametrize("cue, expression", [
    ("a short laugh with no smile in it", "flat"),
    ("the colour leaves her face", "flat"),
    ("her jaw tightens, and the colour leaves her face", "flat"),
    ("smiles, then the smile fades", "flat"),
    ("without a smile, she nods", "flat"),
])
def test_the_words_that_rule_a_drawing_out_win(cue, expression):
    pose = pose_for(cue)
    assert pose.expression == expression and not contradictions(cue, pose), (cue, pose)
    assert pose.pale == ("colour" in cue) and not pose.flush


def test_no_bundled_cue_is_drawn_against_its_words():
    cues = bundled_cues()
    assert len(cues) > 100
    wrong = {c: contradictions(c, pose_for(c)) for c in cues}
    assert not {c: w for c, w in wrong.items() if w}
    denied = [c for c in cues if NO_SMILE.search(c) or PALLOR.search(c)]
    assert all(pose_for(c).expression not in ("smile", "tight_smile", "laugh", "tense") for c in denied)


def test_contradictions_names_a_smile_or_anger_the_cue_denies():
    assert contradictions("a laugh with no smile in it", Pose(expression="laugh"))
    assert contradictions("the colour leaves his face", Pose(expression="tense", pale=True))
    assert contradictions("the colour leaves his face", Pose(flush=True, pale=True))
    assert contradictions("the colour leaves his face", Pose())  # not drawn pale
    assert not contradictions("a real smile", Pose(expression="smile"))


def test_a_pale_face_is_drawn_paler():
    assert _differs(_draw(NEUTRAL), _draw(Pose(pale=True)))


def test_blend_glides_numbers_and_switches_the_rest_halfway():
    a, b = Pose(lean=-1.0, gaze="down"), Pose(lean=1.0, gaze="you")
    assert blend(a, b, 0) == a and blend(a, b, 1) == b
    mid = blend(a, b, 0.5)
    assert mid.lean == 0.0 and mid.gaze == "you"
    assert blend(a, b, 0.25).gaze == "down"


def _draw(pose, looks=None):
    surf = pygame.Surface((300, 360))
    surf.fill(NORMAL.panel)
    paint_figure(surf, surf.get_rect(), pose, NORMAL, looks)
    return surf


def _differs(a, b):
    return pygame.image.tobytes(a, "RGB") != pygame.image.tobytes(b, "RGB")


def test_each_part_of_the_pose_changes_the_drawing():
    base = _draw(NEUTRAL)
    for change in [{"lean": 1.0}, {"lean": -1.0}, {"slump": 0.8}, {"gaze": "away"}, {"gaze": "down"},
                   {"expression": "smile"}, {"expression": "tense"}, {"expression": "flat"}, {"arms": "crossed"},
                   {"arms": "tucked"}, {"arms": "reach"}, {"sigh": True}, {"flush": True}, {"pale": True}]:
        assert _differs(base, _draw(Pose(**change))), change


def test_crossed_arms_cover_the_chest():
    plain, crossed = _draw(NEUTRAL), _draw(pose_for("arms crossed"))
    sleeve_rows = [y for y in range(100, 220) if crossed.get_at((150, y)) != plain.get_at((150, y))]
    assert sleeve_rows


def test_the_figure_is_cached_per_pose_and_size():
    drawer = FigureDrawer(limit=2)
    surf = pygame.Surface((400, 400))
    rect = pygame.Rect(10, 10, 300, 300)
    drawer.draw(surf, rect, NEUTRAL, NORMAL, NORMAL.panel)
    assert len(drawer._cache) == 1
    drawer.draw(surf, rect, NEUTRAL, NORMAL, NORMAL.panel)
    assert len(drawer._cache) == 1
    drawer.draw(surf, rect, pose_for("sighs"), NORMAL, NORMAL.panel)
    drawer.draw(surf, rect, pose_for("smiles"), NORMAL, NORMAL.panel)
    assert len(drawer._cache) == 2
    drawer.draw(surf, rect, pose_for("frowns"), NORMAL, NORMAL.panel, cache=False)
    assert len(drawer._cache) == 2


def test_appearance_comes_from_the_profile():
    maya = catalogue.load("maya").spec
    looks = appearance_for(maya)
    assert looks.long_hair
    assert _differs(_draw(NEUTRAL, Appearance(long_hair=True)), _draw(NEUTRAL, Appearance(long_hair=False)))


def test_the_session_screen_draws_the_pose_of_the_current_cue():
    from simulator.ui.app import App

    app = App(animate=False)
    surf = pygame.Surface((1280, 800))
    screen = app.start_session(catalogue.load("maya"))
    painter = app.draw(surf)
    fig = screen.plan(painter).lay.figure
    before = surf.subsurface(fig).copy()
    assert screen.current_pose() == pose_for(screen.session.cue)
    screen.choose("notice_hesitation")
    app.draw(surf)
    assert screen.current_pose() == pose_for(screen.session.cue) != pose_for(screen.session.patient.spec.opening.cue)
    assert _differs(before, surf.subsurface(fig))


def test_the_pose_glides_when_animating():
    from simulator.ui.app import App

    now = [0.0]
    app = App(animate=True, clock=lambda: now[0])
    screen = app.start_session(catalogue.load("maya"))
    start = screen.current_pose()
    screen.choose("reassure")  # she slumps: 0 to 0.6
    end = pose_for(screen.session.cue)
    assert start.slump < end.slump
    assert app.animating() and app.wait_timeout() == 16
    now[0] = 0.1
    mid = screen.current_pose()
    assert start.slump < mid.slump < end.slump  # between the two, not at either end
    now[0] = 1.0
    assert screen.current_pose() == pose_for(screen.session.cue)
    assert app.animating()  # until the frame at the end is drawn
    import pygame

    app.draw(pygame.Surface((1280, 800)))
    assert not app.animating() and app.wait_timeout() is None


@pytest.mark.parametrize("cue, placed", [
    ("keeps her coat on and her bag on her knee; a quick smile that does not reach her eyes", {"bag": "lap"}),
    ("sits very upright, handbag square on her knees, gloves folded on top of it", {"bag": "lap"}),
    ("her voice goes very polite; the handbag comes back onto her knee", {"bag": "lap"}),
    ("the corner of her mouth lifts; the handbag goes down by her feet", {"bag": "floor"}),
    ("grips the strap of her bag, and holds your eye", {"bag": "hands"}),
    ("a hard look; the phone goes face down on his knee", {"phone": "lap"}),
    ("a nod, and the phone goes into his pocket", {"phone": "away"}),
    ("on his feet, keys in his fist; he leaves the door open behind him", {"keys": "hands"}),
    ("pockets the keys and gets up", {"keys": "away"}),
    ("a bright smile; coat zipped to the chin, turning a takeaway cup round and round in her hands", {"mug": "hands"}),
    ("holds the diary against her chest like a shield", {"notebook": "chest"}),
    ("very brisk; she puts the diary in her bag", {"notebook": "away"}),
    ("slumped low in the chair, hood up, arms folded; looks at the door, not at you", {"hoodie": "up"}),
    ("rubs his eyes with a thumb and finger; doesn't take the hood down", {"hoodie": "up"}),
    ("sits back; the hood comes down", {"hoodie": "down"}),
    ("she takes her glasses off and holds them; her voice is quiet and very steady", {"glasses": "off"}),
    ("nods, graciously, as if accepting a cup of tea she will not drink", {}),
    ("on her feet, the purse clutched to her chest", {"purse": "chest"}),
    ("zips the purse and sets it down by her feet", {"purse": "floor"}),
    ("nods, and the purse goes into her handbag", {"purse": "away"}),
    ("smooths the letter flat on her knee, not looking up", {"paper": "lap"}),
    ("already reaching for her bag, eyes down", {}),
])
def test_a_cue_places_the_things_it_names(cue, placed):
    assert dict(pose_for(cue).places) == placed


THING_WORDS = {"bag": r"\b(?:hand)?bag\b", "phone": r"\bphone\b", "keys": r"\bkeys?\b",
               "notebook": r"\bdiary\b|\bnotebook\b", "mug": r"\bcup\b", "purse": r"\bpurse\b",
               "paper": r"\bletter\b|\bworksheet\b|\bprintout\b"}
PLACE_WORDS = {"lap": r"\bon (?:her|his) (?:knees?|lap)\b|\bin (?:her|his) lap\b|\bonto (?:her|his) knee",
               "hands": r"\bin (?:her|his) (?:hands?|fist)\b", "chest": r"\b(?:against|to) (?:her|his) chest\b",
               "floor": r"\bby (?:her|his) feet\b", "away": r"\bin(?:to)? (?:her|his) pocket\b"}


def placed_in_words(clause: str) -> tuple[str, str] | None:
    """A reading of one clause independent of the drawing's rules: one thing, one place, nothing denied."""
    import re

    things = [t for t, w in THING_WORDS.items() if re.search(w, clause)]
    places = [p for p, w in PLACE_WORDS.items() if re.search(w, clause)]
    if len(things) != 1 or len(places) != 1 or re.search(r"n't|\bnot\b|\bnever\b|\bwithout\b", clause):
        return None
    return things[0], places[0]


def test_every_bundled_cue_that_puts_a_thing_somewhere_places_it_there():
    import re

    read = {}
    for cue in bundled_cues():
        for clause in re.split(r"[;,]", cue):
            said = placed_in_words(clause)
            if said:
                read.setdefault(cue, set()).add(said)
    assert len(read) >= 15, read
    wrong = {cue: sorted(said - set(pose_for(cue).places)) for cue, said in read.items()}
    assert not {c: w for c, w in wrong.items() if w}


def test_every_bundled_hood_is_drawn_up_or_down_as_the_cue_says():
    import re

    hoods = [c for c in bundled_cues() if re.search(r"\bhood\b", c)]
    assert len(hoods) >= 30
    for cue in hoods:
        place = dict(pose_for(cue).places).get("hoodie")
        said = re.search(r"\bhood\b[^;,]*?\b(up|down|back|forward)\b", cue)
        if said and not re.search(r"n't|\bnot\b", cue):
            expected = {"back": "down" if "back up" not in cue else "up", "forward": "up"}.get(said[1], said[1])
            assert place == expected, cue
