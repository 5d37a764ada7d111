"""The session: the patient and their nonverbal state, the dialogue, the moves on offer, the meters.

All it knows of the clinical model is what the session reports (line, cue,
marker, state, stage, meters, the moves on offer); it decides nothing itself.
Meters and the state panel can be hidden, and detection mode hides both and
lets the trainee flag, with R, the turns where they sensed a rupture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame
from pygame import Rect

from ...debrief.record import PlayRecord
from ...engine import vocabulary as v
from ...engine.session import PULL_ANSWERS, Session
from ...engine.vocabulary import PULL_NAMES
from ...engine.vocabulary import PULL_PROMPT as NOTICE
from ...play.session_runner import SessionRunner
from .. import layout, session_fit
from ..dialogue import Dialogue
from ..figure import appearance_for
from ..paint import Painter
from ..poses import Pose, blend, pose_of
from ..widgets import (
    Action,
    Chip,
    button_fill,
    button_height,
    button_label,
    button_shape,
    chip_label,
    chip_shape,
    meter,
    scrollbar,
    toolbar_places,
)
from .base import Screen

if TYPE_CHECKING:
    from ..free_text import FreeText
from .common import footer_h, header_h

if TYPE_CHECKING:
    from ..free_text import FreeText

ANIMATION_S = 0.35
PULL_COLUMNS = 3
STRIP_STATE_LINES = 2


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
    m: layout.Metrics | None = None
    """Pads and gaps for the session's body, in proportion to its text size."""
    chrome: layout.Metrics | None = None
    """Sizes for the heading and the key bar."""


def humanize(ident: str | None) -> str:
    return (ident or "").replace("_", " ")


