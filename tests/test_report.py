"""`lessonpress report` and the report's warnings in `check`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
from conftest import REPO, Cli
from pypdf import PdfReader

from lessonpress.analysis.report import analyse
from lessonpress.resolve.loader import load_project
from lessonpress.spec.schema import json_schema
from lessonpress.workspace import open_workspace

UNIT = "lesson_specs/unit-glf.curriculum.yaml"


def test_coverage_grid_matches_the_exercises(workspace: Path) -> None:
    project = load_project(open_workspace(workspace), [workspace / UNIT])
    report, _ = analyse(project, project.curricula["unit-glf"])
    assert [row.lesson for row in report.coverage] == ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]
    for row in report.coverage:
        tags = [e.skill_tag for e in project.lessons[row.lesson].lesson.exercises]
        assert row.skills == {skill: tags.count(skill) for skill in report.skills}
    assert report.skill_totals["close reading"] == 3 and report.rarely_practised == ["reliability"]
    assert report.total_minutes == 145


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
    assert excerpt.words == 600 and excerpt.too_long and excerpt.too_hard and excerpt.grade_level > 8
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
    assert "Modification log" in "".join(page.extract_text() for page in pdf.pages)
