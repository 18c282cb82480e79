"""Lay out a document's excerpt once, so the printed line numbers and the guide's citations agree.

Each paragraph is wrapped by reportlab itself at the width it will be printed
at; the text of every printed line comes from those real line breaks, and a
quote's character span maps to the lines holding its first and last characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from lessonpress.render.pdf.flowables import NumberedText, Numbering, Para
from lessonpress.render.pdf.styles import Look
from lessonpress.resolve.rules import Document, EvidenceSpan


@dataclass
class LaidOutParagraph:
    text: str  # as printed
    markup: str
    first: int  # number of its first line
    starts: list[int]  # character offset in `text` where each printed line starts


def _line_texts(para: Paragraph) -> list[str]:
    blpara = para.blPara
    if blpara.kind == 0:
        return [" ".join(words) for _, words in blpara.lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in blpara.lines]


def _line_starts(text: str, lines: list[str]) -> list[int]:
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


class DocumentLayout:
    def __init__(self, document: Document, look: Look):
        self.document = document
        self.look = look
        self.width = look.frame_width - look.gutter
        self.paragraphs: list[LaidOutParagraph] = []
        number = 1
        style = look.styles["excerpt"]
        for paragraph in document.excerpt.paragraphs:
            markup = look.p(paragraph.text, "excerpt")
            para = Para(markup, style)
            para.wrap(self.width, 1e6)
            lines = _line_texts(para)
            self.paragraphs.append(LaidOutParagraph(paragraph.text, markup, number, _line_starts(paragraph.text, lines)))
            number += len(lines)
        self.line_count = number - 1

    def line_of(self, paragraph: int, char: int) -> int:
        laid = self.paragraphs[paragraph]
        line = 0
        for index, start in enumerate(laid.starts):
            if start <= char:
                line = index
        return laid.first + line

    def cite(self, span: EvidenceSpan) -> tuple[int, int]:
        return self.line_of(span.paragraph, span.start), self.line_of(span.paragraph, span.end - 1)

    def flowables(self) -> list[Flowable]:
        look = self.look
        style = look.styles["excerpt"]
        numbering = Numbering(look.theme.line_numbers_every, look.gutter, look.fonts.heading.regular.name,
                              look.size("line_number"), look.color["muted"])
        return [NumberedText(Para(laid.markup, style), laid.first, numbering) for laid in self.paragraphs]
