"""Sourcing: who wrote the document, when, for whom and why — a four-row chart."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, Cell, Table, plain
from lessonpress.exercises.base import ExerciseType, KeyContext, QuestionContext, intro_with, names_documents, numbered, prose
from lessonpress.spec.models import ExerciseBase, Letter, Strict, Text

ROWS = ("author", "date", "audience", "purpose")


class SourcingAnswer(Strict):
    author: Text | None = None
    date: Text | None = None
    audience: Text | None = None
    purpose: Text | None = None


class Sourcing(ExerciseBase):
    SKILL: ClassVar[str] = "sourcing"
    type: Literal["sourcing"]
    source: Letter
    prompt: Text | None = None
    answer: SourcingAnswer | None = Field(None, description="What the chart should say, row by row.")


def chart(ctx: QuestionContext, ex: Sourcing, reveal: bool) -> Table:
    answer = ex.answer or SourcingAnswer()
    rows = tuple(
        (Cell(plain(ctx.words(f"sourcing_rows.{key}")), header=True),
         Cell(plain(getattr(answer, key) or ""), answer=True) if reveal else Cell(blank=True))
        for key in ROWS
    )
    return Table(kind="sourcing_chart", rows=rows, widths=(0.3, 0.7), blank_lines=0 if reveal else 2.2,
                 audience="teacher" if reveal else "everyone")


def question(ctx: QuestionContext, index: int, ex: Sourcing) -> list[Block]:
    """The chart's instruction and the prompt; "Source Document A." is left out when the prompt names Document A."""
    named = names_documents(ex.prompt, [ex.source])
    intro = ctx.words("sourcing", letter=ex.source, prompt_names_document=named)
    prompt = intro_with(intro, prose(ctx, index, ex.prompt) if ex.prompt else None, named)
    return [numbered(index + 1, prompt, [chart(ctx, ex, ctx.reveal)], ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Sourcing) -> list[Block]:
    return [chart(ctx, ex, True)]


TYPE = ExerciseType("sourcing", Sourcing, question, key)
