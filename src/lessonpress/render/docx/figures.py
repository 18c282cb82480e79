"""Pictures with alternative text: how the DOCX writer prints a Figure block (an image document).

Word keeps a picture's alt text in the drawing's `wp:docPr` (`descr`, and
`title` for a short name); python-docx sets neither, so this does. A screen
reader reads `descr`; LibreOffice and Google Docs show it as the image's
description.
"""

from __future__ import annotations

import io

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph


def add_picture(doc: WordDocument, data: bytes, alt: str, width_mm: float, style: str = "Body Text") -> Paragraph:
    """A paragraph holding the picture at `width_mm`, its alt text set; the caller writes the caption after it."""
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(data), width=Mm(width_mm))
    doc_pr = shape._inline.find(qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("descr", alt)
        doc_pr.set("title", alt[:80])
    return paragraph
