"""The alliance meters over the session as an inline SVG, with markers, repairs, pitfalls and flags marked.

Plain SVG (no script, no external file), so the report stays one
self-contained page; every piece of text is escaped on the way in.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..engine.vocabulary import METER_NAMES, METERS, STRATEGIES
from .build import Debrief

WIDTH = 960
LEFT, RIGHT = 112, 150
TOP, PLOT_H = 24, 250
LANE_H = 22
LANES = ("markers", "repairs", "pitfalls", "your flags")
COLOURS = {"bond": "#0072B2", "goals": "#009E73", "tasks": "#E69F00", "real": "#CC79A7", "alliance": "#222222"}
EVENT_COLOURS = {"markers": "#C0392B", "repairs": "#1B7F3B", "pitfalls": "#7D3C98", "your flags": "#0072B2"}


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


class _Canvas:
    def __init__(self, turns: int):
        self.turns = max(turns, 1)
        self.plot_w = WIDTH - LEFT - RIGHT
        self.parts: list[str] = []

    def x(self, turn: float) -> float:
        return LEFT + self.plot_w * turn / self.turns

    @staticmethod
    def y(value: float) -> float:
        return TOP + PLOT_H * (1 - value / 100)

    def add(self, template: str, *args) -> None:
        self.parts.append(template.format(*(escape(a) if isinstance(a, str) else a for a in args)))


def _events(debrief: Debrief) -> dict[str, list[tuple[int, str]]]:
    lanes: dict[str, list[tuple[int, str]]] = {lane: [] for lane in LANES}
    for m in debrief.detection.markers:
        lanes["markers"].append((m.turn, f"turn {m.turn}: {m.text}"))
    in_episode = {t for e in debrief.episodes for t in e.turns}
    for mv in debrief.moves:
        if mv.pitfall:
            lanes["pitfalls"].append((mv.turn, f"turn {mv.turn}: {mv.label} ({STRATEGIES[mv.strategy][1]})"))
        elif mv.turn in in_episode:
            lanes["repairs"].append((mv.turn, f"turn {mv.turn}: {mv.label} ({STRATEGIES[mv.strategy][1]})"))
    if debrief.detection.scored:
        for f in debrief.detection.flags:
            lanes["your flags"].append((f, f"turn {f}: you flagged a rupture"))
    return lanes


def render(debrief: Debrief) -> Markup:
    c = _Canvas(debrief.turns)
    lanes_top = TOP + PLOT_H + 34
    height = lanes_top + LANE_H * len(LANES) + 12
    title = f"Alliance meters over the session with {debrief.patient_name}"
    c.add('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
          'aria-label="{}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="13">',
          WIDTH, height, WIDTH, height, title)
    c.add('<title>{}</title>', title)
    c.add('<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>', WIDTH, height)
    for e in debrief.episodes:
        x0, x1 = c.x(max(e.start - 0.5, 0) if e.start else 0), c.x(e.end)
        c.add('<rect x="{}" y="{}" width="{}" height="{}" fill="#fbeeec"><title>{}</title></rect>',
              _num(x0), TOP, _num(max(x1 - x0, 4)), PLOT_H, f"episode {e.number}: {e.type}, turns {e.start}-{e.end}")
        c.add('<text x="{}" y="{}" fill="#9c3b2e" font-size="12">{}</text>', _num(x0 + 4), TOP + 14,
              f"episode {e.number} ({e.type})")
    for v in (0, 25, 50, 75, 100):
        c.add('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d0d0" stroke-width="1"/>',
              LEFT, LEFT + c.plot_w, _num(c.y(v)), _num(c.y(v)))
        c.add('<text x="{}" y="{}" text-anchor="end" fill="#555">{}</text>', LEFT - 8, _num(c.y(v) + 4), str(v))
    if debrief.dropout_alliance is not None:
        drop_y = _num(c.y(debrief.dropout_alliance))
        c.add('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#C0392B" stroke-width="1.5" stroke-dasharray="6 4"/>',
              LEFT, LEFT + c.plot_w, drop_y, drop_y)
    step = 1 if c.turns <= 24 else 2 if c.turns <= 48 else 5
    for t in range(0, c.turns + 1, step):
        c.add('<text x="{}" y="{}" text-anchor="middle" fill="#555">{}</text>', _num(c.x(t)), TOP + PLOT_H + 18,
              str(t))
    c.add('<text x="{}" y="{}" text-anchor="end" fill="#555">turn</text>', LEFT - 8, TOP + PLOT_H + 18)
    series = list(METERS) + ["alliance"]
    for name in series:
        points = " ".join(f"{_num(c.x(p['turn']))},{_num(c.y(p[name]))}" for p in debrief.timeline)
        width = 3.5 if name == "alliance" else 2
        dash = ' stroke-dasharray="2 0"' if name == "alliance" else ""
        c.add('<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{} stroke-linejoin="round"/>',
              points, COLOURS[name], width, Markup(dash))
        for p in debrief.timeline:
            c.add('<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>', _num(c.x(p["turn"])),
                  _num(c.y(p[name])), 3.2 if name == "alliance" else 2.4, COLOURS[name],
                  f"turn {p['turn']}: {METER_NAMES.get(name, name)} {_num(p[name])}")
    ends = [(debrief.timeline[-1][n], n) for n in series]
    if debrief.dropout_alliance is not None:
        ends.append((debrief.dropout_alliance, "dropout"))
    last_y = -100.0
    for value, name in sorted(ends, reverse=True):
        y = max(c.y(value) + 4, last_y + 15)
        last_y = y
        if name == "dropout":
            c.add('<text x="{}" y="{}" fill="#C0392B" font-size="12">dropout below {}</text>',
                  LEFT + c.plot_w + 8, _num(y), _num(value))
            continue
        label = "alliance (mean)" if name == "alliance" else METER_NAMES[name]
        c.add('<text x="{}" y="{}" fill="{}" font-weight="{}">{} {}</text>', LEFT + c.plot_w + 8, _num(y),
              COLOURS[name], "bold" if name == "alliance" else "normal", label, _num(value))
    for i, (lane, events) in enumerate(_events(debrief).items()):
        y = lanes_top + i * LANE_H
        colour = EVENT_COLOURS[lane]
        c.add('<text x="{}" y="{}" text-anchor="end" fill="{}" font-weight="bold">{}</text>', LEFT - 8, y + 5,
              colour, lane)
        c.add('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#eeeeee"/>', LEFT, LEFT + c.plot_w, y, y)
        for turn, text in events:
            x = c.x(turn)
            if lane == "markers":
                c.add('<path d="M {} {} l 6 -10 l -12 0 z" fill="{}"><title>{}</title></path>', _num(x),
                      y + 5, colour, text)
                c.add('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1" stroke-dasharray="2 3" '
                      'opacity="0.6"/>', _num(x), _num(x), TOP, TOP + PLOT_H, colour)
            elif lane == "repairs":
                c.add('<circle cx="{}" cy="{}" r="6" fill="{}"><title>{}</title></circle>', _num(x), y, colour, text)
            elif lane == "pitfalls":
                c.add('<path d="M {} {} l 10 10 m 0 -10 l -10 10" stroke="{}" stroke-width="3"><title>{}</title></path>',
                      _num(x - 5), y - 5, colour, text)
            else:
                c.add('<rect x="{}" y="{}" width="14" height="16" rx="3" fill="{}"><title>{}</title></rect>',
                      _num(x - 7), y - 8, colour, text)
                c.add('<text x="{}" y="{}" text-anchor="middle" fill="#fff" font-size="11" font-weight="bold">R</text>',
                      _num(x), y + 4)
    c.parts.append("</svg>")
    return Markup("".join(c.parts))

