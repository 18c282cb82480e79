"""Turn a story of flowables into PDF bytes: page furniture, "Page N of M", metadata, reproducibility.

Everything printed around the content is drawn when the file is saved, once
every page is laid out: only then is the page count known ("Page 3 of 12"),
and only then do we know, for every page, which running header the layout
set on it (`Mark`) and where the bookmarks point. Page furniture is drawn as
pagination artifacts; the structure tree the writer built goes into the file
as it is saved (tagging.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from lessonpress import __version__
from lessonpress.document.model import Furniture, Metadata
from lessonpress.render.pdf.flowables import Para
from lessonpress.render.pdf.styles import Look
from lessonpress.render.pdf.tagging import (
    PAGINATION_FOOTER,
    PAGINATION_HEADER,
    Node,
    Tagger,
    artifact,
    page_entries,
    write_structure,
)
from lessonpress.spec.yamltree import PathKey


class RenderProblem(Exception):
    """A part of the lesson could not be laid out; `where` is its path in the spec."""

    def __init__(self, where: PathKey, message: str):
        super().__init__(message)
        self.where = where


def tag(flowable: Flowable, where: PathKey) -> Flowable:
    flowable._lp_where = where
    return flowable


def outline(flowable: Flowable, title: str, level: int = 0) -> Flowable:
    """Mark a heading for the PDF's bookmarks (course packs nest them under the lesson)."""
    flowable._lp_outline = (title, level)
    return flowable


class Mark(Flowable):  # type: ignore[misc]
    """A zero-size flowable that tells the layout where something begins, for what is drawn at save time.

    `header` becomes the running header (left, right) of the page the mark lands
    on and of every later page, until the next mark with a header: a compound
    document (a course pack) names on each page the part that page belongs to.
    `bookmark` is an outline entry (title, absolute level) at this page, and
    `nest` is added from here on to the level of every heading's bookmark, so
    a guide's sections sit under their lesson in a pack.
    """

    def __init__(self, header: tuple[str, str] | None = None, bookmark: tuple[str, int] | None = None, nest: int | None = None):
        super().__init__()
        self.header = header
        self.bookmark = bookmark
        self.nest = nest

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    last_where: PathKey = ()
    untagged = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.outline: list[tuple[str, int, int]] = []  # title, level, 0-based page
        self.headers: list[tuple[int, tuple[str, str]]] = []  # 0-based page where a running header starts, and the header
        self.nest = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Mark):
            if flowable.header is not None:
                self.headers.append((self.page - 1, flowable.header))
            if flowable.bookmark is not None:
                self.outline.append((flowable.bookmark[0], flowable.bookmark[1], self.page - 1))
            if flowable.nest is not None:
                self.nest = flowable.nest
            return
        entry = getattr(flowable, "_lp_outline", None)
        if entry is not None:
            self.outline.append((entry[0], entry[1] + self.nest, self.page - 1))

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            self.last_where = getattr(flowables[0], "_lp_where", self.last_where)
        super().handle_flowable(flowables)


