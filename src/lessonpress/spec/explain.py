"""Validate a loaded tree against a model and turn pydantic's errors into positioned, plain-English ones."""

from __future__ import annotations

import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from lessonpress.errors import Diagnostics, Pos, suggest
from lessonpress.spec.yamltree import PathKey, SourceMap, YNode, source_map, to_python

M = TypeVar("M", bound=BaseModel)

PATTERN_HELP = {
    "^[A-Z]$": "document letters are single capital letters A-Z",
    "^#[0-9a-fA-F]{6}$": "colours are written as #rrggbb, e.g. #1f4e79",
    "^[a-z0-9][a-z0-9_-]*$": "theme names use lowercase letters, digits, '-' and '_'",
}


def validate_node(model: type[M], node: YNode | None, path: Path, diags: Diagnostics, what: str) -> M | None:
    """The model, or None after adding every problem to `diags`."""
    data = to_python(node)
    if data is None and not _required(model):
        data = {}  # nothing is required: an empty file means "all defaults"
    if data is None:
        required = _required(model)
        listed = ", ".join(required[:-1]) + " and " + required[-1] if len(required) > 1 else required[0]
        diags.error(Pos(path), f"file is empty: a {what} needs at least {listed}")
        return None
    if not isinstance(data, dict):
        diags.error(source_map(node).find(()) or Pos(path), f"a {what} must be a mapping of 'key: value' lines, not a {_kind(data)}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        smap = source_map(node)  # positions are needed only to report problems
        for error in _most_telling(model, exc.errors()):
            pos, message = explain(model, error, smap)
            diags.error(pos or Pos(path), message)
        return None


def _required(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items() if f.is_required()]


@dataclass
class _Walk:
    data_path: PathKey
    last_type: Any  # the type expected at data_path's parent
    key_error: bool = False


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _wrong_type(error: Any) -> bool:
    return str(error["type"]).endswith(("_type", "_parsing"))


def _most_telling(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """For a value a union allows in several forms (students: 28 or a list of names), pydantic reports why each form
    failed; "must be a list" is noise beside "must be at most 200", so a wrong-type error is dropped when another
    error was found at the same place or inside it."""
    paths = [_walk(model, tuple(e["loc"])).data_path for e in errors]
    kept = []
    for error, path in zip(errors, paths, strict=True):
        if _wrong_type(error) and any(other[: len(path)] == path and not _wrong_type(e) for e, other in zip(errors, paths, strict=True)
                                      if e is not error):
            continue
        kept.append(error)
    # still two "wrong type" errors for one value (students: abc): keep the one about the form the value has
    for error in list(kept):
        twins = [e for e in kept if e is not error and _wrong_type(e) and e["loc"][:-1] == error["loc"][:-1]]
        if _wrong_type(error) and twins and (error["type"] == "list_type") != isinstance(error.get("input"), list):
            kept.remove(error)
    return kept


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}


def _walk(root: type[BaseModel], loc: tuple[Any, ...]) -> _Walk:
    """Map pydantic's loc (which includes union tags) to the path in the user's data."""
    current: Any = root
    parent: Any = root
    data: list[str | int] = []
    key_error = False
    for item in loc:
        tp = _unwrap(current)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            members = {m: m for m in get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)}
            tagged = [m for m in members if "type" in m.model_fields and item in get_args(m.model_fields["type"].annotation)]
            if tagged:
                current = tagged[0]
                continue
            plain = [m for m in get_args(tp) if m is not type(None)]
            if isinstance(item, str) and len(plain) > 1 and not members:
                current = Any  # pydantic's name of a union member (e.g. 'constrained-int'), not a key of the user's data
                continue
            tp = _unwrap(current)
        parent = tp
        if item == "[key]":
            key_error = True
            continue
        data.append(item)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            current = _fields(tp).get(item, Any)
        elif origin is list:
            current = get_args(tp)[0]
        elif origin is dict:
            current = get_args(tp)[1]
        else:
            current = Any
    return _Walk(tuple(data), parent, key_error)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "empty value"
    return f"text ('{_short(str(value))}')"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(path: PathKey) -> str:
    if not path:
        return "this file"
    last = path[-1]
    if isinstance(last, int):
        return f"item {last + 1} of '{_name(path[:-1]).strip(chr(39))}'"
    return f"'{last}'"


