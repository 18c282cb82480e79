"""Everything a document builder needs for one lesson copy: the lesson, the wording, the variant and who it is for."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lessonpress.document.lines import ExcerptLines, LineBreaker
from lessonpress.resolve.refs import LineRef, substitute
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.resolve.visuals import VisualCite
from lessonpress.spec.yamltree import PathKey
from lessonpress.style.variant import Variant
from lessonpress.style.wording import Wording


@dataclass(frozen=True)
class Copy:
    """Who a copy is for: printed in the header of per-class copies."""

    school: str | None = None
    class_name: str | None = None
    teacher: str | None = None
    date: str | None = None  # as the copy's language writes it
    lang: str = "en"  # the copy's language (BCP 47): its wording, its dates, the language its files declare
    source_lang: str = "en"  # the workspace's language: what a material without 'lang:' is written in


@dataclass
class LessonContext:
    lesson: ResolvedLesson
    words: Wording
    variant: Variant
    copy: Copy
    lines: dict[str, ExcerptLines] = field(default_factory=dict)  # document letter -> its printed lines
    reveal: bool = False  # answers filled in (answer keys, the guide's charts)
    line_numbers_every: int = 5  # from the theme
    layout: str = "documents-first"

    @classmethod
    def make(cls, lesson: ResolvedLesson, words: Wording, variant: Variant, copy: Copy, breaker: LineBreaker,
             line_numbers_every: int = 5, layout: str = "documents-first", column: LineBreaker | None = None) -> LessonContext:
        """`column` breaks the lines of a bilingual document, printed in one of two columns (default: `breaker`)."""
        lines = {letter: ExcerptLines.of(document, (column or breaker) if document.spec.bilingual and document.original else breaker)
                 for letter, document in lesson.documents.items()}
        return cls(lesson, words, variant, copy, lines, reveal=variant.answers, line_numbers_every=line_numbers_every,
                   layout=lesson.lesson.layout or layout)

    def documents_of(self, index: int) -> list[str]:
        """The document letters exercise `index` uses."""
        exercise = self.lesson.lesson.exercises[index]
        source = getattr(exercise, "source", None)
        return [source] if isinstance(source, str) else list(getattr(exercise, "sources", None) or [])

    def order(self) -> list[tuple[str | None, list[int]]]:
        """Questions in printed order, grouped after the document they follow (None: after all documents).

        documents-first: every question after every document. by-document: each document is followed by the
        questions that use only it; questions comparing documents, or using none, come after the last one.
        """
        indexes = list(range(len(self.lesson.lesson.exercises)))
        if self.layout != "by-document":
            return [(None, indexes)]
        groups: list[tuple[str | None, list[int]]] = [(letter, []) for letter in self.lesson.documents]
        rest: list[int] = []
        for index in indexes:
            letters = set(self.documents_of(index))
            target = next((g for letter, g in groups if len(letters) == 1 and letter in letters), rest)
            target.append(index)
        return [*groups, (None, rest)]

    def number(self, index: int) -> int:
        """The number a question has on the handout (and in the guide's key), in printed order."""
        printed = [i for _, group in self.order() for i in group]
        return printed.index(index) + 1

    @property
    def lesson_id(self) -> str:
        return self.lesson.lesson.id

    def revealing(self) -> LessonContext:
        return replace(self, reveal=True)

    def citation(self, index: int) -> str | None:
        span = self.lesson.evidence.get(index)
        if span is None:
            return None
        if isinstance(span, VisualCite):
            return self.words("evidence_in", letter=span.letter, what=span.label, value=span.value)
        first, last = self.lines[span.letter].cite(span)
        return self.words("evidence_at", letter=span.letter, first=first, last=last)

    def prose(self, text: str, where: PathKey | None = None) -> str:
        """`text` with each `[[lines: words]]` replaced by "line 7" or "lines 7–9" as this copy prints them.

        `where` is the spec path of the text, e.g. ("exercises", 2, "prompt") or ("discussion", 0, "prompt"):
        the references check resolved there. A reference not found there is matched by its words among the
        lesson's other references, so a wrong or missing `where` still cites the right lines.
        """
        refs = self.lesson.refs
        if not refs:
            return text
        others = [ref for key, found in refs.items() if key != where for ref in found]
        return substitute(text, list(refs.get(where, [])) if where is not None else [], self._line_ref, others)

    def _line_ref(self, ref: LineRef) -> str:
        first, last = self.lines[ref.letter].cite(ref.span)
        return self.words("line_ref", letter=ref.letter, first=first, last=last)
