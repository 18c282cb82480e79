"""Small custom flowables: numbered excerpt text, ruled answer lines, a 1-5 rating scale.

Each one tags what it draws (see tagging.py): its text is marked content of
the structure node the writer gave it, its decoration is an artifact.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListFlowable, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import LIIndenter

from lessonpress.render.pdf.tagging import LAYOUT, Node, artifact, marked, tagger_of

_PARSED: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # (markup, style, case) -> what reportlab's parser made of it


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its layout for the last width: platypus asks for it again and again
    (keep-together measuring, page-break checks, frame placement), and the line breaks depend only on width.

    It draws its text as marked content of `_lp_node`. A labelled paragraph (a choice "A. ...", an item to number)
    has `_lp_inline` = (Lbl node, LBody node) instead, and `_lp_label` = how many characters (spaces aside) its
    label has: the label and the body are marked inside the paragraph's text object, where the label's last
    character is drawn, so the paragraph is laid out exactly as any other.
    """

    _laid_out_at: float | None = None
    _lp_node: Node | None = None
    _lp_inline: tuple[Node, Node] | None = None
    _lp_label = 0
    _lp_continued = False  # the second part of a paragraph split over a page break
    _lp_continues = False  # the first part: its last line is not the paragraph's last

    def draw(self) -> None:
        tagger = tagger_of(self.canv)
        if tagger is None or tagger.artifact or self._lp_inline is not None:  # a labelled paragraph: see beginText
            super().draw()
            return
        tagger.begin(self.canv, self._lp_node or tagger.orphan())
        super().draw()
        tagger.end(self.canv)

    def beginText(self, x: float, y: float) -> Any:
        """The paragraph's text object, its text drawn through `_text_out` (line-end spaces, a label's end)."""
        tx = super().beginText(x, y)
        lines = len(self.blPara.lines) + self._lp_continues  # a first part's last line is not the paragraph's last
        tagger = tagger_of(self.canv)
        inline = self._lp_inline if tagger is not None and not tagger.artifact else None
        if inline is None:
            if lines > 1:
                _text_out(tx, lines)
            return tx
        assert tagger is not None
        label, body = inline
        tagger.open(tx._code, body if self._lp_continued else label)
        get_code = tx.getCode

        def closed() -> str:  # the text object ends: so does the marked content opened in it
            tx._code.append("EMC")
            return str(get_code())

        def label_ends() -> None:
            tx._code.append("EMC")
            tagger.open(tx._code, body)

        tx.getCode = closed
        _text_out(tx, lines, 0 if self._lp_continued else self._lp_label, label_ends)
        return tx

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        """reportlab parses every paragraph's markup anew; the same text in the same style (a label, a prompt in the
        handout and the guide, an excerpt's paragraphs) parses to the same fragments, so they are parsed once."""
        if frags is not None or bulletText is not None:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = (text, style, self.caseSensitive)
        parsed = _PARSED.get(key)
        if parsed is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            if len(_PARSED) > 4096:  # bounded: a long batch never holds more than a few lessons worth
                _PARSED.clear()
            made: dict[str, Any] = self.__dict__
            _PARSED[key] = (made["text"], made["frags"], made["style"], made["bulletText"])
            return
        self.__dict__.update(text=parsed[0], style=parsed[2], bulletText=parsed[3])
        frags = parsed[1]
        self.frags = [copy.copy(frag) for frag in frags]  # fragments are small; a copy keeps a split from touching the cache
        self.debug = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._laid_out_at == avail_width and "blPara" in self.__dict__:  # split() deletes the layout
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._laid_out_at = avail_width
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)
        for index, part in enumerate(parts):
            part._laid_out_at = None  # the halves lay themselves out afresh
            part._lp_node, part._lp_inline, part._lp_label = self._lp_node, self._lp_inline, self._lp_label  # one element, both pages
            part._lp_continued = self._lp_continued or index > 0
            part._lp_continues = index < len(parts) - 1 or self._lp_continues
        return parts


def _text_out(tx: Any, lines: int, label: int = 0, label_ends: Callable[[], None] | None = None) -> None:
    """Draw a paragraph's text through a wrapper of the text object's `_textOut` (which reportlab calls for every
    line, or every run of a line in one font):

    - every line but the last ends with the space the line break took: invisible on the page, but text read
      through the structure (or copied) says "in an encyclopedia", not "inan encyclopedia"; a hyphenated line
      end keeps its hyphen instead;
    - after the first `label` characters (spaces aside), `label_ends` is called: a list item's Lbl ends there
      and its LBody begins.
    """
    text_out = tx._textOut
    ended = 0

    def out(text: str, new_line: int = 0) -> None:
        nonlocal ended, label
        if label:
            for index, char in enumerate(text):
                if not char.isspace():
                    label -= 1
                    if not label:
                        text_out(text[: index + 1], 0)
                        assert label_ends is not None
                        label_ends()
                        text = text[index + 1 :]
                        break
        if new_line:
            ended += 1
            if ended < lines and not text.endswith((" ", "-", "\u00ad", "\u2010")):
                text += " "
        text_out(text, new_line)

    tx._textOut = out


