"""Visual documents in Word: a picture with its alt text and caption, a table document with a repeated header row and
right-aligned numbers, and a chart described in words beside its table; opened again with python-docx and printed by
LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from conftest import copy_examples
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from test_html import missing_tool, squash
from test_visual_html import GRAIN, OUTPUT, POSTER, POSTER_ALT, POSTER_CAPTION, YEARS, add_image_lesson

from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.render.docx import write_docx
from lessonpress.render.pdf import prepare
from lessonpress.resolve.loader import load_project
from lessonpress.style.theme import Theme
from lessonpress.workspace import open_workspace

EMU_PER_MM = 36000
CHART_WORDS = "In this Word file the chart is shown as the table of its numbers."


@dataclass
class Files:
    student: d.Document
    guide: d.Document
    data: dict[str, bytes]
    text_mm: float
    theme: Theme

    def opened(self, which: str) -> WordDocument:
        return docx.Document(io.BytesIO(self.data[which]))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Files]:
    ws = add_image_lesson(copy_examples(tmp_path_factory.mktemp("visual-docx") / "ws"))
    workspace = open_workspace(ws)
    project = load_project(workspace)
    out = {}
    for lesson in (GRAIN, POSTER, "glf-evidence-lab"):
        for variant, paper in (("standard", "letter"), ("large-print", "a4"), ("answer-key", "letter")):
            job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, paper, variant, workspace.settings.school)
            (student, look), (guide, guide_look) = prepare(project.lessons[lesson], job)[0]
            margins = look.theme.margins_mm
            width = (215.9 if paper == "letter" else 210.0) - margins.left - margins.right
            assert guide_look.theme == look.theme
            out[(lesson, variant)] = Files(student, guide, {"student": write_docx(student, look.theme), "guide": write_docx(guide, look.theme)},
                                           width, look.theme)
    return out


def cells(table: Table) -> list[list[str]]:
    return [[squash(cell.text) for cell in row.cells] for row in table.rows]


def source_tables(doc: WordDocument) -> list[Table]:
    return [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblCaption")) is not None]


@pytest.mark.parametrize("which", ["student", "guide"])
@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_a_picture_has_its_alt_text_width_and_caption(built: dict[tuple[str, str], Files], which: str, variant: str) -> None:
    files = built[(POSTER, variant)]
    figure = next(b for b in (files.guide if which == "guide" else files.student).walk() if isinstance(b, d.Figure))
    doc = files.opened(which)
    described = [(el.get("descr"), el.get("title")) for el in doc.element.body.iter(qn("wp:docPr"))]
    assert described == [(POSTER_ALT, POSTER_ALT[:80])]
    blip = next(doc.element.body.iter(qn("a:blip")))
    assert doc.part.related_parts[blip.get(qn("r:embed"))].blob == figure.image.data  # the picture as prepared, once
    extent = next(doc.element.body.iter(qn("wp:extent")))
    assert int(extent.get("cx")) / EMU_PER_MM == pytest.approx(files.text_mm * figure.width, abs=0.1)
    assert int(extent.get("cy")) / int(extent.get("cx")) == pytest.approx(360 / 480, rel=0.01)
    paragraphs = doc.paragraphs
    holder = next(i for i, p in enumerate(paragraphs) if p._p.find(".//" + qn("w:drawing")) is not None)
    style = paragraphs[holder].style
    assert style is not None and style.name == "Figure"
    assert paragraphs[holder].paragraph_format.keep_with_next or style.paragraph_format.keep_with_next  # with its caption
    caption = paragraphs[holder + 1]
    assert caption.style is not None and caption.style.name == "Caption" and caption.text == POSTER_CAPTION
    text = " ".join(p.text for p in paragraphs)
    # the long description: a note in the guide, not on the student's paper
    assert ("Description: A tall poster" in text) == (which == "guide")


@pytest.mark.parametrize("variant", ["standard", "large-print", "answer-key"])
def test_a_table_document_is_a_word_table_with_a_repeated_header_and_right_aligned_numbers(built: dict[tuple[str, str], Files],
                                                                                          variant: str) -> None:
    for which in ("student", "guide"):
        doc = built[(GRAIN, variant)].opened(which)
        tables = source_tables(doc)
        assert len(tables) == 1
        table = tables[0]
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Document A, table"
        assert cells(table) == [["Year", "Grain output (million tonnes)"], *([y, v] for y, v in zip(YEARS, OUTPUT, strict=True))]
        rows = table.rows
        assert rows[0]._tr.trPr is not None and rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
        assert [row.cells[1].paragraphs[0].alignment for row in rows] == [WD_ALIGN_PARAGRAPH.RIGHT] * 7
        assert {row.cells[0].paragraphs[0].alignment for row in rows} == {None}
        assert [row.cells[0].paragraphs[0].style.name for row in rows] == ["Table Heading"] * 7  # year: a row header
        widths = [cell.width.mm for cell in rows[0].cells]
        assert widths[0] < widths[1] and sum(widths) <= built[(GRAIN, variant)].text_mm + 0.5
        # the chart: its text alternative in words, saying it is shown as its table
        chart = next(b for b in built[(GRAIN, variant)].student.walk() if isinstance(b, d.Chart))
        captions = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Caption"]
        assert captions == [f"{chart.alt} ({CHART_WORDS})"]
        for paragraph in doc.paragraphs:  # named styles, no direct formatting of text (as every lessonpress DOCX)
            assert paragraph.style is not None and paragraph.style.name != "Normal"
            assert all(r.font.size is None and r.font.name is None and r.font.bold is None for r in paragraph.runs)


def test_a_chart_without_its_table_gets_the_table_in_word(built: dict[tuple[str, str], Files]) -> None:
    files = built[(POSTER, "standard")]
    source = next(b for b in files.student.walk() if isinstance(b, d.Source) and b.letter == "C")
    assert [type(v) for v in source.visuals] == [d.Chart]  # the spec shows only the chart
    doc = files.opened("student")
    tables = source_tables(doc)
    assert [t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for t in tables] == ["Document C, table"]
    assert cells(tables[0]) == [["Year", "Grain output (million tonnes)"], *([y, v] for y, v in zip(YEARS, OUTPUT, strict=True))]
    chart = source.visuals[0]
    assert isinstance(chart, d.Chart)
    assert any(p.text == f"{chart.alt} ({CHART_WORDS})" for p in doc.paragraphs)


def test_text_lessons_get_no_visual_styles_and_rebuilds_are_byte_identical(built: dict[tuple[str, str], Files]) -> None:
    for which in ("student", "guide"):
        text_doc = built[("glf-evidence-lab", "standard")].opened(which)
        assert "Figure" not in {style.name for style in text_doc.styles} and not list(text_doc.element.body.iter(qn("wp:docPr")))
    for key in ((GRAIN, "standard"), (POSTER, "large-print")):
        files = built[key]
        assert write_docx(files.student, files.theme) == files.data["student"]
        assert write_docx(files.guide, files.theme) == files.data["guide"]


@pytest.fixture(scope="module")
def converted(built: dict[tuple[str, str], Files], tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        missing_tool("LibreOffice is not installed (Debian package libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("lo-visual")
    for (lesson, variant), files in built.items():
        if lesson in (GRAIN, POSTER):
            for which, data in files.data.items():
                (folder / f"{lesson}.{variant}.{which}.docx").write_bytes(data)
    docs = sorted(folder.glob("*.docx"))
    result = subprocess.run([str(soffice), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(folder), *map(str, docs)], check=False, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "HOME": str(folder)})
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize("lesson", [GRAIN, POSTER])
def test_libreoffice_prints_the_picture_the_table_and_the_chart_words(converted: Path, lesson: str) -> None:
    for pdf in sorted(converted.glob(f"{lesson}.*.pdf")):
        assert pdf.stat().st_size > 1000
        text = squash(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout)
        assert "Grain output (million tonnes)" in text and all(value in text for value in OUTPUT), pdf.name
        assert squash(CHART_WORDS) in text or "shown as the table" in text.replace("\n", " "), pdf.name
        if lesson == POSTER:
            images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
            assert len(images) >= 1 and POSTER_CAPTION in text, pdf.name
