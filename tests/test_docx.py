"""The DOCX writer: every example opened with python-docx as Word would, and printed by LibreOffice as a teacher would."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest
from conftest import Cli, copy_examples
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Length
from pdfread import document_lines
from pdfread import squash as pdf_squash
from test_html import answers, every_block, hostile_document, missing_tool, squash

from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.render.docx import UnknownBlock, add_picture, write_docx
from lessonpress.render.docx.package import FIXED_TIME
from lessonpress.render.pdf import prepare, write_pdf
from lessonpress.render.pdf.styles import Look
from lessonpress.resolve.loader import load_project
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.style.theme import Theme
from lessonpress.workspace import open_workspace

LESSONS = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading", "glf-success-or-failure-short"]
COPIES = [("standard", "letter"), ("answer-key", "letter"), ("large-print", "a4")]
QUESTION_STYLES = {"Question", "Question Text", "Claim", "Instruction", "Answer", "Choice", "Choice Answer", "Order Item",
                   "Order Item Answer", "Rating Scale"}


@dataclass
class Copy:
    """One lesson copy's trees (as `render_lesson` prepares them) and their DOCX files, opened again with python-docx."""

    lesson: ResolvedLesson
    theme: Theme
    variant: str
    paper: str
    student: d.Document
    guide: d.Document
    looks: dict[str, Look]
    files: dict[str, bytes]

    def opened(self, which: str) -> WordDocument:
        return docx.Document(io.BytesIO(self.files[which]))

    def tree(self, which: str) -> d.Document:
        return self.guide if which == "guide" else self.student


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_examples(tmp_path_factory.mktemp("docx") / "ws")


@pytest.fixture(scope="module")
def copies(workspace: Path) -> dict[tuple[str, str], Copy]:
    opened = open_workspace(workspace)
    project = load_project(opened)
    out = {}
    for lesson in LESSONS:
        for variant, paper in COPIES:
            job = RenderJob(opened.templates_dir, None, opened.settings.theme, paper, variant, opened.settings.school)
            (student, look), (guide, guide_look) = prepare(project.lessons[lesson], job)[0]
            files = {"student": write_docx(student, look.theme), "guide": write_docx(guide, guide_look.theme)}
            out[(lesson, variant)] = Copy(project.lessons[lesson], look.theme, variant, paper, student, guide,
                                          {"student": look, "guide": guide_look}, files)
    return out


def all_text(doc: WordDocument) -> str:
    """Every word a reader can see: body, tables (nested too), headers and footers."""
    body = doc.element.body
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            texts += [p.text for p in part.paragraphs]
    return squash(" ".join(texts))


def styled(doc: WordDocument, *names: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name in names]


