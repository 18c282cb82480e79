"""Multiple choice: lettered choices, one right answer given as its letter or its exact text."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from lessonpress.document.model import Block, Choices, plain
from lessonpress.exercises.base import Checks, ExerciseType, KeyContext, QuestionContext, key_answer, numbered, prose
from lessonpress.spec.models import ExerciseBase, Letter, Text


class MultipleChoice(ExerciseBase):
    SKILL: ClassVar[str] = "comprehension"
    type: Literal["multiple_choice"]
    prompt: Text
    choices: list[Text] = Field(min_length=2, max_length=8)
    answer: Text | None = Field(None, description="The letter of the right choice (A, B, ...) or its exact text.")
    source: Letter | None = None


def choice_index(exercise: MultipleChoice) -> int | None:
    """The 0-based index of the right choice, from a letter or the exact choice text."""
    answer = (exercise.answer or "").strip()
    if len(answer) == 1 and answer.upper().isalpha() and answer.isascii():
        index = ord(answer.upper()) - 65
        return index if index < len(exercise.choices) else None
    for index, choice in enumerate(exercise.choices):
        if choice.strip() == answer:
            return index
    return None


def question(ctx: QuestionContext, index: int, ex: MultipleChoice) -> list[Block]:
    right = choice_index(ex) if ctx.reveal else None
    choices = Choices(items=tuple(plain(c) for c in ex.choices), marked=right, audience="teacher" if right is not None else "everyone")
    return [numbered(index + 1, f"{prose(ctx, index, ex.prompt)}  ({ctx.words('multiple_choice')})", [choices], ("exercises", index))]


def key(ctx: KeyContext, index: int, ex: MultipleChoice) -> list[Block]:
    right = choice_index(ex)
    return key_answer(ctx, f"{chr(65 + right)}. {ex.choices[right]}" if right is not None else None)


def check(ex: MultipleChoice, report: Checks) -> None:
    if ex.answer is not None and choice_index(ex) is None:
        letters = ", ".join(chr(65 + i) for i in range(len(ex.choices)))
        report.error(("answer",), f"answer '{ex.answer}' is not one of the choices: give a letter ({letters}) or a choice's exact text")


TYPE = ExerciseType("multiple_choice", MultipleChoice, question, key, check)
