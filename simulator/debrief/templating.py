"""The Jinja2 environments the reports render with: HTML autoescaped, Markdown escaped for Markdown.

Profiles and transcripts are shared data, so nothing from them may reach a
report as markup: the HTML environment escapes every value, and the Markdown
one escapes HTML characters and Markdown's own punctuation in every value.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..engine.vocabulary import STAGES, STRATEGIES

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")

_ESCAPED: dict[str, str] = {}
"""Text already escaped: a class's report writes the same lines, moves and names thousands of times."""

_ESCAPED_SIZE = 100_000


def md_escape(value) -> str:
    """Safe inside Markdown text and table cells: HTML characters as entities, punctuation backslashed."""
    kind = type(value)
    if kind is int or kind is float:
        return str(value)  # digits, '-', '.', 'e', 'inf', 'nan': nothing to escape, no spaces to fold
    if kind is str:
        out = _ESCAPED.get(value)
        if out is None:
            if len(_ESCAPED) >= _ESCAPED_SIZE:
                _ESCAPED.clear()
            out = _ESCAPED[value] = _escape(value)
        return out
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return _escape(str(value))


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def signed(n) -> str:
    return f"{n:+d}" if isinstance(n, int) else f"{n:+.1f}"


def stage_text(stage: str | None) -> str:
    return STAGES.get(stage, "working collaboration") if stage else "working collaboration"


def times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def strategy_texts(ids) -> str:
    return "; ".join(STRATEGIES[i][1] for i in ids) if ids else "none"


def cause_text(cause: str | None) -> str:
    """Who caused a rupture, in words with the clinical model's consequence."""
    return {
        "therapist": "the therapist's side (an apology, then exploration, helps: §2)",
        "patient": "the patient's own pattern (sensitive exploration helps; an apology does not: §2)",
        "both": "both of you: it is co-created (own your part, explore the rest: §2)",
    }.get(cause or "", "not said")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _DataEnvironment(Environment):
    """Looks a plain dict's keys up first: the reports read debriefs as dicts (``d.outcome.turns``), and Jinja's
    own order (the attribute, then the key) raises and catches an AttributeError for every such read. The result
    is Jinja's: a dict has an attribute only when the dict type has it."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _common(env: Environment) -> Environment:
    env.filters["signed"] = signed
    env.filters["stage_text"] = stage_text
    env.filters["times"] = times
    env.filters["strategy_texts"] = strategy_texts
    env.filters["cause_text"] = cause_text
    return env


@lru_cache(maxsize=None)
def html_env() -> Environment:
    return _common(_DataEnvironment(loader=PackageLoader("simulator.debrief", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True))


@lru_cache(maxsize=None)
def md_env() -> Environment:
    return _common(_DataEnvironment(loader=PackageLoader("simulator.debrief", "templates"), autoescape=False,
                               finalize=md_escape, undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True))

