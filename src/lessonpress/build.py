"""`lessonpress build`: load -> validate -> resolve -> render -> write, one lesson's failure never stopping the rest."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import Diagnostic, Diagnostics, LessonpressError
from .files import write_atomic
from .project import Project, ResolvedCurriculum, load_project
from .render import RenderJob, Stamp, render_lesson
from .validate import ResolvedLesson
from .workspace import Workspace

HANDOUT = "handout.pdf"
GUIDE = "teacher-guide.pdf"


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None
    variant: str | None = None
    paper: str | None = None
    force: bool = False
    jobs: int | None = None


@dataclass(frozen=True)
class Task:
    """One lesson rendered for one audience: the plain lesson, or a class's copy."""

    lesson_id: str
    folder: Path
    job: RenderJob


@dataclass
class BuildReport:
    project: Project
    written: list[Path] = field(default_factory=list)
    failed: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "class"


def output_dir(workspace: Workspace, options: BuildOptions) -> Path:
    return options.out.resolve() if options.out else workspace.output_dir


def plan(project: Project, options: BuildOptions) -> list[Task]:
    ws = project.workspace
    out = output_dir(ws, options)
    fonts_dir = ws.root / "fonts"
    base = RenderJob(
        templates_dir=ws.templates_dir,
        fonts_dir=fonts_dir if fonts_dir.is_dir() else None,
        theme=ws.settings.theme,
        paper=options.paper or ws.settings.paper,
        variant=options.variant or "standard",
        school=ws.settings.school,
    )
    tasks = [Task(lesson_id, out / lesson_id, base) for lesson_id in project.lessons]
    for curriculum in project.curricula.values():
        tasks += _class_tasks(curriculum, project, base, out, options)
    return tasks


def _class_tasks(unit: ResolvedCurriculum, project: Project, base: RenderJob, out: Path, options: BuildOptions) -> list[Task]:
    tasks = []
    for section in unit.curriculum.classes:
        when = section.date or unit.curriculum.date
        stamp = Stamp(section.name, section.teacher, when.strftime("%B %-d, %Y") if when else None)
        job = RenderJob(
            base.templates_dir, base.fonts_dir, base.theme,
            paper=options.paper or section.paper or base.paper,
            variant=options.variant or section.variant or base.variant,
            school=base.school, stamp=stamp,
        )
        for lesson_id in unit.lesson_ids:
            if lesson_id in project.lessons:
                tasks.append(Task(lesson_id, out / unit.curriculum.id / slug(section.name) / lesson_id, job))
    return tasks


def run_task(lesson: ResolvedLesson, task: Task) -> tuple[list[Path], list[Diagnostic]]:
    """Render and write one task's two PDFs; nothing is written unless both rendered."""
    rendered = render_lesson(lesson, task.job)
    written = []
    for name, data in ((HANDOUT, rendered.handout), (GUIDE, rendered.guide)):
        write_atomic(task.folder / name, data)
        written.append(task.folder / name)
    return written, rendered.warnings


def build(workspace: Workspace, targets: list[Path] | None = None, options: BuildOptions = BuildOptions()) -> BuildReport:
    project = load_project(workspace, targets)
    report = BuildReport(project, diagnostics=Diagnostics(list(project.diagnostics.items)))
    for task in plan(project, options):
        lesson = project.lessons[task.lesson_id]
        try:
            written, warnings = run_task(lesson, task)
        except LessonpressError as exc:
            report.failed.setdefault(lesson.path, []).extend(exc.diagnostics)
            report.diagnostics.extend(exc.diagnostics)
            continue
        report.written += written
        report.diagnostics.extend(warnings)
    report.manifest = write_manifest(project, report, output_dir(workspace, options))
    return report


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(project: Project, report: BuildReport, out: Path) -> Path:
    """output/manifest.json: every output with its inputs and their hashes; written last, atomically."""
    root = project.workspace.root
    lesson_of = {}
    for path in report.written:
        for lesson_id, lesson in project.lessons.items():
            if path.parent.name == lesson_id:
                lesson_of[path] = lesson

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    outputs = []
    for path in sorted(report.written):
        lesson = lesson_of[path]
        outputs.append({
            "path": rel(path),
            "sha256": _sha256(path),
            "lesson": lesson.lesson.id,
            "inputs": [{"path": rel(p), "sha256": _sha256(p)} for p in lesson.inputs],
        })
    manifest = {"tool": "lessonpress", "version": __version__, "outputs": outputs}
    target = out / "manifest.json"
    write_atomic(target, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return target
