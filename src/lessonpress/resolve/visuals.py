"""Image and table documents: which keys they take, what a chart needs, and where their evidence is.

A table or an image has no printed lines, so its evidence is cited by what a
reader can point at: a table's row (by its first cell), an image's region, or
its caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lessonpress.errors import Diagnostics, Pos, suggest
from lessonpress.resolve.images import ImageFile
from lessonpress.resolve.materials import Material, MaterialTable
from lessonpress.resolve.textmatch import Haystack, clip
from lessonpress.spec.models import Evidence, SourceSpec
from lessonpress.spec.yamltree import PathKey

Locate = Callable[[PathKey], Pos]
_NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class VisualCite:
    """Evidence in a table or an image: 'row 1960', 'top left', 'caption'; never line numbers."""

    letter: str
    label: str  # row, region or caption
    value: str = ""  # the row's first cell, or the region


def number(cell: str) -> float | None:
    """'1,950.5' or '143.5' or '−3' as a number; None when the cell is not one number (a chart refuses it)."""
    text = cell.strip().replace("\u2009", "").replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    text = text.replace("−", "-")
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif text.count(",") == 1 and len(text.split(",")[1]) != 3:
        text = text.replace(",", ".")  # a decimal comma, e.g. 143,5
    else:
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def refuse_visual_keys(spec: SourceSpec, at: Locate, diags: Diagnostics) -> None:
    """A text document takes none of the image and table keys."""
    for key, kind in (("crop", "image"), ("width", "image"), ("chart", "table"), ("show", "table")):
        if getattr(spec, key) is not None:
            diags.error(at((key,)), f"'{key}' is for {kind} documents; material '{spec.material}' is text")


def check_visual_source(spec: SourceSpec, material: Material, at: Locate, diags: Diagnostics
                        ) -> tuple[MaterialTable | None, ImageFile | None] | None:
    """(table, image) of an image or table document, after checking its keys; None after an error."""
    before = len(diags.errors)
    text_keys = [key for key in ("select", "omit", "replace", "bilingual") if getattr(spec, key)]
    for key in text_keys:
        diags.error(at((key,)), f"'{key}' is for text documents; material '{spec.material}' is "
                                f"{'an image' if material.image else 'a table'}" + ("" if material.image else ": use 'table' to pick a table"))
    if material.image is not None:
        for key in ("table", "chart", "show"):
            if getattr(spec, key) is not None:
                diags.error(at((key,)), f"'{key}' is for table documents; material '{spec.material}' is an image")
        return (None, material.image) if len(diags.errors) == before else None
    for key in ("crop", "width"):
        if getattr(spec, key) is not None:
            diags.error(at((key,)), f"'{key}' is for image documents; material '{spec.material}' is a table")
    table = _pick_table(spec, material, at, diags)
    if table is not None and spec.chart is not None:
        _check_chart(spec, material, table, at, diags)
    return (table, None) if table is not None and len(diags.errors) == before else None


def _pick_table(spec: SourceSpec, material: Material, at: Locate, diags: Diagnostics) -> MaterialTable | None:
    tables = material.tables
    if not tables:
        diags.error(at(("table",)), f"material '{spec.material}' has no table (a table is '| A | B |', then '|---|---|', then its rows)")
        return None
    number_ = spec.table or 1
    if number_ > len(tables):
        diags.error(at(("table",)), f"material '{spec.material}' has {len(tables)} table{'s' if len(tables) != 1 else ''}; there is no table {number_}")
        return None
    if spec.table is None and len(tables) > 1:
        diags.error(at(("material",)), f"material '{spec.material}' has {len(tables)} tables: say which with 'table: 1' to 'table: {len(tables)}'")
        return None
    return tables[number_ - 1]


def _check_chart(spec: SourceSpec, material: Material, table: MaterialTable, at: Locate, diags: Diagnostics) -> None:
    chart = spec.chart
    assert chart is not None
    columns = ", ".join(f"'{h}'" for h in table.header)
    x, y = table.column(chart.x), table.column(chart.y)
    if x is None:
        diags.error(at(("chart", "x")), f"the table has no column '{clip(chart.x, 40)}'{suggest(chart.x, set(table.header)) or '; its columns are ' + columns}")
    if y is None:
        diags.error(at(("chart", "y")), f"the table has no column '{clip(chart.y, 40)}'{suggest(chart.y, set(table.header)) or '; its columns are ' + columns}")
        return
    for row, line in zip(table.rows, table.row_lines, strict=True):
        if number(row[y]) is None:
            diags.error(at(("chart", "y")), f"column '{table.header[y]}' has '{clip(row[y], 30)}' in row '{clip(row[0], 30)}' "
                                            f"({material.path.name} line {line}); a chart needs a number in every row")
            return


def locate_visual_evidence(letter: str, table: MaterialTable | None, material: Material, evidence: Evidence, at: Locate,
                           diags: Diagnostics) -> VisualCite | None:
    """Where evidence sits in a table or an image document; an error at the evidence when it cannot be there."""
    if material.image is not None:
        if evidence.quote is not None or evidence.row is not None:
            key = "quote" if evidence.quote is not None else "row"
            diags.error(at((key,)), f"Document {letter} is an image: point at a part of it ('region: top left') or at its caption ('caption: true')")
            return None
        if evidence.caption:
            if material.meta.caption is None:
                diags.error(at(("caption",)), f"Document {letter} has no caption: add 'caption:' to material '{material.id}', or cite a region")
                return None
            return VisualCite(letter, "caption")
        region = "centre" if evidence.region == "center" else evidence.region or "whole"
        return VisualCite(letter, "region", region)
    if table is None:  # a text document
        key = "row" if evidence.row is not None else "region" if evidence.region is not None else "caption"
        diags.error(at((key,)), f"Document {letter} is text: quote its words ('quote:'); '{key}' is for table and image documents")
        return None
    if evidence.region is not None or evidence.caption:
        key = "region" if evidence.region is not None else "caption"
        diags.error(at((key,)), f"Document {letter} is a table: cite a row by its first cell ('row: {table.rows[0][0] if table.rows else '1960'}')")
        return None
    if evidence.row is not None:
        index = table.find_row(evidence.row)
        if index is None:
            first = ", ".join(f"'{row[0]}'" for row in table.rows[:12])
            diags.error(at(("row",)), f"Document {letter} has no row '{clip(evidence.row, 30)}'; its rows are {first}")
            return None
        return VisualCite(letter, "row", table.rows[index][0])
    assert evidence.quote is not None
    for row in table.rows:
        if any(Haystack.of(cell).find(evidence.quote) for cell in row):
            return VisualCite(letter, "row", row[0])
    diags.error(at(("quote",)), f'evidence "{clip(evidence.quote)}" is in no cell of Document {letter}; cite a row instead (row: {table.rows[0][0]})')
    return None
