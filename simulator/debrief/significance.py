"""How serious a rupture episode was: Gelso's three questions (DOMAIN.md §2), rated 1-5 from the play.

Each rating is computed from what the session recorded, by a rule written out in
its ``why``, so a trainee can check it against the turns:

intensity: can the two move on easily? 1, plus 1 for each marker after the
first (at most 2), plus 1 if the alliance fell 4 or more points below its level
when the episode began, 2 if it fell 8 or more.

centrality: does it touch the patient's core issues and goals? 1, plus 1 each
for: the rupture is of the kind the briefing says the patient tends toward (it
enacts their relational pattern); the goals meter moved 5 or more points within
the episode (it touched what therapy is for); a state in it is a rupture in the
real relationship (it touched the person); the profile says the patient's own
pattern caused it (cause: patient).

endangerment: does it put the relationship at risk? 5 if the patient dropped
out; otherwise by the closest the meters came to the profile's dropout rule:
under 5 points away 4, under 10 points 3, under 20 points 2, else 1.

overall: the mean of the three, rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..conditions import alliance
from ..patient import Patient


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


def intensity(marker_count: int, points: list[dict]) -> Rating:
    start = alliance(points[0])
    low = min(alliance(p) for p in points)
    drop = start - low
    extra_markers = min(2, max(0, marker_count - 1))
    drop_steps = 2 if drop >= 8 else 1 if drop >= 4 else 0
    parts = [f"{marker_count} marker{'s' if marker_count != 1 else ''}"]
    parts.append(f"the alliance fell {points_text(drop)} points at most" if drop > 0
                 else "the alliance never fell below where it began")
    return Rating(_clamp(1 + extra_markers + drop_steps), "; ".join(parts))


def centrality(patient: Patient, family: str, points: list[dict], states: list[str], causes: set) -> Rating:
    tendency = patient.spec.briefing.rupture_tendency
    reasons = []
    if tendency in (family, "mixed"):
        reasons.append(f"a {family} rupture, the kind the briefing says {patient.name} tends toward")
    goals = [p["goals"] for p in points]
    if max(goals) - min(goals) >= 5:
        reasons.append(f"the goals meter moved {max(goals) - min(goals)} points")
    if any(patient.spec.states[s].relationship == "real" for s in states):
        reasons.append("it touched the real relationship")
    if "patient" in causes:
        reasons.append(f"it came from {patient.name}'s own pattern (cause: patient)")
    why = "; ".join(reasons) if reasons else "none of the signs of a core issue"
    return Rating(_clamp(1 + len(reasons)), why)


def dropout_margin(patient: Patient, meters: dict) -> float | None:
    """How far the meters are above the profile's dropout rule; None when it has no threshold."""
    rule = patient.spec.dropout
    margins = [meters[name] - floor for name, floor in rule.meter_below.items()]
    if rule.alliance_below is not None:
        margins.append(alliance(meters) - rule.alliance_below)
    return min(margins) if margins else None


def endangerment(patient: Patient, points: list[dict], dropped_out: bool) -> Rating:
    if dropped_out:
        return Rating(5, f"{patient.name} dropped out")
    margins = [m for m in (dropout_margin(patient, p) for p in points) if m is not None]
    if not margins:
        return Rating(1, "the profile sets no dropout threshold")
    closest = min(margins)
    rating = 4 if closest < 5 else 3 if closest < 10 else 2 if closest < 20 else 1
    return Rating(rating, f"the meters came within {points_text(closest)} points of the dropout rule")


def rate(patient: Patient, family: str, marker_count: int, points: list[dict], states: list[str],
         causes: set, dropped_out: bool) -> Significance:
    """``points``: the meters when the episode began and after each of its turns."""
    return Significance(
        intensity(marker_count, points),
        centrality(patient, family, points, states, causes),
        endangerment(patient, points, dropped_out),
    )
