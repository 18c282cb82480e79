"""Close reading: a question answered from the exact words of one document; the guide cites their lines."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block
from lessonpress.exercises.base import (
    ExerciseType,
    KeyContext,
    QuestionContext,
    answer_or_lines,
    intro_with,
    key_answer,
    names_documents,
    numbered,
    prose,
)
from lessonpress.spec.models import Evidence, ExerciseBase, Letter, Text


class CloseReading(ExerciseBase):
    SKILL: ClassVar[str] = "close reading"
    type: Literal["close_reading"]
    source: Letter
    prompt: Text
    evidence: Evidence | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


def question(ctx: QuestionContext, index: int, ex: CloseReading) -> list[Block]:
    """"Read Document A closely." and the prompt; the intro is left out when the prompt names Document A itself."""
    named = names_documents(ex.prompt, [ex.source])
    intro = ctx.words("close_reading", letter=ex.source, prompt_names_document=named)
    prompt = intro_with(intro, prose(ctx, index, ex.prompt), named)
    return [numbered(index + 1, prompt, answer_or_lines(ctx, ex.lines, ex.answer), ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: CloseReading) -> list[Block]:
    return key_answer(ctx, ex.answer)


TYPE = ExerciseType("close_reading", CloseReading, question, key)
