"""Image analysis: see, think, wonder about a picture, a chart or a table, in the pattern of the National Archives'
and the Stanford History Education Group's analysis worksheets. The three questions are in the wording file."""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, Paragraph, plain
from lessonpress.exercises.base import (
    Checks,
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
from lessonpress.spec.models import ExerciseBase, Letter, Strict, Text

STEPS = ("see", "think", "wonder")


class SeeThinkWonder(Strict):
    see: Text | None = None
    think: Text | None = None
    wonder: Text | None = None


class ImageAnalysis(ExerciseBase):
    SKILL: ClassVar[str] = "image analysis"
    type: Literal["image_analysis"]
    source: Letter
    prompt: Text | None = Field(None, description="Printed before the three questions, e.g. what to look for.")
    lines: int = Field(3, ge=1, le=20, description="Answer lines under each of the three questions.")
    answers: SeeThinkWonder | None = Field(None, description="What the teacher expects for see, think and wonder.")


def question(ctx: QuestionContext, index: int, ex: ImageAnalysis) -> list[Block]:
    named = names_documents(ex.prompt, [ex.source])
    intro = intro_with(ctx.words("image_analysis", letter=ex.source, prompt_names_document=named),
                       prose(ctx, index, ex.prompt) if ex.prompt else None, named)
    parts: list[Block] = []
    for step in STEPS:
        parts.append(Paragraph(content=plain(ctx.words(f"image_analysis_{step}", letter=ex.source)), role="question"))
        parts += answer_or_lines(ctx, ex.lines, getattr(ex.answers, step, None) if ex.answers else None)
    return [numbered(index + 1, intro, parts, ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: ImageAnalysis) -> list[Block]:
    answers = ex.answers or SeeThinkWonder()
    given = [(step, getattr(answers, step)) for step in STEPS if getattr(answers, step)]
    if not given:
        return key_answer(ctx, None)
    return key_answer(ctx, *(f"{_question(ctx.words(f'image_analysis_{step}', letter=ex.source))} {text}" for step, text in given))


def _question(wording: str) -> str:
    """The wording's first question, up to its question mark (a Chinese one too: 你看到了什么？)."""
    mark = re.search("[?？]", wording)
    return wording[: mark.end()] if mark else f"{wording}?"


def check(ex: ImageAnalysis, report: Checks) -> None:
    kind = report.document_kind(ex.source)
    if kind == "text":
        report.error(("source",), f"image analysis is for a picture, a chart or a table; Document {ex.source} is text "
                                  "(use close_reading for a text)")


TYPE = ExerciseType("image_analysis", ImageAnalysis, question, key, check, answer_field="answers")
