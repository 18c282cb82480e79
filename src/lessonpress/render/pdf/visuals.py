"""The visual part of an image or table document on paper: its picture, its table of numbers and its chart.

Each is tagged as the HTML page says it: a picture and a chart are `Figure`s
whose Alt text says what they show (a chart's gives every number), a table's
cells are `TH` (with their scope) and `TD` in reading order. A picture is
embedded once per file however often it is printed: its image object is named
by the digest of its bytes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable, Spacer

from lessonpress.document import model as d
from lessonpress.render.charts import ChartLook, chart_drawing, crowded
from lessonpress.render.pdf.document import tag
from lessonpress.render.pdf.flowables import Marked, Para, SafeTable
from lessonpress.render.pdf.tagging import Node, marked
from lessonpress.resolve.images import PreparedImage

if TYPE_CHECKING:
    from lessonpress.render.pdf.writer import PdfWriter

ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
GAP = 3 * mm  # between a document's visuals, and after the last
SIDE_GAP = 6 * mm  # between a table and the chart beside it
PAD = 6  # a table cell's left and right padding
CAPTION_GAP = 1.5 * mm  # between a picture and its caption
MIN_SHARE = 0.5  # a picture is never scaled below half the page height to keep its document on one page


class Picture(Flowable):  # type: ignore[misc]
    """A picture drawn `width` x `height` points as the content of `node` (a Figure with its Alt text).

    Its image object is named by the digest of its bytes and written the first
    time it is drawn: the same picture twice in a file is one object.
    """

    def __init__(self, image: PreparedImage, width: float, height: float, node: Node | None = None):
        super().__init__()
        self.image = image
        self.width, self.height = width, height
        self.node = node

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _xobject(self) -> tuple[str, str]:
        """The picture's (form name, resource name), its image object (and soft mask) registered once per file."""
        canv = self.canv
        doc = canv._doc
        name = f"lpimg{self.image.digest[:32]}"
        resource: str = doc.getXObjectName(name)
        if resource not in doc.idToObject:
            # a JPEG goes in as it is (DCT); a PNG as its pixels, its alpha channel as a soft mask
            xobject = PDFImageXObject(name, ImageReader(io.BytesIO(self.image.data)), mask="auto")
            xobject.name = name
            doc.Reference(xobject, resource)
            doc.addForm(name, xobject)
            smask = getattr(xobject, "_smask", None)
            if smask is not None:
                mask_resource = doc.getXObjectName(smask.name)
                xobject.smask = doc.Reference(smask, mask_resource) if mask_resource not in doc.idToObject else PDFObjectReference(mask_resource)
                del xobject._smask
        return name, resource

    def draw(self) -> None:
        canv = self.canv
        name, resource = self._xobject()
        with marked(canv, self.node):
            canv.saveState()
            canv.scale(self.width, self.height)
            canv._code.append(f"/{resource} Do")
            canv.restoreState()
        canv._formsinuse.append(name)
        canv._currentPageHasImages = 1


def _plain_para(writer: PdfWriter, text: str, style: str, node: Node, **changes: Any) -> Para:
    """A paragraph in a variant of `style` (`changes`: another alignment, no keep-with-next ...), its words the content
    of `node`."""
    look = writer.look
    para = Para(look.p(text, style), look.variant_style(style, **changes))
    para._lp_node = node
    return para


def figure(writer: PdfWriter, block: d.Figure, room: float | None = None) -> list[Flowable]:
    """The picture at its share of the text width, scaled down (aspect kept) when it and its caption would not fit
    `room` (a page less its document's heading: the document stays on one page), though never below half a page;
    its caption under it, as wide as the picture when that is wide."""
    look = writer.look
    alt = block.alt.strip()
    if block.description:
        alt = f"{alt}{'' if alt.endswith(('.', '!', '?')) else '.'} {block.description.strip()}"
    node = writer.node("Figure", alt=alt)
    caption_node = writer.node("Caption") if block.caption else None
    room = max(writer.frame_height if room is None else room, writer.frame_height * MIN_SHARE)
    width = look.frame_width * max(0.05, min(1.0, block.width))
    caption = None
    for _ in range(2):  # the caption is as wide as the picture: scaling the picture down can make it a line longer
        caption = _caption(writer, block, caption_node, width)
        below = (CAPTION_GAP + _height(writer, caption) if caption else 0) + GAP + 1
        if width * block.image.aspect + below <= room:
            break
        width = (room - below) / block.image.aspect
    picture = Picture(block.image, width, width * block.image.aspect, node)
    picture.hAlign = "LEFT"
    return [picture, Spacer(1, CAPTION_GAP), caption] if caption else [picture]


