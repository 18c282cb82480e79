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
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from content import ANSWER_LINE_MM, GUTTER_MM, LEADING, MARGINS_MM, REPO, SIZES, Block, guide, handout, lessons

EXAMPLES = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading"]
_CJK = re.compile("([\u2e80-\u9fff\uf900-\ufaff]+)")


def _setup(cjk: bool = True) -> tuple[Any, Any]:
    """The floor's `build(blocks) -> pages`; `cjk`: register the CJK font (as lessonpress does only when a lesson needs it)."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.useA85 = 0  # binary streams, as lessonpress writes them (reportlab's default is ASCII85)
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
                columns = max((len(r) for r in block.rows), default=2)
                header = [[para(cell, "small") for cell in row] for row in block.rows]
                grid = Table(header + [[para(label, "small")] + [Spacer(1, 20 * mm)] * (columns - 1) for label in block.grid],
                             colWidths=["30%"] + [f"{70 / (columns - 1):.0f}%"] * (columns - 1))
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

    def build(blocks: list[Block], target: Any = None) -> int:
        story = [f for block in blocks for f in flowables(block)]
        doc = SimpleDocTemplate(target or io.BytesIO(), pagesize=LETTER, invariant=1, leftMargin=MARGINS_MM["left"] * mm,
                                rightMargin=MARGINS_MM["right"] * mm, topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        return int(doc.page)

    return build, para


def floor_rounds(workspace: Path, names: list[str]) -> tuple[Callable[[], float], int]:
    """A function timing one round (seconds per PDF) over the handout and guide of `names`, and the pages they make."""
    build, _ = _setup()
    stories = [(handout(lesson), guide(lesson)) for lesson in lessons(workspace, names)]
    pages = sum(build(blocks) for pair in stories for blocks in pair)

    def one_round() -> float:
        start = time.perf_counter()
        for pair in stories:
            for blocks in pair:
                build(blocks)
        return (time.perf_counter() - start) / (2 * len(stories))

    return one_round, pages


def floor_per_pdf(rounds: int) -> tuple[float, int]:
    """Median seconds per PDF of the example lessons' handout and guide, and the pages they make."""
    one_round, pages = floor_rounds(REPO, EXAMPLES)
    return (statistics.median([one_round() for _ in range(rounds)]) if rounds else 0.0), pages


def cold(folder: str) -> None:
    """The floor's cold run, in a fresh process: read the lesson's spec (YAML) and its materials as files, set the
    content (cut beforehand by `dump`: excerpt cutting is not what the floor measures) and write both PDFs to disk."""
    import json

    import yaml

    here = Path(folder)
    yaml.safe_load((here / "spec.yaml").read_text(encoding="utf-8"))
    for material in sorted(here.glob("*.md")):
        material.read_text(encoding="utf-8").split("\n\n")
    documents = json.loads((here / "blocks.json").read_text(encoding="utf-8"))
    build, _ = _setup(cjk=bool(_CJK.search(json.dumps(documents, ensure_ascii=False))))
    for name, blocks in zip(("handout.pdf", "teacher-guide.pdf"), documents):
        build([Block(**b) for b in blocks], str(here / name))


def dump(folder: Path, lesson: Any) -> None:
    """What `cold` reads: the lesson's spec, its materials, and its handout and guide blocks as JSON."""
    import dataclasses
    import json
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(lesson.path, folder / "spec.yaml")
    for document in lesson.documents.values():
        shutil.copy(document.material.path, folder / f"{document.material.id}.md")
    (folder / "blocks.json").write_text(json.dumps([[dataclasses.asdict(b) for b in doc(lesson)] for doc in (handout, guide)]), encoding="utf-8")
