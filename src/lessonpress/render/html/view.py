"""What the HTML templates ask of a block that the block does not say directly: its kind, lines, cells.

Kept in Python so the templates stay declarative and the rules (which cell is
a row header, where an excerpt's printed lines start) are written once and
tested; the templates decide only the markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessonpress.document import model as d
from lessonpress.document.lines import line_starts

KINDS: dict[type[d.Block], str] = {
    d.Heading: "heading", d.Paragraph: "paragraph", d.Box: "box", d.NameLines: "name_lines", d.BulletList: "bullet_list",
    d.Table: "table", d.Source: "source", d.Excerpt: "excerpt", d.Question: "question", d.Group: "group",
    d.AnswerLines: "answer_lines", d.RatingScale: "rating_scale", d.Choices: "choices", d.OrderItems: "order_items",
}


class UnknownBlock(TypeError):
    """A block type the HTML writer has no template for: a new block needs its macro, never a silent gap."""


def kind(block: d.Block) -> str:
    try:
        return KINDS[type(block)]
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
