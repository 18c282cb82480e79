"""What the HTML templates ask of a block that the block does not say directly: its kind, lines, cells.

Kept in Python so the templates stay declarative and the rules (which cell is
a row header, where an excerpt's printed lines start) are written once and
tested; the templates decide only the markup.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from lessonpress.document import model as d
from lessonpress.document.lines import line_starts
from lessonpress.resolve.images import PreparedImage

KINDS: dict[type[d.Block], str] = {
    d.Heading: "heading", d.Paragraph: "paragraph", d.Box: "box", d.NameLines: "name_lines", d.BulletList: "bullet_list",
    d.Table: "table", d.Source: "source", d.Excerpt: "excerpt", d.Question: "question", d.Group: "group",
    d.AnswerLines: "answer_lines", d.RatingScale: "rating_scale", d.Choices: "choices", d.OrderItems: "order_items",
}


class UnknownBlock(TypeError):
    """A block type the HTML writer has no template for: a new block needs its macro, never a silent gap."""


def kind(block: d.Block) -> str:
    try:
        return KINDS_ALL[type(block)]
    except KeyError:
        raise UnknownBlock(f"the HTML writer cannot write a {type(block).__name__} block yet: add it to render/html") from None


@dataclass(frozen=True)
class Line:
    """One printed line of an excerpt: its number, the label printed beside it ('' for most), its text."""

    number: int
    label: str
    text: str


def excerpt_lines(paragraph: d.ExcerptParagraph, every: int) -> list[Line]:
    """The paragraph's own text cut where the PDF breaks it, so the pieces join back into exactly that text."""
    text = paragraph.text
    if not paragraph.lines:
        return [Line(paragraph.first_line, _label(paragraph.first_line, every), text)]
    starts = line_starts(text, list(paragraph.lines))
    starts[0] = 0  # leading spaces stay with the first line
    ends = [*starts[1:], len(text)]
    return [Line(paragraph.first_line + i, _label(paragraph.first_line + i, every), text[start:end])
            for i, (start, end) in enumerate(zip(starts, ends))]


def _label(number: int, every: int) -> str:
    return str(number) if every > 0 and number % every == 0 else ""


@dataclass(frozen=True)
class HtmlCell:
    """A table cell as HTML: tag (th or td), scope for header cells, CSS class, the content."""

    tag: str
    scope: str
    css: str
    content: d.Inlines


def table_rows(table: d.Table) -> list[list[HtmlCell]]:
    """Header cells in header rows head their column, the first one in a body row heads its row; others are data."""
    rows: list[list[HtmlCell]] = []
    for r, row in enumerate(table.rows):
        cells = []
        for i, cell in enumerate(row):
            css = "answer" if cell.answer else "blank" if cell.blank else ""
            if i < len(table.align) and table.align[i] != "left":  # a column of numbers (a table document) reads right-aligned
                css = f"{css} align-{table.align[i]}".strip()
            if cell.header and r < table.header_rows:
                cells.append(HtmlCell("th", "col", css, cell.content))
            elif cell.header and i == 0:
                cells.append(HtmlCell("th", "row", css, cell.content))
            else:
                cells.append(HtmlCell("td", "", (css + " total").strip() if cell.header else css, cell.content))
        rows.append(cells)
    return rows


def percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}%"


def letter(index: int) -> str:
    """A. B. C. ... for choices, as the PDF letters them."""
    return chr(65 + index) if index < 26 else str(index + 1)


# ---- visual documents: pictures, tables of numbers, charts -------------------------------------
# Kept apart from KINDS (the text blocks every writer test walks) so the visual blocks can be listed and tested
# on their own; `kind` looks in both.
VISUAL_KINDS: dict[type[d.Block], str] = {d.Figure: "figure", d.Chart: "chart"}
KINDS_ALL = {**KINDS, **VISUAL_KINDS}
POINTS_PER_MM = 72 / 25.4
CHART_FONTS = "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', sans-serif"  # reportlab measured the labels in Helvetica


def has_visuals(document: d.Document) -> bool:
    """Whether the page needs the stylesheet's rules for pictures, tables of numbers and charts."""
    return any(isinstance(block, (d.Figure, d.Chart)) or (isinstance(block, d.Table) and block.kind == "source")
               for block in document.walk())


