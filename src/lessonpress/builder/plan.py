"""Plan a build before anything is written: option precedence, one task per lesson copy, and one owner per output path.

Precedence for paper and variant: the command line, then the class in a
curriculum, then lessonpress.yaml. Every output path is claimed here; two
outputs that would land on one path are an error at the spec lines that
caused them (the model is pelican's Writer, which refuses to write a path twice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lessonpress.builder.settings import RenderJob, Stamp
from lessonpress.errors import Diagnostic, LessonpressError, Pos
from lessonpress.files import resolve_path
from lessonpress.render import file_names
from lessonpress.resolve.names import class_slug
from lessonpress.spec.models import ClassSection, Curriculum
from lessonpress.workspace import Workspace

if TYPE_CHECKING:  # the resolve stage is imported only when a build has something to resolve (a no-op build does not)
    from lessonpress.resolve.loader import Project, ResolvedCurriculum

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HANDOUT = "handout.pdf"
GUIDE = "teacher-guide.pdf"
COURSE_PACK = "course-pack.pdf"
PRINT_PACK = "print-pack.pdf"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildOptions:
    out: Path | None = None
    variant: str | None = None
    paper: str | None = None
    force: bool = False
    jobs: int | None = None
    formats: tuple[str, ...] | None = None  # pdf, html, docx, qti; default: the workspace's `formats:`, else pdf


@dataclass(frozen=True)
class Task:
    """One lesson rendered for one audience: the plain lesson, or a class's copy."""

    lesson_id: str
    folder: Path
    job: RenderJob
    curriculum: Path | None = None
    tier_at: Pos | None = None  # where the class's reading tier is set (errors about it point there)
    tier_named: bool = False  # the tier was given for this lesson, not for the whole unit


def class_dates(unit: Curriculum, section: ClassSection, lessons: list[str]) -> dict[str, dt.date]:
    """The date of each of a class's lessons: its own `dates`, then the unit's, then the next meeting day
    (`meets`, counting from the class's or the unit's date), then that one date for every lesson."""
    start = section.date or unit.date
    dates: dict[str, dt.date] = {}
    day = start
    weekdays = [WEEKDAYS.index(d) for d in section.meets] if section.meets else None
    for lesson_id in lessons:
        if weekdays is not None and day is not None:
            while day.weekday() not in weekdays:
                day += dt.timedelta(days=1)
        when = section.dates.get(lesson_id) or unit.dates.get(lesson_id) or day
        if when is not None:
            dates[lesson_id] = when
        if weekdays is not None and day is not None:
            day += dt.timedelta(days=1)
    return dates


def output_dir(workspace: Workspace, options: BuildOptions) -> Path:
    """--out (an explicit choice, so it may be anywhere) or the workspace's output folder (always inside it)."""
    if options.out:
        return resolve_path(options.out)
    return workspace.output_dir


def base_job(workspace: Workspace, options: BuildOptions) -> RenderJob:
    fonts_dir = workspace.root / "fonts"
    return RenderJob(
        templates_dir=workspace.templates_dir,
        fonts_dir=fonts_dir if fonts_dir.is_dir() else None,
        theme=workspace.settings.theme,
        paper=options.paper or workspace.settings.paper,
        variant=options.variant or "standard",
        school=workspace.settings.school,
        formats=options.formats or tuple(workspace.settings.formats),
        layout=workspace.settings.layout,
        workspace_lang=workspace.settings.lang,
    )


def class_folder(out: Path, unit: ResolvedCurriculum, class_name: str) -> Path:
    return out / unit.curriculum.id / class_slug(class_name)


@dataclass
class OutputPlan:
    """Every path a build will write, each with the spec place that asked for it."""

    out: Path
    owners: dict[PurePosixPath, Pos] = field(default_factory=dict)
    collisions: list[Diagnostic] = field(default_factory=list)

    def claim(self, path: Path, owner: Pos) -> bool:
        """Reserve `path`; False (and an error at both owners) if another output already has it."""
        key = PurePosixPath(path.relative_to(self.out).as_posix())
        first = self.owners.get(key)
        if first is None:
            self.owners[key] = owner
            return True
        if first != owner:
            message = f"two outputs would be written to {key}: this one and the one from {first.display()}; give them different ids or names"
            self.collisions.append(Diagnostic(owner, message))
        return False


def plan(project: Project, options: BuildOptions, out: Path) -> tuple[list[Task], OutputPlan]:
    from lessonpress.resolve.loader import class_tier

    base = base_job(project.workspace, options)
    outputs = OutputPlan(out)
    for name in (MANIFEST,):
        outputs.claim(out / name, Pos(project.workspace.root))
    tasks: list[Task] = []

    def add(task: Task, owner: Pos) -> None:
        if all(outputs.claim(task.folder / name, owner) for name in file_names(task.job.formats, task.job.variant, task.lesson_id)):
            tasks.append(task)

    known = project.lesson_ids()
    for lesson_id, pos in known.items():
        add(Task(lesson_id, out / lesson_id, base), pos)
    for unit in project.curricula.values():
        unit_pos = unit.smap.find(("id",)) or Pos(unit.path)
        outputs.claim(out / unit.curriculum.id / COURSE_PACK, unit_pos)
        for index, section in enumerate(unit.curriculum.classes):
            class_pos = unit.smap.find(("classes", index, "name")) or Pos(unit.path)
            job = RenderJob(
                base.templates_dir, base.fonts_dir, base.theme,
                paper=options.paper or section.paper or base.paper,
                variant=options.variant or section.variant or base.variant,
                school=base.school, formats=base.formats, layout=base.layout,
                lang=section.lang or unit.curriculum.lang, workspace_lang=base.workspace_lang,
            )
            folder = class_folder(out, unit, section.name)
            outputs.claim(folder / PRINT_PACK, class_pos)
            lessons = [lesson_id for lesson_id in unit.lessons_of(index) if lesson_id in known]
            dates = class_dates(unit.curriculum, section, lessons)
            for lesson_id in lessons:
                when = dates.get(lesson_id)
                tier, named = class_tier(section.tier, lesson_id)
                tier_at = unit.smap.find(("classes", index, "tier") + ((lesson_id,) if named else ())) if tier else None
                stamp = Stamp(section.name, section.teacher, when)  # the date is written in the copy's language where it is made
                add(Task(lesson_id, folder / lesson_id, replace(job, stamp=stamp, tier=tier), unit.path, tier_at, named), class_pos)
    return tasks, outputs


def check_output_folder(out: Path, pos: Pos) -> None:
    """The output folder is a folder (or can become one): not a file such as lessonpress.yaml, a FIFO or a device."""
    if out.exists() and not out.is_dir():
        raise LessonpressError.at(pos, f"output '{out}' is not a folder: name a folder for the PDFs, such as 'output'")
