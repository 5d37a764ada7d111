"""rupture schema: the profile JSON Schema (draft-07), for editors' YAML plugins."""

from __future__ import annotations

import json

from ..engine.schema_export import profile_schema

ORDER = 60


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the profile JSON Schema (draft-07)")
    p.set_defaults(func=run)


def run(args) -> int:
    print(json.dumps(profile_schema(), indent=2, ensure_ascii=False))
    return 0
