"""Where an excerpt's lines break in the PDF: reportlab wraps each paragraph at the width it is printed at.

This is the line breaker the document model uses, so every output and every
citation counts the lines the PDF shows.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from lessonpress.document.lines import LineBreaker
from lessonpress.render.pdf.flowables import Para
from lessonpress.render.pdf.styles import Look


def line_texts(para: Paragraph) -> list[str]:
    blpara = para.blPara
    if blpara.kind == 0:
        return [" ".join(words) for _, words in blpara.lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in blpara.lines]


def line_breaker(look: Look) -> LineBreaker:
    width = look.frame_width - look.gutter
    style = look.styles["excerpt"]

    def lines(text: str) -> list[str]:
        para = Para(look.p(text, "excerpt"), style)
        para.wrap(width, 1e6)
        return line_texts(para)

    return lines
