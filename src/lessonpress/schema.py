"""JSON Schemas for editors (YAML language servers use them for completion and checking)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .models import Curriculum, Lesson, MaterialMeta, WorkspaceSettings

KINDS: dict[str, type[BaseModel]] = {
    "lesson": Lesson,
    "curriculum": Curriculum,
    "material": MaterialMeta,
    "workspace": WorkspaceSettings,
}
# Fields people write unquoted although they are text: let editors accept numbers there.
_NUMBERS_OK = {"grade", "date", "course"}


def json_schema(kind: str = "lesson") -> dict[str, Any]:
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _loosen(schema)
    return schema


def _loosen(node: Any) -> None:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if name in _NUMBERS_OK:
                for option in prop.get("anyOf", [prop]):
                    if option.get("type") == "string" and "format" not in option:
                        option["type"] = ["string", "number"]
        for value in node.values():
            _loosen(value)
    elif isinstance(node, list):
        for value in node:
            _loosen(value)
