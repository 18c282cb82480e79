"""Small custom flowables: numbered excerpt text, ruled answer lines, a 1-5 rating scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that remembers its layout for the last width: platypus asks for it again and again
    (keep-together measuring, page-break checks, frame placement), and the line breaks depend only on width."""

    _laid_out_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._laid_out_at == avail_width and "blPara" in self.__dict__:  # split() deletes the layout
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._laid_out_at = avail_width
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)
        for part in parts:
            part._laid_out_at = None  # the halves lay themselves out afresh
        return parts


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
        self.canv.setFont(numbering.font, numbering.size)
        self.canv.setFillColor(numbering.color)
        for index in range(self.line_count):
            number = self.first + index
            if number % numbering.every == 0:
                baseline = self.height - style.fontSize - index * style.leading
                self.canv.drawRightString(self.gutter - 2.5 * mm, baseline, str(number))


class AnswerLines(Flowable):  # type: ignore[misc]
    """`count` ruled lines to write on, `gap` apart."""

    def __init__(self, count: int, gap: float, color: Color, indent: float = 0):
        super().__init__()
        self.count = count
        self.gap = gap
        self.color = color
        self.indent = indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.gap + 2
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        """Long answer spaces (up to the documented 40 lines) continue on the next page."""
        fits = int((avail_height - 2) // self.gap)
        if fits < 2 or fits >= self.count:
            return []
        return [AnswerLines(fits, self.gap, self.color, self.indent), AnswerLines(self.count - fits, self.gap, self.color, self.indent)]

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.5)
        for index in range(self.count):
            y = self.height - (index + 1) * self.gap
            self.canv.line(self.indent, y, self.width, y)


class RatingScale(Flowable):  # type: ignore[misc]
    """Five circled numbers between two labels, for reliability ratings; labels go under the circles when the line
    would run past the margin (large print on A4)."""

    def __init__(self, low: str, high: str, font: str, size: float, color: Color, marked: int | None = None):
        super().__init__()
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
    """A table that refuses a row taller than a page; reportlab would draw it off the page without a word."""

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
        for part in parts:
            if isinstance(part, Table) and not isinstance(part, SafeTable):
                part.__class__ = SafeTable
                part.max_row_height = self.max_row_height
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
