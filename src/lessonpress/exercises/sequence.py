"""Sequence: put events in order; given in the right order, printed shuffled (seeded by the lesson id)."""

from __future__ import annotations

import random
from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, OrderItems, plain
from lessonpress.exercises.base import Checks, ExerciseType, KeyContext, QuestionContext, key_answer, numbered, prose
from lessonpress.spec.models import ExerciseBase, Text


class Sequence(ExerciseBase):
    SKILL: ClassVar[str] = "chronological reasoning"
    type: Literal["sequence"]
    prompt: Text | None = None
    items: list[Text] = Field(min_length=2, max_length=12, description="In the correct order; the handout shuffles them.")


def shuffled(lesson_id: str, index: int, items: list[str]) -> list[str]:
    """The handout's order: deterministic per lesson and exercise, never the answer's order."""
    order = list(items)
    random.Random(f"{lesson_id}:{index}").shuffle(order)
    if order == items:
        order = order[1:] + order[:1]
    return order


def question(ctx: QuestionContext, index: int, ex: Sequence) -> list[Block]:
    order = shuffled(ctx.lesson_id, index, list(ex.items))
    positions = tuple(ex.items.index(item) + 1 for item in order) if ctx.reveal else None
    items = OrderItems(items=tuple(plain(item) for item in order), positions=positions, audience="teacher" if ctx.reveal else "everyone")
    prompt = prose(ctx, index, ex.prompt) if ex.prompt else ctx.words("sequence")
    return [numbered(index + 1, prompt, [items], ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: Sequence) -> list[Block]:
    return key_answer(ctx, *(f"{n}. {item}" for n, item in enumerate(ex.items, start=1)))


def check(ex: Sequence, report: Checks) -> None:
    if len(set(ex.items)) != len(ex.items):
        report.error(("items",), "sequence items must all differ, or the order cannot be checked")


TYPE = ExerciseType("sequence", Sequence, question, key, check, answer_field=None)