# ---- structure -------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("which", ["student", "guide"])
def test_headings_are_word_headings_in_the_trees_order(copies: dict[tuple[str, str], Copy], lesson: str, which: str) -> None:
    copy = copies[(lesson, "standard")]
    tree = copy.tree(which)
    expected = []
    for block in tree.walk():
        if isinstance(block, d.Heading):
            expected.append((f"Heading {block.level}", squash(d.to_text(block.content))))
        elif isinstance(block, d.Source):
            expected.append(("Heading 2", squash(d.to_text(block.heading))))
    doc = copy.opened(which)
    found = [(p.style.name, squash(p.text)) for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert found == expected
    assert found[0] == ("Heading 1", squash(copy.lesson.lesson.title))


@pytest.mark.parametrize("lesson", LESSONS)
def test_text_has_named_styles_and_no_direct_formatting(copies: dict[tuple[str, str], Copy], lesson: str) -> None:
    """A teacher's change to a style must reach every paragraph of that kind: no run carries its own font or size."""
    for which in ("student", "guide"):
        doc = copies[(lesson, "large-print")].opened(which)
        for paragraph in doc.paragraphs:
            assert paragraph.style is not None and paragraph.style.name != "Normal", paragraph.text
            for run in paragraph.runs:
                assert run.font.size is None and run.font.name is None and run.font.bold is None, (paragraph.text, run.text)
        assert styled(doc, "Provenance") and styled(doc, "Excerpt")
        excerpt = doc.styles["Excerpt"]
        assert excerpt.font.size is not None and excerpt.font.size.pt >= 16  # large print is large in Word too


@pytest.mark.parametrize("lesson", LESSONS)
def test_tables_have_the_trees_cells_and_header_rows(copies: dict[tuple[str, str], Copy], lesson: str) -> None:
    for which in ("student", "guide"):
        copy = copies[(lesson, "standard")]
        tables = [b for b in copy.tree(which).walk() if isinstance(b, d.Table) and b.rows]
        lines = [b for b in copy.tree(which).walk() if isinstance(b, d.AnswerLines)]
        doc = copy.opened(which)
        assert len(doc.tables) == len(tables) + len(lines)
        written = iter(t for t in doc.tables if t.style is not None and t.style.name == "Table Grid")
        for block in tables:
            table = next(written)
            assert len(table.rows) == len(block.rows)
            for row, cells in zip(table.rows, block.rows, strict=True):
                assert [squash(c.text) for c in row.cells[: len(cells)]] == [squash(d.to_text(c.content)) if not c.blank else "" for c in cells]
            for index, row in enumerate(table.rows):
                marked = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                assert marked == (index < block.header_rows)  # header rows are read as headers and repeat on each page
        kinds = {b.kind for b in tables}
        assert ("agenda" in kinds and "rubric" in kinds) == (which == "guide" and bool(copy.lesson.lesson.agenda and copy.lesson.lesson.rubric))


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("variant", [v for v, _ in COPIES])
def test_excerpt_lines_and_numbers_are_the_models(copies: dict[tuple[str, str], Copy], lesson: str, variant: str) -> None:
    """Each printed line of the variant's PDF layout is one line of the Word paragraph; every fifth is numbered."""
    copy = copies[(lesson, variant)]
    for which in ("student", "guide"):
        tree = copy.tree(which)
        model = [(p, line) for b in tree.walk() if isinstance(b, d.Excerpt) for p in b.paragraphs for line in (p.lines or (p.text,))]
        every = next(b.every for b in tree.walk() if isinstance(b, d.Excerpt))
        paragraphs = [p for b in tree.walk() if isinstance(b, d.Excerpt) for p in b.paragraphs]
        written = styled(copy.opened(which), "Excerpt")
        assert len(written) == len(paragraphs)
        lines = [line for text in written for line in text.split("\n")]
        assert len(lines) == len(model)
        for line, (_, printed) in zip(lines, model, strict=True):
            _, _, text = line.split("\t")
            assert squash(text) == squash(printed)
        numbers = [int(line.split("\t")[1]) for line in lines if line.split("\t")[1]]
        starts = [p.first_line + i for p in paragraphs for i in range(len(p.lines or (p.text,)))]
        labelled = [n for n, line in zip(starts, lines, strict=True) if line.split("\t")[1]]
        assert numbers == labelled == [n for n in starts if n % every == 0]


@pytest.mark.parametrize("lesson", LESSONS)
def test_questions_and_choices_are_word_lists(copies: dict[tuple[str, str], Copy], lesson: str) -> None:
    copy = copies[(lesson, "answer-key")]
    doc = copy.opened("student")
    questions = [b for b in copy.student.walk() if isinstance(b, d.Question)]
    assert len(styled(doc, "Question")) == len(questions)
    question_style = doc.styles["Question"].element
    assert question_style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None  # numbered by the style: 1., 2., ...
    choices = [p for p in doc.paragraphs if p.style is not None and p.style.name in ("Choice", "Choice Answer")]
    assert len(choices) == sum(len(b.items) for b in copy.student.walk() if isinstance(b, d.Choices))
    assert all(p._p.pPr is not None and p._p.pPr.numPr is not None for p in choices)  # lettered A., B., ... by Word
    marked = [p.text for p in choices if p.style is not None and p.style.name == "Choice Answer"]
    assert len(marked) == len([b for b in copy.student.walk() if isinstance(b, d.Choices) and b.marked is not None])
    assert all(text.startswith("✓ ") for text in marked)


# ---- answers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", LESSONS)
def test_handout_holds_no_answer_and_the_guide_holds_them_all(copies: dict[tuple[str, str], Copy], lesson: str) -> None:
    for variant in ("standard", "large-print"):
        copy = copies[(lesson, variant)]
        handout, guide = all_text(copy.opened("student")), all_text(copy.opened("guide"))
        secrets = answers(copy.lesson)
        assert len(secrets) >= 5
        for secret in secrets:
            assert secret not in handout, secret
            assert secret in guide, secret
        doc = copy.opened("student")
        assert not styled(doc, "Answer", "Key Answer", "Choice Answer", "Order Item Answer", "Citation")
        assert "✓" not in handout and "☒" not in handout
        assert doc.core_properties.category == "handout"


@pytest.mark.parametrize("lesson", LESSONS)
def test_answer_key_is_stamped_on_every_page_and_answered(copies: dict[tuple[str, str], Copy], lesson: str) -> None:
    copy = copies[(lesson, "answer-key")]
    doc = copy.opened("student")
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        assert "ANSWER KEY" in [p.text for p in header.paragraphs]
    answered = [b for b in copy.student.walk() if isinstance(b, d.Paragraph) and b.role == "answer"]
    assert len(styled(doc, "Answer")) == len(answered) > 0
    assert copy.files["student"] != copies[(lesson, "standard")].files["student"]


# ---- page, properties, package -----------------------------------------------------------------
@pytest.mark.parametrize(("variant", "paper", "size"), [("standard", "letter", (215.9, 279.4)), ("large-print", "a4", (210.0, 297.0))])
def test_page_size_margins_and_properties(copies: dict[tuple[str, str], Copy], variant: str, paper: str, size: tuple[float, float]) -> None:
    copy = copies[("glf-evidence-lab", variant)]
    doc = copy.opened("student")
    section = doc.sections[0]
    margins = copy.theme.margins_mm

    def mm(length: Length | None) -> float:
        assert length is not None
        return round(float(length.mm), 1)  # Word keeps twentieths of a point

    assert (mm(section.page_width), mm(section.page_height)) == size
    assert (mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin)) == (
        margins.top, margins.bottom, margins.left, margins.right)
    core = doc.core_properties
    assert core.title == copy.student.meta.title and core.language == "en" and core.author == copy.student.meta.author
    assert core.subject == squash(copy.lesson.lesson.central_question)
    assert core.created == core.modified == FIXED_TIME
    footer = section.footer.paragraphs[0]
    assert [f.get(qn("w:instr")).strip() for f in footer._p.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]