def explain(root: type[BaseModel], error: Any, smap: SourceMap) -> tuple[Pos | None, str]:
    walk = _walk(root, tuple(error["loc"]))
    path = walk.data_path
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    name = _name(path)
    if kind == "missing":
        return smap.find(path[:-1]), f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        allowed = _fields(walk.last_type) if isinstance(walk.last_type, type) and issubclass(walk.last_type, BaseModel) else {}
        hint = suggest(str(path[-1]), set(allowed))
        if not hint and allowed:
            hint = f" (allowed here: {', '.join(allowed)})"
        return smap.find(path, prefer_key=True), f"unknown key '{path[-1]}'{hint}"
    if kind == "union_tag_invalid":
        expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        tag = str(ctx.get("tag"))
        hint = suggest(tag, set(expected)) or f"; use one of: {', '.join(expected)}"
        return smap.find(path + ("type",)), f"unknown exercise type '{tag}'{hint}"
    if kind == "union_tag_not_found":
        return smap.find(path), "this exercise needs a 'type' (e.g. type: sourcing)"
    if kind == "blank":
        if not walk.key_error:
            return smap.find(path), f"{name} must not be blank"
        message = error["msg"] if error["msg"] != "must not be blank" else f"a key in {_name(path[:-1])} must not be blank"
        return smap.find(path, prefer_key=True), message
    if walk.key_error:
        help_text = PATTERN_HELP.get(str(ctx.get("pattern")), error["msg"])
        return smap.find(path, prefer_key=True), f"key '{path[-1]}' is not allowed: {help_text}"
    pos = smap.find(path)
    if given is None and kind.endswith("_type"):
        return pos, f"{name} is empty: give it a value or remove the key"
    if kind == "int_parsing_size":
        return pos, f"{name} is far too large a number"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return pos, f"{name} must be a whole number, not {_kind(given)}"
    if kind in ("float_parsing", "float_type"):
        return pos, f"{name} must be a number, not {_kind(given)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        word = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most", "less_than": "less than"}[kind]
        return pos, f"{name} must be {word} {bound}, not {_short(str(given))}"
    if kind == "string_type":
        return pos, f"{name} must be text, not a {_kind(given)}"
    if kind == "list_type":
        return pos, f"{name} must be a list (written [a, b] or as lines starting with '- '), not a {_kind(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return pos, f"{name} must be a mapping of 'key: value' lines, not a {_kind(given)}"
    if kind == "literal_error":
        wanted = str(ctx.get("expected", "")).replace("'", "")
        options = [o.strip() for o in wanted.replace(" or ", ",").split(",") if o.strip()]
        return pos, f"{name} must be one of {', '.join(options)}, not '{_short(str(given))}'{suggest(str(given), set(options))}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") in PATTERN_HELP:
            return pos, f"{name} '{_short(str(given))}' is not valid: {PATTERN_HELP[ctx['pattern']]}"
        return pos, f"{name} '{_short(str(given))}' is not a valid id: use lowercase letters, digits and '-' (e.g. glf-evidence-lab)"
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return pos, f"{name} needs {word} {bound} item{'s' if bound != 1 else ''}"
    if kind == "string_too_short":
        return pos, f"{name} must not be empty"
    if kind == "string_too_long":
        return pos, f"{name} is too long (at most {ctx.get('max_length')} characters)"
    if kind.startswith("date"):
        return pos, f"{name} must be a date written YYYY-MM-DD (e.g. 2026-11-30), not '{_short(str(given))}'"
    if kind == "bool_parsing":
        return pos, f"{name} must be true or false, not '{_short(str(given))}'"
    if kind == "value_error":
        return pos, str(error["msg"]).removeprefix("Value error, ")
    return pos, f"{name}: {error['msg']}"
