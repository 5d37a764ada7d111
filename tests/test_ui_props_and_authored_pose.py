"""Props that belong to the patient, a breath drawn at the mouth, and a pose an author writes outright."""

from dataclasses import replace

import pygame
import pytest
from profiles import dump, load, profile
from test_ui_poses import bundled_cues

from simulator.engine import catalogue
from simulator.engine.diagnostics import ProfileError
from simulator.engine.looks import PROPS
from simulator.engine.profile_loader import load_profile_text
from simulator.engine.session import Session
from simulator.ui.figure import Appearance, appearance_for, paint_figure
from simulator.ui.poses import NEUTRAL, pose_for, pose_of
from simulator.ui.theme import NORMAL

SIZE = (300, 360)


def _draw(pose=NEUTRAL, looks=None):
    surf = pygame.Surface(SIZE)
    surf.fill(NORMAL.panel)
    marks = paint_figure(surf, surf.get_rect(), pose, NORMAL, looks)
    return surf, marks


def _changed(a: pygame.Surface, b: pygame.Surface) -> pygame.Rect | None:
    """The bounding box of the pixels that differ between two drawings."""
    mask = pygame.mask.from_threshold(a, (0, 0, 0), (1, 1, 1, 255), b, 1)
    mask.invert()
    rects = mask.get_bounding_rects()
    return rects[0].unionall(rects[1:]) if rects else None


def _props_of(patient_id: str) -> tuple[str, ...]:
    return appearance_for(catalogue.load(patient_id).spec).props


def test_every_bundled_patient_has_props_of_their_own():
    owned = {e.patient.spec.id: _props_of(e.patient.spec.id) for e in catalogue.bundled() if e.patient}
    assert len(owned) == 10
    assert all(props and set(props) <= set(PROPS) for props in owned.values()), owned
    assert len(set(owned.values())) >= 8, "props are not one kit for everyone"
    assert "handbag" not in owned["leon"] and "phone" in owned["leon"]
    assert "handbag" in owned["merle"] and "backpack" in owned["ollie"]


def test_a_profile_without_props_draws_no_bag():
    bare, _ = _draw(looks=Appearance())
    bag, _ = _draw(looks=Appearance(props=("handbag",)))
    box = _changed(bare, bag)
    assert box is not None and box.x > SIZE[0] * 0.6, "the handbag stands beside the chair, and only when it is named"


@pytest.mark.parametrize("prop", PROPS)
def test_every_prop_in_the_vocabulary_is_drawn(prop):
    bare, _ = _draw(looks=Appearance())
    drawn, _ = _draw(looks=Appearance(props=(prop,)))
    assert _changed(bare, drawn) is not None, prop


def test_an_unknown_prop_is_a_located_error():
    text = dump(profile(appearance={"props": ["phone", "handbg"]}))
    with pytest.raises(ProfileError) as err:
        load_profile_text(text, "tiny.yaml")
    line = text.splitlines().index("  - handbg") + 1
    message = str(err.value)
    assert f"tiny.yaml:{line}:" in message and "unknown prop 'handbg'" in message and "handbag" in message


def test_every_bundled_breath_is_drawn_at_the_mouth_and_chest():
    breathing = [c for c in bundled_cues() if pose_for(c).sigh]
    assert len(breathing) >= 10
    for pose in {pose_for(c) for c in breathing}:
        without, _ = _draw(replace(pose, sigh=False))
        drawn, marks = _draw(pose)
        box = _changed(without, drawn)
        assert box is not None, pose
        (mx, my), (hx, _), r = marks.mouth, marks.head, marks.r
        assert box.top >= my - 0.1 * r, f"breath above the mouth (at the ear?) for {pose}"
        assert box.bottom <= marks.chest, f"breath below the chest for {pose}"
        assert box.left >= mx - 0.5 * r and box.right <= hx + r, f"breath out beside the head for {pose}"


