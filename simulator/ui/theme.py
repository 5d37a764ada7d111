"""Colours and type scale: a calm theme for one trainee, a high-contrast one for a projector.

The projector theme is for the back of a classroom: black ground, white and
yellow ink, larger type and thicker lines. Meter colours follow the Okabe-Ito
palette so the four lines of the chart stay apart for colour-blind viewers;
the chart also gives each meter its own point shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    type_factor: float
    """Multiplies the type size computed from the window."""
    line_factor: float
    """Multiplies border and stroke widths."""
    left_share: float
    """Share of the width for the session screen's left column (figure, meters, state)."""
    bg: Colour
    panel: Colour
    panel_hi: Colour
    border: Colour
    text: Colour
    dim: Colour
    accent: Colour
    on_accent: Colour
    you: Colour
    patient: Colour
    cue: Colour
    good: Colour
    bad: Colour
    flag: Colour
    grid: Colour
    skin: Colour
    skin_shade: Colour
    hair: Colour
    clothes: Colour
    chair: Colour
    ink: Colour
    meters: dict = field(default_factory=dict)


NORMAL = Theme(
    name="normal",
    label="Normal",
    type_factor=1.0,
    line_factor=1.0,
    left_share=0.31,
    bg=(22, 26, 34),
    panel=(34, 40, 52),
    panel_hi=(54, 66, 88),
    border=(72, 84, 106),
    text=(234, 238, 243),
    dim=(168, 178, 194),
    accent=(118, 176, 255),
    on_accent=(12, 20, 36),
    you=(140, 200, 255),
    patient=(255, 212, 148),
    cue=(196, 186, 222),
    good=(112, 214, 142),
    bad=(255, 128, 116),
    flag=(255, 196, 64),
    grid=(58, 66, 84),
    skin=(224, 178, 142),
    skin_shade=(196, 146, 112),
    hair=(74, 52, 40),
    clothes=(92, 122, 170),
    chair=(76, 62, 58),
    ink=(30, 26, 30),
    meters={"bond": (230, 159, 0), "goals": (86, 180, 233), "tasks": (0, 158, 115), "real": (204, 121, 167)},
)

PROJECTOR = Theme(
    name="projector",
    label="Projector",
    type_factor=1.45,
    line_factor=1.8,
    left_share=0.33,
    bg=(0, 0, 0),
    panel=(16, 16, 16),
    panel_hi=(70, 62, 0),
    border=(235, 235, 235),
    text=(255, 255, 255),
    dim=(225, 225, 225),
    accent=(255, 226, 0),
    on_accent=(0, 0, 0),
    you=(110, 220, 255),
    patient=(255, 226, 0),
    cue=(225, 200, 255),
    good=(80, 255, 120),
    bad=(255, 110, 110),
    flag=(255, 160, 0),
    grid=(90, 90, 90),
    skin=(236, 188, 150),
    skin_shade=(200, 150, 114),
    hair=(96, 64, 44),
    clothes=(70, 120, 220),
    chair=(110, 90, 84),
    ink=(0, 0, 0),
    meters={"bond": (255, 176, 0), "goals": (96, 200, 255), "tasks": (0, 230, 160), "real": (255, 140, 220)},
)

THEMES = {t.name: t for t in (NORMAL, PROJECTOR)}


def other(theme: Theme) -> Theme:
    return PROJECTOR if theme is NORMAL else NORMAL
