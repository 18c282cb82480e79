"""The small things a teacher notices on a page: each checked on a built PDF."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli, copy_examples
from pdfread import squash, text
from pypdf import PdfReader

LESSON = """id: details
title: Details on the page
central_question: Why do small things matter?
teacher: Mr. Okafor
date: 2026-12-01
sources:
  A:
    material: glf-overview
    select: {paragraphs: [2]}
    omit: ["Rural industrialization, officially a priority of the campaign, saw \\"its development... aborted by the mistakes of the Great Leap Forward.\\""]
"""


def test_a_lessons_own_teacher_and_date_are_printed_and_the_teacher_is_the_author(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs" / "details.yaml").write_text(LESSON, encoding="utf-8")
    assert cli("build", "lesson_specs/details.yaml", cwd=ws).exit_code == 0
    handout = ws / "output" / "details" / "handout.pdf"
    assert "Mr. Okafor · December 1, 2026" in text(handout)
    reader = PdfReader(handout)
    assert reader.metadata is not None and reader.metadata.author == "Mr. Okafor"


def test_an_omission_before_punctuation_has_no_stray_space(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs" / "details.yaml").write_text(LESSON.replace('saw \\"its development... aborted by the mistakes of the Great Leap Forward.\\""]',
                                                                     'saw \\"its development... aborted by the mistakes of the Great Leap Forward"]'),
                                                      encoding="utf-8")
    result = cli("build", "lesson_specs/details.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    printed = squash(text(ws / "output" / "details" / "handout.pdf"))
    assert "forced labor. …." in printed and "… ." not in printed


def test_modified_is_next_to_the_document_label(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "lesson_specs" / "details.yaml").write_text(LESSON, encoding="utf-8")
    assert cli("build", "lesson_specs/details.yaml", cwd=ws).exit_code == 0
    assert "Document A (Modified)" in text(ws / "output" / "details" / "handout.pdf")


def test_a_class_copy_prints_its_title_once_on_page_one(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    assert cli("build", "lesson_specs/unit-glf.curriculum.yaml", cwd=ws).exit_code == 0
    copy = ws / "output" / "unit-glf" / "period-2" / "glf-evidence-lab" / "handout.pdf"
    first, second = (page.extract_text() for page in PdfReader(copy).pages[:2])
    assert first.count("Evidence Lab: Can We Trust This Website?") == 1
    assert "Period 2 · Ms. Rivera · November 30, 2026" in first
    assert "Evidence Lab: Can We Trust This Website?" in second  # the running header from page 2 on


def test_the_guide_has_the_word_bank(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    assert cli("build", "lesson_specs/glf-close-reading.yaml", cwd=ws).exit_code == 0
    guide = squash(text(ws / "output" / "glf-close-reading" / "teacher-guide.pdf"))
    assert "Word bank" in guide and "struggle session" in guide
