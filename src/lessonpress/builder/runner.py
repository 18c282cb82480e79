"""`lessonpress build`: load -> validate -> resolve -> plan -> render (in workers) -> write, incrementally.

One lesson's failure never stops the rest; a lesson's files are replaced
together or not at all; the cache is saved as lessons finish and the manifest
is written last. One build at a time per output folder (a lock file).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessonpress.builder.cache import (
    BuildCache,
    FileHashes,
    PlanRecord,
    TaskRecord,
    folder_hash,
    package_hash,
    task_key,
)
from lessonpress.builder.lock import output_lock
from lessonpress.builder.manifest import write_manifest
from lessonpress.builder.packs import PackJob, make_pack, pack_jobs
from lessonpress.builder.plan import BuildOptions, Task, base_job, check_output_folder, output_dir, plan
from lessonpress.builder.tasks import RenderWork, TaskResult, render_task, warm_up
from lessonpress.builder.workers import Limits, Outcome, WorkerPool, default_jobs
from lessonpress.errors import Diagnostic, Diagnostics, Pos
from lessonpress.files import is_temp_file, remove_file, resolve_path, write_file
from lessonpress.resolve.targets import expand_targets
from lessonpress.workspace import Workspace

if TYPE_CHECKING:
    from lessonpress.resolve.loader import Project

BUILDING = ".lessonpress-building"  # there while a build writes: found by the next build, it means that one was killed


def load_project(*args: Any, **kwargs: Any) -> Project:
    """The resolve stage, imported on first use: a no-op build (every output up to date) never loads it."""
    from lessonpress.resolve.loader import load_project as load

    return load(*args, **kwargs)

__all__ = ["BuildOptions", "BuildReport", "Progress", "build"]


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
        self._hashes: dict[str, str | None] = {}
        self.hashes = FileHashes({})
        self._warned: dict[Path, list[Diagnostic]] = {}
        self.specs = self._target_specs()  # walked once: the no-op check, the cache and the stale report all use it

    def rel(self, path: Path) -> str:
        text, root = str(path), str(self.ws.root) + os.sep  # string work: a no-op build of 5,000 lessons does this 20,000 times
        return text.removeprefix(root)

    def rel_out(self, path: Path) -> str:
        return str(path.relative_to(self.out))

    def sha(self, path: Path | str) -> str | None:
        key = str(path)
        if key not in self._hashes:
            self._hashes[key] = self.hashes(key)
        return self._hashes[key]

    def _target_specs(self) -> list[Path]:
        """The spec files the targets stand for, exactly as the loader takes them (no templates/ or output/ YAML).
        Each folder is resolved once: a file that is not a link resolves to its resolved folder and its name."""
        folders: dict[Path, Path] = {}

        def real(path: Path) -> Path:
            if path.is_symlink():
                return resolve_path(path)
            if path.parent not in folders:
                folders[path.parent] = resolve_path(path.parent)
            return folders[path.parent] / path.name

        return sorted((real(p) for p in expand_targets(self.ws, self.targets).specs), key=lambda p: str(p).split(os.sep))

    def plan_key(self) -> str:
        return "\n".join(sorted(self.rel(resolve_path(t)) for t in self.targets))

    @cached_property
    def materials_hash(self) -> str:
        """Every material, used or not: a new broken one must be reported, not skipped as 'up to date'."""
        return folder_hash(self.ws.materials_dir, (".md", ".png", ".jpg", ".jpeg"), self.sha)

    def nothing_changed(self) -> bool:
        """The no-op fast path: every input hashes as last time and every output is there; nothing is parsed."""
        if self.options.force or self.cache.environment != self.environment + self.materials_hash:
            return False
        root, join = str(self.ws.root), os.path.join
        specs = {self.rel(p) for p in self.specs}
        if any(self.cache.specs.get(s) != self.sha(join(root, s)) for s in specs):
            return False
        record = self.cache.plans.get(self.plan_key())
        if record is None or record.failed or not record.tasks or any(label not in self.cache.tasks for label in record.tasks):
            return False
        tasks = [self.cache.tasks[label] for label in record.tasks]
        for task in tasks:
            if any(self.sha(join(root, p)) != sha for p, sha in task.inputs.items()) or not self.cache.outputs_intact(task, self.out):
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
            self.hashes = FileHashes(self.cache.files)
            if damaged is not None:
                self.report.diagnostics.extend([damaged])
            if not self.nothing_changed():  # a no-op build writes nothing, so it has nothing to sweep
                building = self.out / BUILDING
                if building.exists() or damaged is not None:  # the last build here was killed: it may have left temp files
                    self.sweep()
                write_file(building, b"", inside=self.out)
                self.full_build()
                remove_file(building, inside=self.out)
            elif self.hashes.learned:  # remember the files this no-op had to read, so the next one only stats them
                self.cache.files = self.hashes.merged()
                self.cache.save(self.out)
        self.report.seconds = time.perf_counter() - started
        return self.report

    def clean_specs(self) -> set[Path]:
        """Lesson specs whose every task is up to date by the cache alone (inputs unchanged, outputs there): not resolved again.

        This keeps a build after one edit in a large workspace about as fast as building that lesson alone.
        """
        if self.options.force or self.cache.environment != self.environment + self.materials_hash:
            return set()
        tasks_of: dict[str, list[TaskRecord]] = {}
        for record in self.cache.tasks.values():
            tasks_of.setdefault(record.spec, []).append(record)
        clean = set()
        for spec, records in tasks_of.items():
            if all(all(self.sha(self.ws.root / p) == sha for p, sha in r.inputs.items()) and self.cache.outputs_intact(r, self.out)
                   for r in records):
                clean.add(resolve_path(self.ws.root / spec))
        return clean

    def up_to_date(self, task: Task, record: TaskRecord | None, key: str) -> bool:
        return not self.options.force and record is not None and record.key == key and self.cache.outputs_intact(record, self.out)

    def full_build(self) -> None:
        clean = self.clean_specs()
        fresh = sum(1 for spec in self.specs if spec not in clean)  # a guess at the lessons to render, before any is read
        jobs = self.options.jobs or default_jobs()
        workers = min(jobs, max(1, fresh))
        # the workers start now: they load the render code and fonts while this process reads and plans the lessons
        with WorkerPool(workers, self.limits, partial(warm_up, base_job(self.ws, self.options), self.out), start=False) as pool:
            import lessonpress.resolve.loader  # noqa: F401 - before the fork: the workers resolve lessons too

            pool.grow(workers)
            project = load_project(self.ws, self.targets, self.cache.index, clean, defer=True, file_sha=self.sha)
            self.cache.index = project.spec_index
            self.report.diagnostics.extend(project.diagnostics)
            self.report.failed.update(project.failed)
            planned, outputs = plan(project, self.options, self.out)
            for collision in outputs.collisions:
                self.report.failed.setdefault(collision.pos.path, []).append(collision)
            self.report.diagnostics.extend(outputs.collisions)
            for task in planned:  # a skipped lesson with a task the cache does not know (a new class, say) is resolved after all
                record = self.cache.tasks.get(self.rel_out(task.folder))
                if task.lesson_id in project.skipped and not (record and record.key == task_key(self.environment, task.job, task.lesson_id, record.inputs)):
                    project.deferred[task.lesson_id] = project.skipped.pop(task.lesson_id)
            todo: list[RenderWork] = []
            for task in planned:
                if task.lesson_id in project.skipped:
                    self.report.up_to_date += 1
                    continue
                lesson = project.lessons.get(task.lesson_id)
                spec = lesson.path if lesson else project.deferred[task.lesson_id].path
                todo.append(RenderWork(task, self.out, self.ws.root, spec, self.environment, lesson,
                                       self.cache.tasks.get(self.rel_out(task.folder)), self.options.force))
            self.render(todo, project, pool)
            self.report_stale(planned)
            failed = sorted(self.rel(path) for path in self.report.failed)
            self.cache.plans[self.plan_key()] = PlanRecord(tasks=sorted(self.rel_out(t.folder) for t in planned), failed=failed)
            self.cache.environment = self.environment + self.materials_hash
            for spec_path in self.specs:
                self.cache.specs[self.rel(spec_path)] = self.sha(spec_path) or ""
            self.build_packs(project, pool)
        self.cache.files = self.hashes.merged()
        self.cache.save(self.out)
        self.report.manifest = write_manifest(self.out, self.cache)

    def render(self, todo: list[RenderWork], project: Project, pool: WorkerPool) -> None:
        """Rendered in the pool's workers (the main process never renders); each worker gets the project's resolver once."""
        self.progress.start(len(todo))
        positions = [Pos(work.spec) for work in todo]
        pool.grow(min(self.options.jobs or default_jobs(), len(todo)))
        try:
            for outcome in pool.run(render_task, todo, positions, project.resolver):
                self.finished(outcome, todo[outcome.index])
        finally:
            self.progress.finish()
            self.sweep()  # workers stopped mid-write leave temp files (finished lessons are in the cache's journal)

    def _report_once(self, spec: Path, diagnostics: list[Diagnostic], failed: bool) -> None:
        """A lesson's own problems are found by each of its tasks (its class copies too): reported once."""
        seen = self.report.failed.setdefault(spec, []) if failed else self._warned.setdefault(spec, [])
        fresh = [d for d in diagnostics if d not in seen]
        seen.extend(fresh)
        self.report.diagnostics.extend(fresh)

    def finished(self, outcome: Outcome, work: RenderWork) -> None:
        task = work.task
        label = self.rel_out(task.folder)
        self.progress.advance(label, outcome.ok)
        if not outcome.ok:
            self._report_once(work.spec, outcome.errors, failed=True)
            if label in self.cache.tasks:
                self.cache.record(self.out, label, None)
            return
        result: TaskResult = outcome.value
        self._report_once(work.spec, result.lesson_warnings, failed=False)
        if result.up_to_date:
            self.report.up_to_date += 1
            return
        self.report.built += 1
        self.report.written += [self.out / o.path for o in result.outputs]
        self.report.diagnostics.extend(result.warnings)
        curriculum = self.rel(task.curriculum) if task.curriculum else None
        record = TaskRecord(key=result.key, lesson=task.lesson_id, spec=self.rel(work.spec), curriculum=curriculum,
                            inputs=result.inputs, outputs=result.outputs, outline=result.outline)
        self.cache.record(self.out, label, record)  # a killed build keeps every finished lesson

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

    def build_packs(self, project: Project, pool: WorkerPool) -> None:
        """Course and print packs, each rendered in a worker (time and memory limits) and only when its parts changed."""
        jobs: list[PackJob] = []
        for job in pack_jobs(project, self.cache, self.out, base_job(self.ws, self.options)):
            key = hashlib.sha256("\n".join([self.environment, *job.parts]).encode()).hexdigest()
            if self.options.force or self.cache.packs.get(job.label) != key or not (self.out / job.label).is_file():
                if job.lesson_ids:  # a course pack lays out its lessons' guides: resolved in its worker unless at hand
                    specs = [p.path for i in job.lesson_ids if (p := project.lesson_ids().get(i)) is not None]
                    job = replace(job, resolved=[project.lessons[i] for i in job.lesson_ids if i in project.lessons], specs=specs)
                jobs.append(job)
                self.cache.packs[job.label] = key
            personal = set(self.cache.personal) - {job.label}
            self.cache.personal = sorted(personal | ({job.label} if job.names else set()))
        positions = [job.owner for job in jobs]
        pool.grow(min(self.options.jobs or default_jobs(), len(jobs)))
        for outcome in pool.run(make_pack, jobs, positions, project.resolver):
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
