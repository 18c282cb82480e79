"""Property-based tests: generated lesson specs, valid and slightly broken, through check and build.

Never a traceback, always exit 0 or 1, every error has path:line:col, and a
handout never contains the guide's answers. The default run is short for CI;
set LESSONPRESS_HYPOTHESIS_EXAMPLES=2000 for a long run.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import Cli, copy_examples
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pdfread import squash, text

EXAMPLES = int(os.environ.get("LESSONPRESS_HYPOTHESIS_EXAMPLES", "40"))
DIAGNOSTIC = re.compile(r"^\S[^:]*:\d+:\d+: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ built, \d+ up to date, \d+ failed in [\d.]+ s -> ")

BASE: dict[str, Any] = {
    "id": "generated",
    "title": "Generated lesson",
    "central_question": "Was the Great Leap Forward a success?",
    "course": "World History",
    "grade": "10",
    "duration": 20,
    "advisory": "Mentions famine.",
    "objectives": ["Source a document."],
    "vocabulary": {"famine": "An extreme shortage of food."},
    "sources": {
        "A": {"material": "glf-overview", "select": {"paragraphs": [2]}, "omit": ["Private farming was prohibited, "],
              "replace": {"incremental": "gradual"}, "headnote": "An encyclopedia."},
        "B": {"material": "glf-article", "select": {"section": "Positive Effects"}},
    },
    "agenda": [{"minutes": 10, "activity": "Read"}, {"minutes": 10, "activity": "Discuss"}],
    "discussion": [{"prompt": "Why do they differ?", "look_fors": ["Notices the missing author of Document B."], "sources": ["A", "B"]}],
    "exercises": [
        {"type": "sourcing", "source": "B", "answer": {"author": "Nobody is named as the author here."}},
        {"type": "close_reading", "source": "A", "prompt": "Who was labeled?", "evidence": {"quote": "labeled counter-revolutionaries"},
         "answer": "Private farmers were labeled counter-revolutionaries."},
        {"type": "multiple_choice", "prompt": "Pick one.", "choices": ["first choice", "second choice"], "answer": "A"},
        {"type": "short_answer", "prompt": "Explain.", "lines": 3, "model_answer": "The model answer explains everything clearly."},
        {"type": "sequence", "items": ["first event", "second event", "third event"]},
    ],
    "rubric": [{"criterion": "Uses evidence", "points": 4}],
}

texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
scalars = st.one_of(texts, st.integers(-5, 10_000), st.none(), st.booleans(), st.sampled_from(["A", "B", "C", "", "glf-overview", "1-3"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)), max_leaves=6)
exercise_types = ["sourcing", "close_reading", "claim_evidence", "corroboration", "reliability", "contextualization",
                  "multiple_choice", "short_answer", "sequence", "essay"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _set(node: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> None:
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    spec = yaml.safe_load(yaml.safe_dump(BASE))  # a deep copy
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(spec)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["text", "text", "text", "text", "replace", "delete", "add", "exercise"]))
        if action == "text":  # usually still valid: odd text through rendering
            strings = [p for p in paths if isinstance(_get(spec, p), str) and p[-1] not in ("id", "material", "type", "source", "quote")
                       and "select" not in p and "omit" not in p and "replace" not in p and p[-1:] != ("answer",) and "sources" not in p]
            if strings:
                _set(spec, draw(st.sampled_from(strings)), draw(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=60)))
        elif action == "replace":
            _set(spec, path, draw(values))
        elif action == "delete":
            _set(spec, path, None, delete=True)
        elif action == "add":
            target = spec
            for key in path[:-1]:
                target = target[key]
            if isinstance(target, dict):
                target[draw(texts)] = draw(values)
        else:
            exercise = {"type": draw(st.sampled_from(exercise_types)), "source": draw(st.sampled_from(["A", "B", "C"])),
                        "prompt": draw(texts), "answer": draw(texts), draw(st.sampled_from(["lines", "items", "choices", "topics", "sources"])): draw(values)}
            spec.setdefault("exercises", [])
            if isinstance(spec["exercises"], list):
                spec["exercises"].append(exercise)
    return dict(spec)


_WS: Path | None = None


def workspace() -> Path:
    global _WS
    if _WS is None:
        _WS = copy_examples(Path(tempfile.mkdtemp(prefix="lp-prop-")) / "ws")
    return _WS


def _answers(spec: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for exercise in spec.get("exercises") or []:
        if isinstance(exercise, dict):
            for key in ("answer", "model_answer"):
                value = exercise.get(key)
                found += [value] if isinstance(value, str) else [v for v in (value or {}).values() if isinstance(v, str)] if isinstance(value, dict) else []
    for item in spec.get("discussion") or []:
        if isinstance(item, dict) and isinstance(item.get("look_fors"), list):
            found += [v for v in item["look_fors"] if isinstance(v, str)]
    return [squash(a) for a in found if len(squash(a)) >= 20]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(spec=specs())
def test_generated_specs_never_crash_and_never_leak_answers(spec: dict[str, Any], cli: Cli) -> None:
    ws = workspace()
    shutil.rmtree(ws / "output", ignore_errors=True)
    (ws / "lesson_specs/generated.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("build", "lesson_specs/generated.yaml", cwd=ws)
    assert result.exit_code in (0, 1), result.stderr
    event(f"exit {result.exit_code}")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    for line in result.stderr.splitlines():
        assert DIAGNOSTIC.match(line) or SUMMARY.match(line) or line.startswith("[") , line
    handout = ws / "output/generated/handout.pdf"
    if result.exit_code == 0 and handout.is_file():
        printed = squash(text(handout))
        for answer in _answers(spec):
            assert answer not in printed, answer
