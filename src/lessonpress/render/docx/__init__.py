"""The DOCX writer: a document tree as a Word file a teacher can open in Word, LibreOffice or Google Docs and edit.

Same tree, same lines, same line numbers as the PDF of its variant: each
paragraph of a source is one Word paragraph (style "Excerpt") broken by line
breaks where the PDF breaks it, every fifth line numbered at a right-aligned
tab stop in the gutter (Word's own line numbering would count Word's line
breaks, not the PDF's, and the guide cites the PDF's). Everything is
written with named styles (Heading 1-3 for headings), so a teacher's change to
a style applies everywhere. python-docx builds the file from its own blank
template; the bytes are made deterministic in `package.py`.
"""

from __future__ import annotations

import io

import docx

from lessonpress.document import model as d
from lessonpress.render.docx.figures import add_picture
from lessonpress.render.docx.package import deterministic, furniture, page_setup, properties
from lessonpress.render.docx.styles import Styles, geometry
from lessonpress.render.docx.writer import DocxWriter, UnknownBlock
from lessonpress.style.theme import Theme
from lessonpress.style.variant import Variant


def write_docx(document: d.Document, theme: Theme) -> bytes:
    """The document as the bytes of a .docx file, identical for identical inputs."""
    doc = docx.Document()
    geo = geometry(theme, Variant(document.variant), document.paper)
    styles = Styles(doc, theme, Variant(document.variant), geo, document.meta.lang)
    section = doc.sections[0]
    page_setup(section, geo)
    furniture(section, document.furniture)
    properties(doc, document.meta, document.kind)
    body = doc.element.body
    for paragraph in body.findall(f"{{{body.nsmap['w']}}}p"):  # the template's one empty paragraph
        body.remove(paragraph)
    DocxWriter(doc, styles, geo).write(document)
    out = io.BytesIO()
    doc.save(out)
    return deterministic(out.getvalue())


__all__ = ["DocxWriter", "UnknownBlock", "add_picture", "write_docx"]
