"""Which packs a build makes: a course pack per curriculum (every guide) and a print pack per class (the class set).

A pack is made only when every lesson copy it holds was built; it is rendered
in a worker like a lesson, so the time and memory limits hold for it too.
A course pack is laid out afresh from the resolved lessons (which forked
workers already hold in memory), never merged from finished guide PDFs: only
one layout of the whole pack can number its pages truly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lessonpress.builder.cache import BuildCache, TaskRecord, sha256_file
from lessonpress.builder.plan import COURSE_PACK, GUIDE, HANDOUT, PRINT_PACK, class_folder
from lessonpress.builder.settings import RenderJob
from lessonpress.errors import Diagnostics, LessonpressError, Pos
from lessonpress.files import write_file

if TYPE_CHECKING:
    from lessonpress.resolve.loader import Project
    from lessonpress.resolve.rules import ResolvedLesson


@dataclass(frozen=True)
class PackJob:
    kind: str  # "course" or "print"
    label: str  # path relative to the output folder
    out: Path
    owner: Pos  # the curriculum line that asked for it
    title: str
    job: RenderJob
    parts: list[str] = field(default_factory=list)  # hashes of what goes in: the pack is remade when one changes
    lessons: list[tuple[str, Path, list[tuple[str, int, int]]]] = field(default_factory=list)  # print packs: title, PDF, outline
    copies: int = 1
    names: list[str] | None = field(default=None, repr=False)  # print packs from a roster: one named copy each (personal data)
    resolved: list[ResolvedLesson] = field(default_factory=list)  # course packs: the lessons whose guides it lays out
    lesson_ids: list[str] = field(default_factory=list)  # course packs: those lessons' ids (resolved only if the pack is made)
    specs: list[Path] = field(default_factory=list)  # course packs: their spec files, for the run's resolver
    course: str | None = None


def _sha(record: TaskRecord, name: str) -> str:
    return next(o.sha256 for o in record.outputs if Path(o.path).name == name)


def pack_jobs(project: Project, cache: BuildCache, out: Path, base: RenderJob) -> list[PackJob]:
    jobs: list[PackJob] = []
    if "pdf" not in base.formats:
        return jobs
    for unit in project.curricula.values():
        unit_pos = unit.smap.find(("id",)) or Pos(unit.path)
        guides = [cache.tasks.get(lesson_id) for lesson_id in unit.lesson_ids]
        records = [g for g in guides if g is not None]
        if len(records) == len(guides):
            # remade when a guide changes, or the curriculum (the pack's title, course and lesson order)
            parts = [_sha(r, GUIDE) for r in records] + [sha256_file(unit.path) or ""]
            jobs.append(PackJob("course", f"{unit.curriculum.id}/{COURSE_PACK}", out, unit_pos, unit.curriculum.title, base, parts,
                                lesson_ids=[r.lesson for r in records], course=unit.curriculum.course))
        for index, section in enumerate(unit.curriculum.classes):
            folder = class_folder(out, unit, section.name)
            lessons = unit.lessons_of(index)
            copies = [cache.tasks.get(str((folder / lesson_id).relative_to(out))) for lesson_id in lessons]
            done = [c for c in copies if c is not None and any(Path(o.path).name == HANDOUT for o in c.outputs)]
            if len(done) == len(copies):  # answer-key copies are not handed out: no print pack of them
                handouts: list[tuple[str, Path, list[tuple[str, int, int]]]] = [(lesson_id, folder / lesson_id / HANDOUT, []) for lesson_id in lessons]
                owner = unit.smap.find(("classes", index, "name")) or unit_pos
                names = unit.class_names.get(index)
                # the key hashes the names with the handouts (a new student remakes the pack); the names are never stored
                parts = [_sha(c, HANDOUT) for c in done] + [str(names) if names else str(section.students)]
                copy_job = replace(base, variant=section.variant or base.variant, paper=section.paper or base.paper)  # names in the copies' type
                jobs.append(PackJob("print", str((folder / PRINT_PACK).relative_to(out)), out, owner, section.name, copy_job,
                                    parts, handouts, len(names) if names else _copies(section.students), names=names))
    return jobs


def _copies(students: int | list[str] | None) -> int:
    return len(students) if isinstance(students, list) else students or 1


def make_pack(job: PackJob, resolver: Callable[[Path], tuple[ResolvedLesson | None, Diagnostics]] | None) -> Path:
    """Render one pack and write it (in a worker process); `resolver` resolves the lessons the build deferred."""
    from lessonpress.document.coursepack import Unit
    from lessonpress.render.pdf.document import RenderProblem
    from lessonpress.render.pdf.packs import course_pack, print_pack

    if job.kind == "course":
        lessons = job.resolved
        if len(lessons) < len(job.lesson_ids) and resolver is not None:  # deferred by the build: resolved here
            lessons = [lesson for path in job.specs if (lesson := resolver(path)[0]) is not None]
        if len(lessons) < len(job.lesson_ids):
            raise LessonpressError.at(job.owner, "the course pack is not made: a lesson of this unit has errors")
        try:
            data = course_pack(Unit(job.title, job.course, job.job.school), lessons, job.job)
        except RenderProblem as problem:
            raise LessonpressError.at(job.owner, f"the course pack could not be laid out: {problem}") from None
    else:
        data = print_pack([path for _, path, _ in job.lessons], job.copies, job.title, job.names, job.job)
    return write_file(job.out / job.label, data, inside=job.out)
