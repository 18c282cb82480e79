"""What every exercise type provides, and the registry that holds them.

An exercise type is one module: its spec model (the keys a teacher writes),
its skill tag, the handout question (document blocks, no answers), the guide's
key entry, its own checks and its default wording. Adding a type means adding
a module and one line in exercises/__init__.py; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import Field

from lessonpress.document.model import AnswerLines, Block, Paragraph, Question, plain
from lessonpress.spec.models import ExerciseBase
from lessonpress.spec.yamltree import PathKey

if TYPE_CHECKING:
    from lessonpress.style.wording import Wording

__all__ = ["Checks", "ExerciseBase", "ExerciseType", "Field", "KeyContext", "QuestionContext", "answer_or_lines", "key_answer", "numbered"]


class QuestionContext(Protocol):
    """What a question builder may use: the wording, the lesson id (for seeded shuffles) and whether answers show."""

    words: Wording
    lesson_id: str
    reveal: bool  # answer-key copies and the guide: answers filled in


class KeyContext(QuestionContext, Protocol):
    def citation(self, index: int) -> str | None:
        """'Document A, lines 7-9' for exercise `index`'s evidence, from the printed lines of this variant."""


class Checks(Protocol):
    """Where a type's own checks report: positions are paths relative to the exercise in the spec."""

    def error(self, path: PathKey, message: str, prefer_key: bool = False) -> None: ...

    def warning(self, path: PathKey, message: str) -> None: ...


def no_checks(exercise: Any, report: Checks) -> None:
    """Most types need nothing beyond their model."""


@dataclass(frozen=True)
class ExerciseType:
    name: str  # the value of `type:` in a spec
    model: type[ExerciseBase]
    question: Callable[[Any, int, Any], list[Block]]  # (QuestionContext, index, exercise) -> handout blocks
    key: Callable[[Any, int, Any], list[Block]]  # (KeyContext, index, exercise) -> guide blocks (teacher audience)
    check: Callable[[Any, Checks], None] = no_checks
    answer_field: str | None = "answer"  # the key whose absence leaves the guide without an answer (warned about)
    wording: dict[str, str] = field(default_factory=dict)  # default wording keys this type uses, e.g. type_names.<name>


def numbered(number: int, prompt: str, parts: list[Block], where: PathKey) -> Question:
    return Question(number=number, prompt=plain(prompt), parts=tuple(parts), where=where)


def answer_or_lines(ctx: QuestionContext, count: int, answer: str | None) -> list[Block]:
    """Ruled lines on a handout; the answer itself on an answer key."""
    if ctx.reveal:
        return [Paragraph(content=plain(answer or ctx.words("no_answer")), role="answer", audience="teacher")]
    return [AnswerLines(count=count)]


def key_answer(ctx: QuestionContext, *answers: str | None) -> list[Block]:
    """The guide's answer paragraphs; a missing answer says so rather than leaving a gap."""
    texts = [a for a in answers if a] or [ctx.words("no_answer")]
    return [Paragraph(content=plain(text), role="key", audience="teacher") for text in texts]

