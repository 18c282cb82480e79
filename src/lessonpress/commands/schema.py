"""`lessonpress schema`: the JSON Schema of a spec kind, for editors."""

from __future__ import annotations

from typing import Any

from lessonpress.spec.schema import json_schema

KINDS = ("lesson", "curriculum", "material", "workspace", "report")


def schema(kind: str = "lesson") -> dict[str, Any]:
    return json_schema(kind)
