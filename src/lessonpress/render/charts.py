"""A Chart block drawn with reportlab's own graphics: one drawing for the PDF and (as SVG) for HTML.

Axis labels are the table's column headers; every bar or point is labelled with
its value, so a printed (grey) copy is read without colour. Every word is set
at the size a student reads and none is turned on its side: the value axis's
title is written across, above the axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from lessonpress.document.model import Chart

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

ASPECT = 0.5  # a chart across the text width is half as high as it is wide
INK, FILL, RULE, GRID = HexColor("#1a1a1a"), HexColor("#4a6f8a"), HexColor("#5f6368"), HexColor("#d0d4d8")


@dataclass(frozen=True)
class ChartLook:
    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 11.0  # every word of the chart: the body size a student reads
    ink: Color = INK
    fill: Color = FILL
    rule: Color = RULE


def _step(top: float) -> float:
    """A round tick step giving about five ticks up to `top`."""
    raw = top / 5 or 1
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _value_label(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _labeller(chart: Chart) -> object:
    """Values printed as the table writes them; reportlab calls this with each value (and finds it by position)."""
    written = dict(zip(chart.values, chart.value_labels, strict=False)) if chart.value_labels else {}
    return lambda value: written.get(value, _value_label(value))


@dataclass(frozen=True)
class _Axis:
    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]


def _axis(chart: Chart) -> _Axis:
    """Round ticks from 0 (or below, for negative values) with room above the highest value for its label."""
    top = max(max(chart.values, default=0), 0)
    low = min(min(chart.values, default=0), 0)
    step = _step(top - low)
    ceiling = math.ceil(top / step) * step
    return _Axis(math.floor(low / step) * step, ceiling + step if top > ceiling - step * 0.2 else ceiling, step)


def _y_title(chart: Chart, width: float, look: ChartLook) -> list[str]:
    """The value axis's title, written across above the axis (never turned: it is read like any other line)."""
    return simpleSplit(chart.y_label, look.bold_font, look.size, width) or [""]


def _plot_box(chart: Chart, width: float, height: float, look: ChartLook) -> tuple[float, float, float, float]:
    """Where the plot goes in the drawing: (x, y, width, height), leaving room for the tick labels, the category
    labels with the axis title under them, and the value axis's title above."""
    size = look.size
    ticks = max(float(stringWidth(_value_label(v), look.font, size)) for v in _axis(chart).ticks)
    left = ticks + 5 + size * 0.5  # the tick mark (5 pt), then a gap of half a letter before its label
    bottom = size * 3.3
    top = size * (1.25 * len(_y_title(chart, width, look)) + 0.7)
    return left, bottom, width - left - size * 0.5, height - bottom - top


def crowded(chart: Chart, width: float, look: ChartLook) -> bool:
    """Whether neighbouring labels (categories under the axis, values over the bars) would touch at `width`."""
    if not chart.labels:
        return False
    _, _, plot_width, _ = _plot_box(chart, width, width * ASPECT, look)
    slot = plot_width / len(chart.labels)  # labels are centred on their bar or point, one slot apart
    values = chart.value_labels or tuple(_value_label(v) for v in chart.values)
    for row in (chart.labels, values):
        widths = [float(stringWidth(text, look.font, look.size)) for text in row]
        if max(widths) > slot or any((a + b) / 2 + look.size * 0.5 > slot for a, b in pairwise(widths)):
            return True
    return False


def chart_drawing(chart: Chart, width: float, look: ChartLook, height: float | None = None) -> Drawing:
    """The chart at `width` points wide (`height`, by default half of it): axes, ticks, every value on its bar or
    point, the category axis's title under it and the value axis's title above it, all at `look.size`."""
    # reportlab's graphics (~25 ms to import) load with the first chart, not with every lesson
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker

    height = width * ASPECT if height is None else height
    size = look.size
    drawing = Drawing(width, height)
    drawing.initialFontName = look.font  # not reportlab's default Helvetica, which would be set (and not embedded) for nothing
    left, bottom, plot_width, plot_height = _plot_box(chart, width, height, look)
    plot = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = plot_width, plot_height
    plot.data = [list(chart.values)]
    plot.categoryAxis.categoryNames = list(chart.labels)
    axis = _axis(chart)
    plot.valueAxis.valueMin, plot.valueAxis.valueMax, plot.valueAxis.valueStep = axis.low, axis.high, axis.step
    for each in (plot.categoryAxis, plot.valueAxis):
        each.labels.fontName = look.font
        each.labels.fontSize = size
        each.labels.fillColor = look.ink
        each.strokeColor = look.rule
    plot.valueAxis.labelTextFormat = _value_label
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = GRID
    plot.valueAxis.gridStrokeWidth = 0.5
    plot.categoryAxis.labels.dy = -size * 0.35
    plot.valueAxis.labels.dx = -size * 0.5
    if isinstance(plot, VerticalBarChart):
        plot.bars[0].fillColor = look.fill
        plot.bars[0].strokeColor = None
        plot.barLabelFormat = _labeller(chart)
        plot.barLabels.fontName = look.font
        plot.barLabels.fontSize = size
        plot.barLabels.fillColor = look.ink
        plot.barLabels.nudge = size * 0.6
        plot.groupSpacing = plot.width / max(len(chart.values), 1) * 0.3
    else:
        plot.lines[0].strokeColor = look.fill
        plot.lines[0].strokeWidth = 2
        plot.joinedLines = 1
        plot.lineLabelFormat = _labeller(chart)
        plot.lineLabels.fontName = look.font
        plot.lineLabels.fontSize = size
        plot.lineLabels.fillColor = look.ink
        plot.lineLabels.dy = size * 0.6
        plot.lines[0].symbol = makeMarker("FilledCircle", size=size * 0.45, fillColor=look.fill, strokeColor=look.fill)
    drawing.add(plot)
    drawing.add(String(left + plot.width / 2, size * 0.3, chart.x_label, fontName=look.bold_font, fontSize=size,
                       fillColor=look.ink, textAnchor="middle"))
    for index, line in enumerate(_y_title(chart, width, look)):
        drawing.add(String(0, height - size * (1 + 1.25 * index), line, fontName=look.bold_font, fontSize=size, fillColor=look.ink))
    return drawing


def chart_svg(chart: Chart, width: float, look: ChartLook) -> str:
    """The same drawing as an SVG element (no XML declaration), for HTML; the caller adds role, title and description."""
    from reportlab.graphics import renderSVG

    svg: str = renderSVG.drawToString(chart_drawing(chart, width, look))
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
