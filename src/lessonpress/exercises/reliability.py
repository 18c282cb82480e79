"""Reliability: rate a document 1-5 and justify the rating."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, RatingScale
from lessonpress.exercises.base import ExerciseType, KeyContext, QuestionContext, answer_or_lines, key_answer, numbered, prose
from lessonpress.spec.models import ExerciseBase, Letter, Text


class Reliability(ExerciseBase):
    SKILL: ClassVar[str] = "reliability"
    type: Literal["reliability"]
    source: Letter
    prompt: Text | None = None
    lines: int = Field(4, ge=1, le=30)
    answer: Text | None = None


def question(ctx: QuestionContext, index: int, ex: Reliability) -> list[Block]:
    prompt = prose(ctx, index, ex.prompt) if ex.prompt else ctx.words("reliability", letter=ex.source)
    scale = RatingScale(low=ctx.words("reliability_low"), high=ctx.words("reliability_high"))
    return [numbered(index + 1, prompt, [scale, *answer_or_lines(ctx, ex.lines, ex.answer)], ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Reliability) -> list[Block]:
    return key_answer(ctx, ex.answer)


TYPE = ExerciseType("reliability", Reliability, question, key)