def _canvas_class(look: Look, furniture: Furniture, doc: _Doc, bookmarks: bool, meta: Metadata, structure: Node,
                  stamp: Node | None) -> type[Canvas]:
    class PageCanvas(Canvas):  # type: ignore[misc]
        """Keeps every page until the end so each can say how many pages there are and whose page it is."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._lp_tagger = Tagger(structure)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()
            self._lp_tagger.next_page()

        def save(self) -> None:
            total = len(self._pages)
            entries = _outline_levels(doc.outline) if bookmarks else []
            tagger = self._lp_tagger
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                tagger.page = number - 1
                self._furniture(number, total)
                # a destination names the page being shown, so bookmarks are made as their page is finally written
                while entries and entries[0][2] == number - 1:
                    title, level, _ = entries.pop(0)
                    key = f"lp-outline-{len(doc.outline) - len(entries)}"
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level, closed=level > 0)
                super().showPage()
                page_entries(self._doc.Pages.pages[-1], number - 1)
            if bookmarks and doc.outline:
                self.showOutline()
            write_structure(self, structure, tagger, total, title=meta.title, lang=meta.lang, author=meta.author,
                            subject=meta.subject, keywords=meta.keywords, producer=f"lessonpress {__version__} (reportlab)")
            doc.untagged = tagger.untagged
            super().save()

        def _header(self, number: int) -> tuple[str, str]:
            """The running header of page `number`: the last one a `Mark` set on or before it, else the document's."""
            current = (furniture.header_left, furniture.header_right)
            for page, header in doc.headers:
                if page <= number - 1:
                    current = header
            return current

        def _text(self, text: str, x: float, y: float, width: float, align: str) -> None:
            """One line, shortened with an ellipsis if it does not fit."""
            style = look.styles["furniture"]
            face = look.fonts.heading.regular
            if all(ord(c) in face.coverage for c in text):  # the common case: no fallback runs, no Paragraph needed
                shown = text
                while self.stringWidth(shown, style.fontName, style.fontSize) > width and len(shown) > 4:
                    shown = shown[: int(len(shown) * 0.9)].rstrip() + "…"
                self.setFont(style.fontName, style.fontSize)
                self.setFillColor(style.textColor)
                (self.drawString if align == "left" else lambda px, py, t: self.drawRightString(px + width, py, t))(x, y, shown)
                return
            style = look.variant_style("furniture", alignment={"left": 0, "right": 2}[align])
            shown = text
            para = Para(look.p(shown, "furniture"), style)
            para.wrap(width, 100)
            while len(para.blPara.lines) > 1 and len(shown) > 4:
                shown = shown[: int(len(shown) * 0.9)].rstrip() + "…"
                para = Para(look.p(shown, "furniture"), style)
                para.wrap(width, 100)
            para.drawOn(self, x, y - para.height + style.fontSize)

        def _stamp(self, text: str, x_right: float, y: float, width: float) -> float:
            """A framed, bold word ending at `x_right` on the header's baseline; returns the width it takes.

            The word itself says what the copy is, so a black-and-white copier
            keeps the meaning that the accent colour only underlines.
            """
            size = max(12.0, look.size("body"))
            style = look.variant_style("h2", fontSize=size, leading=size * 1.2, spaceBefore=0, spaceAfter=0, alignment=2)
            pad = 1.6 * mm
            shown = text
            para = Para(look.p(shown, "h2"), style)
            para.wrap(width - 2 * pad, 4 * size)
            while len(para.blPara.lines) > 1 and len(shown) > 4:  # a long wording override: one line, shortened
                shown = shown[: int(len(shown) * 0.9)].rstrip() + "…"
                para = Para(look.p(shown, "h2"), style)
                para.wrap(width - 2 * pad, 4 * size)
            text_w = min(max(para.getActualLineWidths0() or [0.0]), width - 2 * pad)
            box_w = text_w + 2 * pad
            with artifact(self):
                self.saveState()
                self.setStrokeColor(look.color["accent"])
                self.setLineWidth(1.2)
                self.rect(x_right - box_w, y - 0.3 * size, box_w, size * 1.25, stroke=1, fill=0)
                self.restoreState()
            para._lp_node = stamp
            para.drawOn(self, x_right - pad - (width - 2 * pad), y - para.height + size)
            return float(box_w)

        def _split(self, header_left: str, header_right: str, room: float) -> float:
            """Where the left header ends: both whole when they fit side by side (a stamp narrows the band), else 62:38."""
            style = look.styles["furniture"]
            natural = self.stringWidth(header_right, style.fontName, style.fontSize)
            if self.stringWidth(header_left, style.fontName, style.fontSize) + natural + 4 * mm <= room:
                return float(room - natural - 4 * mm)
            # too long for one line: who the copy is for (class, teacher, date) wins over the title, which page 1 prints
            return float(room - min(natural + 4 * mm, room * 0.6))

        def _furniture(self, number: int, total: int) -> None:
            left, right, top, bottom = look.margins
            page_w, page_h = look.pagesize
            width = page_w - left - right
            y = page_h - top + 5 * mm
            room = width
            if furniture.stamp:  # on every page, the first included: each sheet of an answer key must say what it is
                # page 1's stamp is the first thing a screen reader reads; on later pages it repeats, an artifact
                if number == 1:
                    room -= self._stamp(furniture.stamp, page_w - right, y, width * 0.5) + 3 * mm
                else:
                    with artifact(self, PAGINATION_HEADER):
                        room -= self._stamp(furniture.stamp, page_w - right, y, width * 0.5) + 3 * mm
            with artifact(self, PAGINATION_HEADER):
                if number > 1 or furniture.first_page_header:
                    header_left, header_right = self._header(number)
                    if number == 1:  # the title block is right below: never print the title twice on page 1
                        header_left = ""
                    split = self._split(header_left, header_right, room)
                    self._text(header_left, left, y, split, "left")
                    self._text(header_right, left + split, y, room - split, "right")
                    self.setStrokeColor(look.color["rule"])
                    self.setLineWidth(0.4)
                    self.line(left, y - 2.2 * mm, page_w - right, y - 2.2 * mm)
            y = bottom - 8 * mm
            with artifact(self, PAGINATION_FOOTER):
                self._text(furniture.footer_left, left, y, width * 0.7, "left")
                self._text(furniture.page_label(number, total), left + width * 0.7, y, width * 0.3, "right")

    return PageCanvas


