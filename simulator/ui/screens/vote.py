"""B in a replay: the move the transcript took beside the better one the debrief found from that point.

The debrief of the whole transcript (with its better-move search) is worked
out once, in the background, the first time B is pressed.
"""

from __future__ import annotations

from pygame import Rect

from ...debrief.moves_review import ENDED_WORDS
from ...engine import vocabulary as v
from .. import layout
from ..paint import Painter
from ..widgets import Action, Flow, Para, button, button_height
from .overlays import Overlay


def _leads(line) -> str:
    if line is None:
        return "where it leads was not searched"
    return f"at best leads to {ENDED_WORDS.get(line.ended, line.ended)}"


def open_better(app, screen, turn: int) -> None:
    def show(debrief, error) -> None:
        if error is not None:
            app.toast(f"The better move could not be worked out: {error}")
            return
        screen.better_debrief = debrief
        review = next((m for m in debrief.moves if m.turn == turn), None)
        if review is None:
            app.toast(f"Turn {turn} has not been played in this transcript")
            return
        app.overlays = [BetterOverlay(app, review)]
        app.dirty = True

    if screen.better_debrief is not None:
        show(screen.better_debrief, None)
        return

    def work():
        from ...debrief import build_debrief
        from ...engine.session import Session

        whole = Session(screen.session.patient, seed=screen.session.seed)
        for move in screen.replay:
            if whole.ended:
                break
            whole.choose(move)
        return build_debrief(whole)

    app.in_background("Searching for the better move", work, show)


class BetterOverlay(Overlay):
    name = "better"
    wide = True

    def __init__(self, app, review):
        super().__init__(app)
        self.review = review
        self.title = f"Turn {review.turn}: the move taken and the better branch"

    def actions(self) -> list[Action]:
        return [Action("Back to the replay", self.app.close_overlay, "Esc")]

    def on_escape(self) -> bool:
        self.app.close_overlay()
        return True

    def columns(self) -> tuple[list[Para], list[Para]]:
        r = self.review
        taken = [Para("The move taken", "heading", space=0), Para(f"“{r.label}”", "label"),
                 Para(f"{r.verdict}.", "body"), Para(f"From here it {_leads(r.yours)}.", "dim")]
        if r.better is None:
            better = [Para("The better branch", "heading", space=0),
                      Para("No clearly better move was on offer here: the move taken was as good as any.", "good")]
        else:
            b = r.better
            better = [Para("The better branch", "heading", space=0), Para(f"“{b.label}”", "label"),
                      Para(f"{v.STRATEGIES[b.strategy][1]}.", "body"), Para(f"It {_leads(b.best)}.", "good")]
            if b.labels[1:]:
                better.append(Para("Then: " + " → ".join(f"“{x}”" for x in b.labels[1:4]), "dim"))
        return taken, better

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        width = max(1, min(p.w - 4 * m.pad, max(m.body * 44, round(p.w * 0.8))))
        height = max(1, min(p.h - 4 * m.pad, round(p.h * 0.7)))
        box = layout.centered(Rect(0, 0, p.w, p.h), width, height)
        p.panel(box, t.panel, t.accent, m.line * 2)
        inner = layout.inset(box, m.pad)
        head = round(m.body * 1.1)
        title = p.ellipsize(self.title, head, inner.w, True)
        r = p.text(title, inner.x, inner.y, head, t.accent, bold=True, bg=t.panel, panel=box, role="overlay.title")
        bh = button_height(p, "Back to the replay", m.body, inner.w, "Esc")
        half = (inner.w - m.pad) // 2
        top = r.bottom + m.gap
        cols = [Rect(inner.x, top, half, inner.bottom - bh - m.gap - top),
                Rect(inner.x + half + m.pad, top, half, inner.bottom - bh - m.gap - top)]
        for rect, paras in zip(cols, self.columns()):
            p.panel(rect)
            Flow(paras).draw(p, rect, m.body, role="better")
        button(p, Rect(inner.x, inner.bottom - bh, inner.w, bh), "Back to the replay", m.body, self.app.close_overlay,
               key="Esc", focused=True, role="overlay.button")