def _caption(writer: PdfWriter, block: d.Figure, node: Node | None, width: float) -> Para | None:
    """The caption in the reading size (`small`, at least 11 pt; large print larger), as wide as a wide picture."""
    if not block.caption or node is None:
        return None
    look = writer.look
    indent = look.frame_width - width if width >= look.frame_width * 0.4 else 0  # a narrow picture's caption runs on
    return _plain_para(writer, d.to_text(block.caption), "small", node, textColor=look.color["text"], keepWithNext=0, spaceBefore=0,
                       rightIndent=round(indent, 2))


def measure(writer: PdfWriter, flowables: list[Flowable]) -> float:
    """The height of flowables one under the other at the text width, with the space paragraphs keep before and after
    them (the first one's space before aside: a page's first flowable drops it)."""
    total = 0.0
    for index, flowable in enumerate(flowables):
        total += _height(writer, flowable) + float(flowable.getSpaceAfter()) + (float(flowable.getSpaceBefore()) if index else 0.0)
    return total


def _height(writer: PdfWriter, flowable: Flowable) -> float:
    _, height = flowable.wrap(writer.look.frame_width, 1e6)
    return float(height)


def source_table(writer: PdfWriter, block: d.Table) -> list[Flowable]:
    """A table of numbers: a shaded header row repeated on a new page, each column aligned as the material says
    (numbers to the right), columns as wide as their content so a row reads across without a gap."""
    look = writer.look
    nodes = writer.table_nodes(block)
    columns = max((len(row) for row in block.rows), default=0)
    align = [block.align[i] if i < len(block.align) else "left" for i in range(columns)]
    widths, natural = _widths(writer, block)
    rows = []
    for row, row_nodes in zip(block.rows, nodes, strict=True):
        cells: list[Any] = []
        for column, (cell, node) in enumerate(zip(row, row_nodes, strict=True)):
            text = d.to_text(cell.content)
            changes: dict[str, Any] = {"alignment": ALIGN[align[column]]}
            if natural:  # every word fits its column: none is broken to fill a line
                changes["hyphenationLang"] = ""
            cells.append(_plain_para(writer, text, "cellhead" if cell.header else "cell", node, **changes) if text else "")
        rows.append(cells)
    table = writer.new_table(rows, colWidths=widths, repeatRows=block.header_rows, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, look.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if block.header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, block.header_rows - 1), look.color["box"]))
    table.setStyle(writer.table_style(commands))
    return [table]


def _widths(writer: PdfWriter, block: d.Table) -> tuple[list[float], bool]:
    """Each column as wide as its widest cell, a long column header on two lines, and the table no wider than that
    (a number stays near its row's label); when that is wider than the page, the writer's shared widths. The flag
    says whether the natural widths were used."""
    width = writer.look.frame_width
    natural = []
    for column in zip(*block.rows, strict=False):
        body = max((writer.text_width(d.to_text(c.content), "cellhead" if c.header else "cell") for c in column[block.header_rows:]), default=0)
        heads = [_two_lines(writer, d.to_text(c.content)) for c in column[: block.header_rows]]
        natural.append(max([body, *(one if one <= body * 1.6 else two for one, two in heads)]) + 2 * PAD + 1)
    if sum(natural) <= width:
        return natural, True
    return writer.column_widths(block, width, 2 * PAD), False


def _two_lines(writer: PdfWriter, text: str) -> tuple[float, float]:
    """A header's width on one line, and the least width that holds it on two (broken between words)."""
    words = text.split()
    one = writer.text_width(text)
    two = min((max(writer.text_width(" ".join(words[:k])), writer.text_width(" ".join(words[k:]))) for k in range(1, len(words))), default=one)
    return one, two


