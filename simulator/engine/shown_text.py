"""What text may be shown to a trainee: no control characters, nothing that is invisible only.

A control character that reaches a terminal can retitle it, clear it or write the
clipboard; one that reaches the window's font renderer can crash it; text made
only of zero-width characters shows nothing at all. Every displayed field of a
profile, transcript or save is checked here, once, with the reason in words.
"""

from __future__ import annotations

import unicodedata

from pydantic_core import PydanticCustomError

ERROR_TYPE = "shown_text"
"""The pydantic error type the profile loader reports as R101."""

_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 9: "TAB", 10: "LINE FEED", 13: "CARRIAGE RETURN", 27: "ESC",
          0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CSI", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR"}
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}
_BLANK_LETTERS = {0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800}
"""Letters and symbols that draw as nothing; a text made of them alone is as empty as one of spaces."""


def _is_control(code: int) -> bool:
    return code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029) or code in _BIDI


def _is_invisible(char: str) -> bool:
    return (char.isspace() or ord(char) in _BLANK_LETTERS
            or unicodedata.category(char) in ("Cf", "Cc", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"))


def problem(text: str, *, lines: bool = False) -> str | None:
    """Why ``text`` cannot be shown, or None; ``lines`` allows '\\n' (and only it) between lines."""
    for i, char in enumerate(text):
        code = ord(char)
        if lines and char == "\n":
            continue
        if _is_control(code):
            name = _NAMES.get(code) or unicodedata.name(char, "a control character")
            where = f" at character {i + 1}" if len(text) > 1 else ""
            what = "a line break" if code in (10, 13, 0x85, 0x2028, 0x2029) else f"the control character U+{code:04X} ({name})"
            if code in _BIDI:
                what = f"the direction override U+{code:04X}"
            return f"the text holds {what}{where}, which cannot be shown as text"
    if text and all(_is_invisible(c) for c in text):
        return "the text is only invisible characters (spaces or zero-width characters)"
    return None


def _check(text: str, lines: bool) -> str:
    found = problem(text, lines=lines)
    if found:
        raise PydanticCustomError(ERROR_TYPE, found)
    return text


def one_line(text: str) -> str:
    """A pydantic validator: shown on one line (a name, a label)."""
    return _check(text, False)


def multi_line(text: str) -> str:
    """A pydantic validator: shown text that may break over lines with '\\n'."""
    return _check(text, True)