def data_uri(image: PreparedImage) -> str:
    """The picture inside the page (the Content-Security-Policy loads images from data: URIs only)."""
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def alt_text(figure: object) -> str:
    """A picture's text alternative; a figure without one is an error, never an image a screen reader cannot read."""
    alt = getattr(figure, "alt", None)
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("a figure without alt text cannot be written: the image material must give `alt:`")
    return " ".join(alt.split())


def text_paragraphs(text: str | None) -> list[str]:
    """A long description's paragraphs (separated by blank lines), each on one line."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def block_id(block: object, what: str) -> str:
    """An id for a block outside a document (a document's blocks are named after its letter and their place)."""
    where = "-".join(re.sub(r"[^A-Za-z0-9_-]", "", str(part)) for part in getattr(block, "where", ())) or "block"
    return f"{what}-{where}"


def chart_markup(chart: d.Chart, ident: str, title: str, size: Any = None) -> Markup:
    """The chart as an inline <svg> a screen reader reads as one image: named by its <title>, described by its alt text.

    `size` is the page's Sheet (the width and type size the PDF draws the chart at); the SVG's viewBox keeps its
    proportions at any width. reportlab escapes every label it writes; the title and description are escaped here.
    """
    if isinstance(title, Markup):  # a template's words, already escaped
        title = title.unescape()
    from lessonpress.render.charts import ChartLook, chart_svg  # reportlab's graphics: only for pages with a chart

    width, body = 504.0, 11.0
    if size is not None:
        width = (size.page_mm[0] - size.margins_mm["left"] - size.margins_mm["right"]) * POINTS_PER_MM
        body = float(size.size["body"])
    svg = chart_svg(chart, round(width, 2), ChartLook(size=body))
    opening = re.match(r"<svg\b[^>]*>", svg)
    box = re.search(r'viewBox="([0-9. -]+)"', opening.group(0)) if opening else None
    if opening is None or box is None:
        raise ValueError("reportlab's SVG has no <svg viewBox> element")
    rest = svg[opening.end():]
    rest = re.sub(r"<title>.*?</title>", "", rest, count=1, flags=re.DOTALL)
    rest = re.sub(r"<desc>.*?</desc>", "", rest, count=1, flags=re.DOTALL)
    rest = rest.replace('id="clip"', f'id="{ident}-clip"').replace("url(#clip)", f"url(#{ident}-clip)").replace(' id="group"', "")
    rest = rest.replace("font-family: Helvetica-Bold;", f"font-family: {CHART_FONTS}; font-weight: bold;")
    rest = rest.replace("font-family: Helvetica;", f"font-family: {CHART_FONTS};")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="{box.group(1)}" preserveAspectRatio="xMidYMid meet" '
            f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" focusable="false">'
            f'<title id="{ident}-title">{escape(" ".join(title.split()))}</title>'
            f'<desc id="{ident}-desc">{escape(" ".join(chart.alt.split()))}</desc>')
    markup = head + rest.strip()
    ET.fromstring(markup)  # well-formed, or a bug here: never a page a browser repairs by guessing
    if re.search(r"<(script|foreignObject|a|image|use)\b|\son\w+=", markup, re.IGNORECASE):
        raise ValueError("the chart's SVG holds an element or attribute a page must not have")
    return Markup(markup)  # built above from reportlab's escaped drawing and escaped text


def chart_table(chart: d.Chart) -> d.Table:
    """The numbers of a chart as a table document: its two columns with their headers, each value as written."""
    values = chart.value_labels if len(chart.value_labels) == len(chart.labels) else tuple(f"{v:g}" for v in chart.values)
    rows = ((d.Cell(d.plain(chart.x_label), header=True), d.Cell(d.plain(chart.y_label), header=True)),
            *((d.Cell(d.plain(label), header=True), d.Cell(d.plain(value))) for label, value in zip(chart.labels, values, strict=True)))
    longest = [max(len(d.to_text(row[c].content)) for row in rows) + 2 for c in range(2)]
    return d.Table(kind="source", rows=rows, widths=tuple(n / sum(longest) for n in longest), header_rows=1, align=("left", "right"),
                   where=chart.where)
