"""Everything a document builder needs for one lesson copy: the lesson, the wording, the variant and who it is for."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lessonpress.document.lines import ExcerptLines, LineBreaker
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.variant import Variant
from lessonpress.style.wording import Wording


@dataclass(frozen=True)
class Copy:
    """Who a copy is for: printed in the header of per-class copies."""

    school: str | None = None
    class_name: str | None = None
    teacher: str | None = None
    date: str | None = None


@dataclass
class LessonContext:
    lesson: ResolvedLesson
    words: Wording
    variant: Variant
    copy: Copy
    lines: dict[str, ExcerptLines] = field(default_factory=dict)  # document letter -> its printed lines
    reveal: bool = False  # answers filled in (answer keys, the guide's charts)
    line_numbers_every: int = 5  # from the theme

    @classmethod
    def make(cls, lesson: ResolvedLesson, words: Wording, variant: Variant, copy: Copy, breaker: LineBreaker,
             line_numbers_every: int = 5) -> LessonContext:
        lines = {letter: ExcerptLines.of(document, breaker) for letter, document in lesson.documents.items()}
        return cls(lesson, words, variant, copy, lines, reveal=variant.answers, line_numbers_every=line_numbers_every)

    @property
    def lesson_id(self) -> str:
        return self.lesson.lesson.id

    def revealing(self) -> LessonContext:
        return replace(self, reveal=True)

    def citation(self, index: int) -> str | None:
        span = self.lesson.evidence.get(index)
        if span is None:
            return None
        first, last = self.lines[span.letter].cite(span)
        return self.words("evidence_at", letter=span.letter, first=first, last=last)
