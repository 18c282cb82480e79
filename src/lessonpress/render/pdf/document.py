"""Turn a story of flowables into PDF bytes: page furniture, "Page N of M", metadata, reproducibility."""

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


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    last_where: PathKey = ()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.outline: list[tuple[str, int, int]] = []  # title, level, 0-based page

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "_lp_outline", None)
        if entry is not None:
            self.outline.append((entry[0], entry[1], self.page - 1))

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables:
            self.last_where = getattr(flowables[0], "_lp_where", self.last_where)
        super().handle_flowable(flowables)


def _canvas_class(look: Look, furniture: Furniture) -> type[Canvas]:
    class PageCanvas(Canvas):  # type: ignore[misc]
        """Keeps every page until the end so each can say how many pages there are."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

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
            style = style.clone(f"furniture-{align}", alignment={"left": 0, "right": 2}[align])
            shown = text
            para = Para(look.p(shown, "furniture"), style)
            para.wrap(width, 100)
            while len(para.blPara.lines) > 1 and len(shown) > 4:
                shown = shown[: int(len(shown) * 0.9)].rstrip() + "…"
                para = Para(look.p(shown, "furniture"), style)
                para.wrap(width, 100)
            para.drawOn(self, x, y - para.height + style.fontSize)

        def _furniture(self, number: int, total: int) -> None:
            left, right, top, bottom = look.margins
            page_w, page_h = look.pagesize
            width = page_w - left - right
            if number > 1 or furniture.first_page_header:
                y = page_h - top + 5 * mm
                self._text(furniture.header_left, left, y, width * 0.62, "left")
                self._text(furniture.header_right, left + width * 0.62, y, width * 0.38, "right")
                self.setStrokeColor(look.color["rule"])
                self.setLineWidth(0.4)
                self.line(left, y - 2.2 * mm, page_w - right, y - 2.2 * mm)
            y = bottom - 8 * mm
            self._text(furniture.footer_left, left, y, width * 0.7, "left")
            self._text(furniture.page_label(number, total), left + width * 0.7, y, width * 0.3, "right")

    return PageCanvas


@dataclass
class Pdf:
    data: bytes
    outline: list[tuple[str, int, int]] = field(default_factory=list)  # title, level, 0-based page
    pages: int = 0


def build_pdf(story: list[Flowable], look: Look, furniture: Furniture, meta: Metadata) -> Pdf:
    """PDF bytes, byte-identical for identical input (reportlab's invariant mode)."""
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
        doc.build(story, canvasmaker=_canvas_class(look, furniture))
    except LayoutError as exc:
        what = "a table row" if "table row" in str(exc) else "this part"
        raise RenderProblem(doc.last_where, f"{what} is too large to fit on one page: shorten the text or split it") from None
    return Pdf(buffer.getvalue(), doc.outline, doc.page)
