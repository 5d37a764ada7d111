"""How serious a rupture episode was: Gelso's three questions (clinical model §2), rated 1-5 from the play.

Each rating is computed from what the session recorded, by a rule written out in
its ``why``, so a trainee can check it against the turns:

intensity: can the two move on easily? 1, plus 1 for each marker after the
first (at most 2), plus 1 if the alliance or any one meter (the real
relationship included) fell FALL_SOME or more points below its level when the
episode began, 2 if it fell FALL_MUCH or more.

centrality: does it touch the patient's core issues and goals? 1, plus 1 each
for: a rupture of the kind the briefing says the patient tends toward (it
enacts their relational pattern); it strained the real relationship (it
touched the person); the goals meter moved 5 or more points within the episode
(it touched what therapy is for). Who caused it does not make it more or less
central.

endangerment: does it put the relationship at risk? 5 if the patient dropped
out. Otherwise by the closest the meters came, during the episode, to any of
the profile's dropout rules (the alliance rule and each per-meter rule) among
the rules the episode brought closer: under 5 points away 4, under 10 points
3, under 20 points 2, else 1. A rule the meters were already near when the
episode began does not count unless the episode brought them nearer, so a
meter that starts low is not read as danger from the first turn.

overall: the mean of the three, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.conditions import alliance
from ..engine.patient import Patient
from ..engine.vocabulary import METER_NAMES, METERS


@dataclass(frozen=True)
class Rating:
    rating: int
    why: str

    def to_json(self) -> dict:
        return {"rating": self.rating, "why": self.why}


@dataclass(frozen=True)
class Significance:
    intensity: Rating
    centrality: Rating
    endangerment: Rating

    @property
    def overall(self) -> int:
        total = self.intensity.rating + self.centrality.rating + self.endangerment.rating
        return (2 * total + 3) // 6

    def to_json(self) -> dict:
        return {
            "intensity": self.intensity.to_json(),
            "centrality": self.centrality.to_json(),
            "endangerment": self.endangerment.to_json(),
            "overall": self.overall,
        }


def points_text(x: float) -> str:
    """11.25 -> '11.25', 15.0 -> '15'."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _clamp(n: int) -> int:
    return max(1, min(5, n))


FALL_SOME = 5
FALL_MUCH = 10


def _largest_fall(points: list[dict]) -> tuple[float, str]:
    """The largest fall below the episode's start, of the alliance or of any one meter, and its name."""
    start = points[0]
    falls = [(alliance(start) - min(alliance(p) for p in points), "the alliance")]
    falls += [(start[m] - min(p[m] for p in points), f"the {METER_NAMES[m]} meter") for m in METERS]
    return max(falls, key=lambda f: f[0])


def intensity(marker_count: int, points: list[dict], from_opening: bool = False) -> Rating:
    fall, what = _largest_fall(points)
    extra_markers = min(2, max(0, marker_count - 1))
    fall_steps = 2 if fall >= FALL_MUCH else 1 if fall >= FALL_SOME else 0
    parts = [f"{marker_count} marker{'s' if marker_count != 1 else ''}"]
    parts.append(f"{what} fell {points_text(fall)} points at most" if fall > 0
                 else "no meter fell below where it began")
    if from_opening:
        parts.append("it was already in play when the session opened, and what it cost before that is not measured")
    return Rating(_clamp(1 + extra_markers + fall_steps), "; ".join(parts))


def centrality(patient: Patient, kinds: list[str], relationship: str, points: list[dict]) -> Rating:
    tendency = patient.spec.briefing.rupture_tendency
    reasons = []
    matching = [k for k in kinds if tendency in (k, "mixed")]
    if matching:
        reasons.append(f"a {matching[0]} rupture, the kind the briefing says {patient.name} tends toward")
    if relationship == "real":
        reasons.append("it strained the real relationship: it touched the person")
    goals = [p["goals"] for p in points]
    if max(goals) - min(goals) >= 5:
        reasons.append(f"the goals meter moved {max(goals) - min(goals)} points")
    why = "; ".join(reasons) if reasons else "none of the signs of a core issue"
    return Rating(_clamp(1 + len(reasons)), why)


def _rule_margins(patient: Patient, meters: dict) -> dict[str, float]:
    """How far the meters are above each of the profile's dropout rules."""
    rule = patient.spec.dropout
    out: dict[str, float] = {name: meters[name] - floor for name, floor in rule.meter_below.items()}
    if rule.alliance_below is not None:
        out["alliance"] = alliance(meters) - rule.alliance_below
    return out


def dropout_margin(patient: Patient, meters: dict) -> float | None:
    """How far the meters are above the nearest dropout rule; None when the profile has none."""
    margins = _rule_margins(patient, meters)
    return min(margins.values()) if margins else None


def endangerment(patient: Patient, points: list[dict], dropped_out: bool) -> Rating:
    if dropped_out:
        return Rating(5, f"{patient.name} dropped out")
    start = _rule_margins(patient, points[0])
    if not start:
        return Rating(1, "the profile sets no dropout threshold")
    closer = [min(_rule_margins(patient, p)[r] for p in points) for r in start]
    closer = [low for low, r in zip(closer, start) if low < start[r]]
    if not closer:
        return Rating(1, "the episode never brought the meters closer to a dropout rule")
    closest = min(closer)
    rating = 4 if closest < 5 else 3 if closest < 10 else 2 if closest < 20 else 1
    return Rating(rating, f"the meters came within {points_text(closest)} points of the dropout rule")


def rate(patient: Patient, kinds: list[str], relationship: str, marker_count: int, points: list[dict],
         dropped_out: bool, from_opening: bool = False) -> Significance:
    """``points``: the meters when the episode began and after each of its turns; ``from_opening``: the episode
    was in play when the session opened."""
    return Significance(
        intensity(marker_count, points, from_opening),
        centrality(patient, kinds, relationship, points),
        endangerment(patient, points, dropped_out),
    )