@dataclass(frozen=True)
class Numbering:
    """How excerpt line numbers look: every `every` lines, right-aligned in a `gutter`-wide margin."""

    every: int
    gutter: float
    font: str
    size: float
    color: Color


class NumberedText(Flowable):  # type: ignore[misc]
    """A paragraph with a line number in the left gutter every `numbering.every` lines, counting from `first`.

    Numbers come from the paragraph's own line breaks, and a split across a page
    carries the count into the second part, so they stay right after page breaks.
    """

    def __init__(self, para: Paragraph, first: int, numbering: Numbering):
        super().__init__()
        self.para = para
        self.first = first
        self.numbering = numbering
        self.gutter = numbering.gutter
        self.spaceBefore = para.style.spaceBefore
        self.spaceAfter = para.style.spaceAfter

    def _copy(self, para: Paragraph, first: int) -> NumberedText:
        return NumberedText(para, first, self.numbering)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.para.wrap(avail_width - self.gutter, avail_height)
        self.width, self.height = avail_width, height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts = self.para.split(avail_width - self.gutter, avail_height)
        if len(parts) < 2:
            return []
        parts[0].wrap(avail_width - self.gutter, avail_height)
        shown = len(parts[0].blPara.lines)
        return [self._copy(parts[0], self.first), self._copy(parts[1], self.first + shown)]

    @property
    def line_count(self) -> int:
        return len(self.para.blPara.lines)

    def draw(self) -> None:
        self.para.drawOn(self.canv, self.gutter, 0)
        style = self.para.style
        numbering = self.numbering
        with artifact(self.canv, LAYOUT):  # a screen reader reads the sentences, never a number between two lines
            self.canv.setFont(numbering.font, numbering.size)
            self.canv.setFillColor(numbering.color)
            for index in range(self.line_count):
                number = self.first + index
                if number % numbering.every == 0:
                    baseline = self.height - style.fontSize - index * style.leading
                    self.canv.drawRightString(self.gutter - 2.5 * mm, baseline, str(number))


