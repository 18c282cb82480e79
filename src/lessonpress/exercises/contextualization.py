"""Contextualization: place a document or event in its historical context."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block
from lessonpress.exercises.base import ExerciseType, KeyContext, QuestionContext, answer_or_lines, key_answer, numbered, prose
from lessonpress.spec.models import ExerciseBase, Letter, Text


class Contextualization(ExerciseBase):
    SKILL: ClassVar[str] = "contextualization"
    type: Literal["contextualization"]
    prompt: Text
    source: Letter | None = None
    lines: int = Field(5, ge=1, le=30)
    answer: Text | None = None


def question(ctx: QuestionContext, index: int, ex: Contextualization) -> list[Block]:
    prompt = f"{ctx.words('contextualization')} {prose(ctx, index, ex.prompt)}"
    return [numbered(index + 1, prompt, answer_or_lines(ctx, ex.lines, ex.answer), ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Contextualization) -> list[Block]:
    return key_answer(ctx, ex.answer)


TYPE = ExerciseType("contextualization", Contextualization, question, key)
