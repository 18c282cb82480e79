"""`lessonpress build`: load -> validate -> resolve -> render -> write, incrementally and in parallel.

One lesson's failure never stops the rest; every output is written atomically,
the cache after every finished lesson batch, and the manifest last.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessonpress import __version__
from lessonpress.build.workers import Limits, Outcome, default_jobs, run_tasks
from lessonpress.build.cache import BuildCache, OutputRecord, TaskRecord, folder_hash, package_hash, sha256_file, task_key
from lessonpress.errors import Diagnostic, Diagnostics, Pos
from lessonpress.files import write_atomic
from lessonpress.build.settings import RenderJob, Stamp
from lessonpress.resolve.loader import Project, ResolvedCurriculum, load_project
from lessonpress.resolve.rules import ResolvedLesson

if TYPE_CHECKING:
    from lessonpress.render.pdf import Rendered
from lessonpress.workspace import Workspace

HANDOUT = "handout.pdf"
GUIDE = "teacher-guide.pdf"
COURSE_PACK = "course-pack.pdf"
PRINT_PACK = "print-pack.pdf"


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
    curriculum: Path | None = None


@dataclass
class TaskResult:
    outputs: list[OutputRecord]
    warnings: list[Diagnostic]
    outline: list[tuple[str, int, int]]


class Progress:
    """Build progress for a user interface; the default reports nothing."""

    def start(self, total: int) -> None: ...

    def advance(self, label: str, ok: bool) -> None: ...

    def finish(self) -> None: ...


@dataclass
class BuildReport:
    built: int = 0
    up_to_date: int = 0
    written: list[Path] = field(default_factory=list)
    failed: dict[Path, list[Diagnostic]] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    manifest: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "class"


def output_dir(workspace: Workspace, options: BuildOptions) -> Path:
    return options.out.resolve() if options.out else workspace.output_dir


def base_job(workspace: Workspace, options: BuildOptions) -> RenderJob:
    fonts_dir = workspace.root / "fonts"
    return RenderJob(
        templates_dir=workspace.templates_dir,
        fonts_dir=fonts_dir if fonts_dir.is_dir() else None,
        theme=workspace.settings.theme,
        paper=options.paper or workspace.settings.paper,
        variant=options.variant or "standard",
        school=workspace.settings.school,
    )


def plan(project: Project, options: BuildOptions) -> list[Task]:
    out = output_dir(project.workspace, options)
    base = base_job(project.workspace, options)
    tasks = [Task(lesson_id, out / lesson_id, base) for lesson_id in project.lessons]
    for unit in project.curricula.values():
        tasks += _class_tasks(unit, project, base, out, options)
    return tasks


def _class_tasks(unit: ResolvedCurriculum, project: Project, base: RenderJob, out: Path, options: BuildOptions) -> list[Task]:
    tasks = []
    for section in unit.curriculum.classes:
        when = section.date or unit.curriculum.date
        stamp = Stamp(section.name, section.teacher, f"{when:%B} {when.day}, {when.year}" if when else None)
        job = RenderJob(
            base.templates_dir, base.fonts_dir, base.theme,
            paper=options.paper or section.paper or base.paper,
            variant=options.variant or section.variant or base.variant,
            school=base.school, stamp=stamp,
        )
        for lesson_id in unit.lesson_ids:
            if lesson_id in project.lessons:
                tasks.append(Task(lesson_id, class_folder(out, unit, section.name) / lesson_id, job, unit.path))
    return tasks


def class_folder(out: Path, unit: ResolvedCurriculum, class_name: str) -> Path:
    return out / unit.curriculum.id / slug(class_name)


def render_lesson(lesson: ResolvedLesson, job: RenderJob) -> Rendered:
    """Imported on first use: a build with nothing to render never loads reportlab."""
    from lessonpress.render.pdf import render_lesson as render

    return render(lesson, job)


def render_task(work: tuple[ResolvedLesson, Task, Path]) -> TaskResult:
    """Render and write one task's two PDFs (in a worker process); nothing is written unless both rendered."""
    lesson, task, out = work
    rendered = render_lesson(lesson, task.job)
    outputs = []
    for name, pdf in ((HANDOUT, rendered.handout), (GUIDE, rendered.guide)):
        target = task.folder / name
        write_atomic(target, pdf.data)
        outputs.append(OutputRecord(str(target.relative_to(out)), hashlib.sha256(pdf.data).hexdigest(), len(pdf.data)))
    return TaskResult(outputs, rendered.warnings, rendered.guide.outline)