class AnswerLines(Flowable):  # type: ignore[misc]
    """`count` ruled lines to write on, `gap` apart: artifacts, with an empty marked-content sequence for `node`
    (which says "Answer space: 4 lines") where they begin, so the words have their place in the reading order."""

    def __init__(self, count: int, gap: float, color: Color, indent: float = 0, node: Node | None = None):
        super().__init__()
        self.count = count
        self.gap = gap
        self.color = color
        self.indent = indent
        self.node = node

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.gap + 2
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        """Long answer spaces (up to the documented 40 lines) continue on the next page."""
        fits = int((avail_height - 2) // self.gap)
        if fits < 2 or fits >= self.count:
            return []
        return [AnswerLines(fits, self.gap, self.color, self.indent, self.node),
                AnswerLines(self.count - fits, self.gap, self.color, self.indent, self.node)]

    def draw(self) -> None:
        if self.node is not None:
            with marked(self.canv, self.node):
                pass
        with artifact(self.canv, LAYOUT):
            self.canv.setStrokeColor(self.color)
            self.canv.setLineWidth(0.5)
            for index in range(self.count):
                y = self.height - (index + 1) * self.gap
                self.canv.line(self.indent, y, self.width, y)


class RatingScale(Flowable):  # type: ignore[misc]
    """Five circled numbers between two labels, for reliability ratings; labels go under the circles when the line
    would run past the margin (large print on A4)."""

    def __init__(self, low: str, high: str, font: str, size: float, color: Color, marked: int | None = None,
                 node: Node | None = None):
        super().__init__()
        self.node = node  # a Figure whose Alt says what the circles and labels say
        self.low, self.high = low, high
        self.font, self.size = font, size
        self.color = color
        self.marked = marked
        self.radius = size * 0.95
        self.step = self.radius * 3.4
        self.low_width = stringWidth(low, font, size)
        self.high_width = stringWidth(high, font, size)
        self.stacked = False

    def _one_line_width(self) -> float:
        return float(self.low_width + self.radius * 2.5 + 4 * self.step + self.radius * 2 + self.high_width)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.stacked = self._one_line_width() > avail_width
        self.height = self.size * (4.8 if self.stacked else 3.2)
        return self.width, self.height

    def draw(self) -> None:
        with marked(self.canv, self.node):
            self._draw()

    def _draw(self) -> None:
        canv = self.canv
        radius, step, size = self.radius, self.step, self.size
        canv.setFont(self.font, size)
        canv.setStrokeColor(self.color)
        y = self.height - size * 1.6
        start = radius * 1.2 if self.stacked else self.low_width + radius * 2.5
        for index in range(5):
            cx = start + index * step
            canv.setLineWidth(2.2 if self.marked == index + 1 else 0.7)
            canv.circle(cx, y, radius, stroke=1, fill=0)
            canv.drawCentredString(cx, y - size * 0.35, str(index + 1))
        if self.stacked:  # labels on their own line, under the first and the last circle
            label_y = y - radius - size * 1.1
            canv.drawString(0, label_y, self.low)
            canv.drawRightString(start + 4 * step + radius, label_y, self.high)
        else:
            canv.drawString(0, y - size * 0.35, self.low)
            canv.drawString(start + 4 * step + radius * 2, y - size * 0.35, self.high)


class SafeTable(Table):  # type: ignore[misc]
    """A table that refuses a row taller than a page; reportlab would draw it off the page without a word.

    Backgrounds and rules are artifacts; each cell's flowables are tagged by their own nodes (TH, TD, or the
    paragraphs of a box), except in a header row repeated after a page break, which is an artifact: its cells
    are already in the structure, where the table began.
    """

    _lp_repeated = 0  # how many rows at the top repeat the header of an earlier part
    _lp_skip: frozenset[int] = frozenset()

    def draw(self) -> None:
        self._lp_skip = frozenset(id(value) for row in self._cellvalues[: self._lp_repeated] for value in row)
        super().draw()

    def _drawBkgrnd(self) -> None:
        with artifact(self.canv, LAYOUT):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:
        with artifact(self.canv, LAYOUT):
            super()._drawLines()

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        if isinstance(cellval, str) or id(cellval) in self._lp_skip:  # an empty cell, a repeated header
            with artifact(self.canv, LAYOUT):
                super()._drawCell(cellval, cellstyle, pos, size)
        else:
            super()._drawCell(cellval, cellstyle, pos, size)

    def __init__(self, *args: Any, max_row_height: float = float("inf"), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_row_height = max_row_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        if self._rowHeights and max(self._rowHeights) > self.max_row_height:
            raise LayoutError("a table row is taller than a page")
        return size

    def _splitRows(self, avail_height: float, doInRowSplit: int = 0) -> Any:
        parts = super()._splitRows(avail_height, doInRowSplit)
        for index, part in enumerate(parts):
            if isinstance(part, Table) and not isinstance(part, SafeTable):
                part.__class__ = SafeTable
                part.max_row_height = self.max_row_height
            if isinstance(part, SafeTable):
                part._lp_repeated = self.repeatRows if index and isinstance(self.repeatRows, int) else self._lp_repeated
        return parts


class Indented(Flowable):  # type: ignore[misc]
    """Another flowable, drawn `indent` points in from the left (the rating scale under a question)."""

    def __init__(self, inner: Flowable, indent: float):
        super().__init__()
        self.inner, self.indent = inner, indent

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.inner.wrap(aw - self.indent, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self.indent, 0)


class Blank(Spacer):  # type: ignore[misc]
    """Room to write in a chart cell: nothing drawn, an empty marked-content sequence for the cell's node."""

    def __init__(self, width: float, height: float, node: Node | None = None):
        super().__init__(width, height)
        self.node = node

    def draw(self) -> None:
        with marked(self.canv, self.node):
            pass


class Marked(Flowable):  # type: ignore[misc]
    """Another flowable (a chart drawing) drawn as the content of `node` (a Figure with its Alt text)."""

    def __init__(self, inner: Flowable, node: Node):
        super().__init__()
        self.inner, self.node = inner, node
        self.hAlign = getattr(inner, "hAlign", "LEFT")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        with marked(self.canv, self.node):
            self.inner.drawOn(self.canv, 0, 0)


class TaggedList(ListFlowable):  # type: ignore[misc]
    """A bullet list whose bullets are the Lbl of their item (the item paragraph carries `_lp_label`)."""

    def _makeLIIndenter(self, flowable: Flowable, bullet: Any, params: Any = None) -> Any:
        indenter = super()._makeLIIndenter(flowable, bullet, params)
        object.__setattr__(indenter, "__class__", TaggedLIIndenter)  # LIIndenter forwards attribute writes
        return indenter


class TaggedLIIndenter(LIIndenter):  # type: ignore[misc]
    def split(self, aW: float, aH: float) -> list[Any]:
        parts: list[Any] = super().split(aW, aH)
        for part in parts:
            object.__setattr__(part, "__class__", TaggedLIIndenter)
        return parts

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        if self._bullet:
            with marked(canv, getattr(self._flowable, "_lp_label", None)):
                self._bullet.drawOn(self, canv, x, y, 0)
        self._flowable.drawOn(canv, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent))


NAME_FIELD_KEY = "LessonpressNameField"  # catalog entry: [page x y width height] of the Name blank, for named print-pack copies


class FieldAnchor(Flowable):  # type: ignore[misc]
    """The empty Name blank of a handout; it records where it was drawn (page, x, y, width) in the PDF's catalog,
    so a print pack can write each student's name on their copy without laying the handout out again."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.field_height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.field_width = avail_width
        return avail_width, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber()
        catalog = self.canv._doc.Catalog  # reportlab writes only the catalog keys it lists: list this one too
        if NAME_FIELD_KEY not in catalog.__NoDefault__:
            catalog.__NoDefault__ = [*catalog.__NoDefault__, NAME_FIELD_KEY]
        self.canv.setCatalogEntry(NAME_FIELD_KEY, [page, round(x, 2), round(y, 2), round(self.field_width, 2), round(self.field_height, 2)])
