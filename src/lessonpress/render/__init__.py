"""Writers: one registry entry per output format, each turning a document tree into the bytes of one file.

A new format is a new entry here and a writer package beside pdf/ and html/;
nothing upstream changes, because every writer reads the same tree.
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
class OutputFormat:
    name: str  # as given to --format
    suffix: str
    write: Callable[[Document, Look, RenderJob], Written]


def _pdf(document: Document, look: Look, job: RenderJob) -> Written:
    from lessonpress.render.pdf import write_pdf

    pdf = write_pdf(document, look)
    return Written(pdf.data, pdf.outline)


def _html(document: Document, look: Look, job: RenderJob) -> Written:
    from lessonpress.render.html import write_html

    return Written(write_html(document, look.theme, job.templates_dir))


FORMATS: dict[str, OutputFormat] = {
    "pdf": OutputFormat("pdf", ".pdf", _pdf),
    "html": OutputFormat("html", ".html", _html),
}
FILE_STEMS = {"handout": "handout", "answer-key": "answer-key", "guide": "teacher-guide"}


def file_names(formats: tuple[str, ...], variant: str = "standard") -> list[str]:
    """The files one lesson copy makes, in a fixed order: every document kind in every format.

    The answer-key variant is a teacher copy, so it is never named like a student handout.
    """
    first = "answer-key" if variant == "answer-key" else "handout"
    return [f"{stem}{FORMATS[name].suffix}" for name in formats for stem in (first, "teacher-guide")]


@dataclass
class Rendered:
    files: list[tuple[str, bytes]]  # file name in the lesson's folder -> content
    warnings: list[Diagnostic] = field(default_factory=list)
    outline: Outline = field(default_factory=list)  # the guide PDF's bookmarks, for course packs


def render_lesson(lesson: ResolvedLesson, job: RenderJob) -> Rendered:
    """Every file of one lesson copy in the job's formats; a part that cannot be laid out is an error at its spec line."""
    from lessonpress.render.pdf import prepare
    from lessonpress.render.pdf.document import RenderProblem

    try:
        documents, warnings = prepare(lesson, job)
        rendered = Rendered([])
        for name in job.formats:
            fmt = FORMATS[name]
            for document, look in documents:
                written = fmt.write(document, look, job)
                rendered.files.append((f"{FILE_STEMS[document.kind]}{fmt.suffix}", written.data))
                if document.kind == "guide" and written.outline:
                    rendered.outline = written.outline
    except RenderProblem as problem:
        raise LessonpressError.at(lesson.pos(problem.where), str(problem)) from None
    rendered.warnings = warnings()
    return rendered
