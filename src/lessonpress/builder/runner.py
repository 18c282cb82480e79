"""`lessonpress build`: load -> validate -> resolve -> plan -> render (in workers) -> write, incrementally.

One lesson's failure never stops the rest; a lesson's files are replaced
together or not at all; the cache is saved as lessons finish and the manifest
is written last. One build at a time per output folder (a lock file).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessonpress.builder.cache import (
    BuildCache,
    OutputRecord,
    PlanRecord,
    TaskRecord,
    folder_hash,
    package_hash,
    sha256_file,
    task_key,
)
from lessonpress.builder.lock import output_lock
from lessonpress.builder.manifest import write_manifest
from lessonpress.builder.packs import PackJob, make_pack, pack_jobs
from lessonpress.builder.plan import BuildOptions, Task, base_job, check_output_folder, output_dir, plan
from lessonpress.builder.workers import Limits, Outcome, default_jobs, run_tasks
from lessonpress.errors import Diagnostic, Diagnostics, Pos
from lessonpress.files import is_temp_file, resolve_path, write_files
from lessonpress.resolve.loader import Project, load_project
from lessonpress.resolve.rules import ResolvedLesson
from lessonpress.resolve.targets import expand_targets
from lessonpress.workspace import Workspace

if TYPE_CHECKING:
    from lessonpress.render import Rendered

__all__ = ["BuildOptions", "BuildReport", "Progress", "build"]


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

    def waiting(self) -> None:
        """Another build holds the output folder; this one waits for it."""


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


def render_lesson(lesson: ResolvedLesson, job: Any) -> Rendered:
    """Imported on first use: a build with nothing to render never loads reportlab."""
    from lessonpress.render import render_lesson as render

    return render(lesson, job)


def render_task(work: tuple[ResolvedLesson, Task, Path]) -> TaskResult:
    """Render one task's files (in a worker process) and write them together: all replaced, or none."""
    lesson, task, out = work
    rendered = render_lesson(lesson, task.job)
    files = [(task.folder / name, data) for name, data in rendered.files]
    write_files(files, inside=out)
    outputs = [OutputRecord(path=str(target.relative_to(out)), sha256=hashlib.sha256(data).hexdigest(), size=len(data)) for target, data in files]
    return TaskResult(outputs, rendered.warnings, rendered.outline)


