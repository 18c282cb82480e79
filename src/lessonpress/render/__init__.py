"""Writers: one registry entry per output format, each turning document trees into the bytes of files.

A new format is a new entry here and a writer package beside pdf/ and html/;
nothing upstream changes, because every writer reads the same trees. Most
formats write one file per document (handout, answer key, guide); a format
with `write_copy` writes one file per lesson copy from all its documents
(a quiz package holds the handout's questions and the guide's answers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lessonpress.errors import Diagnostic, LessonpressError

if TYPE_CHECKING:
    from lessonpress.builder.settings import RenderJob
    from lessonpress.document.model import Document
    from lessonpress.render.pdf.styles import Look
    from lessonpress.resolve.rules import ResolvedLesson

Outline = list[tuple[str, int, int]]  # bookmarks: title, level, 0-based page


@dataclass(frozen=True)
class Written:
    data: bytes
    outline: Outline = field(default_factory=list)


@dataclass(frozen=True)
class LessonCopy:
    """One lesson copy as a per-copy writer sees it: the resolved lesson, its trees (student's first, then the
    guide), each with the look that laid out its lines, and the job (variant, paper, class)."""

    lesson: ResolvedLesson
    documents: list[tuple[Document, Look]]
    job: RenderJob


@dataclass(frozen=True)
class OutputFormat:
    name: str  # as given to --format
    suffix: str
    write: Callable[[Document, Look, RenderJob], Written] | None  # one file per document: handout, answer key, guide
    write_copy: Callable[[LessonCopy], bytes] | None = None  # or one file per lesson copy, named <lesson-id><suffix>

    def names(self, first: str, lesson_id: str) -> list[str]:
        """The files this format makes for one lesson copy whose student document is named `first`."""
        if self.write_copy is not None:
            return [f"{lesson_id}{self.suffix}"]
        return [f"{stem}{self.suffix}" for stem in (first, "teacher-guide")]


def _pdf(document: Document, look: Look, job: RenderJob) -> Written:
    from lessonpress.render.pdf import _wording, write_pdf

    pdf = write_pdf(document, look, _wording(job.templates_dir, lang=document.meta.lang))
    return Written(pdf.data, pdf.outline)


def _html(document: Document, look: Look, job: RenderJob) -> Written:
    from lessonpress.render.html import write_html
    from lessonpress.render.pdf import _wording

    return Written(write_html(document, look.theme, job.templates_dir, _wording(job.templates_dir, lang=document.meta.lang)))


def _docx(document: Document, look: Look, job: RenderJob) -> Written:
    from lessonpress.render.docx import write_docx

    return Written(write_docx(document, look.theme))


def _qti(copy: LessonCopy) -> bytes:
    from lessonpress.render.qti import write_qti

    return write_qti(copy.lesson, [document for document, _ in copy.documents])


FORMATS: dict[str, OutputFormat] = {
    "pdf": OutputFormat("pdf", ".pdf", _pdf),
    "html": OutputFormat("html", ".html", _html),
    "docx": OutputFormat("docx", ".docx", _docx),
    "qti": OutputFormat("qti", ".qti.zip", None, _qti),
}
FILE_STEMS = {"handout": "handout", "answer-key": "answer-key", "guide": "teacher-guide"}


def file_names(formats: tuple[str, ...], variant: str = "standard", lesson_id: str = "lesson") -> list[str]:
    """The files one lesson copy makes, in a fixed order: every document kind in every format, then per-copy files.

    The answer-key variant is a teacher copy, so it is never named like a student handout.
    """
    first = "answer-key" if variant == "answer-key" else "handout"
    return [name for fmt in formats for name in FORMATS[fmt].names(first, lesson_id)]


@dataclass
class Rendered:
    files: list[tuple[str, bytes]]  # file name in the lesson's folder -> content
    warnings: list[Diagnostic] = field(default_factory=list)
    outline: Outline = field(default_factory=list)  # the guide PDF's bookmarks, for course packs


def render_lesson(lesson: ResolvedLesson, job: RenderJob) -> Rendered:
    """Every file of one lesson copy in the job's formats; a part that cannot be laid out is an error at its spec line."""
    from lessonpress.render.pdf import prepare
    from lessonpress.render.pdf.document import RenderProblem

    lesson = lesson.for_tier(job.tier)
    try:
        documents, warnings = prepare(lesson, job)
        rendered = Rendered([])
        for name in job.formats:
            fmt = FORMATS[name]
            if fmt.write_copy is not None:
                rendered.files.append((fmt.names("", lesson.lesson.id)[0], fmt.write_copy(LessonCopy(lesson, documents, job))))
                continue
            if fmt.write is None:
                raise TypeError(f"format {name} has neither a per-document nor a per-copy writer")
            for document, look in documents:
                written = fmt.write(document, look, job)
                rendered.files.append((f"{FILE_STEMS[document.kind]}{fmt.suffix}", written.data))
                if document.kind == "guide" and written.outline:
                    rendered.outline = written.outline
    except RenderProblem as problem:
        raise LessonpressError.at(lesson.pos(problem.where), str(problem)) from None
    rendered.warnings = warnings()
    return rendered