def test_rebuild_is_byte_identical_with_fixed_times_and_sorted_entries(copies: dict[tuple[str, str], Copy]) -> None:
    copy = copies[("glf-close-reading", "standard")]
    assert write_docx(copy.student, copy.theme) == copy.files["student"]
    assert write_docx(copy.guide, copy.theme) == copy.files["guide"]
    package = zipfile.ZipFile(io.BytesIO(copy.files["student"]))
    names = package.namelist()
    assert names == sorted(names) and names[0] == "[Content_Types].xml"
    assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not [n for n in names if "thumbnail" in n]  # the template's picture of another page is not shipped
    core = package.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "python-docx" not in core


# ---- text is data, new blocks, pictures --------------------------------------------------------
def test_user_text_is_written_literally_and_every_block_kind_is_written(copies: dict[tuple[str, str], Copy]) -> None:
    theme = copies[("glf-evidence-lab", "standard")].theme
    hostile = hostile_document()
    doc = docx.Document(io.BytesIO(write_docx(hostile, theme)))
    text = all_text(doc)
    assert squash(d.to_text(d.plain(hostile.meta.title))) in text and "49" not in text
    assert doc.core_properties.title == hostile.meta.title

    @dataclass(frozen=True, kw_only=True)
    class Figure(d.Block):
        alt: str

    strange = replace(hostile, blocks=(*every_block("x"), Figure(alt="a map")))
    with pytest.raises(UnknownBlock, match="Figure"):
        write_docx(strange, theme)


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\x00\xff" * 2)) + chunk(b"IEND", b""))


