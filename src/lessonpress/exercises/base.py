"""What every exercise type provides, and the registry that holds them.

An exercise type is one module: its spec model (the keys a teacher writes),
its skill tag, the handout question (document blocks, no answers), the guide's
key entry, its own checks and its default wording. Adding a type means adding
a module and one line in exercises/__init__.py; nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import Field

from lessonpress.document.model import AnswerLines, Block, Paragraph, Question, plain
from lessonpress.spec.models import ExerciseBase
from lessonpress.spec.yamltree import PathKey

if TYPE_CHECKING:
    from lessonpress.style.wording import Wording

__all__ = ["Checks", "ExerciseBase", "ExerciseType", "Field", "KeyContext", "QuestionContext", "answer_or_lines", "intro_with",
           "key_answer", "names_documents", "numbered", "prose"]


class QuestionContext(Protocol):
    """What a question builder may use: the wording, the lesson id (for seeded shuffles) and whether answers show."""

    words: Wording
    lesson_id: str
    reveal: bool  # answer-key copies and the guide: answers filled in

    def prose(self, text: str, where: PathKey | None = None) -> str:
        """Spec text as printed on this copy: `[[lines: words]]` becomes "lines 7–9" for this variant's lines."""


class KeyContext(QuestionContext, Protocol):
    def citation(self, index: int) -> str | None:
        """'Document A, lines 7-9' for exercise `index`'s evidence, from the printed lines of this variant."""


class Checks(Protocol):
    """Where a type's own checks report: positions are paths relative to the exercise in the spec."""

    def error(self, path: PathKey, message: str, prefer_key: bool = False) -> None: ...

    def warning(self, path: PathKey, message: str) -> None: ...

    def document_kind(self, letter: str) -> str | None:
        """'text', 'table' or 'image' for a document of the lesson; None when there is no such document."""


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


def prose(ctx: QuestionContext, index: int, text: str, key: str = "prompt") -> str:
    """An exercise's prompt (or claim) with its line references resolved for this copy."""
    return ctx.prose(text, ("exercises", index, key))


_NAMED = re.compile(r"\b(?i:doc(?:ument)?s?)\.?\s+([A-Z](?:\s*(?:,|&|\band\b|\bor\b)\s*[A-Z])*)\b")


def named_letters(text: str) -> set[str]:
    """Document letters a text names: "Document A", "Doc. B", "Documents A and C", "Docs A, B & D"."""
    found: set[str] = set()
    for match in _NAMED.finditer(text):
        found.update(re.findall(r"\b[A-Z]\b", match.group(1)))
    return found


def names_documents(text: str | None, letters: Sequence[str]) -> bool:
    """Whether `text` already names every one of `letters`, so an intro naming them again would repeat it."""
    return bool(text) and bool(letters) and set(letters) <= named_letters(text or "")


def intro_with(intro: str, prompt: str | None, named: bool) -> str:
    """The type's intro and the teacher's prompt as one instruction.

    When the prompt names the document itself, the intro has left out its own naming sentence, and the
    teacher's question comes first: it is what the student reads the chart or text for.
    """
    parts = [prompt, intro] if named else [intro, prompt]
    return " ".join(part.strip() for part in parts if part and part.strip())


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