def _outline_levels(outline: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Bookmarks as a PDF outline can hold them: it starts at level 0 and goes down one level at a time."""
    out: list[tuple[str, int, int]] = []
    previous = -1
    for title, level, page in outline:
        previous = max(0, min(level, previous + 1))
        out.append((title, previous, page))
    return out


@dataclass
class Pdf:
    data: bytes
    outline: list[tuple[str, int, int]] = field(default_factory=list)  # title, level, 0-based page
    pages: int = 0
    headers: list[tuple[int, tuple[str, str]]] = field(default_factory=list)  # 0-based page where each `Mark` header begins
    untagged: int = 0  # pieces of content drawn without a structure node (0 unless a writer forgot one)


def build_pdf(story: list[Flowable], look: Look, furniture: Furniture, meta: Metadata, bookmarks: bool = False,
              structure: Node | None = None) -> Pdf:
    """PDF bytes, byte-identical for identical input (reportlab's invariant mode), tagged (PDF/UA-1).

    `structure` is the tree of structure elements the writer made while it
    made the story (tagging.py). With `bookmarks`, the headings' outline
    entries are written into the file as PDF bookmarks (a course pack); a
    single guide leaves them to the caller.
    """
    structure = structure or Node("Document")
    stamp = None
    if furniture.stamp:  # the first thing read on page 1: what this copy is
        stamp = Node("P")
        structure.kids.insert(0, stamp)
    buffer = io.BytesIO()
    left, right, top, bottom = look.margins
    doc = _Doc(
        buffer,
        pagesize=look.pagesize,
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=meta.title, author=meta.author, subject=meta.subject, keywords=list(meta.keywords),
        creator=f"lessonpress {__version__}", producer=f"lessonpress {__version__} (reportlab)",
        invariant=1, lang=meta.lang,
    )
    frame = Frame(left, bottom, doc.width, doc.height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    try:
        doc.build(story, canvasmaker=_canvas_class(look, furniture, doc, bookmarks, meta, structure, stamp))
    except LayoutError as exc:
        what = "a table row" if "table row" in str(exc) else "this part"
        raise RenderProblem(doc.last_where, f"{what} is too large to fit on one page: shorten the text or split it") from None
    return Pdf(buffer.getvalue(), doc.outline, doc.page, doc.headers, doc.untagged)