def test_pictures_carry_their_alt_text() -> None:
    """The hook a Figure block will use: the picture's description is what a screen reader reads."""
    doc = docx.Document()
    add_picture(doc, tiny_png(), "Map of China's provinces, 1959", 40)
    saved = io.BytesIO()
    doc.save(saved)
    again = docx.Document(io.BytesIO(saved.getvalue()))
    described = [el.get("descr") for el in again.element.body.iter(qn("wp:docPr"))]
    assert described == ["Map of China's provinces, 1959"]


# ---- the build --------------------------------------------------------------------------------
def test_build_makes_docx_for_every_copy_incrementally(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    result = cli("build", "--format", "docx", "--variant", "answer-key", "--out", str(tmp_path / "out"), cwd=ws)
    assert result.exit_code == 0, result.stderr
    made = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.docx"))
    assert "glf-evidence-lab/answer-key.docx" in made and "glf-evidence-lab/teacher-guide.docx" in made
    assert "unit-glf/period-5/glf-evidence-lab/answer-key.docx" in made and not [m for m in made if m.endswith("handout.docx")]
    manifest = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert "glf-evidence-lab/answer-key.docx" in manifest
    again = cli("build", "--format", "docx", "--variant", "answer-key", "--out", str(tmp_path / "out"), cwd=ws)
    assert again.exit_code == 0 and "0 built" in again.stderr + again.stdout


# ---- LibreOffice -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def converted(copies: dict[tuple[str, str], Copy], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example DOCX (handout, answer key, guide; large print on A4 too) printed to PDF by LibreOffice, headless."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        missing_tool("LibreOffice is not installed (Debian package libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("lo")
    for (lesson, variant), copy in copies.items():
        for which, data in copy.files.items():
            (folder / f"{lesson}.{variant}.{which}.docx").write_bytes(data)
    docs = sorted(folder.glob("*.docx"))
    profile = (folder / "profile").as_uri()  # a private profile: a LibreOffice a teacher has open is left alone
    result = subprocess.run([str(soffice), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                             str(folder), *map(str, docs)], check=False, capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": str(folder)})
    assert result.returncode == 0, result.stderr
    missing = [doc.name for doc in docs if not doc.with_suffix(".pdf").is_file() or doc.with_suffix(".pdf").stat().st_size < 1000]
    assert not missing, (missing, result.stdout, result.stderr)
    return folder


@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("variant", [v for v, _ in COPIES])
def test_libreoffice_prints_the_pdfs_lines_and_numbers(converted: Path, copies: dict[tuple[str, str], Copy], lesson: str, variant: str,
                                                      tmp_path: Path) -> None:
    """Printed by LibreOffice, each document shows the very lines, with the very numbers, of lessonpress's own PDF."""
    copy = copies[(lesson, variant)]
    for which, tree in (("student", copy.student), ("guide", copy.guide)):
        ours = tmp_path / f"{which}.pdf"
        ours.write_bytes(write_pdf(tree, copy.looks[which]).data)
        theirs = converted / f"{lesson}.{variant}.{which}.pdf"
        for letter in copy.lesson.documents:
            expected = [(line.number, line.label, pdf_squash(line.text)) for line in document_lines(ours, letter)]
            printed = [(line.number, line.label, pdf_squash(line.text)) for line in document_lines(theirs, letter)]
            assert printed == expected, (which, letter)

