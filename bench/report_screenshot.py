"""Render sample debrief reports and screenshot them in headless Chromium, to look at.

    python bench/report_screenshot.py [--out DIR]

Writes DIR/report.html (two Maya sessions and a class summary), DIR/report.md,
and DIR/report.png (1280x2000, or --height) when Chromium is installed (Debian: apt-get
install chromium). Without Chromium it still writes the reports and says how
to get the screenshot. Exit status 0 only when the PNG was written.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.debrief import PlayRecord, build_debrief  # noqa: E402
from simulator.debrief.report_html import render_html  # noqa: E402
from simulator.debrief.report_md import render_md  # noqa: E402
from simulator.engine.catalogue import load  # noqa: E402
from simulator.engine.session import Session  # noqa: E402

SESSIONS = [
    ("Alex", "notice_hesitation,invite_feelings,link_here_and_now,validate_hesitation,rework_plan", [1, 3],
     {"tension": 3, "resolved": 5, "bond": 70, "goals": 70, "tasks": 55}),
    ("Sam <script>alert(1)</script>", "start_worksheet,push_for_answer,notice_hesitation,invite_feelings", [2, 4, 5],
     {"tension": 2, "resolved": 3, "bond": 60, "goals": 60, "tasks": 50}),
]


def sample_debriefs():
    patient = load("maya")
    out = []
    for trainee, moves, flags, answers in SESSIONS:
        session = Session(patient)
        record = PlayRecord(trainee=trainee, detection_mode=True)
        for move in moves.split(","):
            if move not in session.options():
                break
            session.choose(move)
        record.flags.update(f for f in flags if f <= session.turn)
        record.answer(answers)
        out.append(build_debrief(record.transcript(session), patient))
    return out


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(html: Path, png: Path, browser: str, height: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size=1280,{height}", html.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=tempfile.gettempdir(), help="folder for report.html/.md/.png")
    parser.add_argument("--height", type=int, default=2000, help="window height in pixels (default 2000)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    debriefs = sample_debriefs()
    sources = ["alex.json", "sam.json"]
    html = out / "report.html"
    html.write_text(render_html(debriefs, sources), encoding="utf-8")
    (out / "report.md").write_text(render_md(debriefs[:1], sources[:1]), encoding="utf-8")
    print(f"wrote {html} and {out / 'report.md'}")
    browser = chromium()
    if browser is None:
        print("Chromium is not installed, so no screenshot: on Debian run "
              "'apt-get update && apt-get install -y chromium', then run this script again.")
        return 1
    png = out / "report.png"
    screenshot(html, png, browser, args.height)
    if not png.is_file() or png.stat().st_size == 0:
        print(f"Chromium ran but wrote no screenshot at {png}")
        return 1
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
