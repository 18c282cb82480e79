"""The course pack and the answer-key stamp, read back from the PDFs as a teacher would read the pages.

The expected values come from the specs (through `lessonpress report`'s
analysis) and from the pages themselves (where a lesson's title is printed
large), never from the code that laid the pack out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import REPO, copy_examples
from pypdf import PdfReader

from lessonpress.analysis.report import UnitReport, analyse
from lessonpress.builder import BuildOptions, build
from lessonpress.builder.plan import base_job
from lessonpress.render.pdf import prepare, write_pdf
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

UNIT = "lesson_specs/unit-glf.curriculum.yaml"
PACK = "unit-glf/course-pack.pdf"
BAND = 0.9 * 72  # the header and footer bands, as ../shared/tools/pagecheck measures them
TITLE_SIZE = 18  # lesson titles are set larger than anything else on a guide page
PAGECHECK = REPO.parent / "shared" / "tools" / "pagecheck"


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("packs") / "ws")
    report = build(open_workspace(ws), [ws / UNIT], BuildOptions(jobs=2))
    assert report.ok, report.diagnostics.sorted()
    return ws


@pytest.fixture(scope="module")
def expected(unit: Path) -> UnitReport:
    project = load_project(open_workspace(unit), [unit / UNIT])
    return analyse(project, project.curricula["unit-glf"])[0]


def joined(text: str) -> str:
    """Text as one line: words hyphenated at a line end joined again, whitespace runs made single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\n(?=\w)", "", text or "")).strip()


def footer(page: Any) -> str:
    height = float(page.height)
    return joined(page.crop((0, height - BAND, float(page.width), height)).extract_text())


def header(page: Any) -> str:
    """The running header: the text above the rule that closes the header band ('' on a page without one)."""
    rules = [line for line in page.lines if float(line["top"]) < BAND and float(line["x1"]) - float(line["x0"]) > float(page.width) / 2]
    if not rules:
        return ""
    return joined(page.crop((0, 0, float(page.width), float(min(r["top"] for r in rules)))).extract_text())


def title_pages(path: Path) -> dict[str, int]:
    """Each large title printed in the pack -> the 1-based page it is printed on."""
    found: dict[str, int] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            large = page.filter(lambda obj: obj.get("object_type") != "char" or float(obj.get("size", 0)) >= TITLE_SIZE)
            title = joined(large.extract_text())
            if title:
                found[title] = number
    return found


def lesson_of_each_page(unit: Path, expected: UnitReport) -> list[str | None]:
    """The lesson each page belongs to (None before the first guide), from where the lesson titles are printed."""
    starts = title_pages(unit / "output" / PACK)
    titles = [row.title for row in expected.coverage]
    assert all(title in starts for title in titles), (titles, starts)
    pages = len(PdfReader(unit / "output" / PACK).pages)
    owner: list[str | None] = []
    for number in range(1, pages + 1):
        begun = [title for title in titles if starts[title] <= number]
        owner.append(begun[-1] if begun else None)
    return owner


def page_of(pack: PdfReader, bookmark: Any) -> int:
    """The 0-based page a bookmark opens."""
    page = pack.get_destination_page_number(bookmark)
    assert page is not None, bookmark.title
    return page


def test_overview_lists_every_lesson_with_minutes_skills_documents_and_the_total(unit: Path, expected: UnitReport) -> None:
    with pdfplumber.open(unit / "output" / PACK) as pdf:
        first = pdf.pages[0]
        assert joined(first.extract_text()).count(expected.title) == 1  # the unit's title, once
        table = next(t for t in first.extract_tables() if t and joined(t[0][0] or "") == "Lesson")
    rows = [[joined(cell or "") for cell in row] for row in table]
    assert rows[0] == ["Lesson", "Min", "Skills practised", "Documents"]
    lessons = rows[1:-1]
    assert len(lessons) == len(expected.coverage) == 3
    project = load_project(open_workspace(unit), [unit / UNIT])
    for number, (row, coverage, time) in enumerate(zip(lessons, expected.coverage, expected.time), start=1):
        assert row[0] == f"{number}. {coverage.title}"
        assert row[1] == str(time.minutes or time.agenda_minutes)
        for skill, count in coverage.skills.items():
            assert (skill in row[2]) == (count > 0), (skill, row[2])
            if count > 1:
                assert f"{skill} ×{count}" in row[2]
        for letter, document in project.lessons[coverage.lesson].documents.items():
            assert re.search(rf"\b{letter}\b[^“]*: “{re.escape(document.title)}”", row[3]), (letter, row[3])
    assert rows[-1][:2] == ["Total", str(expected.total_minutes)] and expected.total_minutes == 145


def test_contents_cite_the_pages_where_each_guide_title_is_printed(unit: Path, expected: UnitReport) -> None:
    printed = title_pages(unit / "output" / PACK)
    with pdfplumber.open(unit / "output" / PACK) as pdf:
        first = pdf.pages[0]
        heading = next(w for w in first.extract_words() if w["text"] == "Contents")
        text = first.crop((0, float(heading["bottom"]), float(first.width), float(first.height) - BAND)).extract_text()
    cited = {joined(m.group(1)): int(m.group(2)) for m in re.finditer(r"^\d+\. (.+?) (\d+)$", text, re.MULTILINE)}
    for row in expected.coverage:
        assert cited[row.title] == printed[row.title], (row.title, cited, printed)
    assert sorted(cited.values()) == list(cited.values()) and cited[expected.coverage[0].title] == 2  # the guides start after one front page


