"""Course packs (every guide of a unit, with contents and bookmarks) and print packs (a class set for duplex)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from lessonpress import __version__
from lessonpress.builder.settings import RenderJob
from lessonpress.files import read_bytes
from lessonpress.render.pdf.contents import contents_pdf

MAX_PDF_BYTES = 1_000_000_000


@dataclass(frozen=True)
class PackLesson:
    title: str
    guide: Path
    outline: list[tuple[str, int, int]]  # the guide's own bookmarks: title, level, 0-based page


def course_pack(unit_title: str, lessons: list[PackLesson], job: RenderJob) -> bytes:
    """A contents page, then every teacher guide in unit order; bookmarks unit -> lesson -> section."""
    readers = [_reader(lesson.guide) for lesson in lessons]
    counts = [len(r.pages) for r in readers]
    contents = contents_pdf(unit_title, [(l.title, 0) for l in lessons], job)
    front = len(PdfReader(io.BytesIO(contents)).pages)
    starts, page = [], front
    for count in counts:
        starts.append(page)
        page += count
    contents = contents_pdf(unit_title, [(l.title, s + 1) for l, s in zip(lessons, starts)], job)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)))
    for reader in readers:
        writer.append(reader, import_outline=False)
    unit = writer.add_outline_item(title=unit_title, page_number=0)
    for lesson, start in zip(lessons, starts):
        parent = writer.add_outline_item(title=lesson.title, page_number=start, parent=unit)
        for title, level, page_index in lesson.outline:
            if level == 0:
                writer.add_outline_item(title=title, page_number=start + page_index, parent=parent)
    writer.add_metadata({"/Title": f"{unit_title} — course pack", "/Creator": f"lessonpress {__version__}", "/Producer": f"lessonpress {__version__} (pypdf)"})
    return _bytes(writer)


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

