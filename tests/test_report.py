"""`lessonpress report` and the report's warnings in `check`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
from conftest import REPO, Cli
from pypdf import PdfReader

from lessonpress.analysis.report import analyse
from lessonpress.resolve.loader import load_project
from lessonpress.spec.schema import json_schema
from lessonpress.workspace import open_workspace

UNIT = "lesson_specs/unit-glf.curriculum.yaml"


def pdftotext_layout(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_coverage_grid_matches_the_exercises(workspace: Path) -> None:
    project = load_project(open_workspace(workspace), [workspace / UNIT])
    report, _ = analyse(project, project.curricula["unit-glf"])
    assert [row.lesson for row in report.coverage] == ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]
    for row in report.coverage:
        tags = [e.skill_tag for e in project.lessons[row.lesson].lesson.exercises]
        assert row.skills == {skill: tags.count(skill) for skill in report.skills}
    assert report.skill_totals["close reading"] == 3 and report.rarely_practised == ["reliability"]
    assert report.total_minutes == 145


def test_a_class_with_its_own_lessons_has_their_texts_and_tiers_in_the_unit_report(workspace: Path) -> None:
    # Period 3 reads glf-close-reading-es (Spanish, Document B in its modified tier) instead of the unit's lessons
    project = load_project(open_workspace(workspace), [workspace / UNIT])
    report, _ = analyse(project, project.curricula["unit-glf"])
    spanish = {(e.document, e.tier): e for e in report.excerpts if e.lesson == "glf-close-reading-es"}
    assert set(spanish) == {("A", None), ("B", None), ("B", "modified")}
    original, modified = spanish["B", None], spanish["B", "modified"]
    assert original.grade_level is None and original.inflesz is not None and modified.inflesz is not None
    assert original.inflesz < 55 <= modified.inflesz  # "somewhat difficult" made "normal" by the modified wording
    assert {m.lesson for m in report.modifications} >= {"glf-close-reading-es"}
    # the unit's plan (skills, time) is still the unit's own three lessons
    assert [row.lesson for row in report.coverage] == ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]
    assert [row.lesson for row in report.time] == [row.lesson for row in report.coverage]


def test_long_hard_excerpt_for_grade_six_is_flagged(workspace: Path, cli: Cli) -> None:
    article = (workspace / "materials/glf-article.md").read_text(encoding="utf-8")
    body = article.split("---", 2)[2]
    long_text = " ".join(p.strip() for p in body.split("\n\n") if p.strip() and not p.startswith("#"))
    words = long_text.split()[:600]
    (workspace / "materials/long.md").write_text(
        "---\nid: long\ntitle: A long text\nkind: tertiary\nauthor: Someone\ndate: '2020'\npublisher: P\nlicense: L\n---\n" + " ".join(words) + "\n",
        encoding="utf-8")
    (workspace / "lesson_specs/grade-six.yaml").write_text(
        "id: grade-six\ntitle: Long\ncentral_question: Why?\ngrade: 6\nsources:\n  A: {material: long}\n", encoding="utf-8")
    project = load_project(open_workspace(workspace), [workspace / "lesson_specs/grade-six.yaml"])
    report, warnings = analyse(project)
    assert len(warnings) == 2 and all(w.pos.path.name == "grade-six.yaml" for w in warnings)
    excerpt = report.excerpts[0]
    assert excerpt.words == 600 and excerpt.too_long and excerpt.too_hard
    assert excerpt.grade_level is not None and excerpt.grade_level > 8
    assert excerpt.vocabulary_suggestions
    result = cli("check", "lesson_specs/grade-six.yaml", cwd=workspace)
    assert result.exit_code == 0
    assert "lesson_specs/grade-six.yaml:6:6: warning: Document A is 600 words; document-based lessons usually stay under 300" in result.stderr
    assert "more than two grades above this grade-6 lesson" in result.stderr
    assert cli("check", "--strict", "lesson_specs/grade-six.yaml", cwd=workspace).exit_code == 1


def test_material_without_a_date_is_flagged_with_path_and_line(workspace: Path, cli: Cli) -> None:
    overview = workspace / "materials/glf-overview.md"
    overview.write_text(overview.read_text(encoding="utf-8").replace('date: "2024"\n', ""), encoding="utf-8")
    result = cli("check", "lesson_specs/glf-close-reading.yaml", cwd=workspace)
    assert result.exit_code == 0
    assert "materials/glf-overview.md:2:1: warning: no date in the front matter of glf-overview" in result.stderr


def test_json_output_validates_against_the_documented_schema(workspace: Path, cli: Cli) -> None:
    committed = json.loads((REPO / "docs/report.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema("report"), "run: lessonpress schema --kind report > docs/report.schema.json"
    result = cli("report", "--format", "json", UNIT, cwd=workspace)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, committed)
    assert any("unattributed source" in w and w.startswith("materials/glf-article.md:2:1") for w in data["warnings"])
    assert {m["original"] for m in data["modifications"]} >= {"an agrarian economy", "the incremental introduction of"}


def test_report_pdf(workspace: Path, cli: Cli) -> None:
    result = cli("report", UNIT, cwd=workspace)
    assert result.exit_code == 0
    pdf = PdfReader(workspace / "output/unit-glf/report.pdf")
    first = pdf.pages[0].extract_text()
    assert "Skill coverage" in first and "rarely practised" in first and "L3: Evidence Lab" in first
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Modification log" in text
    # the reading table: short words whole in their narrow columns, the long ones hyphenated; the Spanish tier's score
    reading = pdftotext_layout(workspace / "output/unit-glf/report.pdf")
    header = next(line for line in reading.splitlines() if line.lstrip().startswith("Lesson ") and "Doc" in line)
    assert header.split()[:4] == ["Lesson", "Doc", "Words", "Reading"], header
    assert re.search(r"glf-close-read-\s+B \(Modi-\s+82\s+INFLESZ\s.*\n\s*ing-es\s+fied\)\s+62\.8\n", reading)
    assert "above" in reading.split() and "abov" not in reading.split()


# --- pictures, tables and charts ---------------------------------------------------------------------

PICTURE = """\
---
title: Backyard furnaces
kind: primary
author: Unknown photographer
date: "1958"
publisher: Xinhua
license: Public domain
image: images/furnaces.png
alt: Villagers feed small brick furnaces at night.
---
"""

VISUAL_UNIT = """\
id: unit-visual
title: Pictures and numbers
lessons: [glf-grain-in-numbers, furnaces, glf-close-reading]
"""

FURNACES = """\
id: furnaces
title: Backyard furnaces
central_question: What does a photograph show?
sources:
  A: {material: furnaces, width: 70%}
  B: {material: furnaces, crop: [0, 0, 0.5, 1]}
  C:
    material: glf-grain-output
    show: [table]
