"""The options of ``rupture play``, kept free of heavy imports so the window opens fast."""

from __future__ import annotations

import argparse

HELP = "play sessions in a window (pygame-ce): alone, or on a projector for a class"


def size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (320 <= w <= 16384 and 240 <= h <= 16384):
        raise argparse.ArgumentTypeError(f"{w}x{h} is out of range; try something from 1024x768 to 3840x2160")
    return w, h


def text_scale(text: str) -> float:
    """``1.7`` or ``170%``: the text size at start, as Ctrl+plus and Ctrl+minus set it."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a text scale like 1.7 or 170%") from None
    if not 0.7 <= value <= 2.0:
        raise argparse.ArgumentTypeError(f"{text} is out of range; use 0.7 to 2.0 (70% to 200%)")
    return value


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("patient", nargs="?", metavar="PATIENT",
                   help="bundled patient id or path to a .yaml profile: go straight to its briefing")
    p.add_argument("--replay", metavar="TRANSCRIPT", help="replay a saved transcript (.json) turn by turn; Space steps")
    p.add_argument("--vote", action="store_true",
                   help="with --replay, for a class: Space shows the moves on offer and waits; Space again reveals "
                        "the move taken and the reply; B shows the better move from that point beside it")
    p.add_argument("--seed", type=int, default=0, help="seed for reply variants (default 0; a replay uses its own)")
    p.add_argument("--size", type=size, metavar="WxH", help="window size, e.g. 1920x1080 (default 1280x800)")
    p.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")
    p.add_argument("--projector", action="store_true", help="start in the high-contrast projector theme (P toggles)")
    p.add_argument("--text-scale", type=text_scale, metavar="SCALE",
                   help="text size at start, 0.7 to 2.0 or 70%%..200%% (default: the saved setting, else 1.0); "
                        "Ctrl+plus/minus change it, Ctrl+0 resets it")
    p.add_argument("--screenshots", metavar="DIR",
                   help="save a PNG of every screen and turn to DIR, named in order; a replay then runs to its end "
                        "by itself and exits")
    p.add_argument("--data-dir", metavar="DIR",
                   help="where sessions are saved, after every turn (default: RUPTURE_DATA_DIR, else your user data "
                        "folder); finished sessions are kept there, and an unfinished one is offered back at the next start")
    p.add_argument("--exit-after-first-frame", action="store_true",
                   help="quit as soon as the first frame is on screen (for start-up timing and smoke tests)")


def parser(prog: str = "rupture play") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=HELP[0].upper() + HELP[1:] + ".")
    add_arguments(p)
    return p