def test_every_footer_counts_the_whole_pack(unit: Path) -> None:
    with pdfplumber.open(unit / "output" / PACK) as pdf:
        total = len(pdf.pages)
        assert total > 9  # three guides of several pages each, not three numbered from 1
        for number, page in enumerate(pdf.pages, start=1):
            text = footer(page)
            assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(number), str(total))], (number, text)


def test_the_running_header_names_the_lesson_each_page_belongs_to(unit: Path, expected: UnitReport) -> None:
    owners = lesson_of_each_page(unit, expected)
    titles = [row.title for row in expected.coverage]
    assert owners[0] is None and len(set(owners)) == 4
    with pdfplumber.open(unit / "output" / PACK) as pdf:
        for number, (page, owner) in enumerate(zip(pdf.pages, owners), start=1):
            running = header(page)
            if owner is None:
                assert not any(title in running for title in titles), (number, running)
                continue
            assert owner in running, (number, owner, running)
            assert f"Lesson {titles.index(owner) + 1} of {len(titles)}" in running
            assert not any(title in running for title in titles if title != owner)


def test_bookmarks_nest_unit_lesson_section(unit: Path, expected: UnitReport) -> None:
    pack = PdfReader(unit / "output" / PACK)
    outline: Any = pack.outline
    assert len(outline) == 2 and outline[0].title == expected.title
    owners = lesson_of_each_page(unit, expected)
    printed = title_pages(unit / "output" / PACK)
    children = outline[1]
    lessons = [item for item in children if not isinstance(item, list)]
    assert [item.title for item in lessons] == [row.title for row in expected.coverage]
    for lesson in lessons:
        sections = children[children.index(lesson) + 1]
        assert isinstance(sections, list) and not any(isinstance(item, list) for item in sections)  # three levels, no more
        names = [item.title for item in sections]
        assert names[:2] == ["Objectives", "Agenda"] and "Answer key" in names and names[-1] == "Rubric"
        assert any(name.startswith("Document A") for name in names)
        assert page_of(pack, lesson) + 1 == printed[lesson.title]
        for section in sections:  # every section points at a page of its own lesson
            assert owners[page_of(pack, section)] == lesson.title, (lesson.title, section.title)


def test_the_pack_passes_pagecheck(unit: Path, expected: UnitReport) -> None:
    """Type sizes, margins and fill as ../shared/tools/pagecheck measures them.

    Excused: the page before each guide (the end of the front matter, or of the previous guide) may be short,
    because each guide starts on a new page: a teacher pulls one lesson's pages out of the pack, and its running
    header and bookmarks start there.
    """
    if not PAGECHECK.is_file():
        pytest.skip("../shared/tools/pagecheck is not beside the repository")
    run = subprocess.run([sys.executable, str(PAGECHECK), "--json", str(unit / "output" / PACK)], capture_output=True, text=True,
                         env={**os.environ, "PAGECHECK_PYTHON": sys.executable}, check=False)
    result = json.loads(run.stdout)[0]
    printed = title_pages(unit / "output" / PACK)
    guide_ends = {printed[row.title] - 1 for row in expected.coverage}
    assert set(result["underfilled_pages"]) <= guide_ends, result
    assert [p for p in result["problems"] if "end above 60%" not in p] == [], result


def test_the_pack_is_byte_identical_across_builds_and_job_counts(unit: Path, tmp_path: Path) -> None:
    again = build(open_workspace(unit), [unit / UNIT], BuildOptions(jobs=1, out=tmp_path / "serial"))
    assert again.ok, again.diagnostics.sorted()
    assert (tmp_path / "serial" / PACK).read_bytes() == (unit / "output" / PACK).read_bytes()


# ---- the answer-key stamp ----------------------------------------------------------------------
@pytest.mark.parametrize(("variant", "paper", "least"), [("answer-key", "letter", 11.0), ("answer-key", "a4", 11.0),
                                                         ("large-print", "a4", 14.0)])
def test_a_stamped_document_says_so_on_every_page_inside_the_margins(tmp_path: Path, variant: str, paper: str, least: float) -> None:
    ws = copy_examples(tmp_path / "ws")
    workspace = open_workspace(ws)
    lesson = load_project(workspace, [ws / "lesson_specs/glf-evidence-lab.yaml"]).lessons["glf-evidence-lab"]
    documents, _ = prepare(lesson, base_job(workspace, BuildOptions(variant=variant, paper=paper)))
    document, look = documents[0]
    stamped = replace(document, furniture=replace(document.furniture, stamp="ANSWER KEY"))
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(write_pdf(replace(document, furniture=replace(document.furniture, stamp=None)), look).data)
    path = tmp_path / "stamped.pdf"
    path.write_bytes(write_pdf(stamped, look).data)
    left, right, _, _ = look.margins
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(extra_attrs=["size", "fontname"])
            stamp = [w for w in words if w["text"] in ("ANSWER", "KEY") and w["top"] < BAND]
            assert [w["text"] for w in stamp] == ["ANSWER", "KEY"], (number, stamp)
            for word in stamp:
                assert float(word["size"]) >= least and "Bold" in str(word["fontname"])
                assert left - 0.5 <= float(word["x0"]) and float(word["x1"]) <= float(page.width) - right + 0.5
                assert float(word["top"]) >= 0.3 * 72
            # the header text keeps clear of the stamp
            others = [w for w in words if w["top"] < BAND and w not in stamp and abs(float(w["top"]) - float(stamp[0]["top"])) < 8]
            assert all(float(w["x1"]) < float(stamp[0]["x0"]) for w in others), (number, others)
    with pdfplumber.open(plain) as pdf:
        assert not any("ANSWER KEY" in (page.extract_text() or "") for page in pdf.pages)
