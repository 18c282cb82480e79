from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from conftest import EXAMPLE_LESSONS, REPO

from lessonpress.spec.schema import json_schema


@pytest.mark.parametrize("kind", ["lesson", "curriculum"])
def test_committed_schema_is_current(kind: str) -> None:
    committed = json.loads((REPO / "docs" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(kind), f"run: lessonpress schema --kind {kind} > docs/{kind}.schema.json"


def _as_editor_sees_it(path: Path) -> Any:
    # an editor reads YAML with its own (1.2 core) schema; dates are plain strings in JSON
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("path", EXAMPLE_LESSONS, ids=[p.name for p in EXAMPLE_LESSONS])
def test_schema_accepts_the_examples(path: Path) -> None:
    jsonschema.validate(_as_editor_sees_it(path), json_schema("lesson"))


def test_schema_accepts_the_curriculum() -> None:
    jsonschema.validate(_as_editor_sees_it(REPO / "lesson_specs" / "unit-glf.curriculum.yaml"), json_schema("curriculum"))


def test_schema_rejects_an_unknown_key() -> None:
    with pytest.raises(jsonschema.ValidationError, match="titel"):
        jsonschema.validate({"id": "x", "title": "t", "central_question": "q", "titel": "t"}, json_schema("lesson"))
