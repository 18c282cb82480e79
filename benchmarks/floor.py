"""The floor: the content of content.py set by a plain reportlab script, at the default theme's sizes and margins.

No validation, templates, tagging, line numbering or per-character font
checks: what a competent programmer would write by hand for these pages.
It uses the same fonts, with the CJK font for runs of Chinese characters
(the examples quote 大跃进), so both engines embed the same faces.
"""

from __future__ import annotations

import io
import re
import statistics
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from content import ANSWER_LINE_MM, GUTTER_MM, LEADING, MARGINS_MM, REPO, SIZES, Block, guide, handout, lessons

EXAMPLES = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading"]
_CJK = re.compile("([\u2e80-\u9fff\uf900-\ufaff]+)")


def _setup(cjk: bool = True) -> tuple[Any, Any]:
    """The floor's `build(blocks) -> pages`; `cjk`: register the CJK font (as lessonpress does only when a lesson needs it)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = "/usr/share/fonts/truetype/dejavu/"
    for name, file in (("F", "DejaVuSerif.ttf"), ("FI", "DejaVuSerif-Italic.ttf"), ("S", "DejaVuSans.ttf"), ("SB", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, fonts + file))
    if cjk:
        pdfmetrics.registerFont(TTFont("CJK", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))

    def style(name: str, font: str, size: float, **extra: Any) -> Any:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * LEADING, **extra)

    styles = {
        "title": style("title", "SB", SIZES["title"], spaceAfter=6), "heading": style("heading", "SB", SIZES["heading"], spaceBefore=10, spaceAfter=4),
        "small": style("small", "S", SIZES["small"]), "italic": style("italic", "FI", SIZES["small"], spaceAfter=4),
        "excerpt": style("excerpt", "F", SIZES["excerpt"], leftIndent=GUTTER_MM * mm, spaceAfter=4),
        "question": style("question", "S", SIZES["body"], spaceBefore=8), "body": style("body", "F", SIZES["body"], spaceAfter=4),
    }

    def para(text: str, kind: str) -> Any:
        return Paragraph(_CJK.sub(r'<font name="CJK">\1</font>', escape(text).replace("\n", "<br/>")), styles[kind])

    grid_style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def flowables(block: Block) -> list[Any]:
        if block.kind == "fields":
            return [Table([["Name", "", "Date", "", "Class", ""]], colWidths=[12 * mm, 70 * mm, 12 * mm, 30 * mm, 14 * mm, 30 * mm])]
        if block.kind == "box":
            box = Table([[para(block.text, "small")]], colWidths=["100%"])
            box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef3f8"))]))
            return [Spacer(1, 4 * mm), box]
        if block.kind == "excerpt":
            return [para(text, "excerpt") for text in block.paragraphs]
        if block.kind == "table":
            table = Table([[para(cell, "small") for cell in row] for row in block.rows], repeatRows=1)
            table.setStyle(grid_style)
            return [table]
        if block.kind == "question":
            part = [para(block.text, "question")]
            if block.grid:
                grid = Table([[para(label, "small"), Spacer(1, 20 * mm)] for label in block.grid], colWidths=["30%", "70%"])
                grid.setStyle(grid_style)
                part.append(grid)
            part += [HRFlowable(width="100%", spaceBefore=ANSWER_LINE_MM * mm, color=colors.grey) for _ in range(block.lines)]
            return [KeepTogether(part)]
        return [para(block.text, block.kind)]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont("S", SIZES["furniture"])
        canvas.drawString(MARGINS_MM["left"] * mm, 10 * mm, "World History")
        canvas.drawRightString(LETTER[0] - MARGINS_MM["right"] * mm, 10 * mm, f"Page {doc.page}")
        canvas.drawString(MARGINS_MM["left"] * mm, LETTER[1] - 14 * mm, "Lesson title")

    def build(blocks: list[Block]) -> int:
        story = [f for block in blocks for f in flowables(block)]
        doc = SimpleDocTemplate(io.BytesIO(), pagesize=LETTER, invariant=1, leftMargin=MARGINS_MM["left"] * mm,
                                rightMargin=MARGINS_MM["right"] * mm, topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        return int(doc.page)

    return build, para


def floor_per_pdf(rounds: int, lessons_wanted: int | None = None) -> tuple[float, int]:
    """Median seconds per PDF of the example lessons' handout and guide, and the pages they make."""
    build, _ = _setup()
    resolved = lessons(REPO, EXAMPLES)[:lessons_wanted]
    stories = [(handout(lesson), guide(lesson)) for lesson in resolved]
    pages = sum(build(blocks) for pair in stories for blocks in pair)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for pair in stories:
            for blocks in pair:
                build(blocks)
        samples.append((time.perf_counter() - start) / (2 * len(stories)))
    return (statistics.median(samples) if samples else 0.0), pages


def cold(blocks_json: str) -> None:
    """The floor's cold run: a fresh process renders one lesson's handout and guide from content dumped beforehand
    (so it imports only reportlab, not lessonpress's loader)."""
    import json

    documents = json.loads(Path(blocks_json).read_text(encoding="utf-8"))
    build, _ = _setup(cjk=bool(_CJK.search(json.dumps(documents, ensure_ascii=False))))
    for blocks in documents:
        build([Block(**b) for b in blocks])


def dump(path: Path, lesson: Any) -> None:
    """One lesson's handout and guide blocks as JSON, for `cold`."""
    import dataclasses
    import json

    path.write_text(json.dumps([[dataclasses.asdict(b) for b in doc(lesson)] for doc in (handout, guide)]), encoding="utf-8")
