"""The one table of keys: the footer's chips, the F1 help overlay and the README's key table all come from it.

No pygame here, so a test can compare the README with it without a display.
"""

from __future__ import annotations

KEYS: tuple[tuple[str, str], ...] = (
    ("1–9, 0", "choose a move; on the patient menu, a patient (0 is the tenth)"),
    ("arrows, Enter", "move between buttons, press one"),
    ("Backspace or Ctrl+Z", "take back the last move; the conversation continues from there"),
    ("Home", "rewind to any earlier turn"),
    ("PgUp / PgDn / End", "scroll the conversation back, forward, or to the newest line"),
    ("M / S", "hide or show the meters / the clinical state panel (practice without cues)"),
    ("D", "detection mode: meters and state hidden, you flag the ruptures you sense"),
    ("R", "in detection mode, flag (or unflag) a rupture at this turn"),
    ("L", "learning mode: the patient's thoughts show, and coach hints are on offer"),
    ("H", "in learning mode, a coach hint (counted in the debrief)"),
    ("N", "self-awareness practice: where the patient pulls at you, first say what you notice in yourself"),
    ("Space", "in a replay, the next move of the transcript"),
    ("B", "at the end of a session, the debrief"),
    ("P", "projector theme: high contrast, large type"),
    ("Ctrl+plus / Ctrl+minus / Ctrl+0", "larger / smaller / normal text"),
    ("G", "on the title, briefing, hint, end and debrief screens: Learn, what the words of the model mean "
           "(W there: the first-run walkthrough again)"),
    ("F1 or ?", "this table of keys"),
    ("F5", "reload the profile from disk and replay the moves so far"),
    ("F11", "fullscreen"),
    ("F12", "save a screenshot, with its layout JSON beside it"),
    ("T", "free response: type what you would say instead of choosing (below)"),
    ("Esc", "menu: resume, restart, back to patients, quit"),
)

ALWAYS_SHOWN = ("F1", "Esc")
"""Chips the footer keeps when it has to leave others out: the way to every key, and the way out."""


def readme_rows(markdown: str) -> list[tuple[str, str]]:
    """The rows of the README's ``| key | does |`` table."""
    rows, inside = [], False
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells == ["key", "does"]:
            inside = True
            continue
        if inside:
            if not line.startswith("|"):
                break
            if set(line.replace("|", "").strip()) <= set("-: "):
                continue
            rows.append((cells[0], cells[1]))
    return rows
