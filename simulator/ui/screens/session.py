"""The session: the patient and their nonverbal state, the dialogue, the moves on offer, the meters.

All it knows of the clinical model is what the session reports (line, cue,
marker, state, stage, meters, the moves on offer); it decides nothing itself.
Meters and the state panel can be hidden, and detection mode hides both and
lets the trainee flag, with R, the turns where they sensed a rupture.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame
from pygame import Rect

from ... import vocabulary as v
from .. import layout
from ..dialogue import Dialogue
from ..figure import appearance_for
from ..paint import Painter
from ..poses import Pose, blend, pose_for
from ...debrief.record import PlayRecord
from ..widgets import (Action, Chip, button_fill, button_height, button_label, button_shape, chip_label, chip_shape,
                       meter, scrollbar, toolbar_places)
from .base import Screen
from .common import footer_h, header_h

ANIMATION_S = 0.35


@dataclass
class Plan:
    """Where everything goes for one window size and one moment of the session."""

    frame: layout.Frame
    lay: layout.SessionLayout
    choice_px: int
    choice_rects: list[Rect]
    choices_title_y: int
    left_px: int
    cue_lines: tuple[str, ...]
    state_rows: list[tuple[str, tuple[str, ...]]]
    state_label_w: int
    dialogue_px: int
    replay_note: str | None


def humanize(ident: str | None) -> str:
    return (ident or "").replace("_", " ")


class SessionScreen(Screen):
    name = "session"
    paints_background = True

    def __init__(self, app, session, replay_moves: list[str] | None = None):
        super().__init__(app)
        self.session = session
        self.replay = replay_moves
        self.dialogue = Dialogue()
        self.flagged_turns: list[int] = []
        self.record = PlayRecord(detection_mode=app.detection)
        """What the debrief needs beyond the moves: flags, hints, questionnaire (see debrief.record)."""
        self.saved: tuple | None = None
        """(moves, path or None, error or None) once the finished session has been saved."""
        pose = pose_for(session.cue)
        self.pose_from = self.pose_to = pose
        self.meters_from = dict(session.meters)
        self.anim_start: float | None = None
        self.looks = appearance_for(session.patient.spec)
        self._plan_key = None
        self._plan: Plan | None = None
        self._bar = None
        self.free_text = None
        """The free-response box (simulator.ui.free_text) while it is open (key T)."""

    # -- what the screen offers -----------------------------------------------------------
    def session_view(self):
        return self

    def view_name(self) -> str:
        return f"session_turn{self.session.turn:02d}"

    def actions(self) -> list[Action]:
        s = self.session
        if s.ended:
            return [Action("See how the session ended", self.app.show_end, "1")]
        return [Action(s.move(mid).label, lambda mid=mid: self.choose(mid), str(i + 1) if i < 9 else None)
                for i, mid in enumerate(s.options())]

    @property
    def on_transcript(self) -> bool:
        """In replay, whether the moves so far are still the transcript's own."""
        if self.replay is None:
            return False
        moves = [t.move for t in self.session.turns]
        return moves == self.replay[:len(moves)]

    # -- playing ----------------------------------------------------------------------------
    def _before(self) -> tuple[Pose, dict]:
        return self.current_pose(), self.current_meters()

    def _after(self, before: tuple[Pose, dict]) -> None:
        self.pose_from, self.meters_from = before
        self.pose_to = pose_for(self.session.cue)
        self.anim_start = self.app.now() if self.app.animate else None
        self.dialogue.scroll = 0
        self.focus = 0
        self.flagged_turns = [n for n in self.flagged_turns if n <= self.session.turn]
        self.app.session_changed(self)
        self.record.rewound(self.session)
        self.record.detection_mode |= self.app.detection

    def choose(self, move_id: str, typed: str | None = None) -> None:
        before = self._before()
        self.session.choose(move_id, typed)
        self._after(before)
        if self.session.interval and not self.session.ended:
            self.app.toast(self.session.interval, 5.0)
        if self.session.ended:
            self.free_text = None

    @property
    def takes_text(self) -> bool:
        return self.free_text is not None

    def toggle_free(self) -> None:
        from ..free_text import FreeText

        self.free_text = None if self.free_text or self.session.ended else FreeText(
            self.session, self.choose, self.toggle_free)

    def handle(self, event) -> bool:
        return bool(self.free_text and self.free_text.handle(event)) or super().handle(event)

    def hint(self) -> None:
        """H in learning mode: a coach hint, counted in the debrief."""
        if not self.app.learning:
            self.app.toast("Hints are for learning mode: press L to switch it on")
            return
        from .coach import CoachOverlay

        self.app.overlays = [CoachOverlay(self.app, self.record.hint(self.session), self.record.hints_used)]

    def undo(self) -> bool:
        before = self._before()
        if not self.session.undo():
            self.app.toast("Nothing to take back: this is the start of the session")
            return True
        self._after(before)
        return True

    def rewind_to(self, turns_kept: int) -> None:
        before = self._before()
        self.session.rewind_to(turns_kept)
        self._after(before)

    def step_replay(self) -> bool:
        """Play the transcript's next move; False when there is none to play."""
        if self.replay is None:
            return False
        if self.session.ended:
            self.app.show_end()
            return False
        if not self.on_transcript:
            self.app.toast("Off the transcript: Backspace back to where it branched, or Home for the history")
            return False
        n = self.session.turn
        if n >= len(self.replay):
            self.app.toast("End of the transcript")
            return False
        self.choose(self.replay[n])
        return True

    def flag(self) -> None:
        if not self.app.detection:
            self.app.toast("Flagging is for detection mode: press D to switch it on")
            return
        n = self.session.turn
        self.record.detection_mode = True
        if n in self.flagged_turns:
            self.flagged_turns.remove(n)
            self.record.unflag(self.session)
            self.app.toast(f"Flag removed from turn {n}")
        else:
            self.flagged_turns.append(n)
            self.flagged_turns.sort()
            self.record.flag(self.session)
            self.app.toast(f"Rupture flagged at turn {n}")

    # -- animation --------------------------------------------------------------------------
    def progress(self) -> float:
        if self.anim_start is None:
            return 1.0
        k = (self.app.now() - self.anim_start) / ANIMATION_S
        if k >= 1:
            self.anim_start = None
            return 1.0
        return max(0.0, k)

    def animating(self) -> bool:
        return self.anim_start is not None and self.progress() < 1

    def current_pose(self) -> Pose:
        k = self.progress()
        return blend(self.pose_from, self.pose_to, 1 - (1 - k) ** 2)

    def current_meters(self) -> dict:
        k = self.progress()
        ease = 1 - (1 - k) ** 2
        return {m: self.meters_from.get(m, 0) + (self.session.meters[m] - self.meters_from.get(m, 0)) * ease
                for m in v.METERS}

    # -- keys -----------------------------------------------------------------------------------
    def on_key(self, event) -> bool:
        key, mod = event.key, event.mod
        app = self.app
        if key == pygame.K_BACKSPACE or (key == pygame.K_z and mod & pygame.KMOD_CTRL):
            return self.undo()
        if key == pygame.K_HOME:
            app.open_history()
            return True
        if key == pygame.K_F5:
            app.reload_profile()
            return True
        if key == pygame.K_PAGEUP:
            return self.dialogue.scroll_by(max(1, int(self.dialogue.view_h * 0.8)))
        if key == pygame.K_PAGEDOWN:
            return self.dialogue.scroll_by(-max(1, int(self.dialogue.view_h * 0.8)))
        if key == pygame.K_END:
            return self.dialogue.scroll_by(-self.dialogue.max_scroll)
        if key == pygame.K_m:
            app.toggle_meters()
            return True
        if key == pygame.K_s:
            app.toggle_state()
            return True
        if key == pygame.K_d:
            app.toggle_detection()
            return True
        if key == pygame.K_r:
            self.flag()
            return True
        if key == pygame.K_l:
            app.toggle_learning()
            return True
        if key == pygame.K_h:
            self.hint()
            return True
        if key == pygame.K_t:
            self.toggle_free()
            return True
        if key == pygame.K_SPACE and self.replay is not None:
            self.step_replay()
            return True
        return super().on_key(event)

    def on_escape(self) -> bool:
        self.app.open_menu()
        return True

    def on_wheel(self, dy: int) -> bool:
        return self.dialogue.scroll_by(dy * 3 * self.dialogue.line_h)

    # -- layout -----------------------------------------------------------------------------------
    def _left_rows(self) -> list[tuple[str, str]]:
        """The state panel's rows: the state when shown; the patient's thought only in learning mode."""
        rows = self._state_rows() if self.app.state_shown else []
        if self.app.learning and self.session.thought:
            rows.append(("Thinking", f"“{self.session.thought}”"))
        return rows

    def _state_rows(self) -> list[tuple[str, str]]:
        s = self.session
        rows = [("State", f"{humanize(s.state)} ({s.kind})")]
        if s.stage in v.STAGE_ORDER:
            rows.append(("Stage", f"{v.STAGE_ORDER.index(s.stage) + 1} of {len(v.STAGE_ORDER)}: {humanize(s.stage)}"))
        else:
            rows.append(("Stage", "no rupture in play"))
        if s.marker:
            kind, text = v.MARKERS.get(s.marker, ("", humanize(s.marker)))
            name = text.split(":")[0]
            rows.append(("Marker", f"{name} ({kind})" if kind else name))
        return rows

    def plan(self, p: Painter) -> Plan:
        app, s = self.app, self.session
        key = (p.w, p.h, p.theme.name, p.m, app.meters_shown, app.state_shown, app.learning, s.turn, id(s.last),
               self.on_transcript if self.replay is not None else None)
        if key == self._plan_key and self._plan is not None:
            return self._plan
        self._plan_key = key
        self._plan = self._make_plan(p)
        return self._plan

    def _make_plan(self, p: Painter) -> Plan:
        m, t = p.m, p.theme
        app, s = self.app, self.session
        fr = layout.frame(p.w, p.h, m, header_h(p), footer_h(p))
        cols = layout.columns(fr.body, m, t.left_share)
        inner_left = cols.left.w - 2 * m.pad

        # left column: shrink its type until the figure keeps a fair share of the height
        rows = self._left_rows()

        def left_parts(px: int):
            lh = p.line_h(px)
            cue_lines = p.wrap(s.cue or "", px, inner_left)
            cue_h = 2 * m.pad + len(cue_lines) * lh
            meters_h = 2 * m.pad + 4 * round(lh * 1.3) if app.meters_shown else None
            label_w = max((p.width(r[0], px, True) for r in rows), default=0) + m.gap
            wrapped = [(label, p.wrap(text, px, max(1, inner_left - label_w))) for label, text in rows]
            state_h = (2 * m.pad + sum(len(w) * lh for _, w in wrapped) + m.gap * max(0, len(wrapped) - 1)
                       if rows else None)
            used = cue_h + (meters_h + m.gap if meters_h else 0) + (state_h + m.gap if state_h else 0)
            return cue_lines, cue_h, meters_h, wrapped, label_w, state_h, used

        min_fig = max(round(cols.left.h * 0.3), m.body * 5)
        left_px = p.fit_px(m.small, lambda px: cols.left.h - left_parts(px)[6] - m.gap >= min_fig)
        cue_lines, cue_h, meters_h, wrapped, label_w, state_h, used = left_parts(left_px)
        if cols.left.h - used - m.gap < min_fig and len(rows) > 2:  # last resort: leave out the patient's thought
            if app.learning:  # the thought is what learning mode is for: the stage row goes instead
                rows = [r for r in rows if r[0] != "Stage"]
            else:
                rows = rows[:-1] if rows[-1][0] == "Thinking" else rows
            cue_lines, cue_h, meters_h, wrapped, label_w, state_h, used = left_parts(left_px)

        # right column: the choices keep their full labels, the dialogue gets the rest
        acts = self.actions()
        replay_note = None
        if self.replay is not None:
            n = s.turn
            if not self.on_transcript:
                replay_note = "Replay: off the transcript (Backspace to return)"
            elif n < len(self.replay) and not s.ended:
                replay_note = f"Replay {n} of {len(self.replay)} · Space: {s.move(self.replay[n]).label}"
            else:
                replay_note = f"Replay {n} of {len(self.replay)} · end of the transcript"
        width = cols.right.w

        def choices_h(px: int) -> tuple[int, list[int]]:
            hs = [button_height(p, a.label, px, width, a.key) for a in acts]
            head = p.line_h(px, True) + m.gap // 2
            if replay_note:
                head += len(p.wrap(replay_note, px, width)) * p.line_h(px) + m.gap // 2
            return head + sum(hs) + m.gap * max(0, len(hs) - 1), hs

        # the patient's latest reply and cue must be readable whole without scrolling back
        text_w = width - 2 * m.pad - m.pad // 2
        spec = s.patient.spec

        def latest_h(px: int) -> int:
            ex = self.dialogue._layout(p, text_w, px, spec.name, s.turn, None, s.line, s.cue)
            return max(ex.height, 3 * p.line_h(px)) + 2 * m.pad

        room = cols.right.h - m.gap
        choice_px = p.fit_px(m.body, lambda px: choices_h(px)[0] <= round(cols.right.h * 0.55))
        dialogue_px = p.fit_px(m.body, lambda px: latest_h(px) <= room - choices_h(choice_px)[0])
        if latest_h(dialogue_px) > room - choices_h(choice_px)[0]:
            choice_px = p.fit_px(m.body, lambda px: choices_h(px)[0] <= room - latest_h(dialogue_px))
        total, hs = choices_h(choice_px)
        lay = layout.session(cols, m, cue_h=cue_h, meters_h=meters_h, state_h=state_h, choices_h=total)
        head = total - sum(hs) - m.gap * max(0, len(hs) - 1)
        rects = layout.stack(Rect(lay.choices.x, lay.choices.y + head, lay.choices.w, lay.choices.h - head), hs, m.gap)
        return Plan(fr, lay, choice_px, rects, lay.choices.y, left_px, cue_lines, wrapped, label_w,
                    dialogue_px, replay_note)

    # -- drawing ------------------------------------------------------------------------------------
    def chips(self) -> list[Chip]:
        app = self.app
        chips = [Chip("Bksp", "Undo", self.undo), Chip("Home", "History", app.open_history),
                 Chip("M", "Meters", app.toggle_meters, app.meters_shown),
                 Chip("S", "State", app.toggle_state, app.state_shown),
                 Chip("D", "Detect", app.toggle_detection, app.detection)]
        if app.detection:
            chips.append(Chip("R", "Flag rupture", self.flag))
        chips.append(Chip("L", "Learn", app.toggle_learning, app.learning))
        if app.learning:
            chips.append(Chip("H", "Hint", self.hint))
        chips.append(Chip("T", "Type", self.toggle_free, self.free_text is not None))
        if self.replay is not None:
            chips.insert(0, Chip("Space", "Next", self.step_replay))
        return chips + app.global_chips() + [Chip("Esc", "Menu", app.open_menu)]

    def draw(self, p: Painter) -> None:
        t, m = p.theme, p.m
        s, app = self.session, self.app
        plan = self.plan(p)
        lay, fr = plan.lay, plan.frame
        acts = self.actions()
        chips = self.chips()
        bar_key = (tuple(fr.footer), m.small, p.fonts.fallback, tuple((c.key, c.label, c.on) for c in chips))
        if self._bar is None or self._bar[0] != bar_key:
            self._bar = (bar_key, toolbar_places(p, fr.footer, chips, m.small))
        size, places = self._bar[1]
        panels = [r for r in (lay.figure, lay.cue, lay.meters, lay.state, lay.dialogue) if r is not None]

        def build() -> None:
            p.surface.fill(t.bg)
            for r in panels:
                p.panel(r)
            for a, r in zip(acts, plan.choice_rects):
                button_shape(p, r, plan.choice_px, key=a.key, hot=False)
            for place in places:
                chip_shape(p, place, t.panel_hi if place.chip.on else t.panel)

        key = ("session", p.w, p.h, t.name, p.m, tuple(tuple(r) for r in panels),
               tuple(tuple(r) for r in plan.choice_rects), tuple(a.key for a in acts), plan.choice_px,
               tuple((tuple(pl.rect), pl.box is not None, pl.chip.on) for pl in places))
        p.layer(key, build)
        self._draw_header(p, fr.header)
        for place in places:
            if p.hovered(place.rect) and not place.chip.on:
                chip_shape(p, place)
            chip_label(p, place, size)

        # patient
        fig = layout.inset(lay.figure, m.pad)
        animating = self.animating()
        app.figures.draw(p.surface, fig, self.current_pose(), t, t.panel, cache=not animating, looks=self.looks)
        y = lay.cue.y + m.pad
        for line in plan.cue_lines:
            p.text(line, lay.cue.x + m.pad, y, plan.left_px, t.cue, bg=t.panel, panel=lay.cue, role="cue")
            y += p.line_h(plan.left_px)
        if lay.meters is not None:
            self._draw_meters(p, lay.meters, plan.left_px)
        if lay.state is not None:
            self._draw_state(p, lay.state, plan)

        # dialogue
        inner = layout.inset(lay.dialogue, m.pad)
        inner.w -= m.pad // 2  # room for the scroll bar
        self.dialogue.sync(p, s, inner.w, plan.dialogue_px)
        self.dialogue.draw(p, inner, set(self.flagged_turns))
        if self.dialogue.max_scroll:
            scrollbar(p, lay.dialogue, self.dialogue.scroll, self.dialogue.max_scroll, inner.h, from_bottom=True)

        if self.free_text is not None:
            top = min(plan.choices_title_y, lay.choices.bottom - self.free_text.height(p))
            self.free_text.draw(p, Rect(lay.choices.x, top, lay.choices.w, lay.choices.bottom - top))
            return
        # choices
        y = plan.choices_title_y
        if s.ended:
            head = "The session is over"
        elif acts:
            head = "Your move" + (f" (1–{min(9, len(acts))})" if len(acts) > 1 else " (1)")
        else:
            head = "No move on offer"
        r = p.text(head, lay.choices.x, y, plan.choice_px, t.dim, bold=True, bg=t.bg, panel=lay.choices,
                   role="choices.title")
        y = r.bottom + m.gap // 2
        if plan.replay_note:
            p.paragraph(plan.replay_note, Rect(lay.choices.x, y, lay.choices.w, lay.choices.bottom - y),
                        plan.choice_px, t.accent, bg=t.bg, panel=lay.choices, role="choices.replay")
        for i, (a, rect) in enumerate(zip(acts, plan.choice_rects)):
            focused = i == self.focus
            fill = button_fill(p, rect, focused)
            if focused or p.hovered(rect):
                button_shape(p, rect, plan.choice_px, key=a.key, focused=focused)
            button_label(p, rect, a.label, plan.choice_px, key=a.key, fill=fill, role="choice")
            p.hit(rect, a.run, a.label)

    def _draw_header(self, p: Painter, rect: Rect) -> None:
        t, m = p.theme, p.m
        s, app = self.session, self.app
        spec = s.patient.spec
        badges = []
        if app.detection:
            badges.append("Detection mode")
        if self.replay is not None:
            badges.append("Replay")
            if app.replay_profile_changed:
                badges.append("profile changed since recorded")
        right = " · ".join(badges)
        right_w = 0
        if right:
            right = p.ellipsize(right, m.small, rect.w // 2)
            r = p.text(right, rect.right, rect.y + (rect.h - p.line_h(m.small)) // 2, m.small, t.accent, bold=True,
                       bg=t.bg, panel=rect, role="header.right", align="right")
            right_w = r.w + m.pad
        title = f"{spec.name}, {spec.age} · turn {s.session_turn} of {s.max_turns}"
        if s.session_id:
            title += f" · session {s.session_id}"
        title = p.ellipsize(title, m.heading, rect.w - right_w, True)
        p.text(title, rect.x, rect.y, m.heading, t.text, bold=True, bg=t.bg, panel=rect, role="header")

    def _draw_meters(self, p: Painter, rect: Rect, px: int) -> None:
        t, m = p.theme, p.m
        inner = layout.inset(rect, m.pad)
        last = self.session.last
        deltas = last.deltas if last else {}
        values = self.current_meters()
        name_w, num_w = self._meter_widths(p, px)
        row_h = round(p.line_h(px) * 1.3)
        y = inner.y
        for name in v.METERS:
            meter(p, Rect(inner.x, y, inner.w, row_h), name, values[name], deltas.get(name), t.meters[name], px,
                  name_w, num_w)
            y += row_h

    def _meter_widths(self, p: Painter, px: int) -> tuple[int, int]:
        key = (px, p.fonts.fallback, p.m.gap)
        if getattr(self, "_mw", (None,))[0] != key:
            self._mw = (key, (max(p.width(n, px) for n in v.METERS) + p.m.gap, p.width("−00", px, True)))
        return self._mw[1]

    def _draw_state(self, p: Painter, rect: Rect, plan: Plan) -> None:
        t, m = p.theme, p.m
        px = plan.left_px
        lh = p.line_h(px)
        x, y = rect.x + m.pad, rect.y + m.pad
        for label, lines in plan.state_rows:
            p.text(label, x, y, px, t.dim, bold=True, bg=t.panel, panel=rect, role="state.label")
            for line in lines:
                p.text(line, x + plan.state_label_w, y, px, t.text, bg=t.panel, panel=rect, role="state")
                y += lh
            y += m.gap
