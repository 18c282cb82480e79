"""One render task as a worker process runs it: resolve the lesson (if the main process deferred it), decide whether
its files are up to date, render, write.

Resolving in the workers keeps the main process small and quick (it hashes,
plans and collects results) and puts both cores to work from the first
lesson; a lesson's tree lives only while its task runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessonpress.builder.cache import OutputRecord, TaskRecord, sha256_file, task_key
from lessonpress.builder.plan import Task
from lessonpress.errors import Diagnostic, Diagnostics, LessonpressError, Pos
from lessonpress.files import write_files
from lessonpress.style.hyphenation import keep_parsed_in

if TYPE_CHECKING:
    from lessonpress.builder.settings import RenderJob
    from lessonpress.render import Rendered
    from lessonpress.resolve.rules import ResolvedLesson

Resolver = Callable[[Path], "tuple[ResolvedLesson | None, Diagnostics]"]


@dataclass
class TaskResult:
    outputs: list[OutputRecord]
    warnings: list[Diagnostic]  # from rendering this task
    outline: list[tuple[str, int, int]]
    key: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    up_to_date: bool = False  # nothing written: the cache's record still holds
    lesson_warnings: list[Diagnostic] = field(default_factory=list)  # from resolving the lesson (the same for each of its tasks)


@dataclass
class RenderWork:
    task: Task
    out: Path
    root: Path  # the workspace: input paths in the cache are relative to it
    spec: Path  # the lesson's spec file: where its problems are reported
    environment: str
    lesson: ResolvedLesson | None = None  # None: resolved in the worker by the run's resolver
    record: TaskRecord | None = None  # the cache's record of this task
    force: bool = False


def render_lesson(lesson: ResolvedLesson, job: Any) -> Rendered:
    """Imported on first use: a build with nothing to render never loads reportlab."""
    from lessonpress.render import render_lesson as render

    return render(lesson, job)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _intact(record: TaskRecord, out: Path) -> bool:
    for output in record.outputs:
        try:
            if (out / output.path).stat().st_size != output.size:
                return False
        except OSError:
            return False
    return True


def warm_up(job: RenderJob, out: Path) -> None:
    """What a worker loads while the build plans (see `WorkerPool`): the resolve and render code, the default copy's
    fonts, looks and wording, its hyphenation dictionary."""
    import lessonpress.resolve.loader  # noqa: F401 - validation and checking code, for the lessons it resolves
    from lessonpress.render.pdf import warm

    keep_parsed_in(out)
    warm(job)


def render_task(work: RenderWork, resolver: Resolver | None) -> TaskResult:
    """Render one task's files (in a worker process) and write them together: all replaced, or none. `resolver`
    resolves a lesson the main process deferred."""
    lesson, lesson_warnings = work.lesson, []
    if lesson is None:
        assert resolver is not None
        lesson, diagnostics = resolver(work.spec)
        if lesson is None:
            raise LessonpressError(diagnostics.items)
        lesson_warnings = diagnostics.warnings
    task = work.task
    if task.job.tier is not None:
        from lessonpress.resolve.tiers import tier_problem

        problem = tier_problem(lesson.lesson.id, sorted(lesson.tiers), task.job.tier, task.tier_named)
        if problem:
            raise LessonpressError.at(task.tier_at or Pos(work.spec), problem)
    paths = [*lesson.inputs, *([task.curriculum] if task.curriculum else [])]
    inputs = {_rel(p, work.root): sha256_file(p) or "" for p in paths}
    key = task_key(work.environment, task.job, task.lesson_id, inputs)
    record = work.record
    if not work.force and record is not None and record.key == key and _intact(record, work.out):
        return TaskResult(record.outputs, [], record.outline, key, inputs, True, lesson_warnings)
    keep_parsed_in(work.out)  # pyphen's dictionaries, parsed once per output folder rather than once per worker
    rendered = render_lesson(lesson, task.job)
    files = [(task.folder / name, data) for name, data in rendered.files]
    write_files(files, inside=work.out)
    outputs = [OutputRecord(path=str(target.relative_to(work.out)), sha256=hashlib.sha256(data).hexdigest(), size=len(data))
               for target, data in files]
    return TaskResult(outputs, rendered.warnings, rendered.outline, key, inputs, False, lesson_warnings)
