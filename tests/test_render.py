"""Build the example PDFs and read them back: what a teacher and a student would see."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Cli, copy_examples
from pdfread import document_lines, fonts_embedded, squash, text
from pypdf import PdfReader

from lessonpress.builder import BuildOptions, build
from lessonpress.exercises.short_answer import ShortAnswer
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

LESSONS = ["glf-success-or-failure", "glf-evidence-lab", "glf-close-reading"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = copy_examples(tmp_path_factory.mktemp("render") / "ws")
    report = build(open_workspace(ws), [ws / "lesson_specs"])
    assert report.ok, report.diagnostics.sorted()
    return ws


def pdfs(ws: Path, lesson: str) -> tuple[Path, Path]:
    return ws / "output" / lesson / "handout.pdf", ws / "output" / lesson / "teacher-guide.pdf"


def resolved(ws: Path, lesson: str):  # type: ignore[no-untyped-def]
    return load_project(open_workspace(ws)).lessons[lesson]


@pytest.mark.parametrize("lesson", LESSONS)
def test_documents_have_labels_provenance_and_correct_line_numbers(built: Path, lesson: str) -> None:
    handout, guide = pdfs(built, lesson)
    spec = resolved(built, lesson)
    handout_text = squash(text(handout))
    for letter, document in spec.documents.items():
        assert f"Document {letter}" in handout_text
        assert (document.material.meta.author or "Author not stated") in handout_text
        assert ("(Modified)" in handout_text) == any(d.excerpt.modified for d in spec.documents.values())
        for pdf in (handout, guide):
            printed = document_lines(pdf, letter)
            assert printed, f"no excerpt lines found for Document {letter}"
            # the numbers printed in the margin agree with an independent count, every fifth line
            labels = [(line.number, line.label) for line in printed if line.label is not None]
            assert labels == [(n, n) for n in range(5, len(printed) + 1, 5)]
        # the whole excerpt is printed, in order
        excerpt = " ".join(p.text for p in document.excerpt.paragraphs)
        assert squash(" ".join(line.text for line in document_lines(handout, letter))) == squash(excerpt)


@pytest.mark.parametrize("lesson", LESSONS)
def test_guide_citations_point_at_lines_holding_the_quote(built: Path, lesson: str) -> None:
    handout, guide = pdfs(built, lesson)
    guide_text = squash(text(guide))
    citations = re.findall(r"Document ([A-Z]), lines? (\d+)(?:–(\d+))?: “([^”]+)”", guide_text)
    spec = resolved(built, lesson)
    assert len(citations) == len(spec.evidence) > 0
    for letter, first, last, quote in citations:
        printed = document_lines(handout, letter)
        cited = " ".join(line.text for line in printed[int(first) - 1 : int(last or first)])
        assert squash(quote) in squash(cited), (letter, first, last, quote)
        # and not already in the line before the first cited one (the citation is tight)
        if int(first) > 1:
            assert squash(quote) not in squash(printed[int(first) - 2].text)


def _answers(spec) -> list[str]:  # type: ignore[no-untyped-def]
    found: list[str] = []
    for exercise in spec.lesson.exercises:
        answer = exercise.model_answer if isinstance(exercise, ShortAnswer) else getattr(exercise, "answer", None)
        if isinstance(answer, str):
            found.append(answer)
        elif isinstance(answer, dict):
            found += [v for value in answer.values() for v in (value.values() if isinstance(value, dict) else [value])]
        elif answer is not None:
            found += [v for v in answer.model_dump().values() if v]
    found += [look for item in spec.lesson.discussion for look in item.look_fors]
    found += [run.original for doc in spec.documents.values() for run in doc.excerpt.changes if run.kind == "replaced"]
    return [squash(a) for a in found if len(squash(a)) >= 12]


@pytest.mark.parametrize("lesson", LESSONS)
def test_handout_never_contains_an_answer_and_the_guide_has_them_all(built: Path, lesson: str) -> None:
    handout, guide = pdfs(built, lesson)
    handout_text, guide_text = squash(text(handout)), squash(text(guide))
    answers = _answers(resolved(built, lesson))
    assert len(answers) >= 5
    for answer in answers:
        assert answer not in handout_text, answer
        assert answer in guide_text, answer
    background = squash(resolved(built, lesson).lesson.background or "")
    assert background[:60] not in handout_text and background[:60] in guide_text


def test_sequence_is_shuffled_on_the_handout_and_ordered_in_the_guide(built: Path) -> None:
    handout, guide = pdfs(built, "glf-close-reading")
    items = [i for e in resolved(built, "glf-close-reading").lesson.exercises if e.type == "sequence" for i in e.items]
    handout_text, guide_text = text(handout), text(guide)

    def order(body: str) -> list[str]:
        return sorted(items, key=lambda item: body.index(item))

    assert order(guide_text) == items
    assert order(handout_text) != items


def test_cjk_text_is_extractable_and_every_font_embedded(built: Path) -> None:
    handout, _ = pdfs(built, "glf-close-reading")
    assert "大跃进" in text(handout) and "Dà Yuèjìn" in text(handout)
    for lesson in LESSONS:
        for pdf in pdfs(built, lesson):
            embedded = fonts_embedded(pdf)
            assert embedded and all(embedded.values()), embedded


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_agrees(built: Path) -> None:
    for lesson in LESSONS:
        for pdf in pdfs(built, lesson):
            rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
            assert rows and all(row.split()[-5] == "yes" for row in rows), rows


def test_metadata_and_page_size(built: Path) -> None:
    handout, guide = pdfs(built, "glf-evidence-lab")
    reader = PdfReader(handout)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Evidence Lab: Can We Trust This Website?"
    assert meta.author == "Lincoln High School"  # the teacher when the lesson or class names one, else the school; never the course
    assert meta.subject == "How reliable is an unsigned web article as evidence about the Great Leap Forward?"
    assert "reliability" in str(meta.get("/Keywords")) and "corroboration" in str(meta.get("/Keywords"))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]  # US letter
    assert PdfReader(guide).metadata.title.endswith("Teacher Guide")  # type: ignore[union-attr]
    assert "Page 1 of" in text(handout)


def test_rebuild_is_byte_identical_with_stable_page_counts(built: Path, tmp_path: Path) -> None:
    report = build(open_workspace(built), [built / "lesson_specs"], BuildOptions(out=tmp_path / "again"))
    assert report.ok
    for lesson in LESSONS:
        for name in ("handout.pdf", "teacher-guide.pdf"):
            first = built / "output" / lesson / name
            assert first.read_bytes() == (tmp_path / "again" / lesson / name).read_bytes()


def test_a4_paper(built: Path, tmp_path: Path) -> None:
    report = build(open_workspace(built), [built / "lesson_specs/glf-evidence-lab.yaml"], BuildOptions(out=tmp_path, paper="a4"))
    assert report.ok
    assert [round(float(v)) for v in PdfReader(tmp_path / "glf-evidence-lab/handout.pdf").pages[0].mediabox[2:]] == [595, 842]


def test_a_lesson_that_cannot_be_laid_out_fails_alone_and_keeps_its_old_pdf(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    assert cli("build", cwd=ws).exit_code == 0
    old = (ws / "output/glf-evidence-lab/handout.pdf").read_bytes()
    spec = ws / "lesson_specs/glf-evidence-lab.yaml"
    giant = "word " * 2500
    spec.write_text(spec.read_text(encoding="utf-8").replace("topics: [Causes of the famine,", f"topics: [Causes of the famine, {giant.strip()},"), encoding="utf-8")
    result = cli("build", cwd=ws)
    assert result.exit_code == 1
    line = next(l for l in result.stderr.splitlines() if ": error: " in l)
    assert re.match(r"lesson_specs/glf-evidence-lab\.yaml:\d+:\d+: error: (a table row|this part) is too large to fit on one page: shorten the text or split it", line), line
    assert (ws / "output/glf-evidence-lab/handout.pdf").read_bytes() == old
    assert (ws / "output/glf-close-reading/handout.pdf").is_file()  # the others still built


def test_character_no_font_can_draw_is_a_warning_with_its_line(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    spec = ws / "lesson_specs/glf-close-reading.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("campaign: An organised effort", "campaign: An 𓀀 organised effort"), encoding="utf-8")
    result = cli("build", "lesson_specs/glf-close-reading.yaml", cwd=ws)
    assert result.exit_code == 0
    warning = next(l for l in result.stderr.splitlines() if "warning" in l)
    number = next(i for i, l in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "𓀀" in l)
    assert warning.startswith(f"lesson_specs/glf-close-reading.yaml:{number}:")
    assert "no installed font can draw '𓀀' (U+13000)" in warning


def test_large_print_class_copy_cites_its_own_lines_in_large_type(built: Path, cli: Cli) -> None:
    assert cli("build", "lesson_specs/unit-glf.curriculum.yaml", cwd=built).exit_code == 0
    folder = built / "output/unit-glf/period-5/glf-success-or-failure"
    handout, guide = folder / "handout.pdf", folder / "teacher-guide.pdf"
    assert [round(float(v)) for v in PdfReader(handout).pages[0].mediabox[2:]] == [595, 842]  # the class asked for A4
    standard = document_lines(built / "output/glf-success-or-failure/handout.pdf", "A")
    large = document_lines(handout, "A")
    assert len(large) > len(standard)  # bigger type, more lines: numbers are recomputed
    for letter, first, last, quote in re.findall(r"Document ([A-Z]), lines? (\d+)(?:–(\d+))?: “([^”]+)”", squash(text(guide))):
        printed = " ".join(line.text for line in document_lines(handout, letter)[int(first) - 1 : int(last or first)])
        assert squash(quote) in squash(printed)
    page_h = float(PdfReader(handout).pages[0].mediabox[3])
    from pdfread import lines as pdf_lines

    for line in pdf_lines(handout):
        furniture = line.y > page_h - 62 or line.y < 40
        if not furniture and not line.text.strip().isdigit():
            assert line.size >= 16, (line.size, line.text)
    assert "Period 5 · Ms. Rivera · November 30, 2026" in text(handout)
