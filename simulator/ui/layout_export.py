"""What a frame showed, as data: ``NAME.layout.json`` beside every ``--screenshots`` PNG.

``{"size": [w, h], "elements": [{"role", "rect", "text", "px"}]}`` lists every
line of text and every control drawn, so a test (or an instructor's script)
can check a screen without looking at pixels: nothing outside the window, no
notice over a control, the patient's latest line present. Roles are the
issue's fixed set; screens keep their own finer roles and this maps them.
"""

from __future__ import annotations

import json
from pathlib import Path

from .paint import Painter

ROLES = ("patient_line", "therapist_line", "cue", "move", "meter", "notice", "title", "panel", "key", "other")
CONTROLS = ("move", "key")
"""Roles of things the user presses: a move on offer, or any other key-labelled control."""

_BY_ROLE = {
    "dialogue.patient": "patient_line",
    "dialogue.you": "therapist_line",
    "dialogue.cue": "cue",
    "cue": "cue",
    "toast": "notice",
    "header": "title",
    "title": "title",
    "overlay.title": "title",
    "chart.title": "title",
    "choices.title": "title",
    "state": "panel",
    "state.label": "panel",
}
_SKIPPED = ("choice", "meter.")
"""Lines already named by a whole element (a move's button, a meter's row)."""


def role_of(fine: str) -> str:
    if fine in _BY_ROLE:
        return _BY_ROLE[fine]
    if fine.endswith(".key"):
        return "key"
    return "other"


def elements(p: Painter, hits) -> list[dict]:
    """Every element of the frame painted by ``p``; ``hits`` are the controls live in it."""
    out = []
    for role, rect, text, px in p.elements:
        out.append(_element(role, rect, text, px))
    for d in p.drawn:
        if d.role == "choice" or d.role.startswith(_SKIPPED[1]):
            continue
        out.append(_element(role_of(d.role), d.rect, d.text, d.px))
    moves = {tuple(e["rect"]) for e in out if e["role"] == "move"}
    for h in hits:
        if tuple(h.rect) not in moves:
            out.append(_element("key", h.rect, h.label, 0))
    return out


def _element(role: str, rect, text: str, px: int) -> dict:
    return {"role": role, "rect": [int(rect[0]), int(rect[1]), int(rect[2]), int(rect[3])], "text": text,
            "px": int(px)}


def layout_of(app) -> dict:
    """The layout of the app's last frame."""
    p = app.frame
    return {"size": [p.w, p.h], "elements": elements(p, app.hits)}


def write(app, png: Path) -> Path:
    """``NAME.layout.json`` beside ``NAME.png``."""
    path = png.with_name(png.name[:-len(".png")] + ".layout.json" if png.name.endswith(".png") else png.name + ".layout.json")
    path.write_text(json.dumps(layout_of(app), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
