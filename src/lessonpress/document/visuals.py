"""The visual part of an image or table document: its Figure, its Table and its Chart blocks.

A chart's text alternative is written from its numbers (every point, the
highest and the lowest), so a student who cannot see it reads the same data.
"""

from __future__ import annotations

from lessonpress.document.model import Block, Cell, Chart, Figure, Paragraph, Table, plain
from lessonpress.resolve.images import ImageFile, PreparedImage, prepare_image
from lessonpress.resolve.materials import MaterialTable
from lessonpress.resolve.rules import Document
from lessonpress.resolve.visuals import number
from lessonpress.style.wording import Wording

LARGE_PRINT_SCALE = 1.4  # a picture grows with the type of a large-print copy, up to the full text width
_prepared: dict[tuple[str, str, tuple[float, ...] | None], PreparedImage] = {}


def prepared(image: ImageFile, crop: tuple[float, float, float, float] | None) -> PreparedImage:
    """One preparation per picture and crop in a process: the handout, the guide and every variant share it."""
    key = (str(image.path), image.digest, crop)
    if key not in _prepared:
        if len(_prepared) > 32:
            _prepared.clear()
        _prepared[key] = prepare_image(image, crop)
    return _prepared[key]


def visuals(document: Document, words: Wording, large: bool, teacher: bool) -> tuple[Block, ...]:
    """The blocks printed in place of an excerpt; `teacher` adds an image's long description (the guide)."""
    where = ("sources", document.letter)
    if document.image is not None:
        meta = document.material.meta
        width = min(1.0, document.spec.width_fraction * (LARGE_PRINT_SCALE if large else 1.0))
        figure = Figure(image=prepared(document.image, document.spec.crop), alt=meta.alt or "", width=width,
                        caption=plain(meta.caption.strip()) if meta.caption else None,
                        description=meta.description.strip() if meta.description else None, where=where)
        out: list[Block] = [figure]
        if teacher and meta.description:
            label = words("image_description")
            out.append(Paragraph(content=plain(f"{label}: {meta.description.strip()}"), role="note", audience="teacher", where=where))
        return tuple(out)
    table = document.table
    assert table is not None
    blocks: list[Block] = []
    for shown in document.spec.shows:
        if shown == "table":
            blocks.append(source_table(table, where))
        else:
            blocks.append(chart(document, table, words))
    return tuple(blocks)


def source_table(table: MaterialTable, where: tuple[str, str]) -> Table:
    """The material's table as printed: a header row, then the rows; widths from the cells' lengths."""
    header = tuple(Cell(plain(text), header=True) for text in table.header)
    rows = (header, *(tuple(Cell(plain(text), header=column == 0) for column, text in enumerate(row)) for row in table.rows))
    longest = [max(len(row[c]) for row in (table.header, *table.rows)) + 2 for c in range(len(table.header))]
    widths = tuple(size / sum(longest) for size in longest)
    return Table(kind="source", rows=rows, widths=widths, header_rows=1, align=table.align, where=where)


def chart(document: Document, table: MaterialTable, words: Wording) -> Chart:
    spec = document.spec.chart
    assert spec is not None
    x, y = table.column(spec.x), table.column(spec.y)
    assert x is not None and y is not None  # checked in resolve
    labels = tuple(row[x] for row in table.rows)
    values = tuple(number(row[y]) or 0.0 for row in table.rows)
    kind = words(f"chart_{spec.type}")
    high, low = max(range(len(values)), key=lambda i: values[i]), min(range(len(values)), key=lambda i: values[i])
    alt = words("chart_alt", kind=kind, x=table.header[x], y=table.header[y], first=labels[0], last=labels[-1],
                points="; ".join(f"{label}: {row[y].strip()}" for label, row in zip(labels, table.rows, strict=True)),
                high=f"{table.rows[high][y].strip()} ({labels[high]})", low=f"{table.rows[low][y].strip()} ({labels[low]})")
    return Chart(kind=spec.type, x_label=table.header[x], y_label=table.header[y], labels=labels, values=values, alt=alt,
                 value_labels=tuple(row[y].strip() for row in table.rows),
                 note=words("chart_source", letter=document.letter), where=("sources", document.letter))
