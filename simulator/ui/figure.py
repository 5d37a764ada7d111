"""The patient drawn in an armchair, in the pose a cue describes (see ``poses``).

Drawn from primitives at twice the size and smoothed down, then cached per
pose and size, so a redraw of an unchanged patient is one blit.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, replace

import pygame
from pygame import Rect

from . import props
from .poses import Pose
from .text import LRU
from .theme import Theme

SUPERSAMPLE = 2

HAIR = ((74, 52, 40), (38, 30, 28), (150, 96, 52), (110, 70, 40))
GREY_HAIR = (178, 176, 172)
CLOTHES = ((92, 122, 170), (120, 96, 150), (70, 130, 110), (150, 100, 80), (90, 110, 130))


@dataclass(frozen=True)
class Appearance:
    """How one patient looks: derived from the profile's age, pronouns and id, with the props it names."""

    hair: tuple = HAIR[0]
    long_hair: bool = True
    clothes: tuple | None = None
    props: tuple[str, ...] = ()


def appearance_for(spec) -> Appearance:
    words = re.findall(r"[a-z]+", " ".join([spec.briefing.background, spec.briefing.relational_pattern,
                                              spec.briefing.watch_for, spec.opening.cue]).lower())
    she = sum(words.count(w) for w in ("she", "her", "hers", "herself"))
    he = sum(words.count(w) for w in ("he", "him", "his", "himself"))
    seed = zlib.crc32(spec.id.encode())
    hair = GREY_HAIR if spec.age >= 55 else HAIR[seed % len(HAIR)]
    own = tuple(spec.appearance.props) if spec.appearance else ()
    return Appearance(hair, she >= he, CLOTHES[(seed // 7) % len(CLOTHES)], own)


def _mix(a, b, k: float):
    return tuple(round(x + (y - x) * k) for x, y in zip(a, b))


ROUGH_ABOVE = 250_000
"""A figure of more pixels than this may be drawn rough (not supersampled) the first time, fine the next frame."""


class FigureDrawer:
    def __init__(self, limit: int = 4):
        self._cache = LRU(limit)
        self.rough: set = set()
        """Keys whose cached image is rough, to be drawn fine the next time they are asked for."""
        self.pending = False
        """A rough figure is on screen: the App draws another frame (it clears this before each frame)."""

    def draw(self, surface: pygame.Surface, rect: Rect, pose: Pose, theme: Theme, bg, *, cache: bool = True,
             looks: Appearance | None = None, rough_first: bool = False) -> None:
        """Draw (or blit the cached) figure; with ``rough_first`` a large one new to the cache is drawn quickly
        without smoothing, so the first frame after a resize is not held up, and smoothed on the next."""
        if rect.w < 8 or rect.h < 8:
            return
        looks = looks or Appearance()
        key = (pose, rect.w, rect.h, theme.name, bg, looks)
        img = self._cache.get(key) if cache else None
        if img is not None and key in self.rough:
            self.rough.discard(key)
            img = None
        elif img is None and cache and rough_first and rect.w * rect.h > ROUGH_ABOVE:
            self.rough.add(key)
            self.pending = True
            img = pygame.Surface(rect.size)
            img.fill(bg)
            paint_figure(img, img.get_rect(), pose, theme, looks)
            self._cache.put(key, img)
        if img is None:
            big = pygame.Surface((rect.w * SUPERSAMPLE, rect.h * SUPERSAMPLE))
            big.fill(bg)
            paint_figure(big, big.get_rect(), pose, theme, looks)
            img = pygame.transform.smoothscale(big, rect.size)
            if pygame.display.get_surface() is not None:
                img = img.convert()
            if cache:
                self._cache.put(key, img)
        self.rough = {k for k in self.rough if k in self._cache}
        surface.blit(img, rect)


@dataclass(frozen=True)
class Landmarks:
    """Where paint_figure put the face and chest, so a test can check a mark is drawn where its words say."""

    mouth: tuple[float, float]
    head: tuple[float, float]
    r: float
    """The head's radius."""
    chest: float
    """The height of the middle of the chest."""
    cx: float
    """The middle of the body, across."""
    S: float
    """The unit every measure of the figure is a fraction of."""
    seat: float
    floor: float
    hand: tuple[float, float]
    """Where a thing held in the hands is drawn."""


def paint_figure(surf: pygame.Surface, rect: Rect, pose: Pose, t: Theme, looks: Appearance | None = None) -> Landmarks:
    """Draw the seated patient filling ``rect`` (any size); every measure is a fraction of one unit S."""
    looks = looks or Appearance()
    t = replace(t, hair=looks.hair, clothes=looks.clothes or t.clothes)
    if pose.pale:  # the colour leaves the face: skin drawn toward grey
        t = replace(t, skin=_mix(t.skin, (214, 214, 208), 0.55), skin_shade=_mix(t.skin_shade, (170, 170, 166), 0.5))
    cropped = rect.w > rect.h * 1.3
    if cropped:  # a wide, short box: frame head to lap and let the legs go out of view
        S = min(rect.h * 0.94 / 1.18, rect.w * 0.94 / 1.6)
        y_seat = rect.y + (rect.h - 1.18 * S) / 2 + 1.03 * S
    else:
        S = min(rect.h * 0.92 / 1.55, rect.w * 0.94 / 1.6)
        y_seat = rect.y + (rect.h - 1.55 * S) / 2 + 1.03 * S
    cx = rect.x + (rect.w - 1.6 * S) / 2 + 0.7 * S
    floor = y_seat + 0.5 * S
    lean, slump = pose.lean, pose.slump
    closer = 1 + 0.07 * lean  # leaning in brings the upper body nearer, shrinking back takes it away
    ink = t.ink
    stroke = max(2, round(S * 0.012))

    def R(x, y, w, h):
        return Rect(round(x), round(y), max(1, round(w)), max(1, round(h)))

    # floor shadow, chair, the patient's own things on the floor
    pygame.draw.ellipse(surf, _mix(t.chair, (0, 0, 0), 0.55), R(cx - 0.7 * S, floor - 0.05 * S, 1.4 * S, 0.1 * S))
    chair_dark = _mix(t.chair, (0, 0, 0), 0.3)
    pygame.draw.rect(surf, chair_dark, R(cx - 0.5 * S, y_seat + 0.05 * S, 0.07 * S, 0.45 * S))
    pygame.draw.rect(surf, chair_dark, R(cx + 0.43 * S, y_seat + 0.05 * S, 0.07 * S, 0.45 * S))
    pygame.draw.rect(surf, t.chair, R(cx - 0.46 * S, y_seat - 0.98 * S, 0.92 * S, 1.05 * S), border_radius=round(0.12 * S))
    pygame.draw.rect(surf, _mix(t.chair, (255, 255, 255), 0.08), R(cx - 0.6 * S, y_seat - 0.32 * S, 0.16 * S, 0.42 * S),
                     border_radius=round(0.06 * S))
    pygame.draw.rect(surf, _mix(t.chair, (255, 255, 255), 0.08), R(cx + 0.44 * S, y_seat - 0.32 * S, 0.16 * S, 0.42 * S),
                     border_radius=round(0.06 * S))
    pygame.draw.rect(surf, _mix(t.chair, (255, 255, 255), 0.12), R(cx - 0.55 * S, y_seat - 0.04 * S, 1.1 * S, 0.14 * S),
                     border_radius=round(0.05 * S))
    # torso geometry, which the props hang from
    shw = 0.27 * S * closer * (0.92 if lean < 0 else 1.0)
    y_sh = y_seat - 0.62 * S * closer + slump * 0.07 * S + max(0.0, lean) * 0.05 * S + (0.04 * S if lean < 0 else 0)
    frame = props.Frame(S, cx, y_seat, floor, y_sh, shw, cropped, stroke)
    where = props.placed(looks.props, pose.places)
    bag = props.bag_at(frame, where)
    props.draw_floor(surf, frame, where)

    # legs and shoes
    trousers = _mix(t.clothes, (20, 20, 30), 0.55)
    lap = _mix(trousers, (255, 255, 255), 0.12)
    for side in (-1, 1):
        pygame.draw.rect(surf, trousers, R(cx + side * 0.13 * S - 0.07 * S, y_seat + 0.08 * S, 0.14 * S, 0.38 * S),
                         border_radius=round(0.04 * S))
        pygame.draw.ellipse(surf, (40, 36, 40), R(cx + side * 0.14 * S - 0.1 * S, floor - 0.07 * S, 0.2 * S, 0.09 * S))
    for side in (-1, 1):
        pygame.draw.rect(surf, lap, R(cx + side * 0.115 * S - 0.115 * S, y_seat - 0.06 * S, 0.23 * S, 0.2 * S),
                         border_radius=round(0.07 * S))

    # torso
    waist = 0.21 * S * closer
    torso = [(cx - shw, y_sh), (cx + shw, y_sh), (cx + waist, y_seat + 0.02 * S), (cx - waist, y_seat + 0.02 * S)]
    neck_w = 0.09 * S * closer
    r = 0.17 * S * closer
    y_head = y_sh - 0.16 * S * closer + slump * 0.05 * S + (0.03 * S if pose.nod else 0.0) + (0.03 * S if lean < 0 else 0)
    pygame.draw.rect(surf, t.skin_shade, R(cx - neck_w / 2, y_head + r * 0.6, neck_w, y_sh - y_head))
    pygame.draw.polygon(surf, t.clothes, torso)
    pygame.draw.circle(surf, t.clothes, (round(cx - shw + 0.04 * S), round(y_sh + 0.04 * S)), round(0.06 * S))
    pygame.draw.circle(surf, t.clothes, (round(cx + shw - 0.04 * S), round(y_sh + 0.04 * S)), round(0.06 * S))
    pygame.draw.polygon(surf, t.skin_shade, [(cx - neck_w * 0.7, y_sh - 1), (cx + neck_w * 0.7, y_sh - 1), (cx, y_sh + 0.07 * S)])
    props.draw_neck(surf, frame, where, t.clothes)

    # head and hair
    turn = {"away": -0.32, "down": 0.0, "up": 0.0, "you": 0.0}[pose.gaze]
    hx = cx + turn * r * 0.25
    if looks.long_hair:
        pygame.draw.ellipse(surf, t.hair, R(hx - 1.18 * r, y_head - 1.12 * r, 2.36 * r, 2.55 * r))
    else:
        for side in (-1, 1):
            pygame.draw.ellipse(surf, t.skin_shade, R(hx + side * 0.98 * r - 0.12 * r, y_head - 0.05 * r, 0.24 * r, 0.34 * r))
    pygame.draw.circle(surf, t.skin, (round(hx), round(y_head)), round(r))
    fx = hx + turn * r  # where the face points
    clip = surf.get_clip()
    surf.set_clip(R(rect.x, rect.y, rect.w, (y_head - (0.42 if looks.long_hair else 0.55) * r) - rect.y))
    pygame.draw.circle(surf, t.hair, (round(hx), round(y_head)), round(r * (1.06 if looks.long_hair else 1.04)))
    surf.set_clip(clip)
    if not looks.long_hair:
        for side in (-1, 1):
            pygame.draw.ellipse(surf, t.hair, R(hx + side * 0.86 * r - 0.16 * r, y_head - 0.8 * r, 0.32 * r, 0.7 * r))
    props.draw_hood(surf, where, (hx, y_head), r, t.clothes)

    # eyes
    eye_y = y_head + 0.02 * r
    ew, eh = 0.34 * r, 0.22 * r
    look = {"you": (0.0, 0.0), "away": (-0.1, 0.0), "down": (0.0, 0.055), "up": (0.0, -0.06)}[pose.gaze]
    eyes: list[Rect] = []
    lids = 0.5 if pose.gaze == "down" else (0.45 if pose.expression in ("flat", "sad") else 0.0)
    for side in (-1, 1):
        ex = fx + side * 0.4 * r
        if abs(turn) and side == -1:
            ew_s = ew * 0.8
        else:
            ew_s = ew
        eye = R(ex - ew_s / 2, eye_y - eh / 2, ew_s, eh)
        eyes.append(eye)
        if pose.expression == "laugh":
            pygame.draw.arc(surf, ink, R(ex - ew_s / 2, eye_y - eh * 0.2, ew_s, eh), 0.2, math.pi - 0.2, stroke)
        else:
            pygame.draw.ellipse(surf, (250, 250, 250), eye)
            pygame.draw.circle(surf, (46, 36, 30), (round(ex + look[0] * r), round(eye_y + look[1] * r)), round(0.085 * r))
            if lids:
                pygame.draw.rect(surf, t.skin, R(eye.x - 1, eye.y - 1, eye.w + 2, eye.h * lids + 1))
                pygame.draw.line(surf, t.skin_shade, (eye.x, eye.y + eye.h * lids), (eye.right, eye.y + eye.h * lids), stroke)
        # brows
        by = eye_y - 0.3 * r
        inner, outer = ex - side * 0.16 * r, ex + side * 0.18 * r
        tilt = {"tense": (0.08, -0.04), "sad": (-0.08, 0.03), "surprised": (-0.07, -0.07)}.get(pose.expression, (0, 0))
        pygame.draw.line(surf, t.hair, (inner, by + tilt[0] * r), (outer, by + tilt[1] * r), max(stroke, round(0.06 * r)))

    props.draw_face(surf, where, eyes, stroke)

    # nose, cheeks, mouth
    pygame.draw.line(surf, t.skin_shade, (fx + 0.02 * r, y_head + 0.12 * r), (fx - 0.05 * r, y_head + 0.3 * r), stroke)
    if pose.flush:
        for side in (-1, 1):
            pygame.draw.ellipse(surf, _mix(t.skin, (230, 60, 80), 0.45),
                                R(fx + side * 0.45 * r - 0.13 * r, y_head + 0.25 * r, 0.26 * r, 0.13 * r))
    my, mw = y_head + 0.52 * r, 0.42 * r
    mouth = R(fx - mw / 2, my - 0.12 * r, mw, 0.24 * r)
    lip = (150, 60, 64)
    e = pose.expression
    if e in ("smile", "tight_smile"):
        depth = 0.24 if e == "smile" else 0.1
        pygame.draw.arc(surf, lip, R(fx - mw / 2, my - depth * r, mw, depth * 2 * r), math.pi + 0.25, 2 * math.pi - 0.25,
                        max(stroke, round(0.05 * r)))
    elif e in ("laugh", "animated"):
        w = mw if e == "laugh" else mw * 0.8
        pygame.draw.ellipse(surf, (90, 30, 36), R(fx - w / 2, my - 0.06 * r, w, 0.24 * r if e == "laugh" else 0.18 * r))
        pygame.draw.rect(surf, (245, 245, 240), R(fx - w / 2 + 0.05 * r, my - 0.06 * r, w - 0.1 * r, 0.05 * r))
    elif e == "sad":
        pygame.draw.arc(surf, lip, R(fx - mw / 2, my, mw, 0.2 * r), 0.3, math.pi - 0.3, max(stroke, round(0.05 * r)))
    elif e == "surprised":
        pygame.draw.ellipse(surf, (90, 30, 36), R(fx - 0.08 * r, my - 0.08 * r, 0.16 * r, 0.2 * r))
    elif e == "tense":
        pygame.draw.line(surf, lip, (mouth.x + 0.03 * r, my), (mouth.right - 0.03 * r, my), max(stroke, round(0.07 * r)))
        for side in (-1, 1):
            jx = hx + side * 0.78 * r
            pygame.draw.line(surf, t.skin_shade, (jx, y_head + 0.35 * r), (jx - side * 0.12 * r, y_head + 0.62 * r), stroke)
    else:  # neutral, flat
        pygame.draw.line(surf, lip, (mouth.x + 0.05 * r, my), (mouth.right - 0.05 * r, my), max(stroke, round(0.045 * r)))

    props.draw_lap(surf, frame, where)

    # arms and hands
    sleeve = _mix(t.clothes, (0, 0, 0), 0.18)
    arm_w = max(3, round(0.085 * S * closer))
    hand_r = max(2, round(0.045 * S * closer))
    sh = {s: (cx + s * (shw - 0.03 * S), y_sh + 0.05 * S) for s in (-1, 1)}

    def arm(side: int, elbow, hand, front: bool = False):
        pygame.draw.line(surf, sleeve, sh[side], elbow, arm_w)
        pygame.draw.circle(surf, sleeve, (round(elbow[0]), round(elbow[1])), arm_w // 2)
        pygame.draw.line(surf, sleeve, elbow, hand, arm_w)
        pygame.draw.circle(surf, t.skin, (round(hand[0]), round(hand[1])), hand_r)

    a = pose.arms
    if "chest" in where.values() and a in ("lap", "reach", "open", "fidget"):
        a = "crossed"  # what is clutched to the chest is held there by both arms
    hand = (cx, y_seat - 0.05 * S)  # where a held thing is drawn: between the hands, or in the free one
    if a == "crossed":
        hand = (cx, y_sh + 0.2 * S)
        for side in (-1, 1):
            arm(side, (cx + side * (shw + 0.02 * S), y_sh + 0.3 * S), (cx - side * 0.17 * S, y_sh + 0.2 * S + side * 0.02 * S))
    elif a == "tucked":
        for side in (-1, 1):
            arm(side, (cx + side * (shw + 0.01 * S), y_sh + 0.32 * S), (cx + side * 0.2 * S, y_seat + 0.16 * S))
    elif a == "fidget":
        for side in (-1, 1):
            arm(side, (cx + side * (shw + 0.05 * S), y_seat - 0.18 * S), (cx + side * 0.035 * S, y_seat - 0.1 * S))
        for k in (-1, 1):
            px, py = cx + k * 0.13 * S, y_seat - 0.2 * S
            pygame.draw.arc(surf, t.cue, R(px - 0.04 * S, py - 0.04 * S, 0.08 * S, 0.08 * S), 0.5, 2.6, stroke)
        hand = (cx, y_seat - 0.1 * S)
    elif a == "reach":
        arm(-1, (cx - (shw + 0.03 * S), y_seat - 0.2 * S), (cx - 0.06 * S, y_seat - 0.03 * S))
        arm(1, (cx + shw + 0.18 * S, y_sh + 0.3 * S), (bag.centerx, bag.y + 0.02 * S))
        hand = (bag.centerx, bag.y + 0.02 * S)
    elif a == "face":
        arm(-1, (cx - (shw + 0.03 * S), y_seat - 0.2 * S), (cx - 0.06 * S, y_seat - 0.03 * S))
        arm(1, (cx + shw + 0.06 * S, y_sh + 0.32 * S), (fx + 0.1 * r, my - 0.05 * r))
        hand = (cx - 0.06 * S, y_seat - 0.03 * S)
    elif a == "open":
        for side in (-1, 1):
            arm(side, (cx + side * (shw + 0.04 * S), y_seat - 0.22 * S), (cx + side * (shw + 0.14 * S), y_seat - 0.3 * S))
        hand = (cx + shw + 0.14 * S, y_seat - 0.3 * S)
    else:  # lap
        for side in (-1, 1):
            arm(side, (cx + side * (shw + 0.03 * S), y_seat - 0.2 * S), (cx + side * 0.06 * S, y_seat - 0.03 * S))

    props.draw_held(surf, frame, where, hand)

    # a breath let out: puffs from the mouth, drifting down over the chin toward the chest
    if pose.sigh:
        for i in range(3):
            puff = (0.09 + 0.04 * i) * r
            centre = (round(fx + (0.12 + 0.2 * i) * r), round(my + (0.34 + 0.32 * i) * r))
            pygame.draw.circle(surf, t.cue, centre, round(puff), max(stroke, round(0.04 * r)))
    return Landmarks(mouth=(fx, my), head=(hx, y_head), r=r, chest=y_sh + 0.45 * S, cx=cx, S=S, seat=y_seat, floor=floor,
                     hand=hand)
