"""What a profile may say about how its patient looks: the words the drawn figure knows.

Data only and free of pygame, so the profile model can validate against it and the
front end can draw every word; a word the figure cannot draw is not in these lists.
"""

from __future__ import annotations

PROPS = ("handbag", "shoulder_bag", "backpack", "phone", "keys", "notebook", "mug", "water_bottle",
         "lanyard", "glasses", "scarf", "hoodie")
"""Things the patient brings, wears or holds; each is drawn in its own place (floor, lap, face, neck)."""

GAZES = ("you", "away", "down", "up")
EXPRESSIONS = ("neutral", "smile", "tight_smile", "laugh", "flat", "tense", "sad", "surprised", "animated")
ARMS = ("lap", "crossed", "tucked", "fidget", "reach", "open", "face")
POSTURES = {
    "leans_in": {"lean": 1.0, "slump": 0.0},
    "sits_up": {"lean": 0.5, "slump": 0.0},
    "upright": {"lean": 0.0, "slump": 0.0},
    "sits_back": {"lean": -0.4, "slump": 0.0},
    "shrinks_back": {"lean": -1.0},
    "slumped": {"slump": 0.6},
}
"""Each posture word and the lean (-1 back .. +1 in) and slump (0 .. 1) it draws."""
POSTURE_NAMES = (  # the keys of POSTURES, spelt out so the type checker can read them as a Literal
    "leans_in", "sits_up", "upright", "sits_back", "shrinks_back", "slumped")
COLOURS = ("usual", "flushed", "pale")
