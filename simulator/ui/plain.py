"""Section marks out of what the window shows: "§3", "(§4.7)", "clinical model §5" mean nothing to a trainee.

Profiles, hints and the debrief cite the clinical model by section for authors
and instructors; the window shows the words without the citations. Every line
the Painter wraps or draws passes through ``plain``, so no screen can show one.
"""

from __future__ import annotations

import re

_NUM = r"§\s?\d+(?:\.\d+)*(?:\s*(?:[,;–-]|and)\s*§?\s?\d+(?:\.\d+)*)*"
_SOURCE = r"(?:(?:see\s+)?(?:[\w/.-]+\.md|the\s+clinical\s+model|clinical\s+model)\s*,?\s*)?"
_BRACKETED = re.compile(r"\s*[(\[]\s*" + _SOURCE + _NUM + r"\s*[)\]]")
_BARE = re.compile(_SOURCE + _NUM + r"\s*[:,]?\s*")


def plain(text: str) -> str:
    """``text`` without clinical-model section citations; unchanged (and fast) when it has none."""
    if "§" not in text:
        return text
    out = _BARE.sub("", _BRACKETED.sub("", text))
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"\s+([.,;:)])", r"\1", out)
    out = re.sub(r"\(\s*\)", "", out)
    return out.strip() if text.strip() == text else out
