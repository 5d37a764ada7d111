"""The front end as one object: ``handle(event)`` and ``draw(surface)``, no window needed.

The App owns the screen stack, the preferences (theme, text scale, which
panels show) and the caches; screens ask it to navigate. Anything that would
throw away a session in progress goes through ``_leave``, which asks first.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame

from . import hooks
from .layout import SCALE_STEPS, metrics
from .paint import Hit, Painter
from .screens.base import Screen
from .screens.title import TitleScreen
from .text import LRU, Fonts, TextCache
from .theme import THEMES, other
from .widgets import Chip

if TYPE_CHECKING:
    from .background import Worker

REDRAW_EVENTS = {pygame.VIDEORESIZE, pygame.VIDEOEXPOSE, pygame.WINDOWSIZECHANGED, pygame.WINDOWEXPOSED,
                 pygame.WINDOWSHOWN, pygame.WINDOWRESTORED, pygame.WINDOWMAXIMIZED}
PLUS_KEYS = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
MINUS_KEYS = (pygame.K_MINUS, pygame.K_KP_MINUS)
ANIMATION_FRAME_MS = 16
LEARN_FROM = {"title", "briefing", "coach", "debrief", "end", "patients"}
"""Screens where G opens the Learn screen (in a session it would be a stray key away from a move)."""


class App:
    def __init__(self, *, theme: str = "normal", scale: float = 1.0, screenshot_dir: str | Path | None = None,
                 animate: bool = True, clock: Callable[[], float] = time.monotonic, autosave: bool = False):
        self.theme = THEMES[theme]
        self.scale = scale
        self.screenshot_dir = Path(screenshot_dir) if screenshot_dir else None
        self.animate = animate
        self.clock = clock
        self.fonts = Fonts()
        self.texts = TextCache()
        self.wraps = LRU(1024)
        self.layers = LRU(3)
        self._figures = None
        self.screen: Screen = TitleScreen(self)
        self.overlays: list[Screen] = []
        self.running = True
        self.dirty = True
        self.after_first_frame: list[Callable[[], None]] = []
        """Work that can wait until the window shows something (the resume check): the loop runs it after frame one."""
        self.fullscreen = False
        self.show_meters = True
        self.show_state = True
        self.detection = False
        self.learning = False
        self.walkthrough_seen = False
        """The first-run walkthrough was finished or skipped (kept in the settings); only the launcher offers it."""
        self.self_awareness = False
        """Self-awareness practice: at a beat with a pull, first say what you notice in yourself (key N)."""
        self.data_dir: str | None = None
        """--data-dir: where sessions are saved (None: RUPTURE_DATA_DIR, then the user's data folder)."""
        self.patient = None
        self.seed = 0
        self.replay_moves: list[str] | None = None
        self.replay_profile_changed = False
        self.vote = False
        """--vote: a replay waits for the class to choose before it reveals the move taken."""
        self.hits: list[Hit] = []
        self.frame: Painter | None = None
        self.frames = 0
        self.mouse: tuple[int, int] | None = None
        self._hover: Hit | None = None
        self._toast: tuple[str, float] | None = None
        self._surface: pygame.Surface | None = None
        self._dim: pygame.Surface | None = None
        self.last_screenshot: Path | None = None
        self.autosave = autosave
        """Save the session in progress after every turn (see saving); ``rupture play`` turns it on."""
        self.saves_failed = False
        self.background = False
        """Run slow work (hints, the debrief) on a worker thread; ``rupture play`` turns it on."""
        self.work: Worker | None = None
        """The background.Worker running now, if any."""
        self.settings_dir: Path | None = None
        """Where settings are kept between runs; None keeps nothing (tests, scripted runs)."""
        if self.fonts.fallback:
            self.toast("The DejaVu fonts are missing, so pygame's default font is used", 6)

    # -- what is showing -------------------------------------------------------------------------
    def now(self) -> float:
        return self.clock()

    @property
    def top(self) -> Screen:
        return self.overlays[-1] if self.overlays else self.screen

    def view_name(self) -> str:
        return self.top.view_name()

    @property
    def figures(self):
        if self._figures is None:
            from .figure import FigureDrawer

            self._figures = FigureDrawer()
        return self._figures

    @property
    def session_screen(self):
        """The session being played or just finished, if any."""
        return self.screen.session_view()

    @property
    def session(self):
        ss = self.session_screen
        return ss.session if ss else None

    @property
    def flagged_turns(self) -> list[int]:
        """Turns the trainee flagged with R in detection mode; for the debrief to compare with the markers."""
        ss = self.session_screen
        return list(ss.flagged_turns) if ss else []

    @property
    def record(self):
        """The debrief.PlayRecord kept beside the session (flags, hints, questionnaire), if any."""
        ss = self.session_screen
        return ss.record if ss else None

    @property
    def playing(self) -> bool:
        """A session is under way and has moves that leaving would lose."""
        return self.session_screen is self.screen and self.session.turn > 0 and not self.session.ended

    @property
    def meters_shown(self) -> bool:
        return self.show_meters and not self.detection

    @property
    def state_shown(self) -> bool:
        return self.show_state and not self.detection

    def catalogue(self):
        from ..engine import catalogue

        return catalogue.bundled()

    def scroll_step(self) -> int:
        if self.frame is None:
            return 60
        return 3 * self.frame.line_h(self.frame.m.body)

    # -- navigation --------------------------------------------------------------------------------
    def set_screen(self, screen: Screen) -> None:
        self.screen = screen
        self.overlays.clear()
        self.dirty = True

    def _leave(self, label: str, then: Callable[[], None]) -> None:
        self.overlays.clear()
        if self.playing:
            text = self.leave_text()
            from .screens.overlays import ConfirmOverlay

            self.overlays.append(ConfirmOverlay(self, text, label, then))
        else:
            then()
        self.dirty = True

    def leave_text(self) -> str:
        """What leaving does to the session in progress, truly: kept and offered back when autosaved."""
        ss = self.session_screen
        if ss is None:
            return "There is no session in progress."
        s = ss.session
        moves = f"{s.turn} move{'s' if s.turn != 1 else ''}"
        name = s.patient.spec.name
        if self.autosave and not self.saves_failed:
            return (f"Your {moves} with {name} are saved. Next time you open {name}, the session is offered "
                    "back so you can carry on where you left off.")
        return f"The {moves} you have made with {name} are not saved and will be lost."

    def go_title(self) -> None:
        self._leave("Leave", lambda: self.set_screen(TitleScreen(self)))

    def go_patients(self) -> None:
        from .screens.patients import PatientsScreen

        self._leave("Leave and choose a patient", lambda: self.set_screen(PatientsScreen(self)))

    def quit(self) -> None:
        self._leave("Quit", self._stop)

    def _stop(self) -> None:
        self.running = False

    def restart(self) -> None:
        if self.patient is None:
            self.go_patients()
            return
        self._leave("Start again", lambda: self.start_session(self.patient, self.replay_moves, self.seed))

    def open_patient(self, patient) -> None:
        self.patient = patient
        self.replay_moves = None
        from .screens.briefing import BriefingScreen

        self.set_screen(BriefingScreen(self, patient))

    def start_session(self, patient, replay: list[str] | None = None, seed: int = 0):
        from ..engine.session import Session
        from .screens.session import SessionScreen

        self.patient, self.replay_moves, self.seed = patient, replay, seed
        if replay is None:
            from .saving import keep_waiting_save

            keep_waiting_save(self, patient)
        screen = SessionScreen(self, Session(patient, seed=seed), replay)
        self.set_screen(screen)
        return screen

    def show_end(self) -> None:
        from .screens.end import EndScreen

        ss = self.session_screen
        if ss is not None:
            self.set_screen(EndScreen(self, ss))

    def session_changed(self, session_screen) -> None:
        """After every turn, undo or rewind: the autosave."""
        from .saving import after_turn

        after_turn(self, session_screen)

    def reload_profile(self) -> None:
        """F5: reload the profile from disk and replay the moves so far."""
        ss = self.session_screen
        if ss is not None and self.screen is ss:
            from .reloading import reload_profile

            reload_profile(self, ss)
            self.dirty = True

    def offer_resume(self, patient=None) -> bool:
        """At start: offer the newest unfinished saved session (``patient``'s when named); True when offered."""
        from .saving import offer

        return offer(self, patient)

    def resume_session(self, session_screen) -> None:
        self.set_screen(session_screen)

    def rewind_to(self, session_screen, turns_kept: int) -> None:
        if self.screen is not session_screen:
            self.resume_session(session_screen)
        session_screen.rewind_to(turns_kept)
        self.dirty = True

    def open_menu(self) -> None:
        from .screens.overlays import MenuOverlay

        self.overlays = [MenuOverlay(self)]
        self.dirty = True

    def open_history(self) -> None:
        ss = self.session_screen
        if ss is None:
            return
        from .screens.overlays import HistoryOverlay

        self.overlays = [HistoryOverlay(self, ss)]
        self.dirty = True

    def open_learn(self) -> None:
        """G: the Learn screen (the glossary); Esc comes back to this screen and its boxes as they were."""
        from .screens.learn import LearnScreen

        if self.screen.name == "learn":
            return
        screen, overlays = self.screen, list(self.overlays)

        def back() -> None:
            self.set_screen(screen)
            self.overlays = overlays

        self.set_screen(LearnScreen(self, back))

    def open_walkthrough(self) -> None:
        """The walkthrough of meters, markers and the modes: at the first start, and from the Learn screen (W)."""
        from .screens.walkthrough import WalkthroughOverlay

        if not (self.overlays and self.overlays[-1].name == "walkthrough"):
            self.overlays.append(WalkthroughOverlay(self))
        self.dirty = True

    def open_help(self) -> None:
        from .screens.overlays import HelpOverlay

        if not (self.overlays and self.overlays[-1].name == "help"):
            self.overlays.append(HelpOverlay(self))
        self.dirty = True

    def close_overlay(self) -> None:
        if self.overlays:
            self.overlays.pop()
        self.dirty = True

    def open_debrief(self) -> None:
        provider = hooks.debrief()
        if provider is None or self.screen.name != "end":
            return
        opener = getattr(provider, "open", None)
        if opener is not None:  # a provider with screens of its own
            opener(self)
            return
        try:
            sections = list(provider(self.session, self.flagged_turns))
        except Exception as exc:  # a faulty provider must not end the user's session
            self.toast(f"The debrief could not be produced: {exc}")
            return
        from .screens.overlays import DebriefScreen

        self.set_screen(DebriefScreen(self, self.screen, sections))

    # -- preferences -------------------------------------------------------------------------------------
    def use_settings(self, where: Path, *, theme: str | None = None, scale: float | None = None) -> None:
        """Start from the saved settings (flags on the command line win) and keep every change there."""
        from . import settings

        saved = settings.load(where)
        self.theme = THEMES[theme or saved.theme]
        self.scale = scale or saved.scale
        self.show_meters, self.show_state = saved.show_meters, saved.show_state
        self.detection, self.learning = saved.detection, saved.learning
        self.self_awareness, self.walkthrough_seen = saved.self_awareness, saved.walkthrough_seen
        self.settings_dir = where

    def _keep_settings(self) -> None:
        if self.settings_dir is None:
            return
        from . import settings

        problem = settings.save(settings.Settings(self.theme.name, self.scale, self.show_meters, self.show_state,
                                                  self.detection, self.learning, self.self_awareness,
                                                  self.walkthrough_seen), self.settings_dir)
        if problem:
            self.toast(f"Settings not kept for next time: {problem}")

    def toggle_meters(self) -> None:
        self.show_meters = not self.show_meters
        self._keep_settings()
        self.dirty = True

    def toggle_state(self) -> None:
        self.show_state = not self.show_state
        self._keep_settings()
        self.dirty = True

    def toggle_detection(self) -> None:
        self.detection = not self.detection
        self.toast("Detection mode: meters and state hidden; press R when you sense a rupture"
                   if self.detection else "Detection mode off")
        self._keep_settings()
        self.dirty = True

    def toggle_learning(self) -> None:
        self.learning = not self.learning
        self.toast("Learning mode: the patient's thoughts show; press H for a coach hint"
                   if self.learning else "Learning mode off")
        self._keep_settings()
        self.dirty = True

    def toggle_self_awareness(self) -> None:
        self.self_awareness = not self.self_awareness
        self.toast("Self-awareness practice: where the patient pulls at you, say first what you notice in yourself"
                   if self.self_awareness else "Self-awareness practice off")
        self._keep_settings()
        self.dirty = True

    def open_past_sessions(self) -> None:
        from .screens.past_sessions import PastSessionsScreen

        self._leave("Leave and see past sessions", lambda: self.set_screen(PastSessionsScreen(self)))

    def toggle_theme(self) -> None:
        self.theme = other(self.theme)
        self._keep_settings()
        self.dirty = True

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.dirty = True

    def zoom(self, step: int) -> None:
        """Ctrl+plus / Ctrl+minus: one step of the text scale; 0 resets it."""
        if step == 0:
            self.scale = 1.0
        else:
            i = min(range(len(SCALE_STEPS)), key=lambda k: abs(SCALE_STEPS[k] - self.scale))
            self.scale = SCALE_STEPS[max(0, min(len(SCALE_STEPS) - 1, i + step))]
        self.toast(f"Text size {round(self.scale * 100)}%")
        self._keep_settings()
        self.dirty = True

    def screenshot(self) -> Path | None:
        """F12: save the last frame as a PNG in the screenshot folder."""
        if self._surface is None:
            return None
        folder = self.screenshot_dir
        if folder is None:
            import platformdirs

            folder = Path(platformdirs.user_pictures_dir()) / "rupture"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = folder / f"rupture-{stamp}-{self.view_name()}.png"
            n = 1
            while path.exists():
                n += 1
                path = folder / f"rupture-{stamp}-{self.view_name()}-{n}.png"
            pygame.image.save(self._surface, str(path))
            if self.frame is not None:
                from . import layout_export

                layout_export.write(self, path)
        except (OSError, pygame.error) as exc:
            self.toast(f"Could not save the screenshot: {exc}")
            return None
        self.last_screenshot = path
        self.toast(f"Screenshot saved: {path}")
        return path

    def global_chips(self) -> list[Chip]:
        return [Chip("P", "Projector", self.toggle_theme, self.theme.name == "projector"),
                Chip("Ctrl±", "Text size", lambda: self.zoom(1) if self.scale < SCALE_STEPS[-1] else self.zoom(0)),
                Chip("F11", "Full screen", self.toggle_fullscreen, self.fullscreen),
                Chip("F12", "Screenshot", self.screenshot), Chip("F1", "Keys", self.open_help)]

    def in_background(self, note: str, work, done) -> None:
        """Run ``work`` without freezing the window; ``done(result, error)`` runs on the UI thread after."""
        from .background import Worker, run_now

        if not self.background:
            run_now(work, done)
            return
        self.work = Worker(note, work, done)
        self.dirty = True

    def toast(self, text: str, seconds: float = 2.5) -> None:
        self._toast = (text, self.now() + seconds)
        self.dirty = True

    # -- events -----------------------------------------------------------------------------------------
    def handle(self, event) -> None:
        et = event.type
        if et == pygame.QUIT:
            self.quit()
            return
        if et in REDRAW_EVENTS:
            self.dirty = True
            return
        if et in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED, pygame.WINDOWFOCUSGAINED):
            self.mouse, self._hover = None, None  # no hover highlight left behind where the pointer went away
            self.dirty = True
            return
        if et == pygame.MOUSEMOTION:
            self.mouse = event.pos
            hover = next((h for h in reversed(self.hits) if h.rect.collidepoint(event.pos)), None)
            if hover != self._hover:
                self._hover = hover
                self.dirty = True
            return
        if et == pygame.MOUSEBUTTONDOWN:
            if event.button != 1:
                return
            self.mouse = event.pos
            for h in reversed(self.hits):
                if h.rect.collidepoint(event.pos):
                    h.action()
                    self.dirty = True
                    return
            return
        if self.work is not None and et in (pygame.KEYDOWN, pygame.TEXTINPUT, pygame.MOUSEBUTTONDOWN):
            return  # nothing typed while the work runs may land on the screen it is about to replace
        if et == pygame.KEYDOWN and self._global_key(event):
            self.dirty = True
            return
        if self.top.handle(event):
            self.dirty = True

    def _global_key(self, event) -> bool:
        key, mod = event.key, event.mod
        ctrl = mod & pygame.KMOD_CTRL
        if key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        if key == pygame.K_F12:
            self.screenshot()
            return True
        if ctrl and key in PLUS_KEYS:
            self.zoom(1)
            return True
        if ctrl and key in MINUS_KEYS:
            self.zoom(-1)
            return True
        if ctrl and key in (pygame.K_0, pygame.K_KP0):
            self.zoom(0)
            return True
        if (key == pygame.K_F1 or getattr(event, "unicode", "") == "?") and not self.top.takes_text:
            self.open_help()
            return True
        if key == pygame.K_g and not ctrl and not self.top.takes_text and self.top.name in LEARN_FROM:
            self.open_learn()
            return True
        if key == pygame.K_p and not ctrl and not self.top.takes_text:
            self.toggle_theme()
            return True
        return False

    # -- time ---------------------------------------------------------------------------------------------
    def animating(self) -> bool:
        rough = self._figures is not None and self._figures.pending
        return self.screen.animating() or self.work is not None or rough

    def tick(self) -> None:
        """Called after waiting: keeps redrawing while something moves, and once when a toast expires."""
        if self.work is not None and self.work.ready():
            work, self.work = self.work, None
            work.deliver()
            self.dirty = True
        if self.animating():
            self.dirty = True
        if self._toast and self.now() >= self._toast[1]:
            self._toast = None
            self.dirty = True

    def wait_timeout(self) -> int | None:
        """How long the loop may sleep in milliseconds; None means until the next event."""
        if self.work is not None:
            from .background import POLL_MS

            return POLL_MS
        if self.animating():
            return ANIMATION_FRAME_MS
        if self._toast:
            return max(ANIMATION_FRAME_MS, round((self._toast[1] - self.now()) * 1000))
        return None

    # -- drawing ------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> Painter:
        w, h = surface.get_size()
        t = self.theme
        m = metrics(w, h, t, self.scale)
        self.texts.set_budget(max(16 << 20, 2 * w * h * 4))
        p = Painter(surface, t, m, self.fonts, self.texts, self.wraps, self.mouse, self.layers)
        if self._figures is not None:
            self._figures.pending = False
        if not self.screen.paints_background:
            surface.fill(t.bg)
        self.screen.draw(p)
        if self.overlays:
            p.hits.clear()
            if self._dim is None or self._dim.get_size() != (w, h):
                self._dim = pygame.Surface((w, h), pygame.SRCALPHA)
                self._dim.fill((0, 0, 0, 175))
            surface.blit(self._dim, (0, 0))
            for ov in self.overlays:
                ov.draw(p)
        if self.work is not None:
            self._draw_toast(p, self.work.note + " ·" * (1 + self.frames % 3))
        elif self._toast:
            self._draw_toast(p, self._toast[0])
        self.hits = p.hits
        self.frame = p
        self._surface = surface
        self.dirty = False
        self.frames += 1
        return p

    def _draw_toast(self, p: Painter, text: str) -> None:
        t, m = p.theme, p.m
        px = m.small
        natural = min(p.w - 4 * m.pad, p.width(text, px) + 2 * m.pad)
        widths = [w for w in dict.fromkeys((natural, p.w // 3, p.w // 4)) if w <= natural]
        sizes = [(w, len(p.wrap(text, px, w - 2 * m.pad)) * p.line_h(px) + 2 * m.pad) for w in widths]
        rect = notice_place(p, sizes)
        if rect is None and self._toast_on_title(p, text):
            return
        rect = rect or pygame.Rect((p.w - natural) // 2, m.pad // 2, *sizes[0])
        p.panel(rect, t.panel_hi, t.accent, m.line * 2)
        p.paragraph(text, rect.inflate(-2 * m.pad, -2 * m.pad), px, t.text, bg=t.panel_hi, panel=rect, role="toast")

    @staticmethod
    def _toast_on_title(p: Painter, text: str) -> bool:
        """When the dialogue fills the window, the notice goes in one line over the title's row, the one text
        that can spare its place for a moment; False when the screen has no title."""
        t, m = p.theme, p.m
        heads = [d.rect for d in p.drawn if d.role in ("header", "title")]
        if not heads:
            return False
        band = heads[0].unionall(heads[1:])
        px = p.fit_px(m.small, lambda s: p.line_h(s) + 2 * m.line <= band.h)
        width = min(p.w - 4 * m.pad, p.width(text, px) + 2 * m.pad)
        rect = pygame.Rect((p.w - width) // 2, band.y, width, band.h)
        p.panel(rect, t.panel_hi, t.accent, m.line * 2)
        p.text(p.ellipsize(text, px, width - 2 * m.pad), rect.x + m.pad, rect.y + (rect.h - p.line_h(px)) // 2, px,
               t.text, bg=t.panel_hi, panel=rect, role="toast")
        return True


KEPT_CLEAR = (("",), ("dialogue.", "choices.", "cue", "header"), ("dialogue.",))
"""What a notice keeps clear of besides the controls, most first: any text; the dialogue (interval included), the
moves' heading, the cue and the title; at the least, the dialogue."""


def notice_place(p: Painter, sizes: list[tuple[int, int]]) -> pygame.Rect | None:
    """Where a notice goes: for the most that can be kept clear (KEPT_CLEAR), the first place, low to high, at the
    first of ``sizes`` (width, height; widest first) that fits there; None when even the dialogue cannot be."""
    m = p.m
    controls = [h.rect for h in p.hits] + [rect for role, rect, _, _ in p.elements if role == "move"]
    for roles in KEPT_CLEAR:
        avoid = controls + [d.rect for d in p.drawn if d.role.startswith(roles)]
        for width, height in sizes:
            xs = dict.fromkeys(((p.w - width) // 2, m.pad, p.w - width - m.pad))
            bottom = p.h - height - 4 * m.pad - p.line_h(m.small)
            for y in [bottom, *range(bottom - m.pad, m.pad - 1, -max(4, m.gap))]:
                for x in xs:
                    rect = pygame.Rect(x, y, width, height)
                    if rect.collidelist(avoid) < 0:
                        return rect
    return None
