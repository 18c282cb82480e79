"""The shipped examples are real lessons that together use every exercise type."""

from __future__ import annotations

from pathlib import Path

from lessonpress.exercises import REGISTRY as EXERCISE_TYPES
from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace


def test_examples_use_every_exercise_type(workspace: Path) -> None:
    project = load_project(open_workspace(workspace))
    assert project.ok, project.diagnostics.sorted()
    used = {e.type for lesson in project.lessons.values() for e in lesson.lesson.exercises}
    assert used == set(EXERCISE_TYPES)
    assert set(project.lessons) == {"glf-success-or-failure", "glf-evidence-lab", "glf-close-reading", "glf-close-reading-es", "glf-success-or-failure-short", "glf-grain-in-numbers"}


def test_close_reading_lesson_has_a_modified_excerpt_and_vocabulary(workspace: Path) -> None:
    lesson = load_project(open_workspace(workspace)).lessons["glf-close-reading"]
    assert lesson.lesson.vocabulary
    doc_a = lesson.documents["A"]
    assert doc_a.excerpt.modified
    assert [(r.original, r.text) for r in doc_a.excerpt.changes] == [("an agrarian economy", "a farming economy")]
    assert "大跃进" in doc_a.excerpt.paragraphs[0].text


def test_curriculum_has_three_classes(workspace: Path) -> None:
    project = load_project(open_workspace(workspace), [workspace / "lesson_specs/unit-glf.curriculum.yaml"])
    unit = project.curricula["unit-glf"]
    assert [c.name for c in unit.curriculum.classes] == ["Period 2", "Period 3", "Period 5"]
    assert unit.curriculum.classes[1].lang == "es" and unit.curriculum.classes[1].lessons == ["glf-close-reading-es"]
    assert unit.lesson_ids == ["glf-close-reading", "glf-success-or-failure", "glf-evidence-lab"]