class SessionScreen(Screen):
    name = "session"
    paints_background = True

    def __init__(self, app, session, replay_moves: list[str] | None = None, runner: SessionRunner | None = None):
        super().__init__(app)
        self.replay = replay_moves
        if runner is None:
            from ..saving import runner_for

            runner = runner_for(app, session, replay_moves)
        self.runner = runner
        """Plays, saves and records the session (simulator.play.session_runner)."""
        self.dialogue = Dialogue()
        self.saved: tuple | None = None
        """(moves, path or None, error or None) once the finished session has been saved."""
        pose = pose_of(session)
        self.pose_from = self.pose_to = pose
        self.meters_from = dict(session.meters)
        self.anim_start: float | None = None
        self.looks = appearance_for(session.patient.spec)
        self._plan_key: tuple | None = None
        self._plan: Plan | None = None
        self._bar: tuple | None = None
        self._fit: tuple | None = None
        self.free_text: FreeText | None = None
        """The free-response box (simulator.ui.free_text) while it is open (key T)."""
        self._has_pulls: tuple | None = None
        self.focus = self.replay_focus()
        self.vote_phase = "hidden"
        """In a vote: hidden (the moves not yet shown), voting (shown, the class decides), revealed."""
        self.revealed: tuple[list[str], int] | None = None
        self.better_debrief = None

    @property
    def session(self) -> Session:
        return self.runner.session

    @property
    def record(self) -> PlayRecord:
        """What the debrief needs beyond the moves: flags, hints, questionnaire (see debrief.record)."""
        return self.runner.record

    @property
    def flagged_turns(self) -> list[int]:
        return sorted(self.runner.record.flags)

    # -- what the screen offers -----------------------------------------------------------
    def session_view(self):
        return self

    def view_name(self) -> str:
        return f"session_turn{self.session.turn:02d}"

    def actions(self) -> list[Action]:
        s = self.session
        if self.voting and self.vote_phase == "revealed" and self.revealed is not None:
            return [Action(label, self._wait_for_space, str(i + 1) if i < 9 else None)
                    for i, label in enumerate(self.revealed[0])]
        if s.ended:
            return [Action("See how the session ended", self.app.show_end, "1")]
        if self.voting and self.vote_phase == "hidden":
            return []
        if self.asking_pull:
            return [Action(PULL_NAMES.get(kind, "nothing in particular"), (lambda k: lambda: self.notice(k))(kind),
                           str(i + 1) if i < 9 else None) for i, kind in enumerate(PULL_ANSWERS)]
        run = (lambda mid: self._wait_for_space) if self.voting else (lambda mid: lambda: self.choose(mid))
        return [Action(s.move(mid).label, run(mid), str(i + 1) if i < 9 else None) for i, mid in enumerate(s.options())]

    # -- the pull prompt (learning and self-awareness modes, format 2) ----------------------------
    @property
    def asking_pull(self) -> bool:
        """At a beat with an authored pull, before the move: the trainee first says what they notice in themselves.

        Noticing the pull rather than acting on it is the way out of it (clinical model §3, §7).
        """
        s, app = self.session, self.app
        return (not s.ended and self.replay is None and (app.learning or app.self_awareness)
                and s.pull is not None and self.runner.noticed is None)

    @property
    def has_pulls(self) -> bool:
        """Whether any beat of the profile carries a pull: only then does the Notice chip earn its room."""
        spec = self.session.patient.spec
        if self._has_pulls is None or self._has_pulls[0] is not spec:
            self._has_pulls = (spec, any(b.pull is not None for st in spec.states.values() for b in st.beats.values()))
        return self._has_pulls[1]

    def notice(self, kind: str) -> None:
        self.runner.answer_pull(kind)
        self.focus = 0

    # -- vote-then-reveal (--replay T.json --vote) ------------------------------------------
    @property
    def voting(self) -> bool:
        return self.replay is not None and self.app.vote and self.on_transcript

    def _wait_for_space(self) -> None:
        self.app.toast("The class decides; Space reveals the move taken")

    def vote_step(self) -> None:
        """Space in a vote: show the moves on offer; then reveal the move taken and the reply; then go on."""
        s = self.session
        if self.replay is None:  # only a replay is voted on
            return
        if self.vote_phase in ("hidden", "revealed"):
            if s.ended:
                self.app.show_end()
                return
            self.vote_phase, self.revealed, self.focus = "voting", None, -1
            return
        if self.replay is None or s.turn >= len(self.replay):
            self.app.toast("End of the transcript")
            return
        options, taken = s.options(), self.replay[s.turn]
        labels = [s.move(mid).label for mid in options]
        self.choose(taken)
        self.vote_phase = "revealed"
        self.revealed = (labels, options.index(taken) if taken in options else 0)
        self.focus = self.revealed[1]

    def better_branch(self) -> None:
        """B in a replay: the debrief's better move for this turn beside the one taken."""
        from .vote import open_better

        turn = self.session.turn if self.vote_phase == "revealed" or not self.voting else self.session.turn + 1
        open_better(self.app, self, max(1, turn))

    def replay_focus(self) -> int:
        """In a replay, the transcript's next move is the highlighted one (not option 1)."""
        s = self.session
        if self.replay is None or not self.on_transcript or s.turn >= len(self.replay) or s.ended:
            return 0
        options = s.options()
        nxt = self.replay[s.turn]
        return options.index(nxt) if nxt in options else 0

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
        self.pose_to = pose_of(self.session)
        self.anim_start = self.app.now() if self.app.animate else None
        self.dialogue.scroll = 0
        self.focus = self.replay_focus()
        self.record.detection_mode |= self.app.detection
        self.app.session_changed(self)

    def choose(self, move_id: str, typed: str | None = None) -> None:
        before = self._before()
        self.runner.choose(move_id, typed)
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

        if self.asking_pull and self.free_text is None:
            self.app.toast(f"First: {NOTICE[0].lower()}{NOTICE[1:]} (1–9)")
            return

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

        def done(hint, error) -> None:
            if error is not None:
                self.app.toast(f"No hint this time: {error}")
                return
            self.app.overlays = [CoachOverlay(self.app, hint, self.record.hints_used)]

        from ..background import detached

        twin, record = detached(self.session), self.record
        self.app.in_background("Thinking of a hint", lambda: record.hint(twin()), done)

    def undo(self) -> bool:
        before = self._before()
        if not self.runner.undo():
            self.app.toast("Nothing to take back: this is the start of the session")
            return True
        self._after(before)
        return True

    def rewind_to(self, turns_kept: int) -> None:
        before = self._before()
        self.runner.rewind_to(turns_kept)
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
        if self.runner.toggle_flag():
            self.app.toast(f"Rupture flagged at turn {n}")
        else:
            self.app.toast(f"Flag removed from turn {n}")

    # -- animation --------------------------------------------------------------------------
    def progress(self) -> float:
        if self.anim_start is None:
            return 1.0
        return max(0.0, min(1.0, (self.app.now() - self.anim_start) / ANIMATION_S))

    def animating(self) -> bool:
        """True until a frame has been drawn at the animation's end, so meters and figure always land on
        their true values (asking must not end it: the loop asks between frames)."""
        return self.anim_start is not None

    def _landed(self) -> None:
        if self.anim_start is not None and self.progress() >= 1:
            self.anim_start = None

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
        if key == pygame.K_n:
            app.toggle_self_awareness()
            return True
        if key == pygame.K_h:
            self.hint()
            return True
        if key == pygame.K_t:
            self.toggle_free()
            return True
        if key == pygame.K_SPACE and self.replay is not None:
            if self.voting:
                self.vote_step()
            else:
                self.step_replay()
            return True
        if key == pygame.K_b and self.replay is not None:
            self.better_branch()
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
               self.asking_pull,
               self.on_transcript if self.replay is not None else None, self.vote_phase)
        if key == self._plan_key and self._plan is not None:
            return self._plan
        self._plan_key = key
        self._plan = self._make_plan(p)
        return self._plan

    def _make_plan(self, p: Painter) -> Plan:
        s = self.session
        cm = p.m
        fr = layout.frame(p.w, p.h, p.m, header_h(p), footer_h(p))
        share, px = self.fit(p, fr.body)
        if px < p.m.body:  # the heading and key bar give way too, in proportion, before the dialogue does
            cm = layout.spacing(p.m, px)
            fr = layout.frame(p.w, p.h, cm, header_h(p, cm), footer_h(p, cm))
            share, px = self.fit(p, fr.body)
        m = layout.spacing(p.m, px)
        cols = layout.columns(fr.body, m, share)
        replay_note = self._replay_note()
        acts = self.actions()
        grid = PULL_COLUMNS if self.asking_pull else 1
        col_w = (cols.right.w - m.gap * (grid - 1)) // grid
        total, hs = self._choices_h(p, m, [a.label for a in acts], px, col_w, replay_note)
        if grid > 1:  # the pull answers are short: three to a row keeps the patient's line in view
            hs = [max(hs[i:i + grid]) for i in range(0, len(hs), grid)]
            total = p.line_h(px, True) + m.gap // 2 + sum(hs) + m.gap * (len(hs) - 1)
        if share:
            left_px, cue_lines, wrapped, label_w, cue_h, meters_h, state_h = self._left(p, cols.left, s.cue or "")
            lay = layout.session(cols, m, cue_h=cue_h, meters_h=meters_h, state_h=state_h, choices_h=total)
        else:
            left_px, cue_lines, wrapped, label_w = m.small, (), [], 0
            lay = layout.session_collapsed(cols.right, m, strip_h=self._strip_h(p, m, px), choices_h=total)
        head = total - sum(hs) - m.gap * max(0, len(hs) - 1)
        rects = layout.stack(Rect(lay.choices.x, lay.choices.y + head, lay.choices.w, lay.choices.h - head), hs, m.gap)
        if grid > 1:
            w = (lay.choices.w - m.gap * (grid - 1)) // grid
            rects = [Rect(row.x + i * (w + m.gap), row.y, w, row.h) for row in rects for i in range(grid)][:len(acts)]
        return Plan(fr, lay, px, rects, lay.choices.y, left_px, cue_lines, wrapped, label_w, px, replay_note, m, cm)

    def _replay_note(self) -> str | None:
        if self.replay is None:
            return None
        s, n = self.session, self.session.turn
        if not self.on_transcript:
            return "Replay: off the transcript (Backspace to return)"
        if self.app.vote and self.vote_phase == "revealed":
            return f"Replay {n} of {len(self.replay)} · the move taken is highlighted · Space: next turn · B: better move"
        if n < len(self.replay) and not s.ended:
            if self.app.vote:
                return (f"Replay {n} of {len(self.replay)} · class vote: Space reveals the move taken"
                        if self.vote_phase == "voting" else f"Replay {n} of {len(self.replay)} · Space shows the moves")
            return f"Replay {n} of {len(self.replay)} · Space: {s.move(self.replay[n]).label}"
        return f"Replay {n} of {len(self.replay)} · end of the transcript"

    def _choices_h(self, p: Painter, m: layout.Metrics, labels: list[str], px: int, width: int, note: str | None,
                   note_lines: int = 0) -> tuple[int, list[int]]:
        hs = [button_height(p, label, px, width, str(i + 1)) for i, label in enumerate(labels)]
        head = p.line_h(px, True) + m.gap // 2
        if note or note_lines:
            lines = max(note_lines, len(p.wrap(note, px, width)) if note else 0)
            head += lines * p.line_h(px) + m.gap // 2
        return head + sum(hs) + m.gap * max(0, len(hs) - 1), hs

    def _strip_h(self, p: Painter, m: layout.Metrics, px: int) -> int | None:
        """The collapsed column's strip: a row of meters, then up to two lines of state and thought."""
        lines = (1 if self.app.meters_shown else 0) + (STRIP_STATE_LINES if self._left_rows() else 0)
        return lines * p.line_h(min(m.small, px)) + 2 * m.gap if lines else None

    def _left_rows_fit(self, p: Painter, left: Rect, cue: str, rows: list | None = None, meters: bool | None = None):
        """The left column's type size and rows at which the figure keeps a fair share, or None."""
        m, app = p.m, self.app
        inner_left = left.w - 2 * m.pad
        rows = self._left_rows() if rows is None else rows
        meters = app.meters_shown if meters is None else meters

        def parts(px: int, rows):
            lh = p.line_h(px)
            cue_lines = p.wrap(cue, px, inner_left)
            cue_h = 2 * m.pad + len(cue_lines) * lh
            meters_h = 2 * m.pad + 4 * round(lh * 1.3) if meters else None
            label_w = max((p.width(r[0], px, True) for r in rows), default=0) + m.gap
            wrapped = [(label, p.wrap(text, px, max(1, inner_left - label_w))) for label, text in rows]
            state_h = (2 * m.pad + sum(len(w) * lh for _, w in wrapped) + m.gap * max(0, len(wrapped) - 1)
                       if rows else None)
            used = cue_h + (meters_h + m.gap if meters_h else 0) + (state_h + m.gap if state_h else 0)
            return (px, cue_lines, wrapped, label_w, cue_h, meters_h, state_h), used

        min_fig = max(round(left.h * 0.3), m.body * 5)
        room = left.h - m.gap - min_fig
        candidates = [rows]
        if len(rows) > 1:  # panels give way before the dialogue does: the thought stays in learning mode
            candidates.append([r for r in rows if r[0] == "Thinking"] if app.learning else rows[:1])
        candidates.append([])
        for rs in candidates:
            def fits(px: int, rs: list = rs) -> bool:
                return parts(px, rs)[1] <= room

            px = p.fit_px(m.small, fits)
            got, used = parts(px, rs)
            if used <= room:
                return got
        return None

    def _left(self, p: Painter, left: Rect, cue: str):
        got = self._left_rows_fit(p, left, cue)
        if got is None:  # this turn's cue is longer than the one the column was chosen for: it shrinks, never spills
            got = self._left_rows_fit(p, left, p.ellipsize(cue, p.m.min_px, (left.w - 2 * p.m.pad) * 3))
        return got or (p.m.min_px, (), [], 0, 2 * p.m.pad, None, None)

    def fit(self, p: Painter, body: Rect) -> tuple[float, int]:
        """(left column share, session text size): panels give way first, then the type shrinks.

        Chosen once for the window, theme and scale, whatever panels show, against the
        profile's busiest moves and longest reply, so move text keeps one size
        for the whole session and the latest line always fits above the moves.
        """
        m, t = p.m, p.theme
        key = (tuple(body), p.w, p.h, t.name, m, self.replay is not None, p.fonts.fallback)
        if self._fit is not None and self._fit[0] == key:
            return self._fit[1]
        spec = self.session.patient.spec
        beats = session_fit.busiest_beats(spec)
        replies = session_fit.longest_replies(spec)
        cue = session_fit.longest_cue(spec)
        worst_rows = self._state_rows()[:1]  # the column may drop the rest; toggles must not change the size

        def right_fits(right: Rect, px: int, collapsed: bool) -> bool:
            sm = layout.spacing(m, px)
            width = right.w
            choices = max((self._choices_h(p, sm, labels, px, width, None, 2 if self.replay is not None else 0)[0]
                           for labels in beats), default=0)
            text_w = width - 2 * sm.pad - sm.pad // 2
            latest = max((self.dialogue._layout(p, text_w, px, spec.name, 1, None, r, c).height for r, c in replies),
                         default=0)
            strip = (1 + STRIP_STATE_LINES) * p.line_h(min(sm.small, px)) + 3 * sm.gap if collapsed else 0
            return strip + max(latest, 3 * p.line_h(px)) + 2 * sm.pad + sm.gap + choices <= right.h

        result = None
        for share in (t.left_share, 0.24):
            cols = layout.columns(body, m, share)
            if (self._left_rows_fit(p, cols.left, cue, worst_rows, True) is not None
                    and right_fits(cols.right, m.body, False)):
                result = (share, m.body)
                break
        if result is None:
            right = layout.columns(body, m, 0).right
            result = (0.0, p.fit_px(m.body, lambda px: right_fits(right, px, True), min_px=m.floor))
        self._fit = (key, result)
        return result

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
        if self.has_pulls:
            chips.append(Chip("N", "Notice", app.toggle_self_awareness, app.self_awareness))
        if app.learning:
            chips.append(Chip("H", "Hint", self.hint))
        chips.append(Chip("T", "Type", self.toggle_free, self.free_text is not None))
        if self.replay is not None:
            chips.insert(0, Chip("Space", "Next", self.vote_step if self.voting else self.step_replay))
            chips.insert(1, Chip("B", "Better move", self.better_branch))
        return chips + app.global_chips() + [Chip("Esc", "Menu", app.open_menu)]

    def draw(self, p: Painter) -> None:
        plan = self.plan(p)
        whole = p.m
        p.m = plan.m or whole  # the body's pads and strokes follow its text size
        last = self.anim_start is not None and self.progress() >= 1
        try:
            self._draw(p, plan, animating=self.anim_start is not None and not last)
        finally:
            p.m = whole
        self._landed()

    def _draw(self, p: Painter, plan: Plan, animating: bool) -> None:
        t, m = p.theme, p.m
        s, app = self.session, self.app
        lay, fr = plan.lay, plan.frame
        acts = self.actions()
        chips = self.chips()
        cm = plan.chrome or m
        bar_key = (tuple(fr.footer), cm.small, p.fonts.fallback, tuple((c.key, c.label, c.on) for c in chips))
        if self._bar is None or self._bar[0] != bar_key:
            self._bar = (bar_key, toolbar_places(p, fr.footer, chips, cm.small))
        size, places = self._bar[1]
        panels = [r for r in (lay.figure, lay.cue, lay.meters, lay.state, lay.dialogue, lay.strip) if r is not None]

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
        self._draw_header(p, fr.header, cm)
        for place in places:
            if p.hovered(place.rect) and not place.chip.on:
                chip_shape(p, place)
            chip_label(p, place, size)

        # patient
        if lay.figure is not None and lay.figure.h > 2 * m.pad:
            fig = layout.inset(lay.figure, m.pad)
            app.figures.draw(p.surface, fig, self.current_pose(), t, t.panel, cache=not animating,
                             looks=self.looks, rough_first=app.screenshot_dir is None)
        if lay.cue is not None:
            y = lay.cue.y + m.pad
            for line in plan.cue_lines:
                p.text(line, lay.cue.x + m.pad, y, plan.left_px, t.cue, bg=t.panel, panel=lay.cue, role="cue")
                y += p.line_h(plan.left_px)
        if lay.strip is not None:
            self._draw_strip(p, lay.strip, plan.choice_px)
        if lay.meters is not None:
            self._draw_meters(p, lay.meters, plan.left_px)
        if lay.state is not None:
            self._draw_state(p, lay.state, plan)

        # dialogue
        sm = plan.m or m
        inner = layout.inset(lay.dialogue, sm.pad)
        inner.w -= sm.pad // 2  # room for the scroll bar
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
        elif self.voting and self.vote_phase == "hidden":
            head = "Class vote: Space shows the moves on offer"
        elif self.voting and self.vote_phase == "voting":
            head = "Which move would you choose?"
        elif self.voting:
            head = "The move taken"
        elif self.asking_pull:
            head = NOTICE + f" (1–{len(acts)})"
        elif acts:
            head = "Your move" + (f" (1–{min(9, len(acts))})" if len(acts) > 1 else " (1)")
        else:
            head = "No move on offer"
        r = p.text(head, lay.choices.x, y, plan.choice_px, t.dim, bold=True, bg=t.bg, panel=lay.choices,
                   role="choices.title")
        y = r.bottom + sm.gap // 2
        if plan.replay_note:
            p.paragraph(plan.replay_note, Rect(lay.choices.x, y, lay.choices.w, lay.choices.bottom - y),
                        plan.choice_px, t.accent, bg=t.bg, panel=lay.choices, role="choices.replay")
        for i, (a, rect) in enumerate(zip(acts, plan.choice_rects)):
            focused = i == self.focus
            fill = button_fill(p, rect, focused)
            if focused or p.hovered(rect):
                button_shape(p, rect, plan.choice_px, key=a.key, focused=focused)
            button_label(p, rect, a.label, plan.choice_px, key=a.key, fill=fill, role="choice")
            p.element("move", rect, a.label, plan.choice_px)
            p.hit(rect, a.run, a.label)

    def _draw_header(self, p: Painter, rect: Rect, m: layout.Metrics) -> None:
        t = p.theme
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

    def _draw_strip(self, p: Painter, rect: Rect, px: int) -> None:
        """The left column folded into rows: the four meters side by side, then the state rows run together."""
        t, m = p.theme, p.m
        px = min(px, m.small)
        lh = p.line_h(px)
        y = rect.y + m.gap
        if self.app.meters_shown:
            self._draw_meter_row(p, Rect(rect.x, y, rect.w, lh), px)
            y += lh
        x0, right = rect.x + m.pad, rect.right - m.pad
        x, lines = x0, 1
        for label, text in self._left_rows():
            lw = p.width(label, px, True) + m.gap
            if x > x0 and x + lw + p.width(text, px) > right:
                if lines == STRIP_STATE_LINES:
                    break
                x, y, lines = x0, y + lh, lines + 1
            p.text(label, x, y, px, t.dim, bold=True, bg=t.panel, panel=rect, role="state.label")
            value = p.ellipsize(text, px, max(1, right - x - lw))
            r = p.text(value, x + lw, y, px, t.text, bg=t.panel, panel=rect, role="state")
            x = r.right + 2 * m.pad

    def _draw_meter_row(self, p: Painter, rect: Rect, px: int) -> None:
        t, m = p.theme, p.m
        inner = Rect(rect.x + m.pad, rect.y, rect.w - 2 * m.pad, rect.h)
        values = self.current_meters()
        deltas = self.session.last.deltas if self.session.last else {}
        cell_w = (inner.w - 3 * m.pad) // 4
        px = p.fit_px(min(px, m.small), lambda s: self._meter_widths(p, s)[0] + 2 * self._meter_widths(p, s)[1]
                      + 3 * m.gap + m.body <= cell_w)
        name_w, num_w = self._meter_widths(p, px)
        for i, name in enumerate(v.METERS):
            cell = Rect(inner.x + i * (cell_w + m.pad), inner.y, cell_w, inner.h)
            meter(p, cell, name, values[name], deltas.get(name), t.meters[name], px, name_w, num_w)

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
