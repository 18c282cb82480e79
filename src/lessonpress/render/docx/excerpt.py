"""A document's text in Word: each printed line as the PDF breaks it, its number in the gutter; a bilingual
document as a two-column table, a paragraph and its original a row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from lessonpress.document import model as d
from lessonpress.render.html.view import excerpt_lines

if TYPE_CHECKING:
    from lessonpress.render.docx.writer import DocxWriter

SPARE_MM = 2.0  # the left column is a little wider than the PDF's, so Word never wraps a printed line a second time


def write_excerpt(writer: DocxWriter, block: d.Excerpt) -> None:
    """Each paragraph of the source is one Word paragraph, broken by line breaks exactly where the PDF breaks it
    for this variant; every printed line starts with a tab, its number (every n-th line) and a tab, so the numbers
    stand in the gutter beside their lines."""
    from lessonpress.render.docx.writer import cant_split

    half, gutter = writer.geo.text_mm / 2, writer.geo.gutter_mm / 2
    table = writer.new_table(len(block.paragraphs), [half + gutter + SPARE_MM, half - gutter - SPARE_MM]) if block.original else None
    for row, paragraph in enumerate(block.paragraphs):
        lines = excerpt_lines(paragraph, block.every)
        if table is None:
            out = writer.para("Excerpt")
        else:
            out = table.rows[row].cells[0].paragraphs[0]
            writer.restyle(out, "Excerpt")
            cant_split(table.rows[row]._tr)
            beside = table.rows[row].cells[1].paragraphs[0]
            writer.restyle(beside, "Excerpt")
            _language(writer.run(beside, " ".join(block.original[row].split())), block.original_lang)
        for index, line in enumerate(lines):
            out.add_run("\t")
            if line.label:
                writer.run(out, line.label, "Line Number")
            run = out.add_run("\t" + " ".join(line.text.split()))
            if index < len(lines) - 1:
                run.add_break()


def _language(run: Run, lang: str) -> None:
    """Mark a run's language (the original beside a translation), for spelling and screen readers."""
    rpr = run._r.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), lang)
    rpr.append(element)
