"""Corroboration: a topics x documents chart comparing what several documents say."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, Cell, Table, plain
from lessonpress.errors import suggest
from lessonpress.exercises.base import (
    Checks,
    ExerciseType,
    KeyContext,
    QuestionContext,
    intro_with,
    names_documents,
    numbered,
    prose,
)
from lessonpress.spec.models import ExerciseBase, Letter, Text


class Corroboration(ExerciseBase):
    SKILL: ClassVar[str] = "corroboration"
    type: Literal["corroboration"]
    sources: list[Letter] = Field(min_length=2)
    topics: list[Text] = Field(min_length=1)
    prompt: Text | None = None
    answer: dict[str, Text | dict[str, Text]] | None = Field(
        None, description="Topic -> what the documents show, or topic -> {letter: text}."
    )


def _answer(ex: Corroboration, topic: str, letter: str) -> str:
    value = (ex.answer or {}).get(topic)
    if isinstance(value, dict):
        return value.get(letter, "")
    return value if (value and letter == ex.sources[0]) else ""


def chart(ctx: QuestionContext, ex: Corroboration, reveal: bool) -> Table:
    header = (Cell(plain(ctx.words("corroboration_topic")), header=True),
              *(Cell(plain(ctx.words("document", letter=letter)), header=True) for letter in ex.sources))
    rows = [header]
    for topic in ex.topics:
        cells = [Cell(plain(topic), header=True)]
        for letter in ex.sources:
            value = _answer(ex, topic, letter) if reveal else ""
            cells.append(Cell(plain(value), answer=True) if value else Cell(blank=not reveal))
        rows.append(tuple(cells))
    share = (1 - 0.26) / len(ex.sources)
    return Table(kind="corroboration_chart", rows=tuple(rows), widths=(0.26, *([share] * len(ex.sources))), header_rows=1,
                 blank_lines=0 if reveal else 3.2, audience="teacher" if reveal else "everyone")


def question(ctx: QuestionContext, index: int, ex: Corroboration) -> list[Block]:
    """The chart's instruction and the prompt; "Compare Documents A and C." is left out when the prompt names them all."""
    named = names_documents(ex.prompt, ex.sources)
    intro = ctx.words("corroboration", letters=list(ex.sources), prompt_names_document=named)
    prompt = intro_with(intro, prose(ctx, index, ex.prompt) if ex.prompt else None, named)
    return [numbered(index + 1, prompt, [chart(ctx, ex, ctx.reveal)], ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Corroboration) -> list[Block]:
    return [chart(ctx, ex, True)]


def check(ex: Corroboration, report: Checks) -> None:
    if len(set(ex.sources)) != len(ex.sources):
        report.error(("sources",), "each document may appear only once in a corroboration chart")
    for topic, value in (ex.answer or {}).items():
        if topic not in ex.topics:
            report.error(("answer", topic), f"answer for '{topic}', which is not one of the topics{suggest(topic, set(ex.topics))}", True)
        if isinstance(value, dict):
            for letter in value:
                if letter not in ex.sources:
                    report.error(("answer", topic, letter), f"Document {letter} is not in this chart: its documents are {', '.join(ex.sources)}", True)


TYPE = ExerciseType("corroboration", Corroboration, question, key, check)
