"""`extends:` merges per design §3, and errors point into the file where the value was written."""

from __future__ import annotations

from pathlib import Path

from lessonpress.resolve.loader import load_project
from lessonpress.workspace import open_workspace


def write(ws: Path, name: str, text: str) -> Path:
    path = ws / "lesson_specs" / name
    path.write_text(text, encoding="utf-8")
    return path


def resolve(ws: Path, path: Path):  # type: ignore[no-untyped-def]
    return load_project(open_workspace(ws), [path])


def test_overlay_drops_a_document_edits_an_item_and_replaces_a_list(workspace: Path) -> None:
    child = write(
        workspace,
        "short.yaml",
        "id: short\nextends: glf-success-or-failure\nduration: 30\n"
        "sources: {B: null}\n"
        "agenda:\n  - {minutes: 10, activity: Read}\n  - {minutes: 20, activity: Discuss}\n"
        "discussion: null\n"
        "exercises:\n  - type: close_reading\n    source: A\n    prompt: Which historian is quoted?\n    answer: Dikötter\n",
    )
    project = resolve(workspace, child)
    assert project.ok, project.diagnostics.sorted()
    lesson = project.lessons["short"].lesson
    assert sorted(lesson.sources) == ["A"]
    assert lesson.duration == 30 and [a.minutes for a in lesson.agenda] == [10, 20]
    assert lesson.discussion == [] and len(lesson.exercises) == 1
    assert lesson.title == "The Great Leap Forward: Success or Failure?"  # inherited
    assert project.lessons["short"].inputs[:2] == [child.resolve(), (workspace / "lesson_specs/glf-success-or-failure.yaml").resolve()]


def test_position_edit_changes_one_item(workspace: Path) -> None:
    child = write(workspace, "longer.yaml", "id: longer\nextends: glf-success-or-failure\nexercises:\n  5: {lines: 12}\n  1: null\n")
    project = resolve(workspace, child)
    assert project.ok, project.diagnostics.sorted()
    exercises = project.lessons["longer"].lesson.exercises
    assert [e.type for e in exercises] == ["close_reading", "claim_evidence", "corroboration", "short_answer"]
    assert exercises[-1].lines == 12


def test_errors_point_to_the_file_that_wrote_the_value(workspace: Path) -> None:
    # the child's exercise names Document B, which the child removed: error in the child
    child = write(workspace, "bad-child.yaml", "id: bad-child\nextends: glf-success-or-failure\nsources: {B: null}\n")
    lines = [d.format(workspace) for d in resolve(workspace, child).diagnostics.errors]
    parent = "lesson_specs/glf-success-or-failure.yaml"
    # the parent's exercises refer to B: those values were written in the parent
    assert lines and all(line.startswith(parent) for line in lines), lines
    assert any("Document B does not exist: this lesson's documents are A" in line for line in lines)


def test_cycle_through_two_files(workspace: Path) -> None:
    write(workspace, "one.yaml", "id: one\nextends: two\n")
    two = write(workspace, "two.yaml", "id: two\nextends: one\n")
    lines = [d.format(workspace) for d in resolve(workspace, two).diagnostics.errors]
    assert lines == ["lesson_specs/one.yaml:2:10: error: extends cycle: two -> one -> two; a lesson cannot extend itself, directly or through others"]
