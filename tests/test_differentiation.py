"""A version for every student: reading tiers, translated sources, a class's own lessons and dates, and rosters."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import Cli, copy_examples
from docsnippets import run_snippets, snippets

from lessonpress.analysis.report import analyse
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace

UNIT = "lesson_specs/unit-glf.curriculum.yaml"
TIERED = """
    tiers:
      adapted:
        text: |
          Life in the countryside changed. Farms were joined into big collective farms, step by step.
          People who farmed their own land were persecuted and called counter-revolutionaries.

          People were attacked in public meetings called struggle sessions.
      modified:
        omit: ["Rural industrialization, officially a priority of the campaign, saw \\"its development... aborted by the mistakes of the Great Leap Forward.\\""]
        replace: {"mandatory agricultural collectivization": "forced joining of farms into collective farms"}
"""


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def unit_with(ws: Path, old: str, new: str) -> None:
    path = ws / UNIT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    workspace = copy_examples(tmp_path / "ws")
    lesson = workspace / "lesson_specs" / "glf-close-reading.yaml"
    text = lesson.read_text(encoding="utf-8")
    anchor = "      campaign changed life in the countryside.\n"
    assert anchor in text
    lesson.write_text(text.replace(anchor, anchor + TIERED.lstrip("\n"), 1), encoding="utf-8")
    return workspace


# --- reading tiers ---------------------------------------------------------------------------
def test_each_class_gets_its_tier_with_its_own_citations(ws: Path, cli: Cli) -> None:
    unit_with(ws, "students: 28}", "students: 28, tier: modified}")
    unit_with(ws, "students: 31, variant: large-print, paper: a4}", "students: 31, tier: {glf-close-reading: adapted}}")
    result = cli("build", UNIT, cwd=ws)
    assert result.exit_code == 0, result.stderr
    out = ws / "output" / "unit-glf"
    modified = pdftext(out / "period-2" / "glf-close-reading" / "handout.pdf")
    adapted = pdftext(out / "period-5" / "glf-close-reading" / "handout.pdf")
    assert "Document B (Modified)" in modified and "forced joining of farms" in modified and "mandatory agricultural" not in modified
    assert "Document B (Adapted)" in adapted and "Life in the countryside changed." in adapted
    guide = pdftext(out / "period-5" / "glf-close-reading" / "teacher-guide.pdf")
    assert "Original wording" in guide and "Chief changes in the lives of rural Chinese" in guide  # the original, for the teacher
    # the evidence "persecuted and labeled counter-revolutionaries" is cited in the original and in neither tier
    plain = pdftext(ws / "output" / "glf-close-reading" / "teacher-guide.pdf")
    assert "Document B, line" in plain


def test_an_unknown_tier_is_an_error_at_its_line(ws: Path, cli: Cli) -> None:
    unit_with(ws, "students: 28}", "students: 28, tier: {glf-close-reading: modifed}}")
    result = cli("check", UNIT, cwd=ws)
    assert result.exit_code == 1
    line = next(n for n, text in enumerate((ws / UNIT).read_text(encoding="utf-8").splitlines(), 1) if "modifed" in text)
    assert errors(result.stderr)[0].startswith(f"{UNIT}:{line}:")
    assert "lesson 'glf-close-reading' has no reading tier 'modifed' (did you mean 'modified'?)" in errors(result.stderr)[0]


def test_a_tier_quote_must_be_in_its_text(ws: Path, cli: Cli) -> None:
    lesson = ws / "lesson_specs" / "glf-close-reading.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('replace: {"mandatory agricultural collectivization"',
                                                                 'replace: {"persecuted and labeled"', 1), encoding="utf-8")
    result = cli("check", "lesson_specs/glf-close-reading.yaml", cwd=ws)
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        ('lesson_specs/glf-close-reading.yaml:99:23: error: evidence "persecuted and labeled counter-revolutionaries" does not occur in '
        'Document B as printed; Document B prints "persecuted and labeled" as "forced joining of farms into collective farms": '
        "quote the words as printed (in its 'modified' tier)")]


# --- translations ------------------------------------------------------------------------------
def test_a_translation_that_does_not_align_is_an_error(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    path = ws / "materials" / "glf-overview-es.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Gran Hambruna China.\n\n", "Gran Hambruna China.\n\nUn párrafo de más.\n\n", 1), encoding="utf-8")
    result = cli("check", "materials/glf-overview-es.md", cwd=ws)
    assert result.exit_code == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("translation_of:"))
    assert errors(result.stderr)[0] == (f"materials/glf-overview-es.md:{line}:17: error: glf-overview-es has 3 paragraphs and glf-overview has 2: "
                                        "a translation keeps its original's paragraphs one for one (a blank line between paragraphs), "
                                        "so the same selection prints the same passage")


def test_a_spanish_lesson_prints_the_translation_and_cites_its_lines(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    result = cli("build", "lesson_specs/glf-close-reading-es.yaml", cwd=ws)
    assert result.exit_code == 0, result.stderr
    handout = pdftext(ws / "output" / "glf-close-reading-es" / "handout.pdf")
    assert "El Gran Salto Adelante" in handout and "The Great Leap Forward (Chinese" not in handout
    guide = pdftext(ws / "output" / "glf-close-reading-es" / "teacher-guide.pdf")
    assert "The Great Leap Forward (Chinese" in guide and "El original, en inglés" in guide  # the original, for the teacher
    assert "Traducción: the lessonpress project." in handout  # whose words the students read


# --- a class's lessons and dates ---------------------------------------------------------------
def test_a_class_takes_its_own_lessons_on_its_meeting_days(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    unit_with(ws, "students: 31, variant: large-print, paper: a4}",
              "students: 31, lessons: [glf-evidence-lab, glf-close-reading], meets: [tue, thu], dates: {glf-close-reading: 2026-12-08}}")
    result = cli("build", UNIT, "--format", "html", cwd=ws)
    assert result.exit_code == 0, result.stderr
    period5 = ws / "output" / "unit-glf" / "period-5"
    assert sorted(p.name for p in period5.iterdir() if p.is_dir()) == ["glf-close-reading", "glf-evidence-lab"]
    evidence = (period5 / "glf-evidence-lab" / "handout.html").read_text(encoding="utf-8")
    reading = (period5 / "glf-close-reading" / "handout.html").read_text(encoding="utf-8")
    assert "December 1, 2026" in evidence  # the unit starts Monday, November 30; the class meets on Tuesdays and Thursdays
    assert "December 8, 2026" in reading  # its own date for this lesson


# --- rosters -----------------------------------------------------------------------------------
def test_a_print_pack_from_a_roster_names_every_copy_and_stores_no_name(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "rosters").mkdir()
    names = ["Ana García", "Ben Okafor", "Zhang, Wei"]
    (ws / "rosters" / "period-2.csv").write_text('first name,last name,id\nAna,García,1\nBen,Okafor,2\n"Zhang, Wei",,3\n', encoding="utf-8")
    unit_with(ws, "students: 28}", "roster: rosters/period-2.csv}")
    result = cli("build", UNIT, cwd=ws)
    assert result.exit_code == 0, result.stderr
    pack = ws / "output" / "unit-glf" / "period-2" / "print-pack.pdf"
    text = pdftext(pack)
    # every copy of every handout carries its student's name in the Name blank, in roster order
    found = [line.split("Name", 1)[1].split("Date")[0].strip() for line in text.splitlines() if line.strip().startswith("Name ")]
    assert found == names * 3
    for private in (ws / "output" / "manifest.json", ws / "output" / ".lessonpress-cache.json"):
        content = private.read_text(encoding="utf-8")
        assert not any(part in content for name in names for part in name.replace(",", "").split())
    manifest = json.loads((ws / "output" / "manifest.json").read_text(encoding="utf-8"))
    marked = {o["path"] for o in manifest["outputs"] if o.get("personal")}
    assert marked == {"unit-glf/period-2/print-pack.pdf"}
    assert "rosters/" in (Path(__file__).parent.parent / ".gitignore").read_text(encoding="utf-8")


def test_a_bad_roster_row_is_an_error_at_its_line_and_the_other_lessons_build(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    (ws / "rosters").mkdir()
    (ws / "rosters" / "period-2.csv").write_text("name,id\nAna García,1\nBen Okafor\n", encoding="utf-8")
    unit_with(ws, "students: 28}", "roster: rosters/period-2.csv}")
    result = cli("check", UNIT, cwd=ws)
    assert result.exit_code == 1
    assert errors(result.stderr) == [("rosters/period-2.csv:3:1: error: this row has 1 cell but the header has 2 "
                                     "(a name with a comma must be in double quotes)")]
    assert "Ben" not in result.stderr
    built = cli("build", "--format", "html", cwd=ws)
    assert built.exit_code == 1
    assert (ws / "output" / "glf-evidence-lab" / "handout.html").is_file()


def test_students_may_be_a_list_of_names(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    unit_with(ws, "students: 28}", "students: [Ana García, Ben Okafor]}")
    result = cli("check", UNIT, cwd=ws)
    assert result.exit_code == 0, result.stderr
    unit_with(ws, "students: [Ana García, Ben Okafor]}", 'students: [Ana García, " "]}')
    result = cli("check", UNIT, cwd=ws)
    assert result.exit_code == 1 and "item 2 of 'students' must not be blank" in result.stderr


# --- docs/differentiating.md -------------------------------------------------------------------
DOC = Path(__file__).parent.parent / "docs" / "differentiating.md"


def test_every_differentiation_example_works_as_the_page_says(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    found = snippets(DOC, "Translated sources")  # every section from there on (Languages has its own test)
    assert sum(kind == "sh" for kind, _ in found) == 4 and sum(kind == "file" for kind, _ in found) == 6
    run_snippets(ws, cli, found)
    out = ws / "output"
    # side by side
    assert '<p class="original" lang="en">' in (out / "close-reading-bilingual/handout.html").read_text(encoding="utf-8")
    # tiers
    period_4 = pdftext(out / "unit-tiers/period-4/close-reading-tiers/handout.pdf")
    assert "Document B (Modified)" in period_4 and "forced joining of farms" in period_4
    assert "Original wording" in pdftext(out / "unit-tiers/period-4/close-reading-tiers/teacher-guide.pdf")
    assert "Document B (Adapted)" in pdftext(out / "unit-tiers/period-6/close-reading-tiers/handout.pdf")
    assert "forced joining" not in pdftext(out / "unit-tiers/period-1/close-reading-tiers/handout.pdf")  # the lesson's own B
    project = load_project(open_workspace(ws), [ws / "lesson_specs/unit-tiers.curriculum.yaml"])  # "the reading level of every tier"
    levels = {e.tier: e.grade_level for e in analyse(project, project.curricula["unit-tiers"])[0].excerpts if e.document == "B"}
    assert set(levels) == {None, "modified", "adapted"} and all(level is not None for level in levels.values())
    assert levels["adapted"] < levels[None]  # type: ignore[operator]
    # lessons and dates
    days = out / "unit-days"

    def dated(period: str, lesson: str) -> str:
        return (days / period / lesson / "handout.html").read_text(encoding="utf-8")

    assert "November 30, 2026" in dated("period-2", "glf-close-reading") and "December 4, 2026" in dated("period-2", "glf-success-or-failure")
    assert "December 1, 2026" in dated("period-7", "glf-close-reading")
    assert "December 3, 2026" in dated("period-7", "glf-success-or-failure-short")
    assert "December 1, 2026" in dated("period-8", "glf-close-reading")
    # rosters
    pack = pdftext(out / "unit-named/period-9/print-pack.pdf")
    assert "Ana García" in pack and "Ben Okafor" in pack
    assert "Chen Jing" in pdftext(out / "unit-named/period-10/print-pack.pdf")
    assert "García" not in (out / "manifest.json").read_text(encoding="utf-8")


# --- bilingual documents -----------------------------------------------------------------------
def bilingual_lesson(ws: Path, letter_anchor: str = "    select: {paragraphs: [1]}\n") -> Path:
    lesson = ws / "lesson_specs" / "glf-close-reading-es.yaml"
    text = lesson.read_text(encoding="utf-8")
    assert letter_anchor in text
    lesson.write_text(text.replace(letter_anchor, letter_anchor + "    bilingual: true\n", 1), encoding="utf-8")
    return lesson


def test_a_bilingual_document_prints_the_translation_beside_its_original(tmp_path: Path, cli: Cli) -> None:
    import docx
    import pdfplumber

    ws = copy_examples(tmp_path / "ws")
    bilingual_lesson(ws)
    result = cli("build", "lesson_specs/glf-close-reading-es.yaml", "--format", "pdf,html,docx", cwd=ws)
    assert result.exit_code == 0, result.stderr
    out = ws / "output" / "glf-close-reading-es"
    with pdfplumber.open(out / "handout.pdf") as pdf:
        words = next(ws for ws in (page.extract_words() for page in pdf.pages) if any(w["text"] == "Famine." for w in ws))
        middle = pdf.pages[0].width / 2
    spanish, english = next(w for w in words if w["text"] == "Hambruna"), next(w for w in words if w["text"] == "Famine.")
    assert spanish["x1"] < middle < english["x0"]  # side by side
    first_en = next(w for w in words if w["text"] == "(Chinese:")  # each paragraph faces its original, first lines level
    assert first_en["x0"] > middle
    assert any(w["text"] == "chino:" and w["x1"] < middle and abs(w["top"] - first_en["top"]) < 1 for w in words)
    # the translation's lines are numbered at the width they are printed at, and the key cites them
    guide = pdftext(out / "teacher-guide.pdf")
    assert "Documento A, líneas 11–13" in guide and "El original, en inglés\nThe Great Leap Forward (Chinese" not in guide
    with pikepdf.open(out / "handout.pdf") as pdf:
        langs = {str(e.get("/Lang")) for e in _struct_elements(pdf) if "/Lang" in e}
    assert "en" in langs  # the original is marked as English for a screen reader
    html = (out / "handout.html").read_text(encoding="utf-8")
    assert '<p class="original" lang="en">The Great Leap Forward (Chinese:' in html and 'class="excerpt bilingual"' in html
    table = docx.Document(str(out / "handout.docx")).tables
    cells = [cell.text for t in table for row in t.rows for cell in row.cells]
    assert any(c.startswith("The Great Leap Forward (Chinese") for c in cells)


def _struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []
    todo = [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                todo.append(kid)
    return found


def test_bilingual_needs_a_printed_translation_and_whole_paragraphs(tmp_path: Path, cli: Cli) -> None:
    ws = copy_examples(tmp_path / "ws")
    english = ws / "lesson_specs" / "glf-close-reading.yaml"
    text = english.read_text(encoding="utf-8")
    anchor = "    material: glf-overview\n"
    english.write_text(text.replace(anchor, anchor + "    bilingual: true\n", 1), encoding="utf-8")
    line = text[: text.index(anchor)].count("\n") + 2
    lesson = bilingual_lesson(ws, "        to: decenas de millones de muertes.\n")
    quote_line = lesson.read_text(encoding="utf-8").splitlines().index("    bilingual: true") + 1
    result = cli("check", "lesson_specs/glf-close-reading.yaml", "lesson_specs/glf-close-reading-es.yaml", cwd=ws)
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        (f"lesson_specs/glf-close-reading-es.yaml:{quote_line}:5: error: bilingual: true needs whole paragraphs (select paragraphs or a "
        "section, not a quote): a translation lines up with its original paragraph by paragraph, not word by word"),
        (f"lesson_specs/glf-close-reading.yaml:{line}:5: error: bilingual: true prints a translation beside its original, but "
        "glf-overview has no translation in this lesson's language (the workspace's language): add one to materials/ with "
        "'translation_of: glf-overview', or set the lesson's 'lang:'")]