class Builder:
    def __init__(self, workspace: Workspace, targets: list[Path], options: BuildOptions, progress: Progress):
        self.ws = workspace
        self.targets = targets
        self.options = options
        self.progress = progress
        self.out = output_dir(workspace, options)
        self.cache = BuildCache.load(self.out)
        self.report = BuildReport()
        self.environment = "\n".join([
            package_hash(), folder_hash(workspace.templates_dir, (".yaml", ".yml")),
            folder_hash(workspace.root / "fonts", (".ttf", ".ttc")), repr(base_job(workspace, options)),
        ])
        self._hashes: dict[Path, str | None] = {}
        self._saved = time.monotonic()
        self.specs = self._target_specs()  # walked once: the no-op check, the cache and the stale report all use it

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.ws.root))
        except ValueError:
            return str(path)

    def sha(self, path: Path) -> str | None:
        if path not in self._hashes:
            self._hashes[path] = sha256_file(path)
        return self._hashes[path]

    def _target_specs(self) -> list[Path]:
        files: list[Path] = []
        for target in self.targets:
            path = target.resolve()
            files += sorted(p.resolve() for p in path.rglob("*.yaml")) if path.is_dir() else [path]
        return files

    def nothing_changed(self) -> bool:
        """The no-op fast path: every input hashes as last time and every output is there; nothing is parsed."""
        if self.options.force or self.cache.environment != self.environment:
            return False
        specs = {self.rel(p) for p in self.specs}
        if any(self.cache.specs.get(s) != self.sha(self.ws.root / s) for s in specs):
            return False
        labels = self.cache.plans.get(self.plan_key())
        if not labels or any(label not in self.cache.tasks for label in labels):
            return False
        records = [self.cache.tasks[label] for label in labels]
        for record in records:
            if any(self.sha(self.ws.root / p) != sha for p, sha in record.inputs.items()) or not self.cache.outputs_intact(record, self.out):
                return False
        if any(not (self.out / pack).is_file() for pack in self.cache.packs):
            return False
        self.report.up_to_date = len(records)
        return True

    def plan_key(self) -> str:
        return "\n".join(sorted(self.rel(t.resolve()) for t in self.targets))

    def sweep(self) -> None:
        """Remove temporary files a killed build left behind (never complete outputs: those are renamed into place)."""
        if self.out.is_dir():
            for leftover in self.out.rglob(".*.tmp"):
                if leftover.is_file() and leftover.name.count(".") >= 3:
                    leftover.unlink(missing_ok=True)

    def run(self) -> BuildReport:
        started = time.perf_counter()
        self.sweep()
        if not self.nothing_changed():
            self.full_build()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def full_build(self) -> None:
        project = load_project(self.ws, self.targets)
        self.report.diagnostics.extend(project.diagnostics)
        self.report.failed.update(project.failed)
        todo: list[tuple[Task, str, dict[str, str]]] = []
        planned = plan(project, self.options)
        for task in planned:
            lesson = project.lessons[task.lesson_id]
            inputs = {self.rel(p): self.sha(p) or "" for p in [*lesson.inputs, *([task.curriculum] if task.curriculum else [])]}
            key = task_key(self.environment, task.job, task.lesson_id, inputs)
            record = self.cache.tasks.get(self.rel_out(task.folder))
            if not self.options.force and record and record.key == key and self.cache.outputs_intact(record, self.out):
                self.report.up_to_date += 1
            else:
                todo.append((task, key, inputs))
        self.render(project, todo)
        self.report_stale(planned)
        self.cache.plans[self.plan_key()] = sorted(self.rel_out(t.folder) for t in planned)
        self.cache.environment = self.environment
        for spec in self.specs:
            self.cache.specs[self.rel(spec)] = self.sha(spec) or ""
        self.build_packs(project)
        self.cache.save()
        self.report.manifest = self.write_manifest()

    def rel_out(self, path: Path) -> str:
        return str(path.relative_to(self.out))

    def render(self, project: Project, todo: list[tuple[Task, str, dict[str, str]]]) -> None:
        self.progress.start(len(todo))
        limits = Limits(self.ws.settings.limits.render_timeout_s, self.ws.settings.limits.max_render_mb)
        work = [(project.lessons[task.lesson_id], task, self.out) for task, _, _ in todo]
        positions = [Pos(project.lessons[task.lesson_id].path) for task, _, _ in todo]
        jobs = self.options.jobs or default_jobs()
        if len(work) > 1:  # workers are forked: load fonts and templates once, here
            from lessonpress.render.pdf import warm_up

            lessons = {lesson.lesson.id: lesson for lesson, _, _ in work}.values()  # class copies share their lesson
            cjk = any(max(p.text, default="") >= "\u2e80" for lesson in lessons for d in lesson.documents.values() for p in d.excerpt.paragraphs)
            for job in {task.job for task, _, _ in todo}:
                warm_up(job, cjk)
        try:
            for outcome in run_tasks(render_task, work, positions, min(jobs, max(1, len(work))), limits):
                self.finished(outcome, todo[outcome.index], project)
        finally:
            self.progress.finish()
            self.sweep()  # workers stopped mid-write leave temp files
            self.cache.save()  # an interrupted build resumes where it stopped

    def finished(self, outcome: Outcome, item: tuple[Task, str, dict[str, str]], project: Project) -> None:
        task, key, inputs = item
        lesson = project.lessons[task.lesson_id]
        label = self.rel_out(task.folder)
        self.progress.advance(label, outcome.ok)
        if not outcome.ok:
            self.report.failed.setdefault(lesson.path, []).extend(outcome.errors)
            self.report.diagnostics.extend(outcome.errors)
            self.cache.tasks.pop(label, None)
            return
        result: TaskResult = outcome.value
        self.report.built += 1
        self.report.written += [self.out / o.path for o in result.outputs]
        self.report.diagnostics.extend(result.warnings)
        curriculum = self.rel(task.curriculum) if task.curriculum else None
        self.cache.tasks[label] = TaskRecord(key, task.lesson_id, self.rel(lesson.path), curriculum, inputs, result.outputs,
                                             [list(o) for o in result.outline])
        if time.monotonic() - self._saved > 1.0:  # a killed build loses at most a second of work
            self.cache.save()
            self._saved = time.monotonic()

    def report_stale(self, planned: list[Task]) -> None:
        """Outputs of lessons or classes no longer built from these specs: reported, never silently kept."""
        current = {self.rel_out(t.folder) for t in planned}
        specs = {self.rel(p) for p in self.specs}
        for label, record in sorted(self.cache.tasks.items()):
            owner = record.curriculum or record.spec
            if label in current or (owner not in specs and (self.ws.root / owner).is_file()):
                continue
            self.report.stale.append(label)
            self.report.diagnostics.warning(
                Pos(self.out / label), f"left over from '{record.lesson}', which this build no longer makes: delete the folder if you do not need it"
            )
            del self.cache.tasks[label]

    def build_packs(self, project: Project) -> None:
        if not project.curricula:
            return  # no packs to make: do not even import pypdf
        from lessonpress.render.pdf.packs import PackLesson, course_pack, print_pack

        base = base_job(self.ws, self.options)
        for unit in project.curricula.values():
            guides = [self.cache.tasks.get(lesson_id) for lesson_id in unit.lesson_ids]
            records = [g for g in guides if g is not None]
            if len(records) == len(guides):
                lessons = [PackLesson(project.lessons[r.lesson].lesson.title, self.out / r.lesson / GUIDE,
                                      [(str(t), int(level), int(page)) for t, level, page in r.outline]) for r in records]
                self.write_pack(f"{unit.curriculum.id}/{COURSE_PACK}", [r.outputs[1].sha256 for r in records],
                                partial(course_pack, unit.curriculum.title, lessons, base))
            for section in unit.curriculum.classes:
                folder = class_folder(self.out, unit, section.name)
                copies = [self.cache.tasks.get(self.rel_out(folder / lesson_id)) for lesson_id in unit.lesson_ids]
                done = [c for c in copies if c is not None]
                if len(done) == len(copies):
                    handouts = [folder / lesson_id / HANDOUT for lesson_id in unit.lesson_ids]
                    self.write_pack(self.rel_out(folder / PRINT_PACK), [c.outputs[0].sha256 for c in done] + [str(section.students)],
                                    partial(print_pack, handouts, section.students, section.name))

    def write_pack(self, label: str, parts: list[str], make: Callable[[], bytes]) -> None:
        key = hashlib.sha256("\n".join([self.environment, *parts]).encode()).hexdigest()
        target = self.out / label
        if not self.options.force and self.cache.packs.get(label) == key and target.is_file():
            return
        write_atomic(target, make())
        self.cache.packs[label] = key
        self.report.written.append(target)

    def write_manifest(self) -> Path:
        """output/manifest.json: every output with its inputs and hashes and the tool version; written last, atomically."""
        outputs: list[dict[str, Any]] = []
        for label, record in sorted(self.cache.tasks.items()):
            for output in record.outputs:
                outputs.append({"path": output.path, "sha256": output.sha256, "lesson": record.lesson,
                                "inputs": [{"path": p, "sha256": s} for p, s in sorted(record.inputs.items())]})
        for label in sorted(self.cache.packs):
            sha = sha256_file(self.out / label)
            if sha:
                outputs.append({"path": label, "sha256": sha, "lesson": None, "inputs": []})
        manifest = {"tool": "lessonpress", "version": __version__, "outputs": outputs}
        target = self.out / "manifest.json"
        write_atomic(target, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return target


def build(workspace: Workspace, targets: list[Path] | None = None, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> BuildReport:
    """Build the PDFs for `targets` (lesson or curriculum files, folders; default lesson_specs/)."""
    return Builder(workspace, targets or [workspace.specs_dir], options, progress or Progress()).run()

