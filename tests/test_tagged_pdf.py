"""Every PDF lessonpress writes is a tagged PDF: its structure tree read back with poppler and pikepdf, its page
content checked operator by operator, and the PyPI `pdfua` checker run on it (docs/accessibility.md, "Tagged PDF").

The examples are built as a teacher builds them: every lesson (handout, guide), the unit (two class copies, one of
them large print on A4, the course pack, two print packs), the answer-key variant of every lesson and the unit's
curriculum report. What the structure must say is taken from the document model (`prepare`), not from the PDF.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from conftest import Cli, copy_examples
from pikepdf import Dictionary

from lessonpress.builder import BuildOptions, build
from lessonpress.builder.settings import RenderJob
from lessonpress.document import model as d
from lessonpress.render.pdf import _look, prepare, write_pdf
from lessonpress.render.pdf.packs import print_pack
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

LESSONS = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading", "glf-success-or-failure-short"]
UNIT_LESSONS = ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]
UNIT = "lesson_specs/unit-glf.curriculum.yaml"
# the PDFs read back, every kind the examples make (paths relative to the build's folders below)
HANDOUTS = [f"std/{lesson}/handout.pdf" for lesson in LESSONS] + [f"std/unit-glf/period-2/{lesson}/handout.pdf" for lesson in UNIT_LESSONS]
GUIDES = [f"std/{lesson}/teacher-guide.pdf" for lesson in LESSONS] + [f"std/unit-glf/period-2/{lesson}/teacher-guide.pdf" for lesson in UNIT_LESSONS]
LARGE = [f"std/unit-glf/period-5/{lesson}/{name}.pdf" for lesson in UNIT_LESSONS for name in ("handout", "teacher-guide")]
KEYS = [f"key/{lesson}/answer-key.pdf" for lesson in LESSONS] + [f"key/unit-glf/period-5/{lesson}/answer-key.pdf" for lesson in UNIT_LESSONS]
PACKS = ["std/unit-glf/course-pack.pdf", "std/unit-glf/period-2/print-pack.pdf", "std/unit-glf/period-5/print-pack.pdf"]
REPORT = ["report/unit-glf/report.pdf"]
ALL = HANDOUTS + GUIDES + LARGE + KEYS + PACKS + REPORT
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"}
STANDARD_ROLES = {"Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "P", "H1", "H2", "H3", "H4",
                  "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Figure", "Formula"}


def missing_tool(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this test: {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("pdfinfo"):
        missing_tool("poppler's pdfinfo is not installed (Debian: poppler-utils)")
    root = tmp_path_factory.mktemp("tagged")
    ws = copy_examples(root / "ws")
    for options in (BuildOptions(out=root / "std"), BuildOptions(out=root / "key", variant="answer-key")):
        report = build(open_workspace(ws), [ws / "lesson_specs"], options)
        assert report.ok, report.diagnostics.sorted()
    result = subprocess.run([sys.executable, "-m", "lessonpress", "report", "--out", str(root / "report"), UNIT], cwd=ws,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (root / "ws-path").write_text(str(ws), encoding="utf-8")
    return root


def workspace_of(out: Path) -> Path:
    return Path((out / "ws-path").read_text(encoding="utf-8"))


# ---- reading the structure back ---------------------------------------------------------------------------
@dataclass
class Elem:
    """A structure element as pikepdf reads it, with the text poppler gives it."""

    role: str
    alt: str | None = None
    actual_text: str | None = None
    scope: str | None = None
    lang: str | None = None
    kids: list[Elem] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (0-based page, MCID)
    text: str = ""

    def walk(self) -> Iterator[Elem]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all_text(self) -> str:
        return "".join(e.text for e in self.walk())

    def find(self, *roles: str) -> list[Elem]:
        return [e for e in self.walk() if e.role in roles]


def _string(value: Any) -> str | None:
    return None if value is None else str(value)


def read_structure(path: Path) -> Elem:
    """The structure tree (pikepdf), each element's text from `pdfinfo -struct-text` (poppler), checked to agree."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

        def element(node: Any, page: int | None) -> Elem:
            role = str(node.S)[1:]
            if "/Pg" in node:
                page = pages[node.Pg.objgen]
            attributes = node.get("/A")
            scope = str(attributes.Scope)[1:] if isinstance(attributes, Dictionary) and "/Scope" in attributes else None
            elem = Elem(role, _string(node.get("/Alt")), _string(node.get("/ActualText")), scope, _string(node.get("/Lang")))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
                if isinstance(kid, Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    elem.content.append((pages[kid.Pg.objgen], int(kid.MCID)))
                elif isinstance(kid, Dictionary):
                    elem.kids.append(element(kid, page))
                else:
                    assert page is not None, f"{role} has marked content but no page"
                    elem.content.append((page, int(kid)))
            return elem

        root = element(pdf.Root.StructTreeRoot.K, None)
    poppler = struct_text(path)
    elements = list(root.walk())
    assert [role for role, _ in poppler] == [e.role for e in elements], "poppler and pikepdf read different trees"
    for elem, (_, text) in zip(elements, poppler, strict=True):
        elem.text = text
    return root


def struct_text(path: Path) -> list[tuple[str, str]]:
    """`pdfinfo -struct-text`: every element's role and its own text, in tree order."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    out: list[tuple[str, str]] = []
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("/"):
            continue
        if stripped.startswith('"'):
            role, text = out[-1]
            out[-1] = (role, text + stripped[1:-1])
        else:
            out.append((stripped.split()[0].rstrip(":"), ""))
    return out


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def content_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Everything painted is in a marked-content sequence; MCIDs are never nested nor inside an artifact; each page's
    MCIDs run 0, 1, 2 ... and the ParentTree maps each to the one element whose /K claims it, and back."""
    problems: list[str] = []
    tree = pdf.Root.StructTreeRoot
    nums = list(tree.ParentTree.Nums)
    parent_tree = {int(nums[i]): list(nums[i + 1]) for i in range(0, len(nums), 2)}
    claimed: dict[tuple[tuple[int, int], int], tuple[int, int]] = {}

    def visit(node: Any, page: Any) -> None:
        page = node.get("/Pg", page)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
            if isinstance(kid, Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                claimed[(kid.Pg.objgen, int(kid.MCID))] = node.objgen
            elif isinstance(kid, Dictionary):
                visit(kid, page)
            else:
                claimed[(page.objgen, int(kid))] = node.objgen

    visit(tree.K, None)
    seen = 0
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[tuple[str, int | None]] = []
        mcids: list[int] = []
        for instruction in pikepdf.parse_content_stream(page):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                if not stack:
                    problems.append(f"page {number}: an inline image outside marked content")
                continue
            operands, op = instruction.operands, str(instruction.operator)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                if mcid is not None:
                    if any(m is not None or tag == "/Artifact" for tag, m in stack):
                        problems.append(f"page {number}: MCID {mcid} nested in {stack}")
                    mcids.append(mcid)
                stack.append((str(operands[0]), mcid))
            elif op == "EMC":
                if not stack:
                    problems.append(f"page {number}: EMC without BDC")
                else:
                    stack.pop()
            elif op in PAINTING and not stack:
                problems.append(f"page {number}: {op} outside marked content")
        if stack:
            problems.append(f"page {number}: marked content left open: {stack}")
        if page.obj.get("/Tabs") != pikepdf.Name.S:
            problems.append(f"page {number}: no /Tabs /S")
        if not mcids:
            continue
        if mcids != list(range(len(mcids))):
            problems.append(f"page {number}: MCIDs {mcids[:5]}... are not 0, 1, 2 ...")
        owners = parent_tree.get(int(page.obj.get("/StructParents", -1)))
        if owners is None or len(owners) != len(mcids):
            problems.append(f"page {number}: ParentTree entry does not match its {len(mcids)} MCIDs")
            continue
        for mcid in mcids:
            seen += 1
            if claimed.get((page.obj.objgen, mcid)) != owners[mcid].objgen:
                problems.append(f"page {number}: MCID {mcid} is not claimed by the element the ParentTree names")
    if seen != len(claimed):
        problems.append(f"the structure claims {len(claimed)} pieces of content, the pages hold {seen}")
    return problems


# ---- what the document model says ------------------------------------------------------------------------
def model(ws: Path, lesson_id: str, variant: str = "standard", paper: str = "letter") -> tuple[d.Document, d.Document, Any]:
    """The handout (or answer key) and guide trees of a lesson, as the build lays them out."""
    workspace = open_workspace(ws)
    lesson = load_project(workspace).lessons[lesson_id]
    job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, paper, variant, workspace.settings.school)
    (handout, _), (guide, _) = prepare(lesson, job)[0]
    return handout, guide, lesson


def headings(tree: d.Document | tuple[d.Block, ...], shift: int = 0) -> list[tuple[str, str]]:
    blocks = tree.blocks if isinstance(tree, d.Document) else tree
    out = []
    stack = list(reversed(blocks))
    while stack:
        block = stack.pop()
        if isinstance(block, d.Heading):
            out.append((f"H{block.level + shift}", d.to_text(block.content)))
        elif isinstance(block, d.Source):
            out.append((f"H{2 + shift}", d.to_text(block.heading)))
        stack.extend(reversed(block.children()))
    return out


def cells(table: d.Table) -> list[list[tuple[str, str | None]]]:
    """TH with its scope or TD, as the HTML pages say it."""
    return [[("TH", "Column") if c.header and r < table.header_rows else ("TH", "Row") if c.header and i == 0 else ("TD", None)
             for i, c in enumerate(row)] for r, row in enumerate(table.rows)]


def variants(out: Path) -> list[tuple[str, str, str, str]]:
    """(path, lesson, variant, paper) of every single-lesson PDF whose tree `model` can rebuild."""
    items = [(f"std/{lesson}/handout.pdf", lesson, "standard", "letter") for lesson in LESSONS]
    items += [(f"std/{lesson}/teacher-guide.pdf", lesson, "standard", "letter") for lesson in LESSONS]
    items += [(f"key/{lesson}/answer-key.pdf", lesson, "answer-key", "letter") for lesson in LESSONS]
    items += [(f"std/unit-glf/period-5/{lesson}/{name}.pdf", lesson, "large-print", "a4") for lesson in UNIT_LESSONS for name in ("handout", "teacher-guide")]
    return items


def tree_of(out: Path, path: str, lesson: str, variant: str, paper: str) -> tuple[d.Document, Any]:
    handout, guide, resolved = model(workspace_of(out), lesson, variant, paper)
    return (guide if "teacher-guide" in path else handout), resolved


# ---- every PDF ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ALL)
def test_every_pdf_is_tagged_with_the_document_entries_pdf_ua_asks_for(out: Path, path: str) -> None:
    pdf_path = out / path
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged: +yes$", info, re.MULTILINE), info
    with pikepdf.open(pdf_path) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "en"  # the lessons' language (the examples are English)
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        xmp = ET.fromstring(bytes(root.Metadata.read_bytes()).decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
        ns = {"dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
              "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
        assert xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=ns) == str(pdf.docinfo["/Title"])
        assert xmp.findtext(".//pdfuaid:part", namespaces=ns) == "1"
        assert content_problems(pdf) == []
        for page in pdf.pages:  # every font embedded, with a ToUnicode map
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert any(key in descendant.FontDescriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
                assert "/ToUnicode" in font, font.BaseFont
    structure = read_structure(pdf_path)
    assert structure.role == "Document"
    assert {e.role for e in structure.walk()} <= STANDARD_ROLES
    assert "Page 1 of" not in structure.all_text()  # page numbers are artifacts
    levels = [int(e.role[1]) for e in structure.walk() if re.fullmatch(r"H\d", e.role)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels)), levels  # H1 first, none skipped


@pytest.mark.parametrize("path", [p for p in ALL if "print-pack" not in p])  # a print pack repeats its handouts' pages
def test_every_glyph_drawn_maps_back_to_text(out: Path, path: str) -> None:
    with pdfplumber.open(out / path) as pdf:
        for page in pdf.pages:
            text = "".join(char["text"] for char in page.chars)
            assert "(cid:" not in text and "\ufffd" not in text and "\x00" not in text, (page.page_number, text[:200])


@pytest.mark.parametrize("path", ALL)
def test_the_pdfua_checker_passes(out: Path, path: str) -> None:
    try:
        import pdfua
    except ImportError:
        missing_tool("the PyPI package pdfua is not installed (pip install -e '.[test]')")
    report = pdfua.validate(str(out / path))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert [(o.rule_id, o.skipped_reason) for o in report.skipped] == []  # every rule ran


# ---- from the document model ---------------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(4 * 3 + 6))
def test_headings_tables_and_answer_spaces_follow_the_document_model(out: Path, index: int) -> None:
    path, lesson, variant, paper = variants(out)[index]
    tree, _ = tree_of(out, path, lesson, variant, paper)
    structure = read_structure(out / path)
    # headings in order, with their levels
    assert [(e.role, squash(e.text)) for e in structure.walk() if re.fullmatch(r"H\d", e.role)] == [(r, squash(t)) for r, t in headings(tree)]
    # every table: a row per row, TH (with its scope) or TD per cell; a blank cell to write in says so
    tables = [b for b in tree.walk() if isinstance(b, d.Table)]
    found = structure.find("Table")
    assert len(found) == len(tables)
    for table, elem in zip(tables, found, strict=True):
        assert [[(c.role, c.scope) for c in row.kids] for row in elem.kids] == cells(table)
        blanks = [cell.blank for row in table.rows for cell in row]
        assert [c.actual_text == "Answer space" for row in elem.kids for c in row.kids] == blanks
        assert all(not c.text for row in elem.kids for c in row.kids if c.actual_text)
    # ruled answer lines: artifacts, announced with their number of lines
    lines = [b.count for b in tree.walk() if isinstance(b, d.AnswerLines)]
    spaces = [e for e in structure.walk() if (e.actual_text or "").startswith("Answer space:")]
    assert [e.actual_text for e in spaces] == [f"Answer space: {n} line{'' if n == 1 else 's'}" for n in lines]
    assert all(e.role == "P" and e.text == "" and e.content for e in spaces)
    # rating scales: figures whose Alt says what the circles say (and which one a key circles)
    scales = [b for b in tree.walk() if isinstance(b, d.RatingScale)]
    figures = structure.find("Figure")
    assert [f.alt for f in figures] == [f"Rating scale from 1 ({s.low}) to 5 ({s.high})" + (f"; {s.marked} is circled" if s.marked else "")
                                        for s in scales]
    # lists: choices and items to number are L > LI > Lbl + LBody, read "A." then the choice
    choices = [b for b in tree.walk() if isinstance(b, (d.Choices, d.OrderItems, d.BulletList))]
    lists = structure.find("L")
    assert len(lists) == len(choices)
    for block, elem in zip(choices, lists, strict=True):
        assert [[k.role for k in li.kids] for li in elem.kids] == [["Lbl", "LBody"]] * len(block.items)
        bodies = [squash(li.kids[1].text) for li in elem.kids]
        assert bodies == [squash(d.to_text(item)) for item in block.items]
        labels = [li.kids[0] for li in elem.kids]
        if isinstance(block, d.Choices):
            assert [lbl.text.replace("✓ ", "") for lbl in labels] == [f"{chr(65 + i)}." for i in range(len(block.items))]
            assert [lbl.actual_text for lbl in labels] == [f"{chr(65 + i)}. (right answer)" if i == block.marked else None
                                                           for i in range(len(block.items))]
        elif isinstance(block, d.OrderItems) and block.positions is None:
            assert {lbl.actual_text for lbl in labels} == {"Write its number:"}
        elif isinstance(block, d.BulletList):
            assert {lbl.text for lbl in labels} == {"•"}


@pytest.mark.parametrize("index", range(4 * 3 + 6))
def test_excerpts_read_as_sentences_without_line_numbers(out: Path, index: int) -> None:
    path, lesson, variant, paper = variants(out)[index]
    tree, resolved = tree_of(out, path, lesson, variant, paper)
    structure = read_structure(out / path)
    quotes = structure.find("BlockQuote")
    sources = [b for b in tree.walk() if isinstance(b, d.Source)]
    claims = [b for b in tree.walk() if isinstance(b, d.Paragraph) and b.role == "claim"]
    assert len(quotes) == len(sources) + len(claims)
    excerpts = iter(resolved.documents[s.letter].excerpt.paragraphs for s in sources)
    for quote in quotes:
        if len(claims) and any(squash(quote.all_text()) == squash(d.to_text(c.content)) for c in claims):
            continue
        paragraphs = next(excerpts)
        # one P per paragraph, its words exactly the excerpt's: no line number between two lines, no word run together
        assert [squash(p.text) for p in quote.kids] == [squash(p.text) for p in paragraphs]


@pytest.mark.parametrize(("variant", "paper"), [("standard", "letter"), ("answer-key", "letter"), ("large-print", "a4")])
def test_the_writer_gives_everything_it_draws_a_structure_element(out: Path, variant: str, paper: str) -> None:
    workspace = open_workspace(workspace_of(out))
    job = RenderJob(workspace.templates_dir, None, workspace.settings.theme, paper, variant, workspace.settings.school)
    for lesson in load_project(workspace).lessons.values():
        for tree, look in prepare(lesson, job)[0]:
            assert write_pdf(tree, look).untagged == 0, (lesson.lesson.id, tree.kind)


def test_artifacts_are_not_read_and_an_answer_key_says_what_it_is_once(out: Path) -> None:
    ws = workspace_of(out)
    for lesson in LESSONS:
        handout, guide, _ = model(ws, lesson)
        for path, tree in ((f"std/{lesson}/handout.pdf", handout), (f"std/{lesson}/teacher-guide.pdf", guide)):
            text = squash(read_structure(out / path).all_text())
            assert tree.furniture.footer_left not in text  # the running footer
            assert not re.search(r"Page \d+ of \d+", text)
        key = read_structure(out / f"key/{lesson}/answer-key.pdf")
        pages = len(pikepdf.open(out / f"key/{lesson}/answer-key.pdf").pages)
        assert pages > 1
        assert (key.kids[0].role, key.kids[0].text) == ("P", "ANSWER KEY")  # printed on every page, read once, first
        assert key.all_text().count("ANSWER KEY") == 1


def test_the_course_pack_is_one_document_with_a_section_per_lesson(out: Path) -> None:
    pack = read_structure(out / "std/unit-glf/course-pack.pdf")
    roles = [k.role for k in pack.kids]
    assert roles[:4] == ["P", "H1", "Sect", "Sect"] and roles[4:] == ["Sect"] * len(UNIT_LESSONS)
    assert pack.kids[1].text.startswith("Unit 7")
    toc = pack.kids[3].find("TOC")
    assert len(toc) == 1 and [e.role for e in toc[0].kids] == ["TOCI"] * len(UNIT_LESSONS)
    for lesson, part in zip(UNIT_LESSONS, pack.kids[4:], strict=True):
        guide = read_structure(out / f"std/{lesson}/teacher-guide.pdf")
        # each lesson's headings sit one level below the pack's title, as its bookmarks do
        shifted = [(f"H{int(e.role[1]) + 1}", squash(e.text)) for e in guide.walk() if re.fullmatch(r"H\d", e.role)]
        assert [(e.role, squash(e.text)) for e in part.walk() if re.fullmatch(r"H\d", e.role)] == shifted
        assert squash(part.all_text()) == squash(guide.all_text())


@pytest.mark.parametrize(("section", "students"), [("period-2", 28), ("period-5", 31)])
def test_the_print_pack_repeats_each_handout_with_its_structure(out: Path, section: str, students: int) -> None:
    pack = read_structure(out / f"std/unit-glf/{section}/print-pack.pdf")
    parts = pack.kids
    assert [p.role for p in parts] == ["Part"] * students * len(UNIT_LESSONS)
    for index, lesson in enumerate(UNIT_LESSONS):
        handout = read_structure(out / f"std/unit-glf/{section}/{lesson}/handout.pdf")
        copies = parts[index * students:(index + 1) * students]
        assert {p.all_text() for p in copies} == {handout.all_text()}
        assert [[e.role for e in p.walk()][1:] for p in copies[:1]] == [[e.role for e in handout.walk()][1:]]
        pages = [sorted({page for e in p.walk() for page, _ in e.content}) for p in copies]
        assert all(set(a).isdisjoint(b) for a, b in pairwise(pages))  # each copy its own pages


def test_the_report_chart_is_a_figure_with_every_number_in_its_alt_text(out: Path) -> None:
    report = read_structure(out / "report/unit-glf/report.pdf")
    sections = [(e.role, e.text) for e in report.walk() if re.fullmatch(r"H\d", e.role)]
    assert sections[0][0] == "H1" and {role for role, _ in sections[1:]} == {"H2"}
    assert [text for _, text in sections[1:3]] == ["Skill coverage", "Reading level and length"]
    assert [k.role for k in report.kids].count("Sect") == len(sections) - 1
    (figure,) = report.find("Figure")
    assert figure.alt and figure.alt.startswith("Bar chart of skill coverage")
    for skill, count in re.findall(r"([A-Za-z][\w ]+): (\d+)", figure.alt):
        assert int(count) > 0, skill
    for table in report.find("Table"):
        assert {(c.role, c.scope) for c in table.kids[0].kids} == {("TH", "Column")}


# ---- what the examples do not show ------------------------------------------------------------------------------
def test_a_paragraph_split_across_pages_is_one_element_and_a_repeated_header_is_read_once(tmp_path: Path) -> None:
    look = _look("default", tmp_path / "templates", "letter", None, "standard")
    long_text = " ".join(f"Sentence {n} of a long quotation that runs over a page break." for n in range(1, 90))
    rows = ((d.Cell(d.plain("Criterion"), header=True), d.Cell(d.plain("Points"), header=True)),
            *((d.Cell(d.plain(f"Criterion {n}, described at some length so that rows take room")), d.Cell(d.plain(str(n)))) for n in range(60)))
    blocks: tuple[d.Block, ...] = (
        d.Heading(level=1, content=d.plain("Synthetic")),
        d.Source(letter="A", heading=d.plain("Document A"), provenance=d.plain("Someone, 1958."), modified=False, headnote=None,
                 excerpt=d.Excerpt(letter="A", paragraphs=(d.ExcerptParagraph(1, (), long_text),), every=5)),
        d.Table(kind="rubric", rows=rows, widths=(0.8, 0.2), header_rows=1),
        d.Question(number=1, prompt=d.plain("Write a lot."), parts=(d.AnswerLines(count=40),)),
    )
    meta = d.Metadata("Synthetic — Ausgabe", "Someone", "Test", (), lang="de")
    furniture = d.Furniture("Synthetic", "", "Footer", lambda page, pages: f"Page {page} of {pages}")
    document = d.Document("handout", meta, furniture, blocks)
    pdf = write_pdf(document, look)
    assert pdf.untagged == 0
    path = tmp_path / "synthetic.pdf"
    path.write_bytes(pdf.data)
    assert write_pdf(document, look).data == pdf.data  # deterministic
    structure = read_structure(path)
    (quote,) = structure.find("BlockQuote")
    (para,) = quote.kids
    assert len({page for page, _ in para.content}) == 2  # marked content on two pages, one element
    assert squash(para.text) == squash(long_text)
    (table,) = structure.find("Table")
    assert len(table.kids) == len(rows)  # the header row repeated on later pages is an artifact, read once
    assert [c.text for c in table.kids[0].kids] == ["Criterion", "Points"]
    with pdfplumber.open(path) as plumbed:
        assert sum("Criterion Points" in (page.extract_text() or "") for page in plumbed.pages) >= 2
    (space,) = [e for e in structure.walk() if e.actual_text]
    assert space.actual_text == "Answer space: 40 lines" and len({page for page, _ in space.content}) >= 2  # one element
    with pikepdf.open(path) as opened:
        assert str(opened.Root.Lang) == "de"
        assert content_problems(opened) == []
        assert "<rdf:li>de</rdf:li>" in opened.Root.Metadata.read_bytes().decode("utf-8")


def test_an_emoji_can_be_copied_and_read(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs").joinpath("emoji.yaml").write_text(
        'id: emoji\ntitle: Emoji\ncentral_question: "Was it a famine 😀 or not?"\nsources:\n  A: {material: glf-overview, select: {paragraphs: [1]}}\n',
        encoding="utf-8")
    result = cli("build", "lesson_specs/emoji.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    handout = ws / "output/emoji/handout.pdf"
    assert "famine 😀 or not" in squash(read_structure(handout).all_text())
    assert "famine 😀 or not" in squash(subprocess.run(["pdftotext", str(handout), "-"], capture_output=True, text=True, check=True).stdout)


def test_a_print_pack_is_byte_identical_when_built_again(out: Path) -> None:
    handouts = [out / f"std/unit-glf/period-2/{lesson}/handout.pdf" for lesson in UNIT_LESSONS]
    assert print_pack(handouts, 3, "Period 2") == print_pack(handouts, 3, "Period 2")
