"""Where an excerpt's lines break in the PDF: reportlab wraps each paragraph at the width it is printed at.

This is the line breaker the document model uses, so every output and every
citation counts the lines the PDF shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph, Spacer

from lessonpress.document import model as d
from lessonpress.document.lines import LineBreaker
from lessonpress.render.pdf.flowables import NumberedText, Numbering, Para
from lessonpress.render.pdf.styles import Look

if TYPE_CHECKING:
    from lessonpress.render.pdf.tagging import Node
    from lessonpress.render.pdf.writer import PdfWriter


def line_texts(para: Paragraph) -> list[str]:
    blpara = para.blPara
    if blpara.kind == 0:
        return [" ".join(words) for _, words in blpara.lines]
    return ["".join(getattr(frag, "text", "") for frag in line.words) for line in blpara.lines]


COLUMN_GAP = 14.0  # points between the two columns of a bilingual document


def column_width(look: Look) -> float:
    """The width of each column of a bilingual document: its translation (numbered, after the gutter) and its original."""
    return float(look.frame_width - look.gutter - COLUMN_GAP) / 2


def line_breaker(look: Look, bilingual: bool = False) -> LineBreaker:
    width = column_width(look) if bilingual else look.frame_width - look.gutter
    style = look.styles["excerpt"]

    def lines(text: str) -> list[str]:
        para = Para(look.p(text, "excerpt"), style)
        para.wrap(width, 1e6)
        return line_texts(para)

    return lines


def excerpt_flowables(writer: PdfWriter, block: d.Excerpt) -> list[Flowable]:
    """A document's numbered paragraphs: one paragraph element each, whole across a page break; the numbers are artifacts."""
    look = writer.look
    numbering = Numbering(block.every, look.gutter, look.fonts.heading.regular.name, look.size("line_number"), look.color["muted"])
    quote = writer.node("BlockQuote")
    if block.original:
        return _side_by_side(writer, block, quote, numbering)
    return [NumberedText(writer.para(p.text, "excerpt", node=quote.add("P")), p.first_line, numbering) for p in block.paragraphs]


def _side_by_side(writer: PdfWriter, block: d.Excerpt, quote: Node, numbering: Numbering) -> list[Flowable]:
    """A bilingual document: each printed paragraph (numbered, cited) in the left column, the paragraph it
    translates beside it; read in that order, the original marked with its language. A row never splits, so a
    paragraph and its original always face each other."""
    look = writer.look
    column = column_width(look)
    rows = []
    for paragraph, original in zip(block.paragraphs, block.original, strict=True):
        printed = NumberedText(writer.para(paragraph.text, "excerpt", node=quote.add("P")), paragraph.first_line, numbering)
        beside = writer.para(original, "excerpt", node=quote.add("P", lang=block.original_lang)) if original else Spacer(1, 1)
        rows.append([printed, beside])
    half = COLUMN_GAP / 2  # the left column wraps at exactly the width its line numbers were counted at
    layout = writer.new_table(rows, colWidths=[look.gutter + column + half, column + half], hAlign="LEFT")
    layout.setStyle(writer.table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0),
                                        ("RIGHTPADDING", (0, 0), (0, -1), half), ("LEFTPADDING", (1, 0), (1, -1), half),
                                        ("RIGHTPADDING", (1, 0), (1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                        ("LINEBEFORE", (1, 0), (1, -1), 0.5, look.color["rule"])]))
    return [layout]
