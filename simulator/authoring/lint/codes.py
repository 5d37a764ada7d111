"""Every lint finding's stable code, its severity and a one-line title (docs/diagnostics.md has a page each).

The letter says the severity: E is an error (``rupture check`` exits 1), W a
warning, N a note about the check itself. Codes are never reused for a different
finding, so an instructor's notes and CI logs keep meaning the same thing.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    "E200": "no route reaches a resolved ending",
    "W201": "the patient can never drop out",
    "W210": "a state that no session can reach",
    "W211": "a beat that no session can reach",
    "W212": "a reply that no session can get",
    "W213": "a state with no way out that is not an ending",
    "W214": "a condition that can never hold",
    "W215": "a point where every move on offer is disabled at once",
    "W220": "a move that no beat offers",
    "W221": "a flag that is declared but never set or read",
    "W222": "a flag that is set but never read",
    "W223": "a flag that is read but never set",
    "W230": "a patient line without a nonverbal cue",
    "W231": "a rupture marker on a reply that leads into a state that is not a rupture",
    "W232": "a meter effect that can never change the meter",
    "W233": "a meter effect that is routinely cut off at 0 or 100",
    "W234": "a blank patient line",
    "W235": "a free-response example that reads closer to another move on offer than to its own",
    "W236": "the patient says the same line three or more times in a row",
    "W237": "a session of a course that no reply opens",
    "N240": "the search could not decide",
    "W250": "a working state or an ending that says which relationship or who caused a rupture",
    "W251": "a move that links to other relationships and claims to honour no_early_parallel",
    "W252": "an opening marker on a working state",
    "W253": "a real-relationship rupture that reaches resolution within three moves",
    "W254": "an apology into a patient-caused rupture that gains alliance",
    "W255": "a resolution that no clean route reaches",
}

SEVERITY = {"E": "error", "W": "warning", "N": "note"}


def severity(code: str) -> str:
    return SEVERITY[code[0]]
