"""The parts of a Word file around the text: page, running header and footer, properties, and the zip itself.

Rebuilding from the same inputs must give the same bytes (docs/reliability.md),
so nothing here reads the clock: core.xml's created/modified and every zip
entry carry one fixed time, entries are sorted, and the template's thumbnail
(a picture of some other page) is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from lessonpress.document import model as d
from lessonpress.render.docx.styles import Geometry

FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # every timestamp in the package
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry
_PAGE, _PAGES = 7_000_001, 7_000_002  # stand-ins for page numbers when asking the wording for its page label


def page_setup(section: Section, geo: Geometry) -> None:
    """The variant's paper and the theme's margins; header and footer inside the margins, as the PDF draws them."""
    width, height = geo.page_mm
    top, right, bottom, left = geo.margins_mm
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = Mm(top), Mm(right), Mm(bottom), Mm(left)
    section.header_distance = Mm(top * 0.45)
    section.footer_distance = Mm(bottom * 0.45)


def furniture(section: Section, furniture: d.Furniture) -> None:
    """Header (lesson title; class, teacher, date) and footer (course line; "Page N of M" as Word fields).

    As in the PDF, the first page, which shows the title anyway, has only the
    class, teacher and date in its header, if any; a stamp ("ANSWER KEY") is on
    every page, first included.
    """
    section.different_first_page_header_footer = True
    right = furniture.header_right if furniture.first_page_header else ""
    for header, text in ((section.header, f"{furniture.header_left}\t{furniture.header_right}"), (section.first_page_header, f"\t{right}")):
        paragraph = header.paragraphs[0]
        paragraph.style = "Header"
        if text.strip():
            paragraph.text = text.rstrip("\t")
        if furniture.stamp:
            stamp = header.add_paragraph() if text.strip() else paragraph
            stamp.style = "Stamp"
            stamp.text = furniture.stamp
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = "Footer"
        paragraph.add_run(f"{furniture.footer_left}\t")
        page_label(paragraph, furniture)


def page_label(paragraph: Paragraph, furniture: d.Furniture) -> None:
    """The wording's "Page N of M" with Word's PAGE and NUMPAGES fields in place of N and M."""
    label = furniture.page_label(_PAGE, _PAGES)
    before, found, rest = label.partition(str(_PAGE))
    if not found:
        paragraph.add_run(label)
        return
    middle, found, after = rest.partition(str(_PAGES))
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    if found:
        paragraph.add_run(middle)
        _field(paragraph, "NUMPAGES")
        paragraph.add_run(after)
    else:
        paragraph.add_run(rest)


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def properties(doc: WordDocument, meta: d.Metadata, kind: str) -> None:
    """Title, subject, author, keywords and language, as the PDF's metadata; fixed times, no template leftovers."""
    core = doc.core_properties
    core.title = meta.title
    core.subject = meta.subject
    core.author = meta.author
    core.last_modified_by = meta.author
    core.keywords = ", ".join(meta.keywords)
    core.language = meta.lang
    core.category = kind
    core.comments = ""
    core.created = FIXED_TIME
    core.modified = FIXED_TIME
    core.revision = 1
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


def deterministic(data: bytes) -> bytes:
    """The same zip with sorted entries, one fixed time and fixed attributes, so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            target.writestr(stored(name), source.read(name))
    return out.getvalue()


def stored(name: str) -> zipfile.ZipInfo:
    """A zip entry that depends only on its name: fixed time, Unix attributes, deflated."""
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info