def chart_look(writer: PdfWriter) -> ChartLook:
    """Charts in the theme's sans-serif faces and colours, their words at the body size (large print: larger)."""
    look = writer.look
    return ChartLook(font=look.fonts.heading.regular.name, bold_font=look.fonts.heading.faces["bold"].name, size=look.size("body"),
                     ink=look.color["text"], fill=look.color["accent"], rule=look.color["muted"])


def chart(writer: PdfWriter, block: d.Chart, width: float | None = None, height: float | None = None) -> list[Flowable]:
    """The chart (by default across the text width), a Figure whose Alt gives every number; where its numbers come
    from under it."""
    look = writer.look
    fonts = look.fonts
    face = fonts.heading.regular

    def plain(text: str) -> str:
        return fonts.plain(text, face)

    shown = replace(block, x_label=plain(block.x_label), y_label=plain(block.y_label), labels=tuple(plain(t) for t in block.labels))
    drawing = chart_drawing(shown, look.frame_width if width is None else width, chart_look(writer), height)
    out: list[Flowable] = [Marked(drawing, writer.node("Figure", alt=block.alt))]
    if block.note:
        out += [Spacer(1, 1 * mm), _plain_para(writer, block.note, "provenance", writer.node("P"), keepWithNext=0)]
    return out


def side_by_side(writer: PdfWriter, table: d.Table, figure: d.Chart) -> list[Flowable] | None:
    """A short, narrow table with its chart beside it, the two read together and the page not left half empty;
    None when the chart would be crowded there (large print, many bars) or the table is long: then one under the other."""
    look = writer.look
    widths, natural = _widths(writer, table)
    table_width = sum(widths)
    chart_width = look.frame_width - table_width - SIDE_GAP
    if not natural or table_width > look.frame_width * 0.42 or crowded(figure, chart_width, chart_look(writer)):
        return None
    flowables = source_table(writer, table)
    _, table_height = flowables[0].wrap(table_width, 1e6)
    if table_height > writer.frame_height * 0.5:
        return None
    height = min(max(table_height, chart_width * 0.5), chart_width * 0.7)
    right = chart(writer, figure, chart_width, height)
    layout = writer.new_table([[flowables, right]], colWidths=[table_width + SIDE_GAP, chart_width], hAlign="LEFT")
    layout.setStyle(writer.table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [layout]


def document_visuals(writer: PdfWriter, blocks: tuple[d.Block, ...], room: float) -> tuple[list[Flowable], float]:
    """A document's visuals in print order, and the height its first one needs below the heading (what must fit on a
    page where the document starts); `room` is a page less the document's heading, provenance and headnote."""
    out: list[Flowable] = []
    first = 0.0
    index = 0
    while index < len(blocks):
        block = blocks[index]
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        flowables = None
        if isinstance(block, d.Table) and block.kind == "source" and isinstance(after, d.Chart):
            flowables = side_by_side(writer, block, after)
            index += flowables is not None
        if flowables is None:
            flowables = figure(writer, block, room) if isinstance(block, d.Figure) else writer.block(block)
            if isinstance(block, (d.Figure, d.Chart)):  # a caption or a note never starts a page
                for flowable in flowables[:-1]:
                    flowable.keepWithNext = 1
        for flowable in flowables:
            if not isinstance(flowable, Spacer):
                tag(flowable, block.where)
        if not out:
            first = _first_height(writer, flowables)
        out += [*flowables, Spacer(1, GAP)]
        index += 1
    return out, min(first, max(0.0, room - 3 * mm - 1))  # what is taller than the room left starts under its heading anyway


def _first_height(writer: PdfWriter, flowables: list[Flowable]) -> float:
    """What must fit with the heading: a picture or chart whole, a table's header and first rows."""
    lead = flowables[0]
    if isinstance(lead, SafeTable):
        lead.wrap(writer.look.frame_width, 1e6)
        return float(sum(lead._rowHeights[:4]))
    return _height(writer, lead)
