"""JSON Schemas for editors (YAML language servers use them for completion and checking)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lessonpress.spec.models import Curriculum, Lesson, MaterialMeta, WorkspaceSettings

KINDS: dict[str, type[BaseModel]] = {
    "lesson": Lesson,  # replaced by the registry's lesson model, which knows every exercise type
    "curriculum": Curriculum,
    "material": MaterialMeta,
    "workspace": WorkspaceSettings,
}
# Fields people write unquoted although they are text: let editors accept numbers there.
_NUMBERS_OK = {"grade", "date", "course"}


def json_schema(kind: str = "lesson") -> dict[str, Any]:
    if kind == "report":
        from lessonpress.analysis.report import UnitReport

        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **UnitReport.model_json_schema()}
    if kind == "lesson":
        from lessonpress.exercises import lesson_model

        model: type[BaseModel] = lesson_model()
    else:
        model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _loosen(schema)
    if kind == "lesson":
        _add_overlay(schema)
    return schema


def _relax(node: Any) -> Any:
    """An overlay's version of a schema: nothing required, null removes, lists may be edited by position."""
    if isinstance(node, list):
        return [_relax(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _relax(value) for key, value in node.items() if key not in ("required", "default")}
    if "$ref" in out:
        out["$ref"] = out["$ref"] + "Overlay"
    if "discriminator" in out:
        out["discriminator"] = {**out["discriminator"], "mapping": {k: v + "Overlay" for k, v in out["discriminator"]["mapping"].items()}}
        out.pop("discriminator")  # a position edit may leave out 'type'
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = {"anyOf": [out["additionalProperties"], {"type": "null"}]}
    if isinstance(out.get("patternProperties"), dict):
        out["patternProperties"] = {k: {"anyOf": [v, {"type": "null"}]} for k, v in out["patternProperties"].items()}
    if out.get("type") == "array":
        item = {"anyOf": [out.get("items", {}), {"type": "null"}]}
        positions = {"type": "object", "patternProperties": {"^[0-9]+$": item}, "additionalProperties": False}
        return {"anyOf": [out, positions, {"type": "null"}]}
    if "properties" in out:
        out["properties"] = {k: {"anyOf": [v, {"type": "null"}]} for k, v in out["properties"].items()}
    return out


def _add_overlay(schema: dict[str, Any]) -> None:
    """Lessons with `extends` inherit the rest, so they are checked against the relaxed definitions."""
    defs = schema.setdefault("$defs", {})
    for name, definition in list(defs.items()):
        defs[f"{name}Overlay"] = _relax(definition)
    top = {key: schema[key] for key in ("properties", "required", "additionalProperties", "type") if key in schema}
    defs["LessonOverlay"] = {**_relax(top), "required": ["id", "extends"]}
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"$ref": "#/$defs/LessonOverlay"}
    schema["else"] = {"required": schema.pop("required")}
    schema["properties"] = {key: {} for key in schema["properties"]}


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
