"""Course packs (one document: overview, contents and every guide of a unit) and print packs (a class set for duplex)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from lessonpress import __version__
from lessonpress.builder.settings import RenderJob
from lessonpress.document.coursepack import PackLesson, Unit
from lessonpress.document.coursepack import course_pack as pack_tree
from lessonpress.files import read_bytes
from lessonpress.render.pdf import _wording, prepare
from lessonpress.render.pdf.contents import PackWriter
from lessonpress.render.pdf.document import RenderProblem, build_pdf
from lessonpress.resolve.rules import ResolvedLesson

MAX_PDF_BYTES = 1_000_000_000
MAX_LAYOUTS = 4  # the contents' page numbers settle on the second layout; more means a bug, reported, not looped on


def course_pack(unit: Unit, lessons: list[ResolvedLesson], job: RenderJob) -> bytes:
    """The unit overview, the contents and every teacher guide, laid out as one document.

    The guides are the trees `prepare` builds for the job's (class-free) copy,
    laid out with the look that broke their excerpt lines, so their citations
    hold in the pack. The pack is laid out once to learn the page each guide
    starts on, then again with those numbers in the contents; the second
    layout must find the guides where the first did.
    """
    words = _wording(job.templates_dir)
    items: list[PackLesson] = []
    look = None
    for lesson in lessons:
        documents, _ = prepare(lesson, job)
        guide, look = next((document, doc_look) for document, doc_look in documents if document.kind == "guide")
        items.append(PackLesson(lesson, guide))
    if look is None:
        raise RenderProblem((), "a course pack needs at least one lesson")
    starts: list[int] | None = None
    for _ in range(MAX_LAYOUTS):
        document = pack_tree(unit, items, words, starts)
        pdf = build_pdf(PackWriter(look).story(document), look, document.furniture, document.meta, bookmarks=True)
        found = [page + 1 for page, _ in pdf.headers]
        if found == starts:
            return pdf.data
        starts = found
    raise RenderProblem((), "the course pack's contents did not settle on one page per lesson; please report it")


def print_pack(handouts: list[Path], students: int, class_name: str) -> bytes:
    """A class set: each handout `students` times, every copy padded to an even page count for duplex."""
    writer = PdfWriter()
    for handout in handouts:
        reader = _reader(handout)
        pages = len(reader.pages)
        width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
        for _ in range(students):
            for page in reader.pages:
                writer.add_page(page)
            if pages % 2:
                writer.add_blank_page(width, height)
    writer.add_metadata({"/Title": f"{class_name} — print pack ({students} copies)", "/Creator": f"lessonpress {__version__}"})
    return _bytes(writer)


def _reader(path: Path) -> PdfReader:
    """A PDF this build wrote, read through the one file reader (regular files only, size-capped)."""
    return PdfReader(io.BytesIO(read_bytes(path, MAX_PDF_BYTES)))


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()