class Builder:
    def __init__(self, workspace: Workspace, targets: list[Path], options: BuildOptions, progress: Progress):
        self.ws = workspace
        self.targets = targets
        self.options = options
        self.progress = progress
        self.out = output_dir(workspace, options)
        check_output_folder(self.out, Pos(self.out))
        self.report = BuildReport()
        self.cache = BuildCache()
        settings = workspace.settings.model_dump_json()
        self.environment = "\n".join([
            package_hash(), settings, folder_hash(workspace.templates_dir, (".yaml", ".yml")),
            folder_hash(workspace.root / "fonts", (".ttf", ".ttc")), repr(base_job(workspace, options)),
        ])
        self.limits = Limits(workspace.settings.limits.render_timeout_s, workspace.settings.limits.max_render_mb)
        self._hashes: dict[Path, str | None] = {}
        self._saved = time.monotonic()
        self.specs = self._target_specs()  # walked once: the no-op check, the cache and the stale report all use it

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.ws.root))
        except ValueError:
            return str(path)

    def rel_out(self, path: Path) -> str:
        return str(path.relative_to(self.out))

    def sha(self, path: Path) -> str | None:
        if path not in self._hashes:
            self._hashes[path] = sha256_file(path)
        return self._hashes[path]

    def _target_specs(self) -> list[Path]:
        """The spec files the targets stand for, exactly as the loader takes them (no templates/ or output/ YAML)."""
        return sorted(resolve_path(p) for p in expand_targets(self.ws, self.targets).specs)

    def plan_key(self) -> str:
        return "\n".join(sorted(self.rel(resolve_path(t)) for t in self.targets))

    @cached_property
    def materials_hash(self) -> str:
        """Every material, used or not: a new broken one must be reported, not skipped as 'up to date'."""
        return folder_hash(self.ws.materials_dir, (".md",))

    def nothing_changed(self) -> bool:
        """The no-op fast path: every input hashes as last time and every output is there; nothing is parsed."""
        if self.options.force or self.cache.environment != self.environment + self.materials_hash:
            return False
        specs = {self.rel(p) for p in self.specs}
        if any(self.cache.specs.get(s) != self.sha(self.ws.root / s) for s in specs):
            return False
        record = self.cache.plans.get(self.plan_key())
        if record is None or record.failed or not record.tasks or any(label not in self.cache.tasks for label in record.tasks):
            return False
        tasks = [self.cache.tasks[label] for label in record.tasks]
        for task in tasks:
            if any(self.sha(self.ws.root / p) != sha for p, sha in task.inputs.items()) or not self.cache.outputs_intact(task, self.out):
                return False
        if any(not (self.out / pack).is_file() for pack in self.cache.packs):
            return False
        self.report.up_to_date = len(tasks)
        return True

    def sweep(self) -> None:
        """Remove temporary files builds that died left behind; safe because this build holds the folder's lock."""
        if self.out.is_dir():
            for leftover in self.out.rglob(".*.tmp"):
                if is_temp_file(leftover) and leftover.is_file() and not leftover.is_symlink():
                    leftover.unlink(missing_ok=True)

    def run(self) -> BuildReport:
        started = time.perf_counter()
        with output_lock(self.out, self.progress.waiting):
            self.cache, damaged = BuildCache.load(self.out)
            if damaged is not None:
                self.report.diagnostics.extend([damaged])
            self.sweep()
            if not self.nothing_changed():
                self.full_build()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def full_build(self) -> None:
        project = load_project(self.ws, self.targets)
        self.report.diagnostics.extend(project.diagnostics)
        self.report.failed.update(project.failed)
        planned, outputs = plan(project, self.options, self.out)
        for collision in outputs.collisions:
            self.report.failed.setdefault(collision.pos.path, []).append(collision)
        self.report.diagnostics.extend(outputs.collisions)
        todo: list[tuple[Task, str, dict[str, str]]] = []
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
        failed = sorted(self.rel(path) for path in self.report.failed)
        self.cache.plans[self.plan_key()] = PlanRecord(tasks=sorted(self.rel_out(t.folder) for t in planned), failed=failed)
        self.cache.environment = self.environment + self.materials_hash
        for spec in self.specs:
            self.cache.specs[self.rel(spec)] = self.sha(spec) or ""
        self.build_packs(project)
        self.cache.save(self.out)
        self.report.manifest = write_manifest(self.out, self.cache)

    def render(self, project: Project, todo: list[tuple[Task, str, dict[str, str]]]) -> None:
        self.progress.start(len(todo))
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
            for outcome in run_tasks(render_task, work, positions, min(jobs, max(1, len(work))), self.limits):
                self.finished(outcome, todo[outcome.index], project)
        finally:
            self.progress.finish()
            self.sweep()  # workers stopped mid-write leave temp files
            self.cache.save(self.out)  # an interrupted build resumes where it stopped

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
        self.cache.tasks[label] = TaskRecord(key=key, lesson=task.lesson_id, spec=self.rel(lesson.path), curriculum=curriculum,
                                             inputs=inputs, outputs=result.outputs, outline=result.outline)
        if time.monotonic() - self._saved > 1.0:  # a killed build loses at most a second of work
            self.cache.save(self.out)
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
        """Course and print packs, each rendered in a worker (time and memory limits) and only when its parts changed."""
        jobs: list[PackJob] = []
        for job in pack_jobs(project, self.cache, self.out, base_job(self.ws, self.options)):
            key = hashlib.sha256("\n".join([self.environment, *job.parts]).encode()).hexdigest()
            if self.options.force or self.cache.packs.get(job.label) != key or not (self.out / job.label).is_file():
                jobs.append(job)
                self.cache.packs[job.label] = key
        positions = [job.owner for job in jobs]
        for outcome in run_tasks(make_pack, jobs, positions, min(self.options.jobs or default_jobs(), max(1, len(jobs))), self.limits):
            job = jobs[outcome.index]
            if outcome.ok:
                self.report.written.append(self.out / job.label)
            else:
                self.cache.packs.pop(job.label, None)
                self.report.failed.setdefault(job.owner.path, []).extend(outcome.errors)
                self.report.diagnostics.extend(outcome.errors)


def build(workspace: Workspace, targets: list[Path] | None = None, options: BuildOptions | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Build the PDFs for `targets` (lesson or curriculum files, folders; default lesson_specs/)."""
    return Builder(workspace, targets or [workspace.specs_dir], options or BuildOptions(), progress or Progress()).run()
