"""An excerpt's printed lines: one truth for the PDF, every other output and the answer key's citations.

The PDF writer's line breaker decides where each paragraph's lines break (for
the variant's type size and width); a quote's character span maps to the lines
holding its first and last characters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lessonpress.document.model import ExcerptParagraph
from lessonpress.resolve.rules import Document, EvidenceSpan

LineBreaker = Callable[[str], list[str]]  # paragraph text -> its printed lines


def line_starts(text: str, lines: list[str]) -> list[int]:
    """Where each printed line starts in `text`, by counting the non-space characters each line holds."""
    starts = []
    cursor = 0
    for line in lines:
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        starts.append(cursor)
        remaining = sum(1 for c in line if not c.isspace())
        while cursor < len(text) and remaining:
            if not text[cursor].isspace():
                remaining -= 1
            cursor += 1
    return starts


@dataclass
class ExcerptLines:
    letter: str
    paragraphs: list[ExcerptParagraph]
    starts: list[list[int]]

    @classmethod
    def of(cls, document: Document, breaker: LineBreaker) -> ExcerptLines:
        paragraphs: list[ExcerptParagraph] = []
        starts: list[list[int]] = []
        number = 1
        for paragraph in document.excerpt.paragraphs:
            lines = breaker(paragraph.text)
            paragraphs.append(ExcerptParagraph(number, tuple(lines), paragraph.text))
            starts.append(line_starts(paragraph.text, lines))
            number += len(lines)
        return cls(document.letter, paragraphs, starts)

    @property
    def line_count(self) -> int:
        return sum(len(p.lines) for p in self.paragraphs)

    def line_of(self, paragraph: int, char: int) -> int:
        line = 0
        for index, start in enumerate(self.starts[paragraph]):
            if start <= char:
                line = index
        return self.paragraphs[paragraph].first_line + line

    def cite(self, span: EvidenceSpan) -> tuple[int, int]:
        return self.line_of(span.paragraph, span.start), self.line_of(span.paragraph, span.end - 1)