def _with_pose(**pose):
    data = profile()
    data["states"]["talk"]["beats"]["start"]["options"][0] = {
        "move": "ask", "reply": "Fine.", "cue": "smiles and looks at you", "pose": pose, "next": "start",
        "branches": [{"when": {"turn": {"min": 2}}, "reply": "Fine again.", "cue": "smiles", "pose": {"arms": "open"}},
                     {"when": {"flags": ["asked"]}, "reply": "Still fine.", "cue": "smiles"}]}
    data["states"]["talk"]["beats"]["start"]["options"][0]["set"] = ["asked"]
    data["opening"]["pose"] = {"posture": "shrinks_back", "colour": "pale"}
    return data


def test_a_written_pose_overrides_the_cue_words():
    s = Session(load(_with_pose(expression="sad", gaze="down")))
    opening = pose_of(s)
    assert (opening.lean, opening.pale) == (-1.0, True)
    s.choose("ask")
    pose = pose_of(s)
    assert (pose.expression, pose.gaze) == ("sad", "down") != (pose_for(s.cue).expression, pose_for(s.cue).gaze)


def test_a_branch_keeps_its_options_pose_unless_it_writes_its_own():
    s = Session(load(_with_pose(expression="sad")))
    s.choose("ask")
    s.choose("ask")
    assert s.line == "Still fine." and pose_of(s).expression == "sad"
    s.choose("ask")
    assert s.line == "Fine again." and (pose_of(s).arms, pose_of(s).expression) == ("open", "smile")


def test_without_a_written_pose_the_cue_decides():
    s = Session(load())
    s.choose("push")
    assert pose_of(s) == pose_for("arms cross")


def test_an_unknown_pose_word_is_a_located_error():
    text = dump(_with_pose(expression="grinning"))
    with pytest.raises(ProfileError) as err:
        load_profile_text(text, "tiny.yaml")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "grinning" in row)
    assert f"tiny.yaml:{line}:" in str(err.value) and "unknown expression 'grinning'" in str(err.value)


def test_every_posture_word_is_drawable():
    from simulator.engine.looks import POSTURE_NAMES, POSTURES

    assert POSTURE_NAMES == tuple(POSTURES)


def _placements() -> set[tuple[tuple[str, str], str]]:
    """Each (thing, place) a bundled cue gives, with each patient who says it."""
    from test_ui_poses import cues_by_patient

    return {(placed, patient_id) for patient_id, cues in cues_by_patient().items() for cue in cues
            for placed in pose_for(cue).places}


def _without(looks: Appearance, name: str) -> Appearance:
    return replace(looks, props=tuple(p for p in looks.props if p != name))


def test_the_bundled_cues_place_things_everywhere_the_drawing_can_show():
    places = {place for (_, place), _ in _placements()}
    assert {"lap", "hands", "chest", "floor", "away", "up", "down", "off"} <= places


@pytest.mark.parametrize("placed, patient_id", sorted(_placements()))
def test_a_placed_thing_is_drawn_where_the_cue_puts_it(placed, patient_id):
    """Drawn with the thing where a bundled cue puts it, against the same figure without it: the pixels
    that differ are in that place."""
    thing, place = placed
    looks = appearance_for(catalogue.load(patient_id).spec)
    name = next((p for p in looks.props if p in ("handbag", "shoulder_bag", "backpack")), "shoulder_bag") \
        if thing == "bag" else thing
    drawn, marks = _draw(replace(NEUTRAL, places=(placed,)), looks)
    if place in ("away", "off"):
        bare, _ = _draw(NEUTRAL, _without(looks, name))
        assert _changed(bare, drawn) is None, f"{thing} drawn though the cue puts it {place}"
        return
    if thing == "hoodie":
        other, _ = _draw(replace(NEUTRAL, places=((thing, "down" if place == "up" else "up"),)), looks)
        box = _changed(other, drawn) if place == "up" else _changed(drawn, other)
        (hx, hy), r = marks.head, marks.r
        assert box is not None and box.top < hy - r and box.left < hx - r and box.right > hx + r, box
        return
    held = "crossed" if place == "chest" else NEUTRAL.arms  # clutched to the chest, the arms hold it there
    bare, _ = _draw(replace(NEUTRAL, arms=held, places=((thing, "away"),)), looks)
    box = _changed(bare, drawn)
    assert box is not None, placed
    S, cx, seat = marks.S, marks.cx, marks.seat
    if place == "lap":
        assert seat - 0.4 * S <= box.top and box.bottom <= seat + 0.2 * S and abs(box.centerx - cx) < 0.25 * S, box
    elif place == "hands":
        hand = pygame.Rect(0, 0, round(0.3 * S), round(0.3 * S))
        hand.center = (round(marks.hand[0]), round(marks.hand[1]))
        assert box.colliderect(hand) and hand.inflate(round(0.2 * S), round(0.3 * S)).contains(box), (box, hand)
    elif place == "chest":
        assert marks.head[1] + marks.r < box.top and box.bottom < seat - 0.15 * S, box
    elif place == "floor":
        assert abs(box.centerx - cx) > 0.4 * S and box.bottom > seat + 0.3 * S, box  # beside the chair, not on it
    else:  # glasses on
        (hx, hy), r = marks.head, marks.r
        assert abs(box.centery - hy) < 0.3 * r and hx - 1.2 * r < box.left < box.right < hx + 1.2 * r, box


