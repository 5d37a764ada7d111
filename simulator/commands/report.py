"""rupture report: the debrief of one or more transcripts, as HTML, Markdown or JSON.

Each profile is loaded once per run, and the better-move search's lines are kept on disk
(simulator.debrief.line_store), so reporting a class again does not search again.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..debrief import line_store
from ..debrief.build import build_debrief
from ..debrief.class_summary import summarise
from ..engine.diagnostics import ProfileError
from ..engine.patient import Patient
from ..storage import transcript
from ..storage.records import RecordError
from ..storage.sessions_store import patient_for
from .common import guarded, load_patient

ORDER = 25

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def register(sub) -> None:
    p = sub.add_parser("report", help="debrief transcripts: an HTML or Markdown report, or JSON")
    p.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT",
                   help="transcript files (.json) from 'rupture run --json' or the sessions folder")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE (.html or .md); without it, Markdown goes to stdout")
    p.add_argument("--json", action="store_true", help="print the debrief as JSON")
    p.add_argument("--patient", metavar="PROFILE",
                   help="replay on this profile (bundled id or .yaml path) instead of the recorded one")
    p.add_argument("--no-search", action="store_true", help="leave out the better-move search (faster)")
    p.set_defaults(func=run)


class _Profiles:
    """The profile of each transcript, loaded once per run: a class's transcripts share one or two patients."""

    def __init__(self) -> None:
        self.loaded: dict[tuple, Patient] = {}

    def of(self, data: dict, path: str) -> Patient:
        """What sessions_store.patient_for gives; a profile that fails is tried again (its error names ``path``)."""
        key = (data.get("patient"), data.get("profile_path"), data.get("profile_sha256"))
        patient = self.loaded.get(key)
        if patient is None:
            patient = self.loaded[key] = patient_for(data, path)
        return patient


def _debrief(path: str, override, search: bool, profiles: _Profiles):
    """The debrief of one transcript; None after saying on stderr why it cannot be made, or the unreadable file's error."""
    try:
        data = transcript.read_transcript(path)
    except RecordError as exc:
        print(f"rupture: {exc}", file=sys.stderr)
        return exc
    try:
        patient = override or profiles.of(data, path)
        return build_debrief(data, patient, search=search)
    except transcript.TranscriptError as exc:
        message = str(exc)
        print(f"rupture: {message if message.startswith(path) else f'{path}: {message}'}", file=sys.stderr)
    except ProfileError as exc:
        print(exc, file=sys.stderr)
        print(f"rupture: {path}: its profile does not load; fix it or give another with --patient", file=sys.stderr)
    return None


@contextmanager
def _kept_out_of_collection() -> Iterator[None]:
    """While a report is made, what has been read and debriefed stays until the report is written; frozen
    (``gc.freeze``) after each transcript, it is not walked again by every later collection, which cost a
    sixth of a 200-transcript report. Unfrozen afterwards, so a caller in the same process loses nothing."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@guarded
def run(args) -> int:
    with _kept_out_of_collection():
        return _report(args)


def _report(args) -> int:
    fmt = None
    if args.output:
        fmt = FORMATS.get(Path(args.output).suffix.lower())
        if fmt is None:
            print(f"rupture: cannot tell the format of '{args.output}': name it .html or .md", file=sys.stderr)
            return 2
    override = load_patient(args.patient) if args.patient else None
    debriefs, sources, unreadable = [], [], 0
    profiles = _Profiles()
    try:
        for path in args.transcripts:
            d = _debrief(path, override, not args.no_search, profiles)
            if isinstance(d, RecordError):
                unreadable += 1
            elif d is not None:
                debriefs.append(d)
                sources.append(Path(path).name)
            gc.freeze()
    finally:
        line_store.flush()
    if not debriefs:
        return 2 if unreadable else 1
    if args.json:
        if len(debriefs) == 1:
            payload = debriefs[0].to_json()
        else:
            payload = {"format": "rupture-class-debrief", "version": 1,
                       "debriefs": [d.to_json() for d in debriefs],
                       "class_summary": summarise(debriefs, sources).to_json()}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    if fmt or not args.json:
        if fmt == "html":
            from ..debrief.report_html import render_html
            text = render_html(debriefs, sources)
        else:
            from ..debrief.report_md import render_md
            text = render_md(debriefs, sources)
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                print(f"rupture: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
                return 1
            print(f"wrote {args.output} ({len(debriefs)} session{'s' if len(debriefs) != 1 else ''})", file=sys.stderr)
        else:
            sys.stdout.write(text)
    return 0 if len(debriefs) == len(args.transcripts) else 2 if unreadable else 1
