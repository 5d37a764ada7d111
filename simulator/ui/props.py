"""The patient's own things (a profile's ``appearance: props``), drawn where each belongs.

``figure.paint_figure`` calls one layer at a time, so a bag stands on the floor behind
the legs, a phone lies in the lap under the hands and glasses sit over the eyes.
Every word of ``simulator.engine.looks.PROPS`` is drawn by exactly one layer here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame
from pygame import Rect

BAGS = {"handbag": (120, 84, 60), "shoulder_bag": (70, 70, 84), "backpack": (52, 96, 84)}
LAYERS = {
    "floor": ("handbag", "shoulder_bag", "backpack", "water_bottle", "mug"),
    "neck": ("hoodie", "scarf", "lanyard"),
    "lap": ("notebook", "phone", "keys"),
    "face": ("glasses",),
}


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


def draw_floor(surf: pygame.Surface, f: Frame, props: tuple[str, ...]) -> None:
    S, stroke = f.S, f.stroke
    bag = bag_rect(f)
    for name in props:
        colour = BAGS.get(name)
        dark = tuple(round(c * 0.72) for c in colour) if colour else (0, 0, 0)
        if name == "handbag" and colour:
            pygame.draw.rect(surf, colour, bag, border_radius=round(0.04 * S))
            pygame.draw.arc(surf, dark, R(bag.x + 0.05 * S, bag.y - 0.1 * S, 0.16 * S, 0.2 * S), 0, math.pi, stroke)
        elif name == "shoulder_bag" and colour:
            flat = R(bag.x - 0.04 * S, bag.y + 0.06 * S, 0.34 * S, 0.2 * S)
            pygame.draw.rect(surf, colour, flat, border_radius=round(0.03 * S))
            pygame.draw.line(surf, dark, (flat.x, flat.y + 0.07 * S), (flat.right, flat.y + 0.07 * S), stroke)
            pygame.draw.arc(surf, dark, R(flat.x + 0.02 * S, flat.y - 0.22 * S, 0.3 * S, 0.44 * S), 0.2, math.pi - 0.2,
                            stroke)
        elif name == "backpack" and colour:
            pack = R(bag.x - 0.02 * S, bag.bottom - 0.36 * S, 0.3 * S, 0.36 * S)
            pygame.draw.rect(surf, colour, pack, border_radius=round(0.08 * S))
            pygame.draw.rect(surf, dark, R(pack.x + 0.05 * S, pack.y + 0.17 * S, 0.2 * S, 0.14 * S),
                             border_radius=round(0.03 * S))
            pygame.draw.arc(surf, dark, R(pack.x + 0.08 * S, pack.y - 0.06 * S, 0.14 * S, 0.12 * S), 0, math.pi, stroke)
        elif name == "water_bottle":
            x, base = f.cx - 0.69 * f.S, (f.y_seat + 0.02 * S) if f.cropped else f.floor
            pygame.draw.rect(surf, (120, 170, 200), R(x, base - 0.3 * S, 0.09 * S, 0.3 * S), border_radius=round(0.03 * S))
            pygame.draw.rect(surf, (40, 60, 80), R(x + 0.015 * S, base - 0.35 * S, 0.06 * S, 0.06 * S))
        elif name == "mug":  # on the left arm of the chair
            top = f.y_seat - 0.32 * S
            body = R(f.cx - 0.58 * S, top - 0.13 * S, 0.1 * S, 0.13 * S)
            pygame.draw.rect(surf, (236, 232, 222), body, border_radius=round(0.015 * S))
            pygame.draw.arc(surf, (200, 196, 186), R(body.right - 0.03 * S, body.y + 0.02 * S, 0.07 * S, 0.08 * S),
                            -math.pi / 2, math.pi / 2, stroke)


def draw_neck(surf: pygame.Surface, f: Frame, props: tuple[str, ...], clothes) -> None:
    """Worn at the neck and chest, over the torso and under the head and arms."""
    S, stroke, cx, y_sh = f.S, f.stroke, f.cx, f.y_sh
    for name in props:
        if name == "hoodie":
            hood = tuple(round(c * 0.8) for c in clothes)
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


def draw_lap(surf: pygame.Surface, f: Frame, props: tuple[str, ...]) -> None:
    """Held in the lap, under the hands."""
    S, stroke, cx, y = f.S, f.stroke, f.cx, f.y_seat
    for name in props:
        if name == "notebook":
            pygame.draw.rect(surf, (230, 226, 210), R(cx - 0.15 * S, y - 0.1 * S, 0.22 * S, 0.14 * S))
            pygame.draw.line(surf, (150, 140, 120), (cx - 0.04 * S, y - 0.1 * S), (cx - 0.04 * S, y + 0.04 * S), stroke)
        elif name == "phone":
            pygame.draw.rect(surf, (28, 28, 34), R(cx - 0.04 * S, y - 0.12 * S, 0.08 * S, 0.14 * S),
                             border_radius=round(0.015 * S))
            pygame.draw.rect(surf, (110, 150, 200), R(cx - 0.03 * S, y - 0.11 * S, 0.06 * S, 0.1 * S))
        elif name == "keys":
            ring = (round(cx + 0.2 * S), round(y - 0.06 * S))
            pygame.draw.circle(surf, (190, 180, 120), ring, max(2, round(0.03 * S)), stroke)
            for dx in (-0.02, 0.025):
                pygame.draw.line(surf, (200, 200, 206), (ring[0] + dx * S, ring[1] + 0.02 * S),
                                 (ring[0] + (dx * 1.6) * S, ring[1] + 0.1 * S), max(stroke, round(0.02 * S)))


def draw_face(surf: pygame.Surface, props: tuple[str, ...], eyes: list[Rect], stroke: int) -> None:
    """Over the eyes, after the face is drawn."""
    if "glasses" not in props or len(eyes) != 2:
        return
    frames = [e.inflate(round(e.w * 0.35), round(e.h * 1.1)) for e in eyes]
    for rim in frames:
        pygame.draw.rect(surf, (40, 36, 40), rim, stroke, border_radius=max(1, rim.h // 3))
    left, right = sorted(frames, key=lambda r: r.x)
    pygame.draw.line(surf, (40, 36, 40), (left.right, left.centery), (right.x, right.centery), stroke)
