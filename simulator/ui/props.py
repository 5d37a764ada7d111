"""The patient's own things (a profile's ``appearance: props``), drawn where each belongs.

``figure.paint_figure`` calls one layer at a time, so a bag stands on the floor behind
the legs, a phone lies in the lap under the hands and glasses sit over the eyes.
Every word of ``simulator.engine.looks.PROPS`` has a home (``HOME``); a cue can move it
(``placing``): the bag onto her knee, the keys into his fist, the hood up, so the drawing
shows what the words say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame
from pygame import Rect

BAGS = {"handbag": (120, 84, 60), "shoulder_bag": (70, 70, 84), "backpack": (52, 96, 84)}
HOME = {"handbag": "floor", "shoulder_bag": "floor", "backpack": "floor", "water_bottle": "floor", "mug": "arm",
        "hoodie": "down", "scarf": "neck", "lanyard": "neck", "notebook": "lap", "phone": "lap", "keys": "lap",
        "glasses": "on"}
"""Where each prop is when no cue has moved it: a bag on the floor, a mug on the chair's arm, a phone in the lap."""
HIDDEN = ("away", "off")
"""Places a cue can send a thing that leave it out of the drawing (in a pocket, on the table, glasses off)."""


def placed(own: tuple[str, ...], places: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every prop to draw and its place: the patient's own at home unless a cue moved them, and what a cue
    put in view ("a takeaway cup in her hands"); "bag" is the bag the patient owns."""
    where = {name: HOME[name] for name in own}
    for thing, place in places:
        name = next((b for b in own if b in BAGS), "shoulder_bag") if thing == "bag" else thing
        where[name] = place
    return {name: place for name, place in where.items() if place not in HIDDEN}


@dataclass(frozen=True)
class Frame:
    """Where the figure is: the unit S and the few anchor points the props hang from."""

    S: float
    cx: float
    y_seat: float
    floor: float
    y_sh: float
    shw: float
    cropped: bool
    stroke: int


def R(x: float, y: float, w: float, h: float) -> Rect:
    return Rect(round(x), round(y), max(1, round(w)), max(1, round(h)))


def bag_rect(f: Frame) -> Rect:
    """Beside the chair on the right: where a bag stands, and where a hand reaches when the patient gets up."""
    bag = R(f.cx + 0.62 * f.S, f.floor - 0.26 * f.S, 0.26 * f.S, 0.26 * f.S)
    if f.cropped:
        bag.y = round(f.y_seat - 0.1 * f.S)
    return bag


def lap_rect(f: Frame) -> Rect:
    """On the knees, in front of the body: where a bag kept on the lap sits, under the hands."""
    return R(f.cx - 0.17 * f.S, f.y_seat - 0.17 * f.S, 0.34 * f.S, 0.24 * f.S)


def held_rect(f: Frame, hand: tuple[float, float]) -> Rect:
    """A bag held by its handle: hanging just below the hand."""
    return R(hand[0] - 0.13 * f.S, hand[1] + 0.02 * f.S, 0.26 * f.S, 0.22 * f.S)


def bag_at(f: Frame, where: dict[str, str]) -> Rect:
    """Where the patient's bag is now, for the hand that reaches for it."""
    return lap_rect(f) if any(where.get(b) == "lap" for b in BAGS) else bag_rect(f)


def draw_bag(surf: pygame.Surface, f: Frame, name: str, bag: Rect) -> None:
    """One bag of kind ``name`` filling ``bag``, its handle or strap above it."""
    S, stroke = f.S, f.stroke
    colour = BAGS[name]
    dark = tuple(round(c * 0.72) for c in colour)
    if name == "handbag":
        pygame.draw.rect(surf, colour, bag, border_radius=round(0.04 * S))
        pygame.draw.arc(surf, dark, R(bag.x + 0.05 * S, bag.y - 0.1 * S, 0.16 * S, 0.2 * S), 0, math.pi, stroke)
    elif name == "shoulder_bag":
        flat = R(bag.x - 0.04 * S, bag.bottom - 0.2 * S, bag.w + 0.08 * S, 0.2 * S)
        pygame.draw.rect(surf, colour, flat, border_radius=round(0.03 * S))
        pygame.draw.line(surf, dark, (flat.x, flat.y + 0.07 * S), (flat.right, flat.y + 0.07 * S), stroke)
        pygame.draw.arc(surf, dark, R(flat.x + 0.02 * S, flat.y - 0.22 * S, flat.w - 0.04 * S, 0.44 * S), 0.2,
                        math.pi - 0.2, stroke)
    else:
        pack = R(bag.x - 0.02 * S, bag.bottom - 0.36 * S, bag.w + 0.04 * S, 0.36 * S)
        pygame.draw.rect(surf, colour, pack, border_radius=round(0.08 * S))
        pygame.draw.rect(surf, dark, R(pack.x + 0.05 * S, pack.y + 0.17 * S, pack.w - 0.1 * S, 0.14 * S),
                         border_radius=round(0.03 * S))
        pygame.draw.arc(surf, dark, R(pack.centerx - 0.07 * S, pack.y - 0.06 * S, 0.14 * S, 0.12 * S), 0, math.pi,
                        stroke)


def draw_small(surf: pygame.Surface, f: Frame, name: str, at: tuple[float, float]) -> None:
    """A phone, keys, a notebook, a purse, a letter or a cup centred on ``at`` (in the lap, a hand, against the chest)."""
    S, stroke, (x, y) = f.S, f.stroke, at
    if name == "notebook":
        pygame.draw.rect(surf, (230, 226, 210), R(x - 0.11 * S, y - 0.07 * S, 0.22 * S, 0.14 * S))
        pygame.draw.line(surf, (150, 140, 120), (x, y - 0.07 * S), (x, y + 0.07 * S), stroke)
    elif name == "phone":
        pygame.draw.rect(surf, (28, 28, 34), R(x - 0.04 * S, y - 0.07 * S, 0.08 * S, 0.14 * S),
                         border_radius=round(0.015 * S))
        pygame.draw.rect(surf, (110, 150, 200), R(x - 0.03 * S, y - 0.06 * S, 0.06 * S, 0.1 * S))
    elif name == "keys":
        ring = (round(x), round(y - 0.04 * S))
        pygame.draw.circle(surf, (190, 180, 120), ring, max(2, round(0.03 * S)), stroke)
        for dx in (-0.02, 0.025):
            pygame.draw.line(surf, (200, 200, 206), (ring[0] + dx * S, ring[1] + 0.02 * S),
                             (ring[0] + (dx * 1.6) * S, ring[1] + 0.1 * S), max(stroke, round(0.02 * S)))
    elif name == "purse":
        pygame.draw.rect(surf, (150, 60, 90), R(x - 0.08 * S, y - 0.05 * S, 0.16 * S, 0.1 * S), border_radius=round(0.03 * S))
        pygame.draw.line(surf, (210, 190, 120), (x - 0.06 * S, y - 0.04 * S), (x + 0.06 * S, y - 0.04 * S), stroke)
    elif name == "paper":
        pygame.draw.rect(surf, (246, 244, 236), R(x - 0.08 * S, y - 0.1 * S, 0.16 * S, 0.2 * S))
        for k in range(3):
            yy = y - 0.06 * S + k * 0.05 * S
            pygame.draw.line(surf, (150, 150, 160), (x - 0.05 * S, yy), (x + 0.05 * S, yy), max(1, stroke // 2))
    elif name == "mug":
        body = R(x - 0.05 * S, y - 0.08 * S, 0.1 * S, 0.14 * S)
        pygame.draw.rect(surf, (236, 232, 222), body, border_radius=round(0.015 * S))
        pygame.draw.rect(surf, (150, 110, 80), R(body.x - 0.005 * S, body.y, body.w + 0.01 * S, 0.03 * S))


LAP_SPOTS = {"notebook": (-0.04, -0.03), "phone": (0.0, -0.05), "keys": (0.2, -0.02), "mug": (-0.2, -0.05),
             "purse": (-0.1, -0.04), "paper": (0.08, -0.04)}
"""Where each small thing rests in the lap, as (x, y) from the middle of the seat, in units of S."""


def draw_floor(surf: pygame.Surface, f: Frame, where: dict[str, str]) -> None:
    S = f.S
    for name, place in where.items():
        if name in BAGS and place == "floor":
            draw_bag(surf, f, name, bag_rect(f))
        elif name == "water_bottle":
            x, base = f.cx - 0.69 * f.S, (f.y_seat + 0.02 * S) if f.cropped else f.floor
            pygame.draw.rect(surf, (120, 170, 200), R(x, base - 0.3 * S, 0.09 * S, 0.3 * S), border_radius=round(0.03 * S))
            pygame.draw.rect(surf, (40, 60, 80), R(x + 0.015 * S, base - 0.35 * S, 0.06 * S, 0.06 * S))
        elif place == "floor":  # a small thing set down by the feet, left of the chair
            draw_small(surf, f, name, (f.cx - 0.52 * S, ((f.y_seat + 0.02 * S) if f.cropped else f.floor) - 0.05 * S))
        elif name == "mug" and place == "arm":  # on the left arm of the chair
            top = f.y_seat - 0.32 * S
            body = R(f.cx - 0.58 * S, top - 0.13 * S, 0.1 * S, 0.13 * S)
            pygame.draw.rect(surf, (236, 232, 222), body, border_radius=round(0.015 * S))
            pygame.draw.arc(surf, (200, 196, 186), R(body.right - 0.03 * S, body.y + 0.02 * S, 0.07 * S, 0.08 * S),
                            -math.pi / 2, math.pi / 2, f.stroke)


def draw_neck(surf: pygame.Surface, f: Frame, where: dict[str, str], clothes) -> None:
    """Worn at the neck and chest, over the torso and under the head and arms."""
    S, stroke, cx, y_sh = f.S, f.stroke, f.cx, f.y_sh
    for name in where:
        if name == "hoodie":
            hood = _hood_colour(clothes)
            pygame.draw.ellipse(surf, hood, R(cx - f.shw * 0.8, y_sh - 0.07 * S, f.shw * 1.6, 0.16 * S))
            for side in (-1, 1):
                pygame.draw.line(surf, (235, 235, 235), (cx + side * 0.05 * S, y_sh + 0.06 * S),
                                 (cx + side * 0.06 * S, y_sh + 0.24 * S), stroke)
        elif name == "scarf":
            wool = (176, 58, 64)
            pygame.draw.ellipse(surf, wool, R(cx - 0.15 * S, y_sh - 0.07 * S, 0.3 * S, 0.14 * S))
            pygame.draw.rect(surf, wool, R(cx + 0.02 * S, y_sh, 0.08 * S, 0.3 * S), border_radius=round(0.02 * S))
            pygame.draw.line(surf, (140, 40, 48), (cx + 0.02 * S, y_sh + 0.28 * S), (cx + 0.1 * S, y_sh + 0.28 * S), stroke)
        elif name == "lanyard":
            card = R(cx - 0.05 * S, y_sh + 0.26 * S, 0.1 * S, 0.13 * S)
            for side in (-1, 1):
                pygame.draw.line(surf, (40, 90, 170), (cx + side * 0.08 * S, y_sh), (card.centerx, card.y), stroke)
            pygame.draw.rect(surf, (245, 245, 240), card)
            pygame.draw.rect(surf, (40, 90, 170), R(card.x, card.y, card.w, card.h * 0.3))


def draw_lap(surf: pygame.Surface, f: Frame, where: dict[str, str]) -> None:
    """Kept in the lap, under the hands: a bag on the knees, a phone face down, a diary."""
    for name, place in where.items():
        if place != "lap":
            continue
        if name in BAGS:
            draw_bag(surf, f, name, lap_rect(f))
        else:
            dx, dy = LAP_SPOTS.get(name, (0.0, -0.05))
            draw_small(surf, f, name, (f.cx + dx * f.S, f.y_seat + dy * f.S))


def draw_held(surf: pygame.Surface, f: Frame, where: dict[str, str], hand: tuple[float, float]) -> None:
    """In the hands or clutched to the chest, over the arms: drawn after them."""
    for name, place in where.items():
        if place == "hands" and name in BAGS:
            draw_bag(surf, f, name, held_rect(f, hand))
        elif place == "hands":
            draw_small(surf, f, name, hand)
        elif place == "chest":
            draw_small(surf, f, name, (f.cx, f.y_sh + 0.24 * f.S))


def _hood_colour(clothes) -> tuple[int, ...]:
    return tuple(round(c * 0.8) for c in clothes)


def draw_hood(surf: pygame.Surface, where: dict[str, str], head: tuple[float, float], r: float, clothes) -> None:
    """A hood pulled up: a band of cloth round the face, over the hair, drawn after the hair and before the eyes."""
    if where.get("hoodie") != "up":
        return
    hx, hy = head
    pygame.draw.ellipse(surf, _hood_colour(clothes), R(hx - 1.38 * r, hy - 1.4 * r, 2.76 * r, 2.95 * r),
                        max(2, round(0.4 * r)))


def draw_face(surf: pygame.Surface, where: dict[str, str], eyes: list[Rect], stroke: int) -> None:
    """Over the eyes, after the face is drawn."""
    if where.get("glasses") != "on" or len(eyes) != 2:
        return
    frames = [e.inflate(round(e.w * 0.35), round(e.h * 1.1)) for e in eyes]
    for rim in frames:
        pygame.draw.rect(surf, (40, 36, 40), rim, stroke, border_radius=max(1, rim.h // 3))
    left, right = sorted(frames, key=lambda r: r.x)
    pygame.draw.line(surf, (40, 36, 40), (left.right, left.centery), (right.x, right.centery), stroke)