"""


def visual_unit(ws: Path) -> Path:
    from PIL import Image

    (ws / "materials/images").mkdir()
    Image.new("RGB", (40, 30), "orange").save(ws / "materials/images/furnaces.png")
    (ws / "materials/furnaces.md").write_text(PICTURE, encoding="utf-8")
    (ws / "lesson_specs/furnaces.yaml").write_text(FURNACES, encoding="utf-8")
    (ws / "lesson_specs/unit-visual.curriculum.yaml").write_text(VISUAL_UNIT, encoding="utf-8")
    return ws


def test_visual_documents_are_counted_per_lesson_and_unit(workspace: Path) -> None:
    visual_unit(workspace)
    project = load_project(open_workspace(workspace), [workspace / "lesson_specs/unit-visual.curriculum.yaml"])
    assert project.ok, project.diagnostics.items
    report, _ = analyse(project, project.curricula["unit-visual"])
    counts = {c.lesson: (c.images, c.tables, c.charts) for c in report.visual_counts}
    assert counts == {"glf-grain-in-numbers": (0, 1, 1), "furnaces": (2, 1, 0), "glf-close-reading": (0, 0, 0)}
    assert report.visual_totals == {"images": 2, "tables": 2, "charts": 1}
    assert [(v.lesson, v.document, v.kind, v.shows, v.described) for v in report.visuals] == [
        ("glf-grain-in-numbers", "A", "table", ["table", "chart"], None),
        ("furnaces", "A", "image", ["image"], False),
        ("furnaces", "B", "image", ["image"], False),
        ("furnaces", "C", "table", ["table"], None),
    ]
    # one finding per picture, however often it is used; reading level only for text documents
    assert [(u.material, u.path, u.line, u.documents) for u in report.undescribed_images] == [
        ("furnaces", "materials/furnaces.md", 8, ["furnaces/A", "furnaces/B"])]
    assert {(e.lesson, e.document) for e in report.excerpts} == {
        ("glf-grain-in-numbers", "B"), ("glf-grain-in-numbers", "C"), ("glf-close-reading", "A"), ("glf-close-reading", "B")}
    from lessonpress.analysis.report import visual_rows
    from lessonpress.style.wording import Wording

    assert visual_rows(report, Wording(None))[1:] == [["glf-grain-in-numbers", "0", "1", "1", "—"], ["furnaces", "2", "1", "0", "furnaces"],
                                       ["glf-close-reading", "0", "0", "0", "—"], ["Unit total", "2", "2", "1", "1"]]


def test_picture_without_description_is_a_check_warning_at_its_image_line(workspace: Path, cli: Cli) -> None:
    visual_unit(workspace)
    result = cli("check", "lesson_specs/furnaces.yaml", cwd=workspace)
    assert result.exit_code == 0, result.stderr
    expected = ("materials/furnaces.md:8:1: warning: image material furnaces has no 'description': its alt text is all a student "
                "who cannot see the picture gets; add a 'description:' saying what it shows in more detail (printed in the guide, "
                "offered in accessible copies)")
    assert [line for line in result.stderr.splitlines() if "description" in line] == [expected]
    described = workspace / "materials/furnaces.md"
    described.write_text(PICTURE.replace("alt:", "description: Six furnaces glow in a dark village square.\nalt:"), encoding="utf-8")
    assert "description" not in cli("check", "lesson_specs/furnaces.yaml", cwd=workspace).stderr


def test_visual_report_json_and_pdf(workspace: Path, cli: Cli) -> None:
    visual_unit(workspace)
    unit = "lesson_specs/unit-visual.curriculum.yaml"
    result = cli("report", "--format", "json", unit, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads((REPO / "docs/report.schema.json").read_text(encoding="utf-8")))
    assert data["visual_totals"] == {"images": 2, "tables": 2, "charts": 1}
    assert data["undescribed_images"][0]["material"] == "furnaces"
    assert any(w.startswith("materials/furnaces.md:8:1: warning: image material furnaces has no 'description'") for w in data["warnings"])
    result = cli("report", unit, cwd=workspace)
    assert result.exit_code == 0, result.stderr
    pdf = "".join(page.extract_text() for page in PdfReader(workspace / "output/unit-visual/report.pdf").pages)
    assert "image material furnaces has no" in pdf.replace("\n", " ")
    assert "Pictures, tables and charts" in pdf and "Without description" in pdf  # the per-lesson table of visual documents
