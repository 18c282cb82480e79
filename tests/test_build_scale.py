"""A build's cost follows what changed: unchanged lessons are not resolved, the spec index spares parsing, and the
cache grows by a journal line per finished lesson (never rewritten whole while a batch runs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_examples

from lessonpress.builder import BuildOptions, BuildReport, build
from lessonpress.builder.cache import CACHE_NAME, JOURNAL_NAME, BuildCache, OutputRecord, TaskRecord
from lessonpress.resolve import loader as loader_module
from lessonpress.resolve.loader import load_project
from lessonpress.resolve.specindex import SpecFile, SpecSummary
from lessonpress.workspace import open_workspace

LESSON = "lesson_specs/glf-evidence-lab.yaml"


def run(ws: Path, **options: object) -> BuildReport:
    return build(open_workspace(ws), None, BuildOptions(formats=("html",), **options))  # type: ignore[arg-type]


@pytest.fixture
def built(tmp_path: Path) -> Path:
    ws = copy_examples(tmp_path / "ws")
    shutil.rmtree(ws / "lesson_specs")
    (ws / "lesson_specs").mkdir()
    for name in ("glf-evidence-lab", "glf-success-or-failure", "glf-success-or-failure-short", "glf-close-reading"):
        shutil.copy(Path(__file__).parent.parent / "lesson_specs" / f"{name}.yaml", ws / "lesson_specs")
    report = run(ws)
    assert report.ok and report.built == 4, report.diagnostics.sorted()
    return ws


def test_one_edited_lesson_is_the_only_one_resolved(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[str] = []
    real = loader_module._Loader.resolve

    def spy(self: loader_module._Loader, spec: SpecFile) -> object:
        resolved.append(spec.path.name)
        return real(self, spec)

    monkeypatch.setattr(loader_module._Loader, "resolve", spy)
    spec = built / LESSON
    spec.write_text(spec.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    report = run(built, jobs=1)
    assert report.ok and report.built == 1 and report.up_to_date == 3
    # resolved in the worker (a forked copy of this process, where the spy is not seen), never in the main process
    assert resolved == []


def test_a_parent_edit_rebuilds_the_lessons_that_extend_it(built: Path) -> None:
    parent = built / "lesson_specs" / "glf-success-or-failure.yaml"
    parent.write_text(parent.read_text(encoding="utf-8").replace("duration: 50", "duration: 50 # edited", 1), encoding="utf-8")
    report = run(built)
    assert report.ok and report.built == 2 and report.up_to_date == 2
    assert {p.parent.name for p in report.written if p.suffix == ".html"} == {"glf-success-or-failure", "glf-success-or-failure-short"}


def test_the_spec_index_spares_parsing_unchanged_specs(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = json.loads((built / "output" / CACHE_NAME).read_text(encoding="utf-8"))
    index = {path: SpecSummary.model_validate(entry) for path, entry in cache["index"].items()}
    assert index["lesson_specs/glf-success-or-failure.yaml"].id == "glf-success-or-failure"
    parsed: list[str] = []
    real = SpecFile._parse

    def spy(self: SpecFile) -> None:
        if self._errors is None:
            parsed.append(self.path.name)
        real(self)

    monkeypatch.setattr(SpecFile, "_parse", spy)
    project = load_project(open_workspace(built), [built / LESSON], index)
    assert project.ok and list(project.lessons) == ["glf-evidence-lab"]
    assert parsed == ["glf-evidence-lab.yaml"]


def test_a_new_class_is_built_for_an_unchanged_lesson(built: Path) -> None:
    (built / "lesson_specs" / "unit.curriculum.yaml").write_text(
        "id: unit\ntitle: Unit\nlessons: [glf-evidence-lab]\nclasses:\n  - {name: Period 1, students: 3}\n", encoding="utf-8")
    report = run(built)
    assert report.ok and report.built == 1 and (built / "output" / "unit" / "period-1" / "glf-evidence-lab").is_dir()


def test_finished_lessons_are_journaled_and_a_torn_line_is_ignored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    cache = BuildCache()
    record = TaskRecord(key="k", lesson="a", spec="lesson_specs/a.yaml", curriculum=None, inputs={},
                        outputs=[OutputRecord(path="a/handout.pdf", sha256="0" * 64, size=1)])
    cache.record(out, "a", record)
    cache.record(out, "b", record)
    cache.record(out, "b", None)
    with (out / JOURNAL_NAME).open("a", encoding="utf-8") as journal:
        journal.write('{"task": "c", "record": {"key"')  # a build killed mid-write
    assert not (out / CACHE_NAME).exists()
    again, warning = BuildCache.load(out)
    assert warning is None and list(again.tasks) == ["a"] and again.tasks["a"].key == "k"
    again.save(out)
    assert not (out / JOURNAL_NAME).exists() and json.loads((out / CACHE_NAME).read_text(encoding="utf-8"))["tasks"]["a"]["key"] == "k"


def test_the_cache_is_written_once_per_build(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saves: list[Path] = []
    real = BuildCache.save

    def spy(self: BuildCache, out: Path) -> None:
        saves.append(out)
        real(self, out)

    monkeypatch.setattr(BuildCache, "save", spy)
    for spec in (built / "lesson_specs").glob("*.yaml"):
        spec.write_text(spec.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    report = run(built)
    assert report.ok and report.built == 4
    assert len(saves) == 1


def test_the_main_process_keeps_ids_not_yaml_trees(tmp_path: Path) -> None:
    """A build resolves lessons in its workers: the main process holds no lesson's YAML tree (memory flat in lesson
    count), and a deferred lesson parses again when a worker resolves it."""
    ws = copy_examples(tmp_path / "ws")
    project = load_project(open_workspace(ws), None, defer=True)
    assert set(project.deferred) >= {"glf-evidence-lab", "glf-close-reading"}
    loader = project.resolver.__self__  # type: ignore[union-attr]
    lessons = [spec for spec in loader.specs.values() if not spec.is_curriculum]
    assert lessons and not any(spec.parsed for spec in lessons)
    assert project.resolver is not None
    lesson, diagnostics = project.resolver(ws / LESSON)
    assert lesson is not None and lesson.lesson.id == "glf-evidence-lab" and not diagnostics.errors
