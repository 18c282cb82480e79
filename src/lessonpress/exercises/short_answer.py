"""Short answer: a written response with ruled lines; the guide shows a model answer."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block
from lessonpress.exercises.base import ExerciseType, KeyContext, QuestionContext, answer_or_lines, key_answer, numbered, prose
from lessonpress.spec.models import ExerciseBase, Letter, Text


class ShortAnswer(ExerciseBase):
    SKILL: ClassVar[str] = "argumentation"
    type: Literal["short_answer"]
    prompt: Text
    lines: int = Field(6, ge=1, le=40)
    model_answer: Text | None = None
    sources: list[Letter] = Field(default_factory=list)


def question(ctx: QuestionContext, index: int, ex: ShortAnswer) -> list[Block]:
    prompt = f"{prose(ctx, index, ex.prompt)} ({ctx.words('short_answer')})"
    return [numbered(index + 1, prompt, answer_or_lines(ctx, ex.lines, ex.model_answer), ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: ShortAnswer) -> list[Block]:
    return key_answer(ctx, ex.model_answer)


TYPE = ExerciseType("short_answer", ShortAnswer, question, key, answer_field='model_answer')