def test_a_place_holds_through_the_session_until_a_cue_moves_it():
    data = profile()
    data["opening"]["cue"] = "keeps her coat on and her handbag on her knee"
    options = data["states"]["talk"]["beats"]["start"]["options"]
    options[0]["cue"] = "shrugs"
    options[1]["cue"] = "the handbag goes down by her feet"
    data["appearance"] = {"props": ["handbag"]}
    s = Session(load(data))
    assert dict(pose_of(s).places) == {"bag": "lap"}
    s.choose("ask")
    assert dict(pose_of(s).places) == {"bag": "lap"}, "a cue that says nothing of the bag leaves it where it was"
    s.choose("push")
    assert dict(pose_of(s).places) == {"bag": "floor"}


def _colour_in(surf: pygame.Surface, colour, rect: pygame.Rect) -> int:
    clipped = rect.clip(surf.get_rect())
    return sum(surf.get_at((x, y))[:3] == colour for x in range(clipped.left, clipped.right)
               for y in range(clipped.top, clipped.bottom))


@pytest.mark.parametrize("patient_id", ["merle", "pauline"])
def test_the_opening_handbag_is_on_her_knee_not_the_floor(patient_id):
    from simulator.ui.props import BAGS

    s = Session(catalogue.load(patient_id))
    pose = pose_of(s)
    assert ("bag", "lap") in pose.places
    drawn, marks = _draw(pose, appearance_for(s.patient.spec))
    S, cx, seat = marks.S, marks.cx, marks.seat
    lap = pygame.Rect(round(cx - 0.3 * S), round(seat - 0.3 * S), round(0.6 * S), round(0.45 * S))
    floor = pygame.Rect(round(cx + 0.5 * S), round(seat + 0.1 * S), round(0.5 * S), round(0.45 * S))
    assert _colour_in(drawn, BAGS["handbag"], lap) > 0.005 * S * S
    assert _colour_in(drawn, BAGS["handbag"], floor) == 0


def test_leons_hood_is_up_as_his_opening_says():
    s = Session(catalogue.load("leon"))
    pose = pose_of(s)
    assert ("hoodie", "up") in pose.places
    looks = appearance_for(s.patient.spec)
    drawn, marks = _draw(pose, looks)
    (hx, hy), r = marks.head, marks.r
    hood = tuple(round(c * 0.8) for c in looks.clothes)
    above = pygame.Rect(round(hx - r), round(hy - 1.45 * r), round(2 * r), round(0.5 * r))
    beside = pygame.Rect(round(hx - 1.4 * r), round(hy - 0.2 * r), round(0.4 * r), round(0.6 * r))
    assert _colour_in(drawn, hood, above) > 0.2 * r * r and _colour_in(drawn, hood, beside) > 0.05 * r * r
    down, _ = _draw(replace(pose, places=(("hoodie", "down"),)), looks)
    assert _colour_in(down, hood, above) == 0
