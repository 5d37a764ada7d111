"""rupture proof: the whole profile as readable Markdown for a supervisor who does not read YAML."""

from __future__ import annotations

import sys
from pathlib import Path

from ..authoring.explore import explore
from ..authoring.proof import render
from .common import guarded, load_patient

ORDER = 49


def register(sub) -> None:
    p = sub.add_parser("proof", help="write a profile as a readable document (Markdown)",
                       description="Write the whole profile as Markdown: briefing, meters and dropout rule, "
                       "what the patient remembers, every state, beat, move and reply (conditions in words), "
                       "the endings, the move library, and the expert and dropout routes.")
    p.add_argument("patient", metavar="PATIENT", help="bundled patient id or path to a .yaml profile")
    p.add_argument("-o", "--output", metavar="FILE.md", help="where to write (default: print it)")
    p.add_argument("--force", action="store_true", help="write over FILE.md when it exists (never over a profile)")
    p.set_defaults(func=run)


def refusal(out: Path, patient_path: str, force: bool) -> str | None:
    """Why ``out`` must not be written, or None: never a profile, and never an existing file unless forced."""
    if out.suffix.lower() in (".yaml", ".yml") or (Path(patient_path).exists() and out.exists()
                                                    and out.resolve() == Path(patient_path).resolve()):
        return f"{out} is a profile; the proof is not written over it. Name the output FILE.md"
    if out.is_dir():
        return f"{out} is a folder; name a FILE.md inside it"
    if (out.exists() or out.is_symlink()) and not force:
        return f"{out} exists; give --force to write over it, or name another file"
    return None


@guarded
def run(args) -> int:
    patient = load_patient(args.patient)
    if args.output:
        refused = refusal(Path(args.output), patient.path, args.force)
        if refused:
            print(f"rupture: {refused}", file=sys.stderr)
            return 2
    text = render(patient, explore(patient))
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"rupture: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}")
    return 0
