"""The profile JSON Schema in draft-07, the dialect YAML editor plugins read.

pydantic writes draft 2020-12 (``$defs``); draft-07 keeps definitions under
``definitions``, so the references are rewritten to match.
"""

from __future__ import annotations

from .profile_model import Profile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def profile_schema() -> dict:
    schema = Profile.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    out = {"$schema": DRAFT_07}
    out.update(schema)
    out["definitions"] = definitions
    return out
