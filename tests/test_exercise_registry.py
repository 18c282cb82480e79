"""Adding an exercise type touches its own module and the registry only: a toy type, defined here, builds end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

import pytest
from conftest import Cli, copy_examples
from pdfread import squash, text

from lessonpress.document.model import Block, Paragraph, plain
from lessonpress.exercises import REGISTRY, ExerciseType, lesson_model, register, unregister
from lessonpress.exercises.base import Checks, KeyContext, QuestionContext, answer_or_lines, key_answer, numbered
from lessonpress.spec.models import ExerciseBase, Letter, Text


# ---- the whole "module" of a new exercise type ------------------------------------------------
class Toy(ExerciseBase):
    SKILL: ClassVar[str] = "toy skill"
    type: Literal["toy"]
    source: Letter
    prompt: Text
    answer: Text | None = None


def question(ctx: QuestionContext, index: int, ex: Toy) -> list[Block]:
    return [numbered(index + 1, f"{ctx.words('toy_intro', letter=ex.source)} {ex.prompt}", answer_or_lines(ctx, 2, ex.answer),
                     ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Toy) -> list[Block]:
    return [*key_answer(ctx, ex.answer), Paragraph(content=plain("toy key note"), role="note", audience="teacher")]


def check(ex: Toy, report: Checks) -> None:
    if ex.prompt.endswith("?") is False:
        report.warning(("prompt",), "a toy prompt should be a question")


TOY = ExerciseType("toy", Toy, question, key, check, wording={"toy_intro": "Play with Document {{ letter }}.", "type_names.toy": "Toy"})
# -----------------------------------------------------------------------------------------------


@pytest.fixture
def toy() -> Iterator[None]:
    register(TOY)
    yield
    unregister("toy")


SPEC = """id: toy-lesson
title: A toy lesson
central_question: Does a new exercise type need changes elsewhere?
sources:
  A: {material: glf-overview, select: {paragraphs: [1]}}
exercises:
  - {type: toy, source: A, prompt: What is the toy hiding?, answer: The secret toy answer.}
  - {type: toy, source: A, prompt: No question mark here, answer: x}
"""


def test_a_registered_type_builds_from_spec_to_pdf(toy: None, tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs" / "toy.yaml").write_text(SPEC, encoding="utf-8")
    result = cli("build", "--format", "pdf,html", "lesson_specs/toy.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    assert "lesson_specs/toy.yaml:8:36: warning: a toy prompt should be a question" in result.stderr
    handout = squash(text(ws / "output/toy-lesson/handout.pdf"))
    guide = squash(text(ws / "output/toy-lesson/teacher-guide.pdf"))
    assert "1. Play with Document A. What is the toy hiding?" in handout
    assert "The secret toy answer." not in handout and "toy key note" not in handout
    assert "1. Toy · Document A" in guide and "The secret toy answer." in guide and "toy key note" in guide
    html = (ws / "output/toy-lesson/handout.html").read_text(encoding="utf-8")
    assert "Play with Document A." in html and "The secret toy answer." not in html


def test_an_unregistered_type_is_a_positioned_error(tmp_path: Path, cli: Cli) -> None:
    assert "toy" not in REGISTRY
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs" / "toy.yaml").write_text(SPEC, encoding="utf-8")
    result = cli("check", "lesson_specs/toy.yaml", cwd=ws)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("lesson_specs/toy.yaml:7:12: error: unknown exercise type 'toy'")


def test_the_schema_and_model_follow_the_registry(toy: None) -> None:
    from lessonpress.spec.schema import json_schema

    assert "Toy" in json_schema("lesson")["$defs"]
    assert lesson_model().model_validate({"id": "x", "title": "t", "central_question": "q",
                                          "exercises": [{"type": "toy", "source": "A", "prompt": "p"}]}).exercises[0].skill_tag == "toy skill"
