"""What a profile declares and never uses: moves no beat offers, flags no reply sets or no condition reads."""

from __future__ import annotations

from ...engine.conditions import flags_read
from ...engine.patient import Patient
from .report import Report


def flag_usage(patient: Patient) -> tuple[set[str], set[str], set[str]]:
    """(flags some reply sets, flags some reply clears, flags some condition reads)."""
    sets: set[str] = set()
    clears: set[str] = set()
    reads: set[str] = set()
    for state in patient.spec.states.values():
        for beat in state.beats.values():
            for opt in beat.options:
                reads |= flags_read(opt.when)
                sets |= set(opt.set)
                clears |= set(opt.clear)
                for br in opt.branches:
                    reads |= flags_read(br.when)
                    sets |= set(br.set)
                    clears |= set(br.clear)
    return sets, clears, reads


def check(patient: Patient, report: Report) -> None:
    spec = patient.spec
    offered = {opt.move for state in spec.states.values() for beat in state.beats.values() for opt in beat.options}
    for mid in spec.moves:
        if mid not in offered:
            report.add("W220", ("moves", mid), f"move '{mid}' is in the library but no beat offers it",
                       "offer it in a beat ('- move: " + mid + "'), or remove it from 'moves'", key=True)
    sets, clears, reads = flag_usage(patient)
    for flag in spec.flags:
        loc = ("flags", flag)
        if flag not in sets and flag not in reads and flag not in clears:
            report.add("W221", loc, f"flag '{flag}' is declared but no reply sets it and no condition reads it",
                       "set it in a reply ('set: [" + flag + "]') and read it in a 'when', or remove it", key=True)
        elif flag not in reads:
            report.add("W222", loc, f"flag '{flag}' is set but no condition reads it, so it never changes the session",
                       "read it in a 'when' (flags: [" + flag + "]) where remembering it should matter, or remove it",
                       key=True)
        elif flag not in sets:
            report.add("W223", loc, f"flag '{flag}' is read but no reply sets it: 'flags: [{flag}]' never holds "
                       f"and 'not_flags: [{flag}]' always does",
                       "add 'set: [" + flag + "]' to the reply after which the patient should remember it", key=True)
